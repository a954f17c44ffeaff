import { z } from "zod";
import { code, isoDate, optionalText, rows, wholeNumber } from "../schema-parts";
import { CAPACITY_UNITS, LISTING_SECTIONS } from "./listing-data";
import { ADMIN_CLUSTER_PROPOSAL_EVENTS, OTHER_CLUSTER } from "./cluster-proposal-states";
import { ADMIN_LISTING_EVENTS } from "./listing-states";

// Shared by the forms (browser validation) and the actions (server validation). Messages are i18n keys.

/** A file chosen in the form; the server checks its real type from its content. */
const upload = z.file({ error: "error.invalid" }).max(10 * 1024 * 1024, "error.fileTooLarge").optional();

/**
 * A product and, optionally, its TKDN: certified by a verifier (Sucofindo, Surveyor Indonesia) with a
 * certificate number, or self-declared by a small industry (above 40 %, valid five years: Permenperin 35/2025).
 */
export const ProductRowSchema = z
  .object({
    name: optionalText(120),
    materialCode: code.optional(),
    processCode: code.optional(),
    photoFileId: wholeNumber.positive("error.invalid").optional(),
    photo: upload,
    tkdnPercent: z.number({ error: "error.number" }).min(0, "error.tkdnRange").max(100, "error.tkdnRange").optional(),
    bmpPercent: z.number({ error: "error.number" }).min(0, "error.bmpRange").max(15, "error.bmpRange").optional(),
    tkdnSelfDeclared: z.literal("on").optional(),
    tkdnNumber: optionalText(80),
    tkdnVerifier: optionalText(120),
    tkdnIssuedOn: isoDate.optional(),
    tkdnValidUntil: isoDate.optional(),
    tkdnFileId: wholeNumber.positive("error.invalid").optional(),
    tkdnFile: upload,
  })
  .superRefine((p, ctx) => {
    const started = [p.tkdnPercent, p.bmpPercent, p.tkdnNumber, p.tkdnVerifier, p.tkdnIssuedOn, p.tkdnValidUntil, p.tkdnFileId, p.tkdnFile, p.tkdnSelfDeclared].some(
      (x) => x !== undefined && x !== "",
    );
    if (!started) return;
    const missing = (key: string, message = "error.required") => ctx.addIssue({ code: "custom", path: [key], message });
    if (p.tkdnPercent === undefined) missing("tkdnPercent");
    if (!p.tkdnIssuedOn) missing("tkdnIssuedOn");
    if (p.tkdnSelfDeclared) {
      if (p.tkdnPercent !== undefined && p.tkdnPercent <= 40) missing("tkdnPercent", "error.selfDeclareAbove40");
    } else {
      if (!p.tkdnNumber) missing("tkdnNumber");
      if (!p.tkdnVerifier) missing("tkdnVerifier");
      if (!p.tkdnValidUntil) missing("tkdnValidUntil");
    }
    if (p.tkdnIssuedOn && p.tkdnValidUntil && p.tkdnValidUntil < p.tkdnIssuedOn) missing("tkdnValidUntil", "error.validUntilBeforeFrom");
  });

export const CapacityRowSchema = z.object({
  subject: optionalText(120),
  quantity: wholeNumber.positive("error.capacityPositive").max(100_000_000, "error.tooLarge").optional(),
  unit: z.enum(CAPACITY_UNITS, { error: "error.invalid" }).optional(),
});

export const CertificateRowSchema = z
  .object({
    typeCode: code.optional(),
    number: optionalText(80),
    issuer: optionalText(120),
    validFrom: isoDate.optional(),
    validUntil: isoDate.optional(),
    fileId: wholeNumber.positive("error.invalid").optional(),
    file: upload,
  })
  .superRefine((c, ctx) => {
    if (c.validFrom && c.validUntil && c.validUntil < c.validFrom) {
      ctx.addIssue({ code: "custom", path: ["validUntil"], message: "error.validUntilBeforeFrom" });
    }
  });

export const LISTING_INTENTS = ["save", "submit"] as const;

/** Fields that must be filled before a listing can be sent for verification, in the form's order. */
export const REQUIRED_ON_SUBMIT = [
  "headlineId",
  "descriptionId",
  "processes",
  "materials",
  "capacities",
  "workforce",
  "leadTimeDays",
  "provinceCode",
  "regencyCode",
] as const;

