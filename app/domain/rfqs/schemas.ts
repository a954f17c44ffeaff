import { z } from "zod";
import { CAPACITY_UNITS } from "../suppliers/listing-data";
import { code, isoDate, optionalText, requiredText, rows, wholeNumber } from "../schema-parts";
import { jakartaLocalToDate } from "../time";

// The RFQ, bid, question and award forms. Shared by the browser (validation while typing) and the server.

/** Drawings: PDF, DXF, STEP, PNG or JPEG, up to 25 MB each (the server checks the content). */
export const MAX_DRAWING_BYTES = 25 * 1024 * 1024;
/** Lines of one RFQ (the editor without JavaScript posts one spare row more). */
export const MAX_RFQ_LINES = 30;
/** Members a cooperative's bid can split a line among (KBJ has about 168). */
export const MAX_BID_SHARES = 250;
/** The bounds of the RFQ editor's form (app/http/form-body.server.ts). */
export const RFQ_FORM_LIMITS = { maxFileBytes: MAX_DRAWING_BYTES, rows: { lines: MAX_RFQ_LINES + 1 } };
/** The bounds of the bid form. */
export const BID_FORM_LIMITS = { maxFileBytes: MAX_DRAWING_BYTES, rows: { lines: MAX_RFQ_LINES, "lines[].shares": MAX_BID_SHARES } };
const drawing = z.file({ error: "error.invalid" }).max(MAX_DRAWING_BYTES, "error.drawingTooLarge").optional();

/** Whole rupiah as people type it: "1250000", "1.250.000" or "Rp 1.250.000"; no cents. */
// A string schema on purpose: conform coerces form text to a number for number schemas, and Number("91.500")
// is 91.5 — the dots are thousands separators here.
export const rupiahInput = z
  .string({ error: "error.wholeRupiah" })
  .transform((value, ctx) => {
    const text = value.trim().replace(/^Rp\.?\s*/i, "");
    if (!/^(\d+|\d{1,3}(\.\d{3})+)$/.test(text)) {
      ctx.addIssue({ code: "custom", message: "error.wholeRupiah" });
      return z.NEVER;
    }
    const amount = Number(text.replaceAll(".", ""));
    if (amount <= 0) {
      ctx.addIssue({ code: "custom", message: "error.pricePositive" });
      return z.NEVER;
    }
    if (amount > 1_000_000_000_000) {
      ctx.addIssue({ code: "custom", message: "error.tooLarge" });
      return z.NEVER;
    }
    return amount;
  });

const quantity = wholeNumber.positive("error.quantityPositive").max(100_000_000, "error.tooLarge");

export const RfqLineRowSchema = z.object({
  lineId: wholeNumber.positive().optional(),
  partName: optionalText(160),
  partNumber: optionalText(60),
  description: optionalText(2000),
  materialCode: code.optional(),
  processCode: code.optional(),
  quantity: wholeNumber.positive("error.quantityPositive").max(100_000_000, "error.tooLarge").optional(),
  unit: z.enum(CAPACITY_UNITS, { error: "error.invalid" }).optional(),
  targetUnitPrice: rupiahInput.optional(),
  /** Local content the line asks for (issue 18): minimum TKDN, and TKDN + BMP, as a hard requirement or a preference. */
  minTkdnPercent: wholeNumber.min(0, "error.tkdnRange").max(100, "error.tkdnRange").optional(),
  minTkdnBmpPercent: wholeNumber.min(0, "error.tkdnRange").max(115, "error.tkdnRange").optional(),
  tkdnRule: z.enum(["hard", "preference"], { error: "error.invalid" }).optional(),
  drawing,
});

export const RFQ_INTENTS = ["save", "publish", "amend"] as const;

export const RfqSchema = z
  .object({
    intent: z.enum(RFQ_INTENTS).default("save"),
    title: requiredText(160),
    description: optionalText(4000),
    lines: rows(RfqLineRowSchema, ["partName", "quantity", "unit"]),
    requiredCertificates: z.array(code).default([]),
    minTkdnPercent: wholeNumber.min(0, "error.tkdnRange").max(100, "error.tkdnRange").optional(),
    deliveryProvinceCode: z.string({ error: "error.required" }).regex(/^\d{2}$/, "error.province"),
    deliveryRegencyCode: z.string({ error: "error.required" }).regex(/^\d{2}\.\d{2}$/, "error.regency"),
    deliveryAddress: requiredText(300),
    neededBy: isoDate.optional(),
    bidDeadline: z
      .string()
      .refine((v) => jakartaLocalToDate(v) !== null, "error.dateTime")
      .optional(),
    visibility: z.enum(["public", "invited"], { error: "error.invalid" }).default("public"),
    /** Only IKMs at this ladder stage or above may see and bid on it (invited suppliers always may). */
    minStageCode: z.union([z.literal(""), code]).optional(),
    paymentTerms: optionalText(500),
    deliveryTerms: optionalText(500),
    amendNote: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.intent === "save") return;
    if (v.lines.length === 0) ctx.addIssue({ code: "custom", path: ["lines"], message: "error.linesRequired" });
    if (!v.bidDeadline) ctx.addIssue({ code: "custom", path: ["bidDeadline"], message: "error.required" });
    if (!v.neededBy) ctx.addIssue({ code: "custom", path: ["neededBy"], message: "error.required" });
    if (v.intent === "amend" && !v.amendNote) ctx.addIssue({ code: "custom", path: ["amendNote"], message: "error.amendNoteRequired" });
  });
