import type { ShipmentStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a shipment: the supplier ships, the buyer records receipt, then its inspection
// (accepted and rejected quantity per line) — once.
export const SHIPMENT_STATES = ["shipped", "received", "inspected"] as const satisfies readonly ShipmentStatus[];
export const SHIPMENT_EVENTS = ["receive", "inspect"] as const;
export type ShipmentEvent = (typeof SHIPMENT_EVENTS)[number];

export const shipmentTransitions: TransitionTable<ShipmentStatus, ShipmentEvent> = {
  shipped: { receive: "received" },
  received: { inspect: "inspected" },
  inspected: {},
};

/** The buyer receives and inspects (one form records both). */
export const SHIPMENT_EVENT_ACTORS: Record<ShipmentEvent, readonly ("buyer" | "supplier")[]> = {
  receive: ["buyer"],
  inspect: ["buyer"],
};
