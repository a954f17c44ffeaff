import { z } from "zod";
import { isoDate, optionalText, requiredText, wholeNumber } from "../schema-parts";

// The tax forms (browser and server validation alike). Messages are i18n keys.

const upload = z.file({ error: "error.fileRequired" }).max(10 * 1024 * 1024, "error.fileTooLarge");
const revision = wholeNumber.positive();

export const BusinessPlaceSchema = z.object({
  name: requiredText(120),
  address: requiredText(300),
  nitku: z.string({ error: "error.required" }).trim().min(1, "error.required").max(40, "error.nitkuFormat"),
});
export const RemovePlaceSchema = z.object({ placeId: wholeNumber.positive() });

export const TaxRegistrationSchema = z.object({
  kind: z.enum(["pkp", "collector"], { error: "error.invalid" }),
  collectorKind: z.enum(["government", "appointed"], { error: "error.invalid" }).optional(),
  documentNumber: requiredText(80),
  documentDate: isoDate,
  file: upload.optional(),
});
export const WithdrawRegistrationSchema = z.object({ kind: z.enum(["pkp", "collector"], { error: "error.invalid" }), revision });

export const TaxDecisionSchema = z.object({
  registrationId: wholeNumber.positive(),
  revision,
  event: z.enum(["verify", "reject", "revoke"], { error: "error.invalid" }),
  reason: optionalText(1000),
});

export const PpnRuleSchema = z
  .object({
    ruleId: wholeNumber.positive().optional(),
    validFrom: isoDate,
    goodsKind: z.enum(["non_luxury", "luxury"], { error: "error.invalid" }),
    /** Percent with up to two decimals (12, 11.5). */
    ratePercent: z.number({ error: "error.number" }).min(0, "error.percentRange").max(100, "error.percentRange"),
    dppNumerator: wholeNumber.min(1, "error.dppFraction").max(1000, "error.dppFraction"),
    dppDenominator: wholeNumber.min(1, "error.dppFraction").max(1000, "error.dppFraction"),
    kodeTransaksi: z.string().regex(/^\d{2}$/, "error.kodeTransaksi"),
    source: requiredText(300),
  })
  .refine((v) => v.dppNumerator <= v.dppDenominator, { path: ["dppNumerator"], message: "error.dppFraction" });

export const TaxSettingsSchema = z.object({
  fakturYearPosition: z.union([z.literal(""), wholeNumber.min(5, "error.yearPosition").max(16, "error.yearPosition")]).optional(),
  unitPcs: requiredText(20),
  unitSet: requiredText(20),
  unitKg: requiredText(20),
  unitTon: requiredText(20),
  defaultGoodsCode: z.string().regex(/^\d{6}$/, "error.goodsCode"),
  perpresTkdnBmpThreshold: wholeNumber.min(0, "error.percentRange").max(100, "error.percentRange"),
  perpresTkdnMinimum: wholeNumber.min(0, "error.percentRange").max(100, "error.percentRange"),
});
