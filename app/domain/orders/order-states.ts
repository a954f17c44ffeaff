import type { OrderOrigin, OrderStatus } from "../../../db/schema";
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

/**
 * What a party does on an order besides the table's events — edit the contract, record a shipment, issue an
 * invoice — each with the states that allow it and the side it belongs to. Writers check `orderActionAllowed`,
 * pages get `orderActionsFor` from their loader; no status list is written anywhere else.
 */
export const ORDER_ACTIONS = {
  editContract: { side: "buyer", states: ["contract_draft", "change_requested"] },
  ship: { side: "supplier", states: ["contracted", "in_production", "partially_delivered", "resolved"] },
  /** A cooperative shares the order among its members (work orders), once the contract is agreed. */
  splitToMembers: { side: "supplier", states: ["contracted", "in_production", "partially_delivered", "resolved"] },
  invoice: { side: "supplier", states: ["contracted", "in_production", "partially_delivered", "delivered", "completed", "disputed", "resolved"] },
  /** From a completed order the buyer agrees its prices for a period (a framework agreement) … */
  makeAgreement: { side: "buyer", states: ["completed"] },
  /** … or orders the same lines again from the same supplier, or asks the previous bidders again. */
  orderAgain: { side: "buyer", states: ["completed"] },
  /** Prices of an "order again" draft, which the supplier confirms by accepting (an award's come from its bid). */
  editPrices: { side: "buyer", states: ["contract_draft", "change_requested"] },
} as const satisfies Record<string, { side: "buyer" | "supplier"; states: readonly OrderStatus[] }>;
export type OrderAction = keyof typeof ORDER_ACTIONS;

/** Whether the buyer may set the unit prices: only an "order again" draft (an award's come from the bid, a call-off's from its agreement). */
export function pricesEditable(order: { origin: OrderOrigin; status: OrderStatus }): boolean {
  return order.origin === "repeat" && orderActionAllowed("editPrices", order.status);
}

export function orderActionAllowed(action: OrderAction, status: OrderStatus): boolean {
  return (ORDER_ACTIONS[action].states as readonly OrderStatus[]).includes(status);
}

/** The actions this side may take on an order in this state. */
export function orderActionsFor(status: OrderStatus, side: "buyer" | "supplier"): OrderAction[] {
  return (Object.keys(ORDER_ACTIONS) as OrderAction[]).filter((action) => ORDER_ACTIONS[action].side === side && orderActionAllowed(action, status));
}
