import { sql } from "kysely";
import type { DbOrTrx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAuditForEach } from "../audit/write-audit.server";
import { notify } from "../notifications/notify.server";
import { jakartaDate } from "../time";
import { ppnRuleOn } from "../tax/ppn-rules.server";

/**
 * Called by the award, in its transaction: one order (a contract draft) per winning supplier, with the
 * awarded lines at the bid's unit prices, the RFQ's terms, the PPN rule of the day, and one scheduled
 * delivery per line on the needed-by date (the buyer may turn it into a monthly schedule). Returns the ids.
 */
export async function createOrdersForAward(trx: DbOrTrx, options: { awardId: number; actorUserId: number; now: Date }): Promise<number[]> {
  const award = await trx
    .selectFrom("awards")
    .innerJoin("rfqs", "rfqs.id", "awards.rfq_id")
    .select([
      "awards.id",
      "rfqs.id as rfq_id",
      "rfqs.buyer_id",
      "rfqs.title",
      "rfqs.payment_terms",
      "rfqs.delivery_terms",
      "rfqs.delivery_address",
      "rfqs.delivery_province_code",
      "rfqs.delivery_regency_code",
      "rfqs.needed_by",
    ])
    .where("awards.id", "=", options.awardId)
    .executeTakeFirstOrThrow();
  const lines = await trx
    .selectFrom("award_lines")
    .innerJoin("rfq_lines", "rfq_lines.id", "award_lines.rfq_line_id")
    .select([
      "award_lines.supplier_id",
      "award_lines.quantity",
      "award_lines.unit_price",
      "rfq_lines.id as rfq_line_id",
      "rfq_lines.position",
      "rfq_lines.part_name",
      "rfq_lines.part_number",
      "rfq_lines.unit",
    ])
    .where("award_lines.award_id", "=", award.id)
    .orderBy("rfq_lines.position")
    .execute();
  const at = toTimestamp(options.now);
  const year = jakartaDate(options.now).slice(0, 4);
  const dueOn = award.needed_by ?? jakartaDate(new Date(options.now.getTime() + 30 * 86_400_000));
  // PPN is the rule in force on the day the order is made, frozen on it (metal parts are not luxury goods).
  const rule = await ppnRuleOn(trx, jakartaDate(options.now), "non_luxury");
  const ids: number[] = [];
  for (const supplierId of [...new Set(lines.map((l) => l.supplier_id))]) {
    const { next } = await trx
      .selectFrom("orders")
      .select(sql<number>`coalesce(max(id), 0) + 1`.as("next"))
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto("orders")
      .values({
        number: `PO-${year}-${String(next).padStart(5, "0")}`,
        rfq_id: award.rfq_id,
        award_id: award.id,
        buyer_id: award.buyer_id,
        supplier_id: supplierId,
        payment_terms: award.payment_terms,
        payment_due_days: paymentDaysFrom(award.payment_terms),
        delivery_terms: award.delivery_terms,
        delivery_address: award.delivery_address,
        delivery_province_code: award.delivery_province_code,
        delivery_regency_code: award.delivery_regency_code,
        needed_by: award.needed_by,
        ppn_rate_bp: rule.rate_bp,
        goods_kind: rule.goods_kind,
        dpp_numerator: rule.dpp_numerator,
        dpp_denominator: rule.dpp_denominator,
        kode_transaksi: rule.kode_transaksi,
        ppn_rule_id: rule.id,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    let position = 0;
    for (const line of lines.filter((l) => l.supplier_id === supplierId)) {
      const { id: orderLineId } = await trx
        .insertInto("order_lines")
        .values({
          order_id: id,
          rfq_line_id: line.rfq_line_id,
          position: ++position,
          part_name: line.part_name,
          part_number: line.part_number,
          unit: line.unit,
          quantity: line.quantity,
          unit_price: line.unit_price,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("delivery_schedules").values({ order_line_id: orderLineId, sequence: 1, due_on: dueOn, quantity: line.quantity }).execute();
    }
    await writeAuditForEach(trx, [award.buyer_id, supplierId], {
      actorUserId: options.actorUserId,
      entityType: "order",
      entityId: id,
      action: "create",
      toState: "contract_draft",
      detail: { awardId: award.id, rfqId: award.rfq_id },
      now: options.now,
    });
    await notify(trx, {
      recipients: { organizationId: award.buyer_id },
      kind: "order_created",
      params: { title: award.title },
      link: `/orders/${id}`,
      organizationId: award.buyer_id,
      now: options.now,
    });
    ids.push(id);
  }
  return ids;
}

/** The payment days an RFQ's terms name ("45 hari setelah faktur", "30 days after invoice"), else 30. */
export function paymentDaysFrom(terms: string): number {
  const match = /(\d{1,3})\s*(hari|days?)/i.exec(terms);
  const days = match ? Number(match[1]) : 30;
  return days <= 365 ? days : 30;
}
