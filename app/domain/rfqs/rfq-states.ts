import type { RfqStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of an RFQ. A draft is edited in place; publishing opens it for bids; amending an
// open RFQ makes a new content version (it stays open); the deadline closes it (by the scheduled job or on
// the first read after it); the buyer awards a closed RFQ. It can be cancelled, with a reason, until awarded.
export const RFQ_STATES = ["draft", "open", "closed", "awarded", "cancelled"] as const satisfies readonly RfqStatus[];
export const RFQ_EVENTS = ["publish", "amend", "close", "award", "cancel"] as const;
export type RfqEvent = (typeof RFQ_EVENTS)[number];

export const rfqTransitions: TransitionTable<RfqStatus, RfqEvent> = {
  draft: { publish: "open", cancel: "cancelled" },
  open: { amend: "open", close: "closed", cancel: "cancelled" },
  closed: { award: "awarded", cancel: "cancelled" },
  awarded: {},
  cancelled: {},
};

/** States in which suppliers can see the RFQ (a draft is the buyer's alone). */
export const PUBLISHED_STATES: readonly RfqStatus[] = ["open", "closed", "awarded", "cancelled"];
