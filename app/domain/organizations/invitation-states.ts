import type { InvitationStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of an organization invitation. "Expired" is not a stored state: a pending
// invitation past its expiry refuses "accept" (checked by the writer against the clock).
export const INVITATION_STATES = ["pending", "accepted", "revoked"] as const satisfies readonly InvitationStatus[];
export const INVITATION_EVENTS = ["accept", "revoke"] as const;
export type InvitationEvent = (typeof INVITATION_EVENTS)[number];

export const invitationTransitions: TransitionTable<InvitationStatus, InvitationEvent> = {
  pending: { accept: "accepted", revoke: "revoked" },
  accepted: {},
  revoked: {},
};
