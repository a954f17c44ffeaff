import type { HandoverStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a member's hand-over to its cooperative: recorded by the member, inspected
// once by the cooperative's QC (accepted and rejected pieces per line).
export const HANDOVER_EVENTS = ["inspect"] as const;
export type HandoverEvent = (typeof HANDOVER_EVENTS)[number];

export const handoverTransitions: TransitionTable<HandoverStatus, HandoverEvent> = {
  handed_over: { inspect: "inspected" },
  inspected: {},
};
