import { sql } from "kysely";
import type { Insertable } from "kysely";
import type { DbOrTrx } from "../../../db/client";
import type { OrderOrigin, OrdersTable, QuantityUnit } from "../../../db/schema";
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
  const dueOn = award.needed_by ?? jakartaDate(new Date(options.now.getTime() + 30 * 86_400_000));
  const ids: number[] = [];
  for (const supplierId of [...new Set(lines.map((l) => l.supplier_id))]) {
    const id = await insertOrder(trx, {
      origin: "award",
      rfqId: award.rfq_id,
      awardId: award.id,
      buyerId: award.buyer_id,
      supplierId,
      title: award.title,
      terms: {
        payment_terms: award.payment_terms,
        payment_due_days: paymentDaysFrom(award.payment_terms),
        delivery_terms: award.delivery_terms,
        delivery_address: award.delivery_address,
        delivery_province_code: award.delivery_province_code,
        delivery_regency_code: award.delivery_regency_code,
        needed_by: award.needed_by,
      },
      lines: lines
        .filter((l) => l.supplier_id === supplierId)
        .map((l) => ({ ...l, deliveries: [{ dueOn, quantity: l.quantity }] })),
      actorUserId: options.actorUserId,
      now: options.now,
    });
    ids.push(id);
  }
  return ids;
}

export interface NewOrderLine {
  rfq_line_id: number;
  part_name: string;
  part_number: string;
  unit: QuantityUnit;
  quantity: number;
  unit_price: number;
  agreement_item_id?: number | null;
  deliveries: { dueOn: string; quantity: number }[];
}

/**
 * Writes one order (a contract draft) with its lines and scheduled deliveries, the PPN rule of the day frozen
 * on it, an audit row for both parties, and tells the buyer. The one place an order row is made: from an award,
 * a call-off against a framework agreement, or "order again".
 */
export async function insertOrder(
  trx: DbOrTrx,
  options: {
    origin: OrderOrigin;
    rfqId: number;
    awardId: number;
    buyerId: number;
    supplierId: number;
    title: string;
    terms: Pick<
      Insertable<OrdersTable>,
      "payment_terms" | "payment_due_days" | "delivery_terms" | "delivery_address" | "delivery_province_code" | "delivery_regency_code" | "needed_by"
    >;
    lines: NewOrderLine[];
    agreementId?: number;
    repeatOfOrderId?: number;
    actorUserId: number;
    now: Date;
  },
): Promise<number> {
  const at = toTimestamp(options.now);
  const year = jakartaDate(options.now).slice(0, 4);
  // PPN is the rule in force on the day the order is made, frozen on it (metal parts are not luxury goods).
  const rule = await ppnRuleOn(trx, jakartaDate(options.now), "non_luxury");
  const { next } = await trx
    .selectFrom("orders")
    .select(sql<number>`coalesce(max(id), 0) + 1`.as("next"))
    .executeTakeFirstOrThrow();
  const { id } = await trx
    .insertInto("orders")
    .values({
      number: `PO-${year}-${String(next).padStart(5, "0")}`,
      rfq_id: options.rfqId,
      award_id: options.awardId,
      buyer_id: options.buyerId,
      supplier_id: options.supplierId,
      ...options.terms,
      origin: options.origin,
      agreement_id: options.agreementId ?? null,
      repeat_of_order_id: options.repeatOfOrderId ?? null,
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
  for (const line of options.lines) {
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
        agreement_item_id: line.agreement_item_id ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("delivery_schedules")
      .values(line.deliveries.map((d, n) => ({ order_line_id: orderLineId, sequence: n + 1, due_on: d.dueOn, quantity: d.quantity })))
      .execute();
  }
  await writeAuditForEach(trx, [options.buyerId, options.supplierId], {
    actorUserId: options.actorUserId,
    entityType: "order",
    entityId: id,
    action: options.origin === "award" ? "create" : `create_${options.origin}`,
    toState: "contract_draft",
    detail: { origin: options.origin, awardId: options.awardId, rfqId: options.rfqId, agreementId: options.agreementId, repeatOf: options.repeatOfOrderId },
    now: options.now,
  });
  await notify(trx, {
    recipients: { organizationId: options.buyerId },
    kind: "order_created",
    params: { title: options.title },
    link: `/orders/${id}`,
    organizationId: options.buyerId,
    now: options.now,
  });
  return id;
}

/** The payment days an RFQ's terms name ("45 hari setelah faktur", "30 days after invoice"), else 30. */
export function paymentDaysFrom(terms: string): number {
  const match = /(\d{1,3})\s*(hari|days?)/i.exec(terms);
  const days = match ? Number(match[1]) : 30;
  return days <= 365 ? days : 30;
}
