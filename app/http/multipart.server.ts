import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_UPLOAD_BYTES } from "../domain/suppliers/schemas";

/** Past this, the request is cut off instead of read to its end (a 12 MB file is still answered politely). */
const HARD_LIMIT_BYTES = 4 * MAX_UPLOAD_BYTES;

/**
 * Reads a form that may carry files (multipart) or not (urlencoded). A file over 10 MB is not kept: its
 * field name is returned in `tooLarge` so the form can say so next to that field, with the other values kept.
 */
export async function readFormWithFiles(request: Request): Promise<{ formData: FormData; tooLarge: string[] }> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) return { formData: await request.formData(), tooLarge: [] };

  const tooLarge: string[] = [];
  let total = 0;
  const fileHandler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (typeof filename !== "string") return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (total > HARD_LIMIT_BYTES) throw new Response("Payload Too Large", { status: 413 });
      if (size <= MAX_UPLOAD_BYTES) chunks.push(chunk);
    }
    if (filename === "" && size === 0) return undefined;
    if (size > MAX_UPLOAD_BYTES) {
      tooLarge.push(name);
      return undefined;
    }
    return new File(chunks as BlobPart[], filename, { type: contentType });
  };
  const textHandler = unstable_createMemoryUploadHandler({ maxPartSize: 100_000 });
  const formData = await unstable_parseMultipartFormData(request, async (part) =>
    typeof part.filename === "string" ? fileHandler(part) : textHandler(part),
  );
  return { formData, tooLarge };
}
