import type { BidStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a bid. A bid is submitted (its first version) and revised (a new version each
// time) until the deadline; it may be withdrawn and submitted again before the deadline. The award marks
// every submitted bid won or lost.
export const BID_STATES = ["submitted", "withdrawn", "awarded", "lost"] as const satisfies readonly BidStatus[];
export const BID_EVENTS = ["revise", "withdraw", "award", "lose"] as const;
export type BidEvent = (typeof BID_EVENTS)[number];

export const bidTransitions: TransitionTable<BidStatus, BidEvent> = {
  submitted: { revise: "submitted", withdraw: "withdrawn", award: "awarded", lose: "lost" },
  withdrawn: { revise: "submitted" },
  awarded: {},
  lost: {},
};

/** Bids the buyer compares after the deadline. */
export const COMPARABLE_BID_STATES: readonly BidStatus[] = ["submitted", "awarded", "lost"];
