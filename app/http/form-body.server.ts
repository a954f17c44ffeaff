import {
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import type { MessageKey } from "../i18n/i18n";
import {
  DEFAULT_MAX_ROWS,
  MAX_FIELD_CHARS,
  MAX_FIELD_NAME_CHARS,
  MAX_FORM_FIELDS,
  MAX_RAW_BODY_BYTES,
  MAX_REQUEST_BODY_BYTES,
  MAX_URLENCODED_BYTES,
} from "./body-limits";
import { problem } from "./problem.server";

/**
 * The one place a request body becomes a FormData. Every bound is checked while reading, so no body,
 * however crafted, costs more than reading a bounded number of bytes: its size, its number of fields, each
 * field's length, and every list index (`lines[7].quantity`) against what the form can really show.
 * A refusal is thrown as a problem+json response: 400 (malformed, too many rows or fields), 413 (too large),
 * 415 (not a form).
 */
export interface FormLimits {
  /** A file over this is not kept; its field is listed in `tooLarge` so the page can say so next to it. */
  maxFileBytes?: number;
  /**
   * The most rows of each list, by its path with indexes removed: `{ lines: 50, "lines[].shares": 168 }`.
   * Lists not named here may have DEFAULT_MAX_ROWS rows.
   */
  rows?: Record<string, number>;
}

export interface ReadForm {
  form: FormData;
  /** Names of file fields whose file was over `maxFileBytes` (and so dropped). */
  tooLarge: string[];
}

function refuse(status: number, messageKey: MessageKey, detail: string): never {
  throw problem(status, messageKey, detail);
}

function mediaType(request: Request): { type: string; boundary: string | null } {
  const header = request.headers.get("Content-Type") ?? "";
  const [type = "", ...params] = header.split(";");
  const boundary = params
    .map((p) => p.trim())
    .find((p) => p.toLowerCase().startsWith("boundary="))
    ?.slice("boundary=".length)
    .replace(/^"|"$/g, "");
  return { type: type.trim().toLowerCase(), boundary: boundary || null };
}

/** Reads at most `max` bytes of the body; more is a 413 and the rest is never read. */
export async function readBodyBytes(request: Request, max: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (Number.isFinite(declared) && declared > max) refuse(413, "error.bodyTooLarge", `The body may have at most ${max} bytes.`);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        void reader.cancel().catch(() => undefined);
        refuse(413, "error.bodyTooLarge", `The body may have at most ${max} bytes.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    refuse(400, "error.malformedBody", "The request body could not be read to its end.");
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** A raw body as text (webhooks), at most MAX_RAW_BODY_BYTES. */
export async function readRawText(request: Request): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, MAX_RAW_BODY_BYTES));
}

const INDEX = /\[(\d*)\]/g;

/** Checks one field name: its length, and each list index against the rows its list may have. */
function checkName(name: string, rows: Record<string, number>): void {
  if (name.length > MAX_FIELD_NAME_CHARS) refuse(400, "error.malformedBody", "A field name is too long.");
  INDEX.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = INDEX.exec(name))) {
    const digits = match[1] ?? "";
    if (digits.length === 0 || digits.length > 6) refuse(400, "error.malformedBody", `The field ${name.slice(0, 80)} has a malformed list index.`);
    const list = name.slice(0, match.index).replace(/\[\d+\]/g, "[]");
    const max = rows[list] ?? DEFAULT_MAX_ROWS;
    if (Number(digits) >= max) refuse(400, "error.tooManyRows", `The list ${list} may have at most ${max} rows.`);
  }
}

class FieldCounter {
  private count = 0;
  constructor(private readonly rows: Record<string, number>) {}
  add(name: string, value: string | null): void {
    this.count += 1;
    if (this.count > MAX_FORM_FIELDS) refuse(400, "error.tooManyFields", `A form may have at most ${MAX_FORM_FIELDS} fields.`);
    checkName(name, this.rows);
    if (value !== null && value.length > MAX_FIELD_CHARS) refuse(413, "error.fieldTooLong", `The field ${name.slice(0, 80)} is too long.`);
  }
}

/** Reads the request's form (urlencoded or multipart) within every bound; see FormLimits. */
export async function readForm(request: Request, limits: FormLimits = {}): Promise<ReadForm> {
  const counter = new FieldCounter(limits.rows ?? {});
  const { type, boundary } = mediaType(request);

  if (type === "application/x-www-form-urlencoded" || type === "") {
    const bytes = await readBodyBytes(request, MAX_URLENCODED_BYTES);
    if (type === "" && bytes.byteLength > 0) refuse(415, "error.unsupportedMediaType", "Send the form as application/x-www-form-urlencoded or multipart/form-data.");
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      refuse(400, "error.malformedBody", "The form is not valid UTF-8.");
    }
    const form = new FormData();
    for (const [name, value] of new URLSearchParams(text)) {
      counter.add(name, value);
      form.append(name, value);
    }
    return { form, tooLarge: [] };
  }

  if (type !== "multipart/form-data") {
    refuse(415, "error.unsupportedMediaType", "Send the form as application/x-www-form-urlencoded or multipart/form-data.");
  }
  if (!boundary || boundary.length > 70) refuse(400, "error.malformedBody", "The multipart body has no valid boundary.");
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (Number.isFinite(declared) && declared > MAX_REQUEST_BODY_BYTES) refuse(413, "error.bodyTooLarge", "The body is too large.");

  const maxFileBytes = limits.maxFileBytes ?? 10 * 1024 * 1024;
  // Past this the request is cut off instead of read to its end (a slightly-too-large file is still answered politely).
  const hardLimitBytes = Math.min(MAX_REQUEST_BODY_BYTES, 4 * maxFileBytes + MAX_URLENCODED_BYTES);
  const tooLarge: string[] = [];
  let total = 0;
  const fileHandler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (typeof filename !== "string") return undefined;
    counter.add(name, null);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (total > hardLimitBytes) refuse(413, "error.bodyTooLarge", "The files together are too large.");
      if (size <= maxFileBytes) chunks.push(chunk);
    }
    if (filename === "" && size === 0) return undefined;
    if (size > maxFileBytes) {
      tooLarge.push(name);
      return undefined;
    }
    return new File(chunks as BlobPart[], filename.slice(0, 255), { type: contentType.slice(0, 100) });
  };
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: MAX_FIELD_CHARS * 4 });
  const textHandler: UploadHandler = async (part) => {
    const value = await memory(part);
    counter.add(part.name, typeof value === "string" ? value : "");
    return value;
  };
  try {
    const form = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers((part) => (typeof part.filename === "string" ? fileHandler(part) : textHandler(part))),
    );
    return { form, tooLarge };
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof MaxPartSizeExceededError) refuse(413, "error.fieldTooLong", "A field of the form is too long.");
    refuse(400, "error.malformedBody", "The multipart body is malformed or cut short.");
  }
}
