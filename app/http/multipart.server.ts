import { parseWithZod } from "@conform-to/zod/v4";
import { data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import type { z } from "zod";
import { MAX_UPLOAD_BYTES } from "../domain/suppliers/schemas";


/**
 * Reads a form that may carry files (multipart) or not (urlencoded). A file over the limit (10 MB unless told) is not kept: its
 * field name is returned in `tooLarge` so the form can say so next to that field, with the other values kept.
 */
export async function readFormWithFiles(
  request: Request,
  options: { maxFileBytes?: number } = {},
): Promise<{ formData: FormData; tooLarge: string[] }> {
  const maxFileBytes = options.maxFileBytes ?? MAX_UPLOAD_BYTES;
  // Past this, the request is cut off instead of read to its end (a slightly-too-large file is still answered politely).
  const hardLimitBytes = 4 * maxFileBytes;
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
      if (total > hardLimitBytes) throw new Response("Payload Too Large", { status: 413 });
      if (size <= maxFileBytes) chunks.push(chunk);
    }
    if (filename === "" && size === 0) return undefined;
    if (size > maxFileBytes) {
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

/**
 * Reads a form that may carry files and parses it with its zod schema. Files are never sent back, so their
 * fields are hidden from the reply (`hideFields`); a file over the limit becomes a 413 reply with the
 * message next to its field and everything else the user typed kept.
 */
export async function parseFormWithFiles<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  options: { maxFileBytes?: number; tooLargeMessage?: string } = {},
) {
  const { formData, tooLarge } = await readFormWithFiles(request, options);
  const submission = parseWithZod(formData, { schema });
  const hideFields = [...new Set([...[...formData.entries()].filter(([, v]) => typeof v !== "string").map(([k]) => k), ...tooLarge])];
  const tooLargeReply =
    tooLarge.length > 0
      ? data(
          submission.reply({
            fieldErrors: Object.fromEntries(tooLarge.map((name) => [name, [options.tooLargeMessage ?? "error.fileTooLarge"]])),
            hideFields,
          }),
          { status: 413 },
        )
      : null;
  return { formData, submission, hideFields, tooLargeReply };
}
