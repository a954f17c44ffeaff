import type { Db, DbOrTrx } from "../../../db/client";
import { DomainError } from "../errors";
import { cloneRfq } from "../rfqs/clone-rfq.server";
import { jakartaDate, shiftDate } from "../time";
import { insertOrder } from "./create-orders.server";
import { requireOrderParty } from "./order-access.server";
import { orderActionAllowed } from "./order-states";

/** Days between ordering and delivery of the order repeated (its first scheduled delivery), at least 7. */
async function leadDays(db: DbOrTrx, order: { id: number; created_at: string }): Promise<number> {
  const first = await db
    .selectFrom("delivery_schedules")
    .innerJoin("order_lines", "order_lines.id", "delivery_schedules.order_line_id")
    .select("delivery_schedules.due_on")
    .where("order_lines.order_id", "=", order.id)
    .orderBy("delivery_schedules.due_on")
    .executeTakeFirst();
  if (!first) return 30;
  const days = Math.round((Date.parse(`${first.due_on}T00:00:00Z`) - Date.parse(`${jakartaDate(new Date(order.created_at))}T00:00:00Z`)) / 86_400_000);
  return Math.max(7, Math.min(days, 365));
}

/**
 * "Order again": from a completed order, the same lines with the same supplier as a new contract draft, at the
 * same prices and terms, delivered as long after today as the first order was. The buyer may change the
 * prices and schedule in the draft; the supplier confirms them by accepting the contract (or asks for a change).
 */
export async function orderAgain(db: Db, options: { orderId: number; buyerId: number; actorUserId: number; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
    if (!orderActionAllowed("orderAgain", order.status)) throw new DomainError("error.orderAgainCompletedOnly", 409);
    const rfq = await trx.selectFrom("rfqs").select("title").where("id", "=", order.rfq_id).executeTakeFirstOrThrow();
    const lines = await trx.selectFrom("order_lines").selectAll().where("order_id", "=", order.id).orderBy("position").execute();
    const dueOn = shiftDate(jakartaDate(options.now), await leadDays(trx, order));
    return insertOrder(trx, {
      origin: "repeat",
      rfqId: order.rfq_id,
      awardId: order.award_id,
      buyerId: order.buyer_id,
      supplierId: order.supplier_id,
      title: rfq.title,
      repeatOfOrderId: order.id,
      terms: {
        payment_terms: order.payment_terms,
        payment_due_days: order.payment_due_days,
        delivery_terms: order.delivery_terms,
        delivery_address: order.delivery_address,
        delivery_province_code: order.delivery_province_code,
        delivery_regency_code: order.delivery_regency_code,
        needed_by: dueOn,
      },
      lines: lines.map((l) => ({
        rfq_line_id: l.rfq_line_id,
        part_name: l.part_name,
        part_number: l.part_number,
        unit: l.unit,
        quantity: l.quantity,
        unit_price: l.unit_price,
        deliveries: [{ dueOn, quantity: l.quantity }],
      })),
      actorUserId: options.actorUserId,
      now: options.now,
    });
  });
}

/** "Ask the previous bidders": the order's RFQ as a new draft by invitation to the suppliers that bid on it. */
export async function askPreviousBidders(db: Db, options: { orderId: number; buyerId: number; actorUserId: number; now: Date }): Promise<number> {
  const { order } = await requireOrderParty(db, { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
  if (!orderActionAllowed("orderAgain", order.status)) throw new DomainError("error.orderAgainCompletedOnly", 409);
  return cloneRfq(db, { rfqId: order.rfq_id, buyerId: options.buyerId, actorUserId: options.actorUserId, now: options.now, previousBiddersOnly: true });
}
