import type { InvoiceStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of an invoice. Bank transfer: the buyer reports the transfer (reference, date),
// the supplier confirms the money arrived (or says it did not). Card: a Stripe PaymentIntent is created
// (processing) and only a verified webhook marks it paid or failed. A paid invoice accepts nothing more.
export const INVOICE_STATES = ["issued", "transfer_reported", "card_processing", "paid", "void"] as const satisfies readonly InvoiceStatus[];
export const INVOICE_EVENTS = ["report_transfer", "confirm_transfer", "reject_transfer", "start_card", "card_succeeded", "card_failed", "void"] as const;
export type InvoiceEvent = (typeof INVOICE_EVENTS)[number];

export const invoiceTransitions: TransitionTable<InvoiceStatus, InvoiceEvent> = {
  issued: { report_transfer: "transfer_reported", start_card: "card_processing", void: "void" },
  transfer_reported: { confirm_transfer: "paid", reject_transfer: "issued" },
  card_processing: { card_succeeded: "paid", card_failed: "issued", start_card: "card_processing" },
  paid: {},
  void: {},
};

/** Which side applies each event by hand; the card's outcome comes from Stripe's webhook, voiding from the system. */
export const INVOICE_EVENT_ACTORS: Record<InvoiceEvent, readonly ("buyer" | "supplier")[]> = {
  report_transfer: ["buyer"],
  confirm_transfer: ["supplier"],
  reject_transfer: ["supplier"],
  start_card: ["buyer"],
  card_succeeded: [],
  card_failed: [],
  void: [],
};
