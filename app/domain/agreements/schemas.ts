import { z } from "zod";
import { isoDate, optionalText, wholeNumber } from "../schema-parts";
import { AGREEMENT_EVENTS } from "./agreement-states";

// The agreement pages' forms, shared by the browser and the server. Messages are i18n keys.

const revision = wholeNumber.positive();
const money = wholeNumber.positive("error.pricePositive").max(1_000_000_000_000, "error.tooLarge");
const quantity = wholeNumber.positive("error.quantityPositive").max(100_000_000, "error.tooLarge");

export const AgreementDraftSchema = z.object({
  revision,
  title: z.string({ error: "error.required" }).trim().min(3, "error.agreementTitle").max(200, "error.tooLong"),
  startsOn: isoDate,
  endsOn: isoDate,
  maxValue: money.optional(),
  paymentDueDays: wholeNumber.min(0, "error.paymentDays").max(365, "error.paymentDays"),
  paymentTerms: optionalText(500),
  deliveryTerms: optionalText(500),
  items: z
    .array(z.object({ itemId: wholeNumber.positive(), unitPrice: money, maxQuantity: quantity.optional() }))
    .min(1, "error.invalid"),
});
export type AgreementDraftInput = z.infer<typeof AgreementDraftSchema>;

export const AgreementStepSchema = z.object({
  revision,
  event: z.enum(AGREEMENT_EVENTS, { error: "error.invalid" }),
  reason: optionalText(2000),
  /** For a proposed extension: the new end date and, optionally, a new value limit. */
  endsOn: isoDate.optional(),
  maxValue: money.optional(),
});

/**
 * A call-off: a quantity per item (empty lines are skipped), the first delivery date, and optionally a monthly
 * schedule (the quantity spread evenly over that many months, on the first delivery's day).
 */
export const CallOffSchema = z.object({
  revision,
  deliverOn: isoDate,
  months: wholeNumber.min(1, "error.months").max(24, "error.months").default(1),
  lines: z.array(z.object({ itemId: wholeNumber.positive(), quantity: quantity.optional() })).default([]),
});
export type CallOffInput = z.infer<typeof CallOffSchema>;

/** From a completed order: agree its prices for a period (the draft is then edited like any other). */
export const AgreementFromOrderSchema = z.object({ months: wholeNumber.min(1, "error.months").max(36, "error.months").default(12) });