export type RfqInput = z.infer<typeof RfqSchema>;

export const PublishRfqSchema = z.object({});
export const CancelRfqSchema = z.object({ reason: requiredText(1000) });
export const InviteSuppliersSchema = z.object({
  supplierIds: z.array(wholeNumber.positive(), { error: "error.chooseSupplier" }).min(1, "error.chooseSupplier"),
});
export const QuestionSchema = z.object({ question: requiredText(2000) });
export const AnswerSchema = z.object({ questionId: wholeNumber.positive(), answer: requiredText(4000) });

/** A cooperative member's share of a line: one row per active member, left empty when it makes none. */
export const ShareRowSchema = z.object({
  memberId: wholeNumber.positive("error.invalid"),
  quantity: quantity.optional(),
});

export const BidLineSchema = z.object({
  rfqLineId: wholeNumber.positive(),
  quantity: quantity.optional(),
  unitPrice: rupiahInput.optional(),
  /** The listed product offered on the line (its TKDN and BMP count toward the line's requirement). */
  productName: optionalText(120),
  shares: z
    .array(ShareRowSchema)
    .default([])
    .transform((list) => list.filter((s): s is { memberId: number; quantity: number } => s.quantity !== undefined)),
});

/**
 * The bid form around its attachment field: the page uploads a file, API v1 sends it as base64 — the rest, and
 * the rule that a started line needs both quantity and price, is one definition.
 */
export function bidSchemaWith<A extends z.ZodType<File | undefined>>(attachment: A) {
  return z
    .object({
      submissionKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "error.invalid"),
      leadTimeDays: wholeNumber.min(1, "error.leadTimePositive").max(3650, "error.tooLarge"),
      validUntil: isoDate,
      deliveryTerms: optionalText(500),
      notes: optionalText(2000),
      lines: z.array(BidLineSchema).default([]),
      attachment,
    })
    .superRefine((v, ctx) => {
      let priced = 0;
      v.lines.forEach((line, i) => {
        const started = line.quantity !== undefined || line.unitPrice !== undefined || line.shares.length > 0;
        if (!started) return;
        priced++;
        if (line.quantity === undefined) ctx.addIssue({ code: "custom", path: ["lines", i, "quantity"], message: "error.required" });
        if (line.unitPrice === undefined) ctx.addIssue({ code: "custom", path: ["lines", i, "unitPrice"], message: "error.required" });
      });
      if (priced === 0) ctx.addIssue({ code: "custom", path: ["lines"], message: "error.bidLinesRequired" });
    });
}

export const BidSchema = bidSchemaWith(drawing);
export type BidInput = z.infer<typeof BidSchema>;

export const AwardSchema = z.object({
  reason: requiredText(2000),
  /** Mark the award a trial: winners not yet approved by this buyer go on probation, their orders are trial orders. */
  trial: z.literal("on").optional(),
  /** Go on with an award that breaks Perpres 46/2025's local-content rule, having read the warning. */
  acknowledgeLocalContent: z.literal("on").optional(),
  /** "Award as an agreement": a framework agreement per winner, for this many months, instead of orders. */
  asAgreement: z.literal("on").optional(),
  agreementMonths: wholeNumber.min(1, "error.months").max(36, "error.months").default(12),
  allocations: z
    .array(
      z.object({
        bidId: wholeNumber.positive(),
        rfqLineId: wholeNumber.positive(),
        quantity: wholeNumber.min(0, "error.quantityPositive").max(100_000_000, "error.tooLarge").optional(),
      }),
    )
    .default([]),
});

/** Saving the RFQ list's current search (its query string) under a name. */
export const SaveSearchSchema = z.object({
  name: requiredText(80),
  query: z.string().max(2000).default(""),
});
export const DeleteSearchSchema = z.object({ id: wholeNumber.positive() });
