import type { PayoutStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a payout from a cooperative to a member: the cooperative records the transfer,
// the member confirms it arrived.
export const PAYOUT_EVENTS = ["confirm"] as const;
export type PayoutEvent = (typeof PAYOUT_EVENTS)[number];

export const payoutTransitions: TransitionTable<PayoutStatus, PayoutEvent> = {
  sent: { confirm: "confirmed" },
  confirmed: {},
};
