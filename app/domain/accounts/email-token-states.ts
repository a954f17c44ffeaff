import type { EmailTokenStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of an e-mailed token (confirming a sign-up, resetting a password). "Expired" is
// not a stored state: an issued token past its expiry refuses "use" (the writer checks the clock). A newer
// token for the same address and purpose supersedes the older ones, so only the latest link works.
export const EMAIL_TOKEN_STATES = ["issued", "used", "superseded"] as const satisfies readonly EmailTokenStatus[];
export const EMAIL_TOKEN_EVENTS = ["use", "supersede"] as const;
export type EmailTokenEvent = (typeof EMAIL_TOKEN_EVENTS)[number];

export const emailTokenTransitions: TransitionTable<EmailTokenStatus, EmailTokenEvent> = {
  issued: { use: "used", supersede: "superseded" },
  used: {},
  superseded: {},
};
