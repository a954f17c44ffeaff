import type { Db, DbOrTrx } from "../../../db/client";
import { DomainError } from "../errors";
import { applyOrderEvent } from "./apply-order-event.server";
import { requireOrderParty } from "./order-access.server";
import { ORDER_EVENT_ACTORS, ORDER_EVENTS_WITH_REASON, type OrderEvent } from "./order-states";

/**
 * A party takes a step on its order by hand (send, accept, ask for a change, start production, complete,
 * cancel, dispute, resolve). Only the side the step belongs to may take it (403 for the other); a step
 * confirmed in a stale tab is refused (409) and the user is told.
 */
export async function takeOrderStep(
  db: Db,
  options: { orderId: number; organizationId: number; actorUserId: number; event: OrderEvent; reason?: string; expectedRevision: number; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { order, side } = await requireOrderParty(trx, options);
    if (!ORDER_EVENT_ACTORS[options.event].includes(side)) {
      throw new DomainError(side === "buyer" ? "error.supplierOnly" : "error.buyerOnly", 403);
    }
    if (ORDER_EVENTS_WITH_REASON.includes(options.event) && !options.reason) throw new DomainError("error.reasonRequired", 422, "reason");
    if (options.event === "complete") await assertPaidInFull(trx, order.id);
    await applyOrderEvent(trx, {
      orderId: order.id,
      event: options.event,
      actorUserId: options.actorUserId,
      side,
      now: options.now,
      expectedRevision: options.expectedRevision,
      reason: options.reason ?? null,
    });
  });
}

/** Completing needs every accepted piece invoiced and every invoice paid. */
async function assertPaidInFull(trx: DbOrTrx, orderId: number): Promise<void> {
  if (!(await isPaidInFull(trx, orderId))) throw new DomainError("error.orderNotPaid", 409);
}

export async function isPaidInFull(trx: DbOrTrx, orderId: number): Promise<boolean> {
  const lines = await trx.selectFrom("order_lines").select(["id", "quantity"]).where("order_id", "=", orderId).execute();
  const invoiced = await trx
    .selectFrom("invoice_lines")
    .innerJoin("invoices", "invoices.id", "invoice_lines.invoice_id")
    .select(["invoice_lines.order_line_id", "invoice_lines.quantity", "invoices.status"])
    .where("invoices.order_id", "=", orderId)
    .where("invoices.status", "not in", ["void", "cancelled"])
    .execute();
  if (invoiced.some((i) => i.status !== "paid")) return false;
  return lines.every((l) => invoiced.filter((i) => i.order_line_id === l.id).reduce((s, i) => s + i.quantity, 0) >= l.quantity);
}
