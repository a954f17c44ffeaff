import type { CreditNoteStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a credit note (nota retur): the buyer issues it for invoiced pieces it returns;
// the supplier accepts it (the invoice's amount due falls by its amount) or rejects it with a reason.
export const CREDIT_NOTE_STATES = ["issued", "accepted", "rejected"] as const satisfies readonly CreditNoteStatus[];
export const CREDIT_NOTE_EVENTS = ["accept", "reject"] as const;
export type CreditNoteEvent = (typeof CREDIT_NOTE_EVENTS)[number];

export const creditNoteTransitions: TransitionTable<CreditNoteStatus, CreditNoteEvent> = {
  issued: { accept: "accepted", reject: "rejected" },
  accepted: {},
  rejected: {},
};

export const CREDIT_NOTE_EVENT_ACTORS: Record<CreditNoteEvent, readonly ("buyer" | "supplier")[]> = {
  accept: ["supplier"],
  reject: ["supplier"],
};
