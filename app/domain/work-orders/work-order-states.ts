import type { WorkOrderStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a member work order (a member's share of a cooperative's order). The
// cooperative assigns it; the member accepts (or declines with a reason) and starts production; hand-overs
// move it to partly handed over, and the cooperative's QC to handed over once every piece is accepted. The
// cooperative may cancel it, or reallocate it (its open quantity moves to another member's new work order),
// each with a reason. Hand-overs and QC apply their events; no button does.
export const WORK_ORDER_STATES = [
  "assigned",
  "accepted",
  "declined",
  "in_production",
  "partly_handed_over",
  "handed_over",
  "cancelled",
  "reallocated",
] as const satisfies readonly WorkOrderStatus[];

export const WORK_ORDER_EVENTS = ["accept", "decline", "start_production", "hand_over", "complete", "cancel", "reallocate"] as const;
export type WorkOrderEvent = (typeof WORK_ORDER_EVENTS)[number];

export const workOrderTransitions: TransitionTable<WorkOrderStatus, WorkOrderEvent> = {
  assigned: { accept: "accepted", decline: "declined", cancel: "cancelled", reallocate: "reallocated" },
  accepted: { start_production: "in_production", hand_over: "partly_handed_over", cancel: "cancelled", reallocate: "reallocated" },
  in_production: { hand_over: "partly_handed_over", cancel: "cancelled", reallocate: "reallocated" },
  partly_handed_over: { hand_over: "partly_handed_over", complete: "handed_over" },
  handed_over: {},
  declined: { reallocate: "reallocated", cancel: "cancelled" },
  cancelled: {},
  reallocated: {},
};

export type WorkOrderSide = "cooperative" | "member";

/** Who may apply each event by hand: hand_over and complete are applied by the hand-over and QC writers. */
export const WORK_ORDER_EVENT_ACTORS: Record<WorkOrderEvent, readonly WorkOrderSide[]> = {
  accept: ["member"],
  decline: ["member"],
  start_production: ["member"],
  hand_over: [],
  complete: [],
  cancel: ["cooperative"],
  reallocate: ["cooperative"],
};

/** Events that need a written reason. */
export const WORK_ORDER_EVENTS_WITH_REASON: readonly WorkOrderEvent[] = ["decline", "cancel", "reallocate"];

/**
 * What a party does on a work order besides the table's buttons, with the states that allow it: the member
 * hands pieces over; the cooperative moves open quantity to another member (the whole of it through the
 * `reallocate` event, part of it while the member keeps the rest).
 */
export const WORK_ORDER_ACTIONS = {
  handOver: { side: "member", states: ["accepted", "in_production", "partly_handed_over"] },
  reallocate: { side: "cooperative", states: ["assigned", "accepted", "in_production", "partly_handed_over", "declined"] },
} as const satisfies Record<string, { side: WorkOrderSide; states: readonly WorkOrderStatus[] }>;
export type WorkOrderAction = keyof typeof WORK_ORDER_ACTIONS;

export function workOrderActionAllowed(action: WorkOrderAction, status: WorkOrderStatus): boolean {
  return (WORK_ORDER_ACTIONS[action].states as readonly WorkOrderStatus[]).includes(status);
}

export function workOrderActionsFor(status: WorkOrderStatus, side: WorkOrderSide): WorkOrderAction[] {
  return (Object.keys(WORK_ORDER_ACTIONS) as WorkOrderAction[]).filter((a) => WORK_ORDER_ACTIONS[a].side === side && workOrderActionAllowed(a, status));
}

/** Work orders that still count against the order (their quantity is committed to a member). */
export const LIVE_WORK_ORDER_STATES = ["assigned", "accepted", "in_production", "partly_handed_over", "handed_over"] as const satisfies readonly WorkOrderStatus[];
