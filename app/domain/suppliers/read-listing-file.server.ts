import type { DbOrTrx } from "../../../db/client";
import { liveListings } from "./live-listings.server";
import { DomainError } from "../errors";
import { openStoredFile } from "../files/storage.server";
import { parseListingData } from "./listing-data";

export interface FileViewer {
  userId: number;
  isAdmin: boolean;
  organizationIds: number[];
}

/**
 * Who may see an uploaded file: the organization's own members and admins always; anyone, a product photo
 * of an approved listing; any signed-in user, a document of an approved listing. Everyone else gets the
 * same 404 as for a file that does not exist. An order's buyer may also open the faktur pajak of its invoices.
 */
export async function canReadListingFile(db: DbOrTrx, fileId: number, viewer: FileViewer | null): Promise<boolean> {
  const file = await db.selectFrom("listing_files").select(["id", "organization_id"]).where("id", "=", fileId).executeTakeFirst();
  if (!file) return false;
  if (viewer && (viewer.isAdmin || viewer.organizationIds.includes(file.organization_id))) return true;
  // A mentor coaching the IKM (an active enrolment) may open its ladder evidence and visit photos.
  if (viewer && viewer.organizationIds.length > 0) {
    const coached = await db
      .selectFrom("ladder_evidence")
      .innerJoin("programme_enrolments", "programme_enrolments.organization_id", "ladder_evidence.organization_id")
      .select("ladder_evidence.id")
      .where("ladder_evidence.file_id", "=", fileId)
      .where("programme_enrolments.status", "=", "active")
      .where("programme_enrolments.mentor_id", "in", viewer.organizationIds)
      .executeTakeFirst();
    if (coached) return true;
    // The buyer of an order may open the faktur pajak its supplier attached to an invoice.
    const faktur = await db
      .selectFrom("invoices")
      .innerJoin("orders", "orders.id", "invoices.order_id")
      .select("invoices.id")
      .where("invoices.faktur_file_id", "=", fileId)
      .where("orders.buyer_id", "in", viewer.organizationIds)
      .executeTakeFirst();
    if (faktur) return true;
  }
  const live = await liveListings(db)
    .select("listing_versions.data")
    .where("listings.organization_id", "=", file.organization_id)
    .executeTakeFirst();
  if (!live) return false;
  const data = parseListingData(live.data);
  if (data.products.some((p) => p.photoFileId === fileId)) return true;
  const isDocument = data.certificates.some((c) => c.fileId === fileId) || data.tkdn?.fileId === fileId;
  return isDocument && viewer !== null;
}

export async function readListingFile(db: DbOrTrx, fileId: number, viewer: FileViewer | null) {
  if (!(await canReadListingFile(db, fileId, viewer))) throw new DomainError("error.notFound", 404);
  const file = await db
    .selectFrom("listing_files")
    .select(["storage_key", "content_type", "original_name", "byte_size"])
    .where("id", "=", fileId)
    .executeTakeFirstOrThrow();
  return { stream: await openStoredFile(file.storage_key), byteSize: file.byte_size, contentType: file.content_type, name: file.original_name };
}
