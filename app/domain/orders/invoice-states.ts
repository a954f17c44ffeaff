import type { InvoiceStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of an invoice. Bank transfer: the buyer reports a transfer (amount, reference,
// date); the supplier confirms the money arrived — all that was due (paid) or part of it (partially paid) — or
// says it did not. Card: a Stripe PaymentIntent for what is still due (processing), and only a verified
// webhook marks it paid or failed. An accepted credit note that leaves nothing due settles it. The supplier may
// cancel an invoice nothing was paid on, with a reason, and issue a corrected one (its faktur a replacement).
// A paid or cancelled invoice accepts nothing more.
export const INVOICE_STATES = ["issued", "transfer_reported", "card_processing", "partially_paid", "paid", "cancelled", "void"] as const satisfies readonly InvoiceStatus[];
export const INVOICE_EVENTS = [
  "report_transfer",
  "confirm_transfer",
  "confirm_partial",
  "reject_transfer",
  "reject_partial",
  "start_card",
  "card_succeeded",
  "card_failed",
  "card_failed_partial",
  "settle_by_credit",
  "cancel",
  "void",
] as const;
export type InvoiceEvent = (typeof INVOICE_EVENTS)[number];

export const invoiceTransitions: TransitionTable<InvoiceStatus, InvoiceEvent> = {
  issued: { report_transfer: "transfer_reported", start_card: "card_processing", settle_by_credit: "paid", cancel: "cancelled", void: "void" },
  transfer_reported: { confirm_transfer: "paid", confirm_partial: "partially_paid", reject_transfer: "issued", reject_partial: "partially_paid" },
  card_processing: { card_succeeded: "paid", card_failed: "issued", card_failed_partial: "partially_paid", start_card: "card_processing" },
  partially_paid: { report_transfer: "transfer_reported", start_card: "card_processing", settle_by_credit: "paid" },
  paid: {},
  cancelled: {},
  void: {},
};

/**
 * Which side applies each event by hand. The writer picks between the pairs (confirm_transfer / confirm_partial,
 * reject_transfer / reject_partial, card_failed / card_failed_partial) from the amounts; the card's outcome comes
 * from Stripe's webhook, settling by credit from the credit note, voiding from the system.
 */
export const INVOICE_EVENT_ACTORS: Record<InvoiceEvent, readonly ("buyer" | "supplier")[]> = {
  report_transfer: ["buyer"],
  confirm_transfer: ["supplier"],
  confirm_partial: ["supplier"],
  reject_transfer: ["supplier"],
  reject_partial: ["supplier"],
  start_card: ["buyer"],
  card_succeeded: [],
  card_failed: [],
  card_failed_partial: [],
  settle_by_credit: [],
  cancel: ["supplier"],
  void: [],
};

/** States in which an invoice still asks for money (open, overdue when past its due date). */
export const INVOICE_OPEN_STATES: readonly InvoiceStatus[] = ["issued", "transfer_reported", "card_processing", "partially_paid"];

/** What the buyer still owes on an invoice: what is due to the supplier less accepted credit notes and payments. */
export function outstandingOf(invoice: { amount_due: number; amount_credited: number; amount_paid: number }): number {
  return Math.max(0, invoice.amount_due - invoice.amount_credited - invoice.amount_paid);
}
