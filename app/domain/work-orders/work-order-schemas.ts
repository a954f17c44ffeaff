import { z } from "zod";
import { isoDate, optionalText, requiredText, wholeNumber } from "../schema-parts";
import { rupiahInput } from "../rfqs/schemas";
import { WORK_ORDER_EVENTS } from "./work-order-states";

// The work-order forms, shared by the browser and the server. Messages are i18n keys.

const count = wholeNumber.min(0, "error.quantityNotNegative").max(100_000_000, "error.tooLarge");
const id = wholeNumber.positive("error.invalid");

export const SplitSchema = z.object({
  leadDays: wholeNumber.min(0, "error.leadDays").max(60, "error.leadDays"),
  showBuyerPrice: z.boolean().default(false),
  members: z
    .array(
      z.object({
        memberId: id,
        lines: z.array(z.object({ orderLineId: id, quantity: count.optional(), memberUnitPrice: rupiahInput.optional() })).default([]),
      }),
    )
    .default([]),
});
export type SplitInput = z.infer<typeof SplitSchema>;

export const WorkOrderStepSchema = z.object({
  revision: wholeNumber.positive(),
  event: z.enum(WORK_ORDER_EVENTS, { error: "error.invalid" }),
  reason: optionalText(2000),
});

export const HandoverSchema = z.object({
  handedOverOn: isoDate,
  lotNumber: requiredText(40).regex(/^[\p{L}\p{N}][\p{L}\p{N} ./_-]*$/u, "error.lotNumber"),
  notes: optionalText(500),
  lines: z.array(z.object({ workOrderLineId: id, quantity: count.optional() })).default([]),
});
export type HandoverInput = z.infer<typeof HandoverSchema>;

export const HandoverInspectionSchema = z.object({
  handoverId: id,
  notes: optionalText(2000),
  lines: z.array(z.object({ handoverLineId: id, accepted: count, rejected: count.default(0), reason: optionalText(500) })).min(1, "error.invalid"),
});
export type HandoverInspectionInput = z.infer<typeof HandoverInspectionSchema>;

export const ReallocationSchema = z.object({
  toMemberId: z.number({ error: "error.chooseMember" }).int().positive("error.chooseMember"),
  reason: requiredText(2000),
  lines: z.array(z.object({ workOrderLineId: id, quantity: count.optional() })).default([]),
});
export type ReallocationInput = z.infer<typeof ReallocationSchema>;

export const AttributionSchema = z.object({
  shipmentLineId: id,
  lots: z.array(z.object({ shipmentLotId: id, rejected: count.default(0) })).min(1, "error.invalid"),
});

export const PayoutSchema = z.object({
  memberId: z.number({ error: "error.chooseMember" }).int().positive("error.chooseMember"),
  amount: rupiahInput,
  paidOn: isoDate,
  reference: requiredText(120),
});
export type PayoutInput = z.infer<typeof PayoutSchema>;

export const ConfirmPayoutSchema = z.object({ payoutId: id });

export const CooperativeSettingsSchema = z.object({
  /** Percent with up to two decimals, as typed ("2,5" or "2.5"). */
  feePercent: z
    .string({ error: "error.required" })
    .trim()
    .regex(/^\d{1,2}([.,]\d{1,2})?$/, "error.feePercent")
    .transform((v) => Math.round(Number(v.replace(",", ".")) * 100))
    .refine((bp) => bp <= 5000, "error.feePercent"),
  qcLeadDays: wholeNumber.min(0, "error.leadDays").max(60, "error.leadDays"),
});
