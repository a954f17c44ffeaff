import { fileTypeFromBuffer } from "file-type";
import type { DbOrTrx } from "../../../db/client";
import type { ListingFileType } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { DomainError } from "../errors";
import { storeFile } from "../files/storage.server";
import { MAX_UPLOAD_BYTES } from "./schemas";

export const ALLOWED_FILE_TYPES: readonly ListingFileType[] = ["application/pdf", "image/jpeg", "image/png"];
export const PHOTO_FILE_TYPES: readonly ListingFileType[] = ["image/jpeg", "image/png"];

/**
 * What the bytes really are (from their content, never the name): a PDF, JPEG or PNG of at most 10 MB.
 * Anything else is refused next to the form field that carried it.
 */
export async function checkUpload(
  bytes: Uint8Array,
  options: { field: string; photo?: boolean },
): Promise<ListingFileType> {
  if (bytes.byteLength === 0) throw new DomainError("error.fileRequired", 422, options.field);
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new DomainError("error.fileTooLarge", 422, options.field);
  const detected = await fileTypeFromBuffer(bytes);
  const mime = detected?.mime as ListingFileType | undefined;
  const allowed = options.photo ? PHOTO_FILE_TYPES : ALLOWED_FILE_TYPES;
  if (!mime || !allowed.includes(mime)) {
    throw new DomainError(options.photo ? "error.photoType" : "error.fileType", 422, options.field);
  }
  return mime;
}

/** Keeps an upload of the organization in the file storage under a random key and records it. */
export async function storeListingFile(
  db: DbOrTrx,
  options: {
    organizationId: number;
    actorUserId: number | null;
    label: string;
    originalName: string;
    bytes: Uint8Array;
    field: string;
    photo?: boolean;
    now: Date;
  },
): Promise<number> {
  const contentType = await checkUpload(options.bytes, { field: options.field, photo: options.photo });
  const { storageKey, sha256 } = await storeFile(options.organizationId, options.bytes, db);
  const { id } = await db
    .insertInto("listing_files")
    .values({
      organization_id: options.organizationId,
      label: options.label.slice(0, 120),
      original_name: options.originalName.slice(0, 200) || "file",
      content_type: contentType,
      byte_size: options.bytes.byteLength,
      sha256,
      storage_key: storageKey,
      uploaded_by_user_id: options.actorUserId,
      created_at: toTimestamp(options.now),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function listOrganizationFiles(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom("listing_files")
    .select(["id", "label", "original_name", "content_type", "byte_size", "created_at"])
    .where("organization_id", "=", organizationId)
    .orderBy("id", "desc")
    .execute();
}

/** Refuses file ids that are not the organization's own (ownership in the WHERE clause). */
export async function assertOwnFiles(db: DbOrTrx, organizationId: number, ids: number[], field: string): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await db
    .selectFrom("listing_files")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("id", "in", wanted)
    .execute();
  if (found.length !== wanted.length) throw new DomainError("error.unknownFile", 422, field);
}
