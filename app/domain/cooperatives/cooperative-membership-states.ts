import type { CooperativeMembershipStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of an IKM's membership in a cooperative. The cooperative invites (a new row is
// "invited"; a declined or former member can be invited again); the IKM accepts, declines, or later leaves.
export const COOPERATIVE_MEMBERSHIP_STATES = ["invited", "active", "declined", "left"] as const satisfies readonly CooperativeMembershipStatus[];
export const COOPERATIVE_MEMBERSHIP_EVENTS = ["accept", "decline", "leave", "reinvite"] as const;
export type CooperativeMembershipEvent = (typeof COOPERATIVE_MEMBERSHIP_EVENTS)[number];

export const cooperativeMembershipTransitions: TransitionTable<CooperativeMembershipStatus, CooperativeMembershipEvent> = {
  invited: { accept: "active", decline: "declined" },
  active: { leave: "left" },
  declined: { reinvite: "invited" },
  left: { reinvite: "invited" },
};

/** Who applies each event: the invited IKM answers and may leave; the cooperative invites again. */
export const COOPERATIVE_MEMBERSHIP_EVENT_ACTORS: Record<CooperativeMembershipEvent, readonly ("member" | "cooperative")[]> = {
  accept: ["member"],
  decline: ["member"],
  leave: ["member"],
  reinvite: ["cooperative"],
};
