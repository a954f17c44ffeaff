import type { Db, DbOrTrx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { loadOwnRfq, requireOwnRfq } from "./rfq-access.server";
import { repostDates } from "./rfq-time";

/**
 * "Post again": a copy of one of the buyer's RFQs as a new draft — content, lines and drawings (the same
 * stored files), with dates proposed from the original's (repostDates) but no invitations, questions or
 * bids. Returns the new RFQ's id.
 */
export async function cloneRfq(
  db: Db,
  options: {
    rfqId: number;
    buyerId: number;
    actorUserId: number;
    now: Date;
    /** "Ask the previous bidders again" (from a completed order): by invitation, to the suppliers that bid on the original. */
    previousBiddersOnly?: boolean;
  },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const source = await requireOwnRfq(trx, options);
    const at = toTimestamp(options.now);
    const dates = repostDates(source, options.now);
    const { id } = await trx
      .insertInto("rfqs")
      .values({
        buyer_id: source.buyer_id,
        title: source.title,
        description: source.description,
        required_certificates: source.required_certificates,
        min_tkdn_percent: source.min_tkdn_percent,
        delivery_province_code: source.delivery_province_code,
        delivery_regency_code: source.delivery_regency_code,
        delivery_address: source.delivery_address,
        visibility: options.previousBiddersOnly ? "invited" : source.visibility,
        payment_terms: source.payment_terms,
        delivery_terms: source.delivery_terms,
        bid_deadline: dates.bidDeadline,
        needed_by: dates.neededBy,
        cloned_from_id: source.id,
        created_by_user_id: options.actorUserId,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const lines = await trx.selectFrom("rfq_lines").selectAll().where("rfq_id", "=", source.id).orderBy("position").execute();
    for (const { id: oldLineId, rfq_id: _rfq, ...line } of lines) {
      const { id: newLineId } = await trx.insertInto("rfq_lines").values({ ...line, rfq_id: id }).returning("id").executeTakeFirstOrThrow();
      const drawings = await trx.selectFrom("rfq_files").selectAll().where("rfq_line_id", "=", oldLineId).where("bid_id", "is", null).execute();
      for (const { id: _file, rfq_id: _r, rfq_line_id: _l, ...file } of drawings) {
        await trx.insertInto("rfq_files").values({ ...file, rfq_id: id, rfq_line_id: newLineId, created_at: at }).execute();
      }
    }
    let invited: number[] = [];
    if (options.previousBiddersOnly) {
      invited = (await trx.selectFrom("bids").select("supplier_id").distinct().where("rfq_id", "=", source.id).orderBy("supplier_id").execute()).map((b) => b.supplier_id);
      if (invited.length > 0) {
        await trx
          .insertInto("rfq_invitations")
          .values(invited.map((supplierId) => ({ rfq_id: id, supplier_id: supplierId, invited_by_user_id: options.actorUserId, created_at: at })))
          .execute();
      }
    }
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      entityType: "rfq",
      entityId: id,
      action: "clone",
      toState: "draft",
      detail: { from: source.id, ...(options.previousBiddersOnly ? { previousBidders: invited } : {}) },
      now: options.now,
    });
    return id;
  });
}

/** What "Post again" will copy, for the buyer to confirm before a draft is made. */
export async function previewRepost(db: Db, options: { rfqId: number; buyerId: number; now: Date }) {
  const source = await loadOwnRfq(db, options.rfqId, options.buyerId, options.now);
  const lines = await db
    .selectFrom("rfq_lines")
    .leftJoin("rfq_files", (join) => join.onRef("rfq_files.rfq_line_id", "=", "rfq_lines.id").on("rfq_files.bid_id", "is", null))
    .select((eb) => ["rfq_lines.id", "rfq_lines.position", "rfq_lines.part_name", "rfq_lines.quantity", "rfq_lines.unit", "rfq_lines.target_unit_price", eb.fn.count<number>("rfq_files.id").as("drawings")])
    .where("rfq_lines.rfq_id", "=", source.id)
    .groupBy(["rfq_lines.id", "rfq_lines.position", "rfq_lines.part_name", "rfq_lines.quantity", "rfq_lines.unit", "rfq_lines.target_unit_price"])
    .orderBy("rfq_lines.position")
    .execute();
  return {
    rfq: { id: source.id, title: source.title, status: source.status, bidDeadline: source.bid_deadline, neededBy: source.needed_by },
    lines: lines.map((l) => ({ ...l, drawings: Number(l.drawings) })),
    dates: repostDates(source, options.now),
  };
}

/** The buyer's RFQ a draft was copied from ("Posting lagi"), for the draft's banner; none once published. */
export async function copiedFrom(db: DbOrTrx, rfq: { status: string; cloned_from_id: number | null; buyer_id: number }) {
  if (rfq.status !== "draft" || rfq.cloned_from_id === null) return null;
  const source = await db.selectFrom("rfqs").select(["id", "title"]).where("id", "=", rfq.cloned_from_id).where("buyer_id", "=", rfq.buyer_id).executeTakeFirst();
  return source ?? null;
}
