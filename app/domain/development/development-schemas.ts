import { z } from "zod";
import { isoDate, optionalText, requiredText, rows, wholeNumber } from "../schema-parts";
import { CRITERION_KINDS } from "./ladder-criteria";
import { LADDER_EVENTS } from "./ladder-states";

// The supplier-development forms (browser and server validation alike). Messages are i18n keys.

const id = z.coerce.number({ error: "error.invalid" }).int().positive("error.invalid");
const count = (max: number) => z.coerce.number({ error: "error.number" }).pipe(wholeNumber.min(0, "error.number").max(max, "error.tooLarge"));
const upload = z.file({ error: "error.fileRequired" }).max(10 * 1024 * 1024, "error.fileTooLarge");

export const ProgrammeSchema = z
  .object({
    name: requiredText(120),
    cohort: optionalText(60),
    startsOn: isoDate,
    endsOn: isoDate,
    description: optionalText(1000),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "error.endBeforeStart" });

export const EnrolSchema = z.object({ programmeId: id, organizationId: id });
export const EnrolmentStepSchema = z.object({ enrolmentId: id, event: z.enum(["accept", "decline", "leave", "reinvite"], { error: "error.invalid" }) });
export const ShareSchema = z.object({ enrolmentId: id, share: z.enum(["on", "off"], { error: "error.invalid" }) });

export const VISIT_KINDS = ["visit", "assessment", "gap_assessment"] as const;

export const VisitSchema = z.object({
  kind: z.enum(VISIT_KINDS, { error: "error.invalid" }),
  stageId: id.optional(),
  visitedOn: isoDate,
  findings: requiredText(4000),
  /** A scored checklist (5R): criterion code → score. */
  scores: z.record(z.string().regex(/^[a-z0-9_]{2,40}$/), z.union([z.literal(""), z.coerce.number({ error: "error.number" }).pipe(wholeNumber.min(0, "error.number").max(100, "error.tooLarge"))])).optional(),
  actions: rows(z.object({ description: optionalText(500), dueOn: z.union([z.literal(""), isoDate]).optional(), ownerUserId: z.union([z.literal(""), id]).optional() }), ["description", "dueOn"]),
  photos: z.array(z.file()).optional(),
});

export const EvidenceSchema = z.object({
  stageId: id,
  criterionCode: z.string().regex(/^[a-z0-9_]{2,40}$/, "error.invalid"),
  file: upload,
  validUntil: z.union([z.literal(""), isoDate]).optional(),
  ppapLevel: z.union([z.literal(""), z.coerce.number({ error: "error.number" }).pipe(wholeNumber.min(1, "error.ppapLevel").max(5, "error.ppapLevel"))]).optional(),
  partName: optionalText(160),
  note: optionalText(500),
});

export const LadderStepSchema = z.object({
  stageId: id,
  event: z.enum(LADDER_EVENTS, { error: "error.invalid" }),
  revision: z.coerce.number({ error: "error.invalid" }).int().min(0),
  note: optionalText(1000),
});

export const ActionDoneSchema = z.object({ actionId: id });

export const RequirementsSchema = z.object({
  stageCodes: z.array(z.string().regex(/^[a-z0-9_]{2,40}$/)).optional().default([]),
  certificates: z.array(z.string().regex(/^[a-z0-9_]{2,40}$/)).optional().default([]),
  ppapLevel: z.union([z.literal(""), z.coerce.number({ error: "error.number" }).pipe(wholeNumber.min(1, "error.ppapLevel").max(5, "error.ppapLevel"))]).optional(),
  trialOrders: z.coerce.number({ error: "error.number" }).pipe(wholeNumber.min(0, "error.number").max(20, "error.tooLarge")),
  trialCapQuantity: z.coerce.number({ error: "error.number" }).pipe(wholeNumber.min(1, "error.quantityPositive").max(10_000_000, "error.tooLarge")),
  note: optionalText(1000),
});

export const InviteTrialSchema = z.object({
  supplierId: id,
  capQuantity: z.coerce.number({ error: "error.number" }).pipe(wholeNumber.min(1, "error.quantityPositive").max(10_000_000, "error.tooLarge")),
  rfqId: z.union([z.literal(""), id]).optional(),
});
export const RelationshipStepSchema = z.object({ supplierId: id, event: z.enum(["approve", "end"], { error: "error.invalid" }), reason: optionalText(500) });

export const StageSchema = z.object({
  stageId: z.union([z.literal(""), id]).optional(),
  code: z.string({ error: "error.required" }).regex(/^[a-z0-9_]{2,40}$/, "error.stageCode"),
  position: count(1000),
  nameId: requiredText(120),
  nameEn: requiredText(120),
  descriptionId: optionalText(1000),
  descriptionEn: optionalText(1000),
  rule: z.enum(["all", "any"], { error: "error.invalid" }),
  qualifies: z.literal("on").optional(),
  active: z.literal("on").optional(),
  criteria: rows(
    z.object({
      code: z.string().regex(/^[a-z0-9_]{2,40}$/, "error.stageCode").optional(),
      labelId: optionalText(160),
      labelEn: optionalText(160),
      kind: z.enum(CRITERION_KINDS, { error: "error.invalid" }).optional(),
      min: z.union([z.literal(""), count(100)]).optional(),
      max: z.union([z.literal(""), count(100)]).optional(),
      certificate: z.union([z.literal(""), z.string().regex(/^[a-z0-9_]{2,40}$/, "error.invalid")]).optional(),
    }),
    ["code", "labelId", "labelEn", "kind"],
  ),
});

export const TargetSchema = z
  .object({
    targetId: z.union([z.literal(""), id]).optional(),
    yearFrom: z.coerce.number({ error: "error.number" }).pipe(wholeNumber.min(2000, "error.year").max(2100, "error.year")),
    yearTo: z.coerce.number({ error: "error.number" }).pipe(wholeNumber.min(2000, "error.year").max(2100, "error.year")),
    target: count(100_000),
    note: optionalText(300),
  })
  .refine((v) => v.yearTo >= v.yearFrom, { path: ["yearTo"], message: "error.endBeforeStart" });

export const REPORT_DIMENSIONS = ["buyer", "cluster", "province", "programme"] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export const ReportQuerySchema = z.object({
  from: z.coerce.number().int().min(2000).max(2100).catch(2016),
  to: z.coerce.number().int().min(2000).max(2100).catch(new Date().getUTCFullYear()),
  by: z.enum(REPORT_DIMENSIONS).catch("buyer"),
});
