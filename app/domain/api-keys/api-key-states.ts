import type { ApiKeyStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of an API key. "Expired" is not a stored state: an active key past its expiry is
// refused by authentication (checked against the clock) and shown as expired.
export const API_KEY_EVENTS = ["revoke"] as const;
export type ApiKeyEvent = (typeof API_KEY_EVENTS)[number];

export const apiKeyTransitions: TransitionTable<ApiKeyStatus, ApiKeyEvent> = {
  active: { revoke: "revoked" },
  revoked: {},
};
