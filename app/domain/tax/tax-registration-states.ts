import type { TaxRegistrationStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a tax registration (PKP with its SPPKP; a buyer's appointment as PPN collector).
// The organization's owner submits it with its document; an admin verifies or rejects it (for a supplier, as part
// of the listing review). A new document puts a verified registration back to pending until it is checked again;
// an admin may revoke one found wrong; the owner may withdraw it (no longer PKP). Only a verified registration
// counts: a PKP charges PPN, a collector withholds it.
export const TAX_REGISTRATION_STATES = ["pending", "verified", "rejected", "withdrawn", "revoked"] as const satisfies readonly TaxRegistrationStatus[];
export const TAX_REGISTRATION_EVENTS = ["submit", "verify", "reject", "withdraw", "revoke"] as const;
export type TaxRegistrationEvent = (typeof TAX_REGISTRATION_EVENTS)[number];

export const taxRegistrationTransitions: TransitionTable<TaxRegistrationStatus, TaxRegistrationEvent> = {
  pending: { submit: "pending", verify: "verified", reject: "rejected", withdraw: "withdrawn" },
  verified: { submit: "pending", revoke: "revoked", withdraw: "withdrawn" },
  rejected: { submit: "pending" },
  withdrawn: { submit: "pending" },
  revoked: { submit: "pending" },
};

export const TAX_REGISTRATION_EVENT_ACTORS: Record<TaxRegistrationEvent, readonly ("owner" | "admin")[]> = {
  submit: ["owner"],
  verify: ["admin"],
  reject: ["admin"],
  withdraw: ["owner"],
  revoke: ["admin"],
};

/** Events an admin must give a reason for. */
export const TAX_REGISTRATION_EVENTS_WITH_REASON: readonly TaxRegistrationEvent[] = ["reject", "revoke"];
