import type { EnrolmentStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of an IKM's enrolment in a mentor's programme: the mentor enrols (invited), the
// IKM accepts or declines, and may leave; the mentor may invite again one that declined or left.
export const ENROLMENT_EVENTS = ["accept", "decline", "leave", "reinvite"] as const;
export type EnrolmentEvent = (typeof ENROLMENT_EVENTS)[number];
export type EnrolmentSide = "ikm" | "mentor";

export const enrolmentTransitions: TransitionTable<EnrolmentStatus, EnrolmentEvent> = {
  invited: { accept: "active", decline: "declined" },
  active: { leave: "left" },
  declined: { reinvite: "invited" },
  left: { reinvite: "invited" },
};

export const ENROLMENT_EVENT_ACTORS: Record<EnrolmentEvent, readonly EnrolmentSide[]> = {
  accept: ["ikm"],
  decline: ["ikm"],
  leave: ["ikm"],
  reinvite: ["mentor"],
};

/** What an IKM may do on an active enrolment besides the table: share its bids and orders with its mentor. */
export const ENROLMENT_ACTIONS = { share: { side: "ikm", states: ["active"] } } as const satisfies Record<string, { side: EnrolmentSide; states: readonly EnrolmentStatus[] }>;
