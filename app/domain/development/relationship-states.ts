import type { RelationshipStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a buyer's relationship with a supplier on probation. "none" is the state of a
// pair with no row. The buyer invites the supplier on trial (with a capped award size); each trial order
// delivered on time and accepted at quality is a pass (the cap grows); at the buyer's number of passes the
// supplier becomes approved (the system's step), or the buyer approves it earlier; the buyer may end it.
export type RelationshipState = RelationshipStatus | "none";
export const RELATIONSHIP_EVENTS = ["invite_trial", "pass_trial", "approve", "end"] as const;
export type RelationshipEvent = (typeof RELATIONSHIP_EVENTS)[number];

export const relationshipTransitions: TransitionTable<RelationshipState, RelationshipEvent> = {
  none: { invite_trial: "trial", approve: "approved" },
  trial: { pass_trial: "trial", approve: "approved", end: "ended" },
  approved: { end: "ended" },
  ended: { invite_trial: "trial", approve: "approved" },
};

/** Which events the buyer applies by hand (pass_trial is the system's, when a trial order is completed). */
export const RELATIONSHIP_EVENT_ACTORS: Record<RelationshipEvent, readonly ("buyer" | "system")[]> = {
  invite_trial: ["buyer"],
  pass_trial: ["system"],
  approve: ["buyer", "system"],
  end: ["buyer"],
};
