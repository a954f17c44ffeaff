import type { OrderStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of an order (the contract / purchase order). The buyer sends the contract draft;
// the supplier accepts it (contracted) or asks for a change, which the buyer answers with a revised contract.
// Deliveries move it on: after each inspection it is partially delivered, or delivered once every line is
// accepted in full; completed when delivered and paid. Either side may cancel before delivery starts, or
// raise a dispute (with a reason) that is later resolved, after which deliveries go on.
export const ORDER_STATES = [
  "contract_draft",
  "sent",
  "change_requested",
  "contracted",
  "in_production",
  "partially_delivered",
  "delivered",
  "completed",
  "cancelled",
  "disputed",
  "resolved",
] as const satisfies readonly OrderStatus[];

export const ORDER_EVENTS = [
  "send",
  "accept",
  "request_change",
  "revise",
  "start_production",
  "deliver_partial",
  "deliver_full",
  "complete",
  "cancel",
  "dispute",
  "resolve",
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export const orderTransitions: TransitionTable<OrderStatus, OrderEvent> = {
  contract_draft: { send: "sent", cancel: "cancelled" },
  sent: { accept: "contracted", request_change: "change_requested", cancel: "cancelled" },
  change_requested: { revise: "sent", cancel: "cancelled" },
  contracted: { start_production: "in_production", deliver_partial: "partially_delivered", deliver_full: "delivered", cancel: "cancelled", dispute: "disputed" },
  in_production: { deliver_partial: "partially_delivered", deliver_full: "delivered", cancel: "cancelled", dispute: "disputed" },
  partially_delivered: { deliver_partial: "partially_delivered", deliver_full: "delivered", dispute: "disputed" },
  delivered: { complete: "completed", dispute: "disputed" },
  completed: {},
  cancelled: {},
  disputed: { resolve: "resolved" },
  resolved: { deliver_partial: "partially_delivered", deliver_full: "delivered", complete: "completed", dispute: "disputed" },
};

/** Which side may apply each event by hand (deliveries are applied by the inspection, not by a button). */
export const ORDER_EVENT_ACTORS: Record<OrderEvent, readonly ("buyer" | "supplier")[]> = {
  send: ["buyer"],
  accept: ["supplier"],
  request_change: ["supplier"],
  revise: ["buyer"],
  start_production: ["supplier"],
  deliver_partial: [],
  deliver_full: [],
  complete: ["buyer"],
  cancel: ["buyer", "supplier"],
  dispute: ["buyer", "supplier"],
  resolve: ["buyer", "supplier"],
};

/** Events that need a written reason. */
export const ORDER_EVENTS_WITH_REASON: readonly OrderEvent[] = ["request_change", "cancel", "dispute", "resolve"];

/** States in which the supplier may record a shipment. */
export const SHIPPABLE_STATES: readonly OrderStatus[] = ["contracted", "in_production", "partially_delivered", "resolved"];
