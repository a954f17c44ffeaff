import { fileTypeFromBuffer } from "file-type";
import type { Db, DbOrTrx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { DomainError } from "../errors";
import { openStoredFile, storeFile } from "../files/storage.server";
import { MAX_DRAWING_BYTES } from "./schemas";
import { COMPARABLE_BID_STATES } from "./bid-states";
import { requireOwnRfq, visibleTo, type RfqViewer } from "./rfq-access.server";
import { writeAudit } from "../audit/write-audit.server";

export const DRAWING_TYPES = ["application/pdf", "image/png", "image/jpeg", "image/vnd.dxf", "model/step"] as const;
export type DrawingType = (typeof DRAWING_TYPES)[number];

/**
 * What a drawing really is, from its content (never its name): PDF, PNG and JPEG by their signatures; DXF
 * (ASCII "0 SECTION" or the binary sentinel) and STEP (ISO 10303-21 header), which file-type does not know.
 */
export async function detectDrawingType(bytes: Uint8Array): Promise<DrawingType | null> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected && (DRAWING_TYPES as readonly string[]).includes(detected.mime)) return detected.mime as DrawingType;
  // UTF-8 decoding drops a leading byte order mark (CAD exports often write one).
  const head = new TextDecoder("utf-8").decode(bytes.subarray(0, 256));
  if (head.startsWith("AutoCAD Binary DXF")) return "image/vnd.dxf";
  if (/^\s*ISO-10303-21;/.test(head)) return "model/step";
  if (/^\s*0\s*\r?\n\s*SECTION\s*\r?\n/.test(head)) return "image/vnd.dxf";
  return null;
}

/** Stores an RFQ drawing (line) or a bid attachment after checking its type and size, next to its field. */
export async function storeRfqFile(
  db: DbOrTrx,
  options: {
    rfqId: number;
    rfqLineId?: number | null;
    bidId?: number | null;
    organizationId: number;
    actorUserId: number;
    file: File;
    field: string;
    now: Date;
  },
): Promise<number> {
  const bytes = new Uint8Array(await options.file.arrayBuffer());
  if (bytes.byteLength === 0) throw new DomainError("error.fileRequired", 422, options.field);
  if (bytes.byteLength > MAX_DRAWING_BYTES) throw new DomainError("error.drawingTooLarge", 422, options.field);
  const contentType = await detectDrawingType(bytes);
  if (!contentType) throw new DomainError("error.drawingType", 422, options.field);
  const { storageKey, sha256 } = await storeFile(options.organizationId, bytes, db);
  const { id } = await db
    .insertInto("rfq_files")
    .values({
      rfq_id: options.rfqId,
      rfq_line_id: options.rfqLineId ?? null,
      bid_id: options.bidId ?? null,
      organization_id: options.organizationId,
      original_name: options.file.name.slice(0, 200) || "file",
      content_type: contentType,
      byte_size: bytes.byteLength,
      sha256,
      storage_key: storageKey,
      uploaded_by_user_id: options.actorUserId,
      created_at: toTimestamp(options.now),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * A drawing is readable by whoever may see its RFQ; a bid attachment by the bidder, and by the buyer only
 * once bids are open (the RFQ is closed or awarded). Everyone else gets a 404.
 */
export async function readRfqFile(db: DbOrTrx, options: { rfqId: number; fileId: number; viewer: RfqViewer }) {
  const file = await db
    .selectFrom("rfq_files")
    .innerJoin("rfqs", "rfqs.id", "rfq_files.rfq_id")
    .leftJoin("bids", "bids.id", "rfq_files.bid_id")
    .select([
      "rfq_files.storage_key",
      "rfq_files.byte_size",
      "rfq_files.content_type",
      "rfq_files.original_name",
      "rfq_files.bid_id",
      "bids.supplier_id as bidder_id",
      "bids.status as bid_status",
      "rfqs.buyer_id",
      "rfqs.status as rfq_status",
    ])
    .where("rfq_files.id", "=", options.fileId)
    .where("rfq_files.rfq_id", "=", options.rfqId)
    .where(visibleTo(options.viewer))
    .executeTakeFirst();
  if (!file) throw new DomainError("error.notFound", 404);
  if (file.bid_id !== null) {
    const isBidder = file.bidder_id === options.viewer.organizationId;
    const buyerMaySee =
      file.buyer_id === options.viewer.organizationId &&
      (file.rfq_status === "closed" || file.rfq_status === "awarded") &&
      COMPARABLE_BID_STATES.includes(file.bid_status!);
    if (!isBidder && !buyerMaySee) throw new DomainError("error.notFound", 404);
  }
  return { stream: await openStoredFile(file.storage_key), byteSize: file.byte_size, contentType: file.content_type, name: file.original_name };
}

/**
 * The buyer adds a drawing to a line of its draft RFQ (API v1: a drawing sent on its own). An open RFQ changes
 * only by an amendment, which the RFQ editor makes with its drawings; a draft is changed in place.
 */
export async function addDraftDrawing(db: Db, options: { rfqId: number; rfqLineId: number; buyerId: number; actorUserId: number; file: File; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rfq = await requireOwnRfq(trx, { rfqId: options.rfqId, buyerId: options.buyerId, actorUserId: options.actorUserId });
    if (rfq.status !== "draft") throw new DomainError("error.rfqNotEditable", 409);
    const line = await trx.selectFrom("rfq_lines").select("id").where("id", "=", options.rfqLineId).where("rfq_id", "=", rfq.id).executeTakeFirst();
    if (!line) throw new DomainError("error.notFound", 404);
    const id = await storeRfqFile(trx, { rfqId: rfq.id, rfqLineId: line.id, organizationId: options.buyerId, actorUserId: options.actorUserId, file: options.file, field: "file", now: options.now });
    await writeAudit(trx, { actorUserId: options.actorUserId, organizationId: options.buyerId, entityType: "rfq_file", entityId: id, action: "add_drawing", detail: { rfqId: rfq.id, rfqLineId: line.id }, now: options.now });
    return id;
  });
}

/** The files attached to a bid, for its bidder only (scoped to the bidder in the query). */
export async function listBidAttachments(db: DbOrTrx, options: { bidId: number; supplierId: number }) {
  return db
    .selectFrom("rfq_files")
    .innerJoin("bids", "bids.id", "rfq_files.bid_id")
    .select(["rfq_files.id", "rfq_files.original_name", "rfq_files.byte_size", "rfq_files.content_type"])
    .where("rfq_files.bid_id", "=", options.bidId)
    .where("bids.supplier_id", "=", options.supplierId)
    .orderBy("rfq_files.id")
    .execute();
}
