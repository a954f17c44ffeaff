import { z } from "zod";
import { API_SCOPES } from "../domain/api-keys/scopes";
import { RFQ_STATES } from "../domain/rfqs/rfq-states";

// What API v1 answers (the output side). The request side is the forms' own schemas (app/domain/*/schemas.ts).
// Objects are closed in the OpenAPI document (additionalProperties: false): a field not written here is a
// contract failure in tests/api.

/** A row id in a path (`/rfqs/{rfqId}`). */
export const PathId = z.coerce.number({ error: "error.number" }).int("error.wholeNumber").positive("error.invalid").max(Number.MAX_SAFE_INTEGER, "error.invalid");

export const MeSchema = z
  .object({
    organization: z.object({
      id: z.number().int(),
      name: z.string(),
      kind: z.enum(["buyer", "supplier", "cooperative"]),
      buys: z.boolean(),
      sells: z.boolean(),
    }),
    key: z.object({
      id: z.number().int(),
      name: z.string(),
      role: z.enum(["owner", "member"]),
      scopes: z.array(z.enum(API_SCOPES as [string, ...string[]])),
    }),
  })
  .meta({ id: "Me", description: "The organization and key a request acts for." });

export const RfqStatusSchema = z.enum(RFQ_STATES).meta({ id: "RfqStatus" });

export const RfqSummarySchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    status: RfqStatusSchema,
    visibility: z.enum(["public", "invited"]),
    bidDeadline: z.string().nullable().meta({ description: "UTC timestamp (ISO 8601)." }),
    lineCount: z.number().int(),
    bidCount: z.number().int().meta({ description: "Bids received (a count only: sealed bids are never shown before the deadline)." }),
    createdAt: z.string(),
  })
  .meta({ id: "RfqSummary" });

export const RfqLineSchema = z
  .object({
    id: z.number().int(),
    position: z.number().int(),
    partName: z.string(),
    partNumber: z.string(),
    description: z.string(),
    materialCode: z.string().nullable(),
    processCode: z.string().nullable(),
    quantity: z.number().int(),
    unit: z.enum(["pcs", "set", "kg", "ton"]),
    targetUnitPrice: z.number().int().nullable().meta({ description: "Whole rupiah, before PPN." }),
    minTkdnPercent: z.number().nullable(),
    minTkdnBmpPercent: z.number().nullable(),
    tkdnRule: z.enum(["hard", "preference"]),
  })
  .meta({ id: "RfqLine" });

export const RfqSchemaOut = z
  .object({
    id: z.number().int(),
    status: RfqStatusSchema,
    version: z.number().int(),
    title: z.string(),
    description: z.string(),
    requiredCertificates: z.array(z.string()),
    minTkdnPercent: z.number().nullable(),
    deliveryProvinceCode: z.string(),
    deliveryRegencyCode: z.string(),
    deliveryAddress: z.string(),
    neededBy: z.string().nullable().meta({ description: "A calendar date, YYYY-MM-DD (Asia/Jakarta)." }),
    bidDeadline: z.string().nullable().meta({ description: "UTC timestamp (ISO 8601)." }),
    visibility: z.enum(["public", "invited"]),
    minStageCode: z.string().nullable(),
    paymentTerms: z.string(),
    deliveryTerms: z.string(),
    cancelReason: z.string().nullable(),
    publishedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lines: z.array(RfqLineSchema),
    actions: z.array(z.string()).meta({ description: "What this organization may do to the RFQ now (edit, publish, cancel, invite, compare …), from its lifecycle." }),
  })
  .meta({ id: "Rfq" });

export const pageSchema = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
    })
    .meta({ id });

export const RfqPageSchema = pageSchema(RfqSummarySchema, "RfqPage");

export const SupplierHitSchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    kind: z.enum(["supplier", "cooperative"]),
    name: z.string(),
    headline: z.string(),
    provinceCode: z.string(),
    provinceName: z.string(),
    regencyName: z.string(),
    clusterCode: z.string(),
    processes: z.array(z.string()),
    materials: z.array(z.string()),
    certificates: z.array(z.string()).meta({ description: "Certificates valid today." }),
    tkdnPercent: z.number().nullable(),
    capacityPcsPerMonth: z.number(),
    missing: z.array(z.string()).meta({ description: "A partial match: the query's words this supplier lacks (empty for a full match)." }),
  })
  .meta({ id: "SupplierHit" });

export const DirectoryResultSchema = z
  .object({
    data: z.array(SupplierHitSchema),
    total: z.number().int(),
    exhaustive: z.boolean().meta({ description: "false: `total` and the facet counts are lower bounds." }),
    page: z.number().int(),
    pages: z.number().int(),
    facets: z.record(z.string(), z.record(z.string(), z.number().int())),
  })
  .meta({ id: "DirectoryResult" });
