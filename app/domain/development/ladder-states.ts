import type { LadderStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of an IKM's progress on one ladder stage. "not_started" is the state of a stage
// with no row yet. The IKM (or its mentor) starts it by gathering evidence, the IKM submits it for review,
// the mentor signs it off once its criteria are met (or returns it); a signed-off stage can be reopened by the
// mentor (a certificate lapsed, a finding at a later visit). Every step is kept in the audit log: the history.
export type LadderState = LadderStatus | "not_started";
export const LADDER_EVENTS = ["start", "submit", "sign_off", "return", "reopen"] as const;
export type LadderEvent = (typeof LADDER_EVENTS)[number];
export type LadderSide = "ikm" | "mentor";

export const ladderTransitions: TransitionTable<LadderState, LadderEvent> = {
  not_started: { start: "in_progress", sign_off: "signed_off" },
  in_progress: { submit: "submitted", sign_off: "signed_off" },
  submitted: { sign_off: "signed_off", return: "in_progress" },
  signed_off: { reopen: "in_progress" },
};

export const LADDER_EVENT_ACTORS: Record<LadderEvent, readonly LadderSide[]> = {
  start: ["ikm", "mentor"],
  submit: ["ikm"],
  sign_off: ["mentor"],
  return: ["mentor"],
  reopen: ["mentor"],
};
