import type { Trx } from "../../../db/client";
import type { Order, OrderStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { orderTransitions, type OrderEvent } from "./order-states";
import { settleTrialOrder } from "../development/supplier-readiness.server";

export type OrderSide = "buyer" | "supplier";

/**
 * The only code that changes an order's status. Call it inside a transaction: it re-reads the order, asks
 * the transition table, refuses a step confirmed on a revision other than the current one (the second of two
 * tabs), updates only if status and revision are still the ones it read, writes an audit row, and tells the
 * other party (both, for a step the system takes).
 */
export async function applyOrderEvent(
  trx: Trx,
  options: {
    orderId: number;
    event: OrderEvent;
    actorUserId: number | null;
    /** Who acts: the buyer, the supplier, or null for a step the system takes (a delivery). */
    side: OrderSide | null;
    now: Date;
    expectedRevision?: number;
    reason?: string | null;
  },
): Promise<{ from: OrderStatus; to: OrderStatus; order: Order }> {
  const order = await trx.selectFrom("orders").selectAll().where("id", "=", options.orderId).executeTakeFirst();
  if (!order) throw new DomainError("error.orderNotFound", 404);
  if (options.expectedRevision !== undefined && options.expectedRevision !== order.revision) {
    throw new DomainError("error.orderChanged", 409);
  }
  const to = nextState(orderTransitions, order.status, options.event);
  if (!to) throw new TransitionError("order", order.status, options.event);

  const at = toTimestamp(options.now);
  const reason = options.reason ?? null;
  const result = await trx
    .updateTable("orders")
    .set({
      status: to,
      revision: order.revision + 1,
      updated_at: at,
      ...(options.event === "send" || options.event === "revise"
        ? { sent_at: at, buyer_accepted_at: at, buyer_accepted_by: options.actorUserId, change_request: null }
        : {}),
      ...(options.event === "accept" ? { supplier_accepted_at: at, supplier_accepted_by: options.actorUserId } : {}),
      ...(options.event === "request_change" ? { change_request: reason } : {}),
      ...(options.event === "cancel" ? { cancel_reason: reason } : {}),
      ...(options.event === "dispute" ? { dispute_reason: reason, resolution: null } : {}),
      ...(options.event === "resolve" ? { resolution: reason } : {}),
    })
    .where("id", "=", order.id)
    .where("status", "=", order.status)
    .where("revision", "=", order.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("order", order.status, options.event, "error.orderChanged");

  for (const organizationId of [order.buyer_id, order.supplier_id]) {
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId,
      entityType: "order",
      entityId: order.id,
      action: options.event,
      fromState: order.status,
      toState: to,
      detail: { number: order.number, reason, side: options.side },
      now: options.now,
    });
    if (options.side === "buyer" && organizationId === order.buyer_id) continue;
    if (options.side === "supplier" && organizationId === order.supplier_id) continue;
    await notify(trx, {
      recipients: { organizationId },
      kind: `order_${options.event}`,
      params: { number: order.number, reason: reason ?? "" },
      link: `/orders/${order.id}`,
      organizationId,
      now: options.now,
    });
  }
  // A completed trial order decides its supplier's probation step with this buyer (issue 17).
  if (to === "completed" && order.is_trial === 1) await settleTrialOrder(trx, { orderId: order.id, now: options.now });
  const updated = await trx.selectFrom("orders").selectAll().where("id", "=", order.id).executeTakeFirstOrThrow();
  return { from: order.status, to, order: updated };
}