export const ListingSchema = z
  .object({
    intent: z.enum(LISTING_INTENTS).default("save"),
    headlineId: optionalText(140),
    headlineEn: optionalText(140),
    descriptionId: optionalText(3000),
    descriptionEn: optionalText(3000),
    processes: z.array(code).default([]),
    materials: z.array(code).default([]),
    products: rows(ProductRowSchema, ["name"]),
    capacities: rows(CapacityRowSchema, ["subject", "quantity", "unit"]),
    workforce: wholeNumber.positive("error.workforcePositive").max(100_000, "error.tooLarge").optional(),
    keyMachines: optionalText(1000),
    minimumOrder: optionalText(120),
    leadTimeDays: wholeNumber.positive("error.leadTimePositive").max(365, "error.tooLarge").optional(),
    // Optional: many IKMs work outside the listed clusters. "other" with a name proposes a new one.
    clusterCode: code.optional(),
    clusterName: optionalText(60),
    provinceCode: z.string().regex(/^\d{2}$/, "error.province").optional(),
    regencyCode: z.string().regex(/^\d{2}\.\d{2}$/, "error.regency").optional(),
    certificates: rows(CertificateRowSchema, ["typeCode", "number", "issuer", "validFrom", "validUntil"]),
    tkdnPercent: z.number({ error: "error.number" }).min(0, "error.tkdnRange").max(100, "error.tkdnRange").optional(),
    tkdnNumber: optionalText(80),
    tkdnVerifier: optionalText(120),
    tkdnIssuedOn: isoDate.optional(),
    tkdnFileId: wholeNumber.positive("error.invalid").optional(),
    tkdnFile: upload,
  })
  .superRefine((v, ctx) => {
    const missing = (path: (string | number)[], message = "error.required") => ctx.addIssue({ code: "custom", path, message });
    const tkdnStarted = [v.tkdnPercent, v.tkdnNumber, v.tkdnVerifier, v.tkdnIssuedOn, v.tkdnFileId, v.tkdnFile].some((x) => x !== undefined && x !== "");
    if (tkdnStarted) {
      if (v.tkdnPercent === undefined) missing(["tkdnPercent"]);
      if (!v.tkdnNumber) missing(["tkdnNumber"]);
      if (!v.tkdnVerifier) missing(["tkdnVerifier"]);
      if (!v.tkdnIssuedOn) missing(["tkdnIssuedOn"]);
    }
    if (v.clusterCode === OTHER_CLUSTER && !v.clusterName) missing(["clusterName"], "error.clusterNameRequired");
    if (v.clusterName && v.clusterName.length < 2) missing(["clusterName"], "error.clusterNameShort");
    if (v.intent !== "submit") return;
    for (const key of REQUIRED_ON_SUBMIT) {
      const value = v[key];
      if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) missing([key]);
    }
    v.certificates.forEach((c, i) => {
      if (!c.fileId && !c.file) missing(["certificates", i, "file"], "error.documentRequired");
    });
    if (tkdnStarted && !v.tkdnFileId && !v.tkdnFile) missing(["tkdnFile"], "error.documentRequired");
  });
export type ListingInput = z.infer<typeof ListingSchema>;

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Rows of each list of the listing editor (products, capacities, certificates), with the spare row. */
export const MAX_LISTING_ROWS = 40;
/** The bounds of the listing editor's form (app/http/form-body.server.ts). */
export const LISTING_FORM_LIMITS = {
  maxFileBytes: MAX_UPLOAD_BYTES,
  rows: { products: MAX_LISTING_ROWS + 1, capacities: MAX_LISTING_ROWS + 1, certificates: MAX_LISTING_ROWS + 1 },
};

export const DecisionSchema = z
  .object({
    versionId: wholeNumber.positive(),
    revision: wholeNumber.positive(),
    event: z.enum(ADMIN_LISTING_EVENTS, { error: "error.invalid" }),
    reason: optionalText(2000),
    comments: z.object(Object.fromEntries(LISTING_SECTIONS.map((s) => [s, optionalText(1000)])) as Record<(typeof LISTING_SECTIONS)[number], ReturnType<typeof optionalText>>).default({}),
  })
  .superRefine((v, ctx) => {
    if ((v.event === "reject" || v.event === "suspend") && !v.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "error.reasonRequired" });
    }
    if (v.event === "request_changes" && !Object.values(v.comments ?? {}).some(Boolean) && !v.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "error.commentRequired" });
    }
  });



const capabilityCode = z.string({ error: "error.required" }).trim().toLowerCase().regex(/^[a-z0-9][a-z0-9_]{1,39}$/, "error.capabilityCode");

export const CapabilitySchema = z.object({
  kind: z.enum(["process", "material", "certificate", "cluster"], { error: "error.invalid" }),
  code: capabilityCode,
  labelId: z.string({ error: "error.required" }).trim().min(1, "error.required").max(120, "error.tooLong"),
  labelEn: z.string({ error: "error.required" }).trim().min(1, "error.required").max(120, "error.tooLong"),
  /** Clusters: the regency/city codes it lies in, e.g. "33.18, 33.20". */
  regencyCodes: z
    .string()
    .trim()
    .max(400, "error.tooLong")
    .regex(/^(\d{2}\.\d{2}([,\s]+\d{2}\.\d{2})*)?$/, "error.regencyCodes")
    .optional()
    .transform((v) => (v ? v.split(/[,\s]+/).filter(Boolean) : [])),
});

/**
 * The public directory's address bar: the words, the filters and the page. Bad or unknown values are dropped
 * (or simply match nothing), never an error page. The one schema of the directory's filters.
 */
export const DirectoryQuerySchema = z.object({
  q: z.string().max(10_000).optional().catch(undefined),
  process: code.optional().catch(undefined),
  material: code.optional().catch(undefined),
  certificate: code.optional().catch(undefined),
  province: z.string().regex(/^\d{2}$/).optional().catch(undefined),
  cluster: code.optional().catch(undefined),
  minTkdn: z.coerce.number().min(0).max(100).optional().catch(undefined),
  minCapacity: z.coerce.number().int().min(0).max(100_000_000).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
});

/** An admin's decision on a cluster an IKM proposed: confirm it under a code and labels, or decline with a reason. */
export const ClusterDecisionSchema = z
  .object({
    proposalId: wholeNumber.positive(),
    event: z.enum(ADMIN_CLUSTER_PROPOSAL_EVENTS, { error: "error.invalid" }),
    code: capabilityCode.optional(),
    labelId: optionalText(80),
    labelEn: optionalText(80),
    reason: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.event === "confirm") {
      if (!v.code) ctx.addIssue({ code: "custom", path: ["code"], message: "error.required" });
      if (!v.labelId) ctx.addIssue({ code: "custom", path: ["labelId"], message: "error.required" });
    }
    if (v.event === "decline" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "error.reasonRequired" });
  });
