import type { Trx } from "../../../db/client";
import type { WorkOrder, WorkOrderStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { workOrderTransitions, type WorkOrderEvent, type WorkOrderSide } from "./work-order-states";

/**
 * The only code that changes a work order's status. Inside a transaction: re-reads the work order, asks the
 * transition table, refuses a step confirmed on another revision (a second tab), updates only if status and
 * revision are still the ones it read, writes an audit row for the cooperative and the member, and tells the
 * other one (the member for the cooperative's steps, the cooperative for the member's; both for the system's).
 */
export async function applyWorkOrderEvent(
  trx: Trx,
  options: {
    workOrderId: number;
    event: WorkOrderEvent;
    actorUserId: number | null;
    /** Who acts, or null for a step a hand-over or QC applies. */
    side: WorkOrderSide | null;
    now: Date;
    expectedRevision?: number;
    reason?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<{ from: WorkOrderStatus; to: WorkOrderStatus; workOrder: WorkOrder }> {
  const workOrder = await trx.selectFrom("work_orders").selectAll().where("id", "=", options.workOrderId).executeTakeFirst();
  if (!workOrder) throw new DomainError("error.workOrderNotFound", 404);
  if (options.expectedRevision !== undefined && options.expectedRevision !== workOrder.revision) throw new DomainError("error.workOrderChanged", 409);
  const to = nextState(workOrderTransitions, workOrder.status, options.event);
  if (!to) throw new TransitionError("work order", workOrder.status, options.event);
  const at = toTimestamp(options.now);
  const reason = options.reason ?? null;
  const result = await trx
    .updateTable("work_orders")
    .set({ status: to, revision: workOrder.revision + 1, updated_at: at, ...(reason !== null ? { reason } : {}) })
    .where("id", "=", workOrder.id)
    .where("status", "=", workOrder.status)
    .where("revision", "=", workOrder.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("work order", workOrder.status, options.event, "error.workOrderChanged");
  await writeAuditForEach(trx, [workOrder.cooperative_id, workOrder.member_id], {
    actorUserId: options.actorUserId,
    entityType: "work_order",
    entityId: workOrder.id,
    action: options.event,
    fromState: workOrder.status,
    toState: to,
    detail: { number: workOrder.number, orderId: workOrder.order_id, reason, side: options.side, ...options.detail },
    now: options.now,
  });
  // hand_over is told by the hand-over itself (with its lot); complete tells both.
  if (options.event !== "hand_over") {
    const recipients = options.side === "member" ? [workOrder.cooperative_id] : options.side === "cooperative" ? [workOrder.member_id] : [workOrder.cooperative_id, workOrder.member_id];
    for (const organizationId of recipients) {
      await notify(trx, {
        recipients: { organizationId },
        kind: `work_order_${options.event}`,
        params: { number: workOrder.number, reason: reason ?? "" },
        link: `/work-orders/${workOrder.id}`,
        organizationId,
        now: options.now,
      });
    }
  }
  const updated = await trx.selectFrom("work_orders").selectAll().where("id", "=", workOrder.id).executeTakeFirstOrThrow();
  return { from: workOrder.status, to, workOrder: updated };
}
