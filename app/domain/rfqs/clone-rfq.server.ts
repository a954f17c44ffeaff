import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { requireOwnRfq } from "./rfq-access.server";

/**
 * "Post again": a copy of one of the buyer's RFQs as a new draft — content, lines and drawings (the same
 * stored files), but no dates, invitations, questions or bids. Returns the new RFQ's id.
 */
export async function cloneRfq(db: Db, options: { rfqId: number; buyerId: number; actorUserId: number; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const source = await requireOwnRfq(trx, options);
    const at = toTimestamp(options.now);
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
        visibility: source.visibility,
        payment_terms: source.payment_terms,
        delivery_terms: source.delivery_terms,
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
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      entityType: "rfq",
      entityId: id,
      action: "clone",
      toState: "draft",
      detail: { from: source.id },
      now: options.now,
    });
    return id;
  });
}
