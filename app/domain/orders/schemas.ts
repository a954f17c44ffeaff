import { z } from "zod";
import { isoDate, optionalText, requiredText, wholeNumber } from "../schema-parts";
import { ORDER_EVENTS } from "./order-states";

// The order page's forms, shared by the browser and the server. Messages are i18n keys.

const revision = wholeNumber.positive();
const count = wholeNumber.min(0, "error.quantityNotNegative").max(100_000_000, "error.tooLarge");

export const ScheduleRowSchema = z.object({
  orderLineId: wholeNumber.positive(),
  perDelivery: wholeNumber.positive("error.quantityPositive").max(100_000_000, "error.tooLarge").optional(),
  day: wholeNumber.min(1, "error.dayOfMonth").max(31, "error.dayOfMonth").optional(),
  months: wholeNumber.min(1, "error.months").max(60, "error.months").optional(),
  firstMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "error.month").optional(),
});

export const ContractSchema = z.object({
  revision,
  paymentDueDays: wholeNumber.min(0, "error.paymentDays").max(365, "error.paymentDays"),
  paymentTerms: optionalText(500),
  deliveryTerms: optionalText(500),
  schedules: z.array(ScheduleRowSchema).default([]),
  /** An "order again" draft's unit prices (the supplier confirms them by accepting); others keep their bid's. */
  prices: z
    .array(z.object({ orderLineId: wholeNumber.positive(), unitPrice: wholeNumber.positive("error.pricePositive").max(1_000_000_000_000, "error.tooLarge").optional() }))
    .default([]),
});
export type ContractInput = z.infer<typeof ContractSchema>;

export const StepSchema = z.object({
  revision,
  event: z.enum(ORDER_EVENTS, { error: "error.invalid" }),
  reason: optionalText(2000),
});

const upload = z.file({ error: "error.fileRequired" }).max(10 * 1024 * 1024, "error.fileTooLarge");

/**
 * Issuing an invoice: by default every piece of confirmed BASTs not invoiced yet; the supplier may bill fewer
 * per line, and a corrected invoice names the cancelled one it replaces.
 */
export const IssueInvoiceSchema = z.object({
  lines: z.array(z.object({ orderLineId: wholeNumber.positive(), quantity: count.optional() })).default([]),
  replacesInvoiceId: wholeNumber.positive().optional(),
});

export const FakturSchema = z.object({
  invoiceId: wholeNumber.positive(),
  revision,
  fakturNumber: z.string({ error: "error.required" }).trim().min(1, "error.required").max(40, "error.faktur.format"),
  file: upload.optional(),
});

export const CancelInvoiceSchema = z.object({ invoiceId: wholeNumber.positive(), revision, reason: requiredText(1000) });

export const BastConfirmSchema = z.object({ bastId: wholeNumber.positive(), revision });

export const CreditNoteSchema = z.object({
  invoiceId: wholeNumber.positive(),
  reason: requiredText(1000),
  lines: z.array(z.object({ invoiceLineId: wholeNumber.positive(), quantity: count.optional() })).default([]),
});

export const CreditNoteDecisionSchema = z.object({
  creditNoteId: wholeNumber.positive(),
  revision,
  decision: z.enum(["accept", "reject"], { error: "error.invalid" }),
  reason: optionalText(1000),
});

export const ShipmentSchema = z.object({
  shippedOn: isoDate,
  vehicle: optionalText(120),
  deliveryNote: optionalText(120),
  lines: z.array(z.object({ orderLineId: wholeNumber.positive(), quantity: count.optional() })).default([]),
  /** A cooperative's order shared among members ships accepted member lots: pieces per lot. */
  lots: z.array(z.object({ handoverLineId: wholeNumber.positive(), quantity: count.optional() })).default([]),
});
type ParsedShipment = z.infer<typeof ShipmentSchema>;
/** Lots are only for a cooperative's order shared among members. */
export type ShipmentInput = Omit<ParsedShipment, "lots"> & { lots?: ParsedShipment["lots"] };

export const InspectionSchema = z.object({
  shipmentId: wholeNumber.positive(),
  receivedOn: isoDate,
  notes: optionalText(2000),
  lines: z
    .array(
      z.object({
        shipmentLineId: wholeNumber.positive(),
        accepted: count,
        rejected: count.default(0),
        reason: optionalText(500),
      }),
    )
    .min(1, "error.invalid"),
});
export type InspectionInput = z.infer<typeof InspectionSchema>;

export const TransferSchema = z.object({
  invoiceId: wholeNumber.positive(),
  revision,
  reference: requiredText(120),
  transferDate: isoDate,
  /** Part of what is due, or all of it when left empty. */
  amount: wholeNumber.positive("error.amountPositive").max(1_000_000_000_000, "error.tooLarge").optional(),
});

export const TransferDecisionSchema = z.object({
  invoiceId: wholeNumber.positive(),
  revision,
  decision: z.enum(["confirm", "reject"], { error: "error.invalid" }),
});
