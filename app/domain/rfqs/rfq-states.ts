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

/**
 * What a party does on an RFQ besides the table's events, each with the states that allow it and whose it is.
 * Writers check `rfqActionAllowed`; loaders send `rfqActionsFor` (with the table's events) to the pages.
 * "edit" is in place for a draft and an amendment (the table's `amend`) for an open RFQ.
 */
export const RFQ_ACTIONS = {
  edit: { side: "buyer", states: ["draft", "open"] },
  invite: { side: "buyer", states: ["draft", "open"] },
  compare: { side: "buyer", states: ["closed", "awarded"] },
  answer: { side: "buyer", states: ["draft", "open", "closed"] },
  repost: { side: "buyer", states: ["draft", "open", "closed", "awarded", "cancelled"] },
  bid: { side: "supplier", states: ["open"] },
  ask: { side: "supplier", states: ["open"] },
} as const satisfies Record<string, { side: "buyer" | "supplier"; states: readonly RfqStatus[] }>;
export type RfqAction = keyof typeof RFQ_ACTIONS;

export function rfqActionAllowed(action: RfqAction, status: RfqStatus): boolean {
  return (RFQ_ACTIONS[action].states as readonly RfqStatus[]).includes(status);
}

/** What this side may do on an RFQ in this state: the actions above and, for its buyer, the table's events. */
export function rfqActionsFor(status: RfqStatus, side: "buyer" | "supplier"): (RfqAction | "publish" | "cancel")[] {
  const actions: (RfqAction | "publish" | "cancel")[] = (Object.keys(RFQ_ACTIONS) as RfqAction[]).filter(
    (action) => RFQ_ACTIONS[action].side === side && rfqActionAllowed(action, status),
  );
  if (side === "buyer") {
    if (rfqTransitions[status].publish) actions.push("publish");
    if (rfqTransitions[status].cancel) actions.push("cancel");
  }
  return actions;
}
