import { z } from "zod";
import { API_SCOPES } from "../domain/api-keys/scopes";
import { RFQ_STATES } from "../domain/rfqs/rfq-states";
import { MAX_DRAWING_BYTES } from "../domain/rfqs/schemas";

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

/** A stored file (a drawing or a bid attachment): read it with GET /rfqs/{rfqId}/files/{id}. */
export const FileRefSchema = z
  .object({ id: z.number().int(), name: z.string(), size: z.number().int().meta({ description: "Bytes." }), contentType: z.string() })
  .meta({ id: "FileRef" });

/** Stored file rows as FileRefs. */
export const fileRefs = (rows: readonly { id: number; original_name: string; byte_size: number; content_type: string }[]) =>
  rows.map((f) => ({ id: f.id, name: f.original_name, size: f.byte_size, contentType: f.content_type }));

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
    drawings: z.array(FileRefSchema).meta({ description: "Read with GET /rfqs/{rfqId}/files/{id}." }),
  })
  .meta({ id: "RfqLine" });

export const QuestionSchemaOut = z
  .object({
    id: z.number().int(),
    status: z.enum(["asked", "answered"]),
    question: z.string(),
    answer: z.string().nullable(),
    askedAt: z.string(),
    answeredAt: z.string().nullable(),
    mine: z.boolean().meta({ description: "Asked by your organization." }),
    askerName: z.string().nullable().meta({ description: "Who asked: shown to the buyer only." }),
  })
  .meta({ id: "Question" });

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
    role: z.enum(["buyer", "supplier"]).meta({ description: "Your side of this RFQ." }),
    buyerName: z.string(),
    actions: z.array(z.string()).meta({ description: "What your side may do to the RFQ now (edit, publish, cancel, invite, compare, bid, ask …), from its lifecycle." }),
    questions: z.array(QuestionSchemaOut),
    bidCount: z.number().int().nullable().meta({ description: "Buyer: bids received, a count only (sealed until the deadline). Null for a supplier." }),
    invitations: z.array(z.object({ supplierId: z.number().int(), name: z.string() })).nullable().meta({ description: "Buyer: suppliers invited. Null for a supplier." }),
    myBid: z.object({ id: z.number().int(), status: z.string(), version: z.number().int(), attachments: z.array(FileRefSchema) }).nullable().meta({ description: "Supplier: your bid, if any. Null for the buyer." }),
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

export const FeedItemSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    status: RfqStatusSchema,
    buyerName: z.string(),
    bidDeadline: z.string().nullable(),
    neededBy: z.string().nullable(),
    visibility: z.enum(["public", "invited"]),
    deliveryProvinceCode: z.string(),
    invited: z.boolean(),
    myBidStatus: z.string().nullable(),
  })
  .meta({ id: "FeedItem" });

export const FeedPageSchema = pageSchema(FeedItemSchema, "FeedPage");

export const BidResultSchema = z
  .object({
    bidId: z.number().int(),
    version: z.number().int(),
    duplicate: z.boolean().meta({ description: "The same submissionKey was sent before: nothing new was made." }),
    attachments: z.array(FileRefSchema).meta({ description: "Every file attached to the bid so far (each version may add one)." }),
  })
  .meta({ id: "BidResult" });

export const ComparedBidSchema = z
  .object({
    id: z.number().int(),
    status: z.string(),
    supplier: z.object({ id: z.number().int(), name: z.string(), kind: z.enum(["buyer", "supplier", "cooperative"]) }),
    version: z.number().int(),
    outdated: z.boolean().meta({ description: "Made for an earlier version of the RFQ." }),
    leadTimeDays: z.number().int(),
    validUntil: z.string(),
    deliveryTerms: z.string(),
    notes: z.string(),
    total: z.number().int().meta({ description: "Whole rupiah, before PPN." }),
    tkdnPercent: z.number().nullable(),
    validCertificates: z.array(z.string()),
    missingCertificates: z.array(z.string()),
    attachments: z.array(FileRefSchema),
    lines: z.array(
      z.object({
        rfqLineId: z.number().int(),
        quantity: z.number().int(),
        unitPrice: z.number().int(),
        amount: z.number().int(),
        lowest: z.boolean(),
        product: z.string().nullable(),
        tkdnPercent: z.number().nullable(),
        shares: z.array(z.object({ member: z.string(), quantity: z.number().int() })),
        awarded: z.number().int(),
      }),
    ),
  })
  .meta({ id: "ComparedBid" });

export const BidListSchema = z.object({ data: z.array(ComparedBidSchema) }).meta({ id: "BidList" });

export const AwardResultSchema = z
  .object({
    awardId: z.number().int(),
    orderIds: z.array(z.number().int()),
    agreementIds: z.array(z.number().int()),
  })
  .meta({ id: "AwardResult" });

export const CreatedSchema = z.object({ id: z.number().int() }).meta({ id: "Created" });
export const InvitedSchema = z.object({ invited: z.number().int().meta({ description: "Suppliers newly invited." }) }).meta({ id: "Invited" });

export const OrderSummarySchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.string(),
    side: z.enum(["buyer", "supplier"]),
    title: z.string(),
    counterpart: z.string(),
    value: z.number().meta({ description: "Whole rupiah, before PPN." }),
    openInvoices: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: "OrderSummary" });

export const OrderPageSchema = pageSchema(OrderSummarySchema, "OrderPage");

export const OrderSchemaOut = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.string(),
    revision: z.number().int().meta({ description: "Send it back with the order's writes (and its ETag as If-Match)." }),
    side: z.enum(["buyer", "supplier"]),
    rfqId: z.number().int(),
    rfqTitle: z.string(),
    buyer: z.object({ id: z.number().int(), name: z.string() }),
    supplier: z.object({ id: z.number().int(), name: z.string() }),
    paymentDueDays: z.number().int(),
    ppnRateBp: z.number().int().meta({ description: "PPN frozen on the order, in basis points (1200 = 12 %)." }),
    steps: z.array(z.string()).meta({ description: "The order's lifecycle events your side may take now." }),
    actions: z.array(z.string()).meta({ description: "What else your side may do now (ship, inspect, invoice …)." }),
    invoiceable: z.number().int(),
    lines: z.array(
      z.object({
        id: z.number().int(),
        rfqLineId: z.number().int(),
        partName: z.string(),
        partNumber: z.string(),
        unit: z.string(),
        quantity: z.number().int(),
        unitPrice: z.number().int(),
        shipped: z.number().int(),
        accepted: z.number().int(),
        rejected: z.number().int(),
        handedOver: z.number().int(),
        invoiced: z.number().int(),
      }),
    ),
    shipments: z.array(
      z.object({
        id: z.number().int(),
        number: z.number().int(),
        status: z.string(),
        shippedOn: z.string(),
        vehicle: z.string(),
        deliveryNote: z.string(),
        receivedOn: z.string().nullable(),
        lines: z.array(
          z.object({
            id: z.number().int(),
            orderLineId: z.number().int(),
            quantity: z.number().int(),
            accepted: z.number().int().nullable(),
            rejected: z.number().int().nullable(),
            rejectionReason: z.string().nullable(),
          }),
        ),
        allowed: z.array(z.string()),
      }),
    ),
    basts: z.array(
      z.object({
        id: z.number().int(),
        number: z.string(),
        status: z.string(),
        revision: z.number().int(),
        shipmentId: z.number().int(),
        handedOverOn: z.string(),
        buyerConfirmedAt: z.string().nullable(),
        supplierConfirmedAt: z.string().nullable(),
        allowed: z.array(z.string()),
      }),
    ),
    invoices: z.array(
      z.object({
        id: z.number().int(),
        number: z.string(),
        status: z.string(),
        revision: z.number().int(),
        issuedOn: z.string(),
        dueOn: z.string(),
        dpp: z.number().int(),
        subtotal: z.number().int(),
        ppn: z.number().int(),
        total: z.number().int(),
        ppnWithheld: z.number().int(),
        amountDue: z.number().int(),
        amountPaid: z.number().int(),
        outstanding: z.number().int(),
        kodeTransaksi: z.string().nullable(),
        fakturNumber: z.string().nullable(),
        transferAmount: z.number().int().nullable(),
        transferReference: z.string().nullable(),
        paidAt: z.string().nullable(),
        payments: z.array(z.object({ id: z.number().int(), amount: z.number().int(), method: z.string(), reference: z.string(), paidOn: z.string() })),
        lines: z.array(z.object({ id: z.number().int(), orderLineId: z.number().int(), quantity: z.number().int(), unitPrice: z.number().int() })),
        creditNotes: z.array(
          z.object({ id: z.number().int(), number: z.string(), status: z.string(), revision: z.number().int(), reason: z.string(), total: z.number().int(), amountDue: z.number().int(), allowed: z.array(z.string()) }),
        ),
        allowed: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: "Order" });

/** The largest body of an operation that carries one file in base64 (a drawing's 25 MB, and the rest of the form). */
export const BODY_WITH_FILE_BYTES = Math.ceil((MAX_DRAWING_BYTES * 4) / 3) + 1024 * 1024;

/**
 * A document sent inside JSON (a faktur PDF, a drawing, a bid's attachment): its name, type and bytes in base64. Parsed into the same File the
 * form's upload is, so the use case checks its content exactly as for the page.
 */
export const Base64FileSchema = z
  .object({
    name: z.string({ error: "error.required" }).trim().min(1, "error.required").max(200, "error.tooLong"),
    contentType: z.string({ error: "error.required" }).max(100, "error.tooLong"),
    data: z
      .string({ error: "error.required" })
      .max(36 * 1024 * 1024, "error.fileTooLarge")
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, "error.invalid")
      .meta({ description: "The file's bytes, base64 (RFC 4648 §4)." }),
  })
  .transform((v) => new File([Buffer.from(v.data, "base64")], v.name, { type: v.contentType }))
  .meta({ id: "Base64File" });

/** A stored file's bytes, in base64 like the files API v1 takes. */
export const FileContentSchema = z
  .object({ id: z.number().int(), name: z.string(), contentType: z.string(), size: z.number().int(), data: z.string().meta({ description: "The file's bytes, base64 (RFC 4648 §4)." }) })
  .meta({ id: "FileContent" });

export const CooperativeMembersSchema = z
  .object({ data: z.array(z.object({ id: z.number().int().meta({ description: "The member's organization id (a share's memberId)." }), name: z.string(), status: z.string() })) })
  .meta({ id: "CooperativeMembers" });

export const AgreementSummarySchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    title: z.string(),
    status: z.string(),
    side: z.enum(["buyer", "supplier"]),
    startsOn: z.string(),
    endsOn: z.string(),
    maxValue: z.number().int().nullable(),
    usedValue: z.number(),
  })
  .meta({ id: "AgreementSummary" });

export const AgreementPageSchema = pageSchema(AgreementSummarySchema, "AgreementPage");

export const AgreementSchemaOut = z
  .object({
    id: z.number().int(),
    number: z.string(),
    title: z.string(),
    status: z.string(),
    revision: z.number().int(),
    side: z.enum(["buyer", "supplier"]),
    buyer: z.object({ id: z.number().int(), name: z.string() }),
    supplier: z.object({ id: z.number().int(), name: z.string() }),
    startsOn: z.string(),
    endsOn: z.string(),
    maxValue: z.number().int().nullable().meta({ description: "Whole rupiah before PPN; null for no value limit." }),
    usedValue: z.number(),
    remainingValue: z.number().nullable(),
    paymentDueDays: z.number().int(),
    items: z.array(
      z.object({
        id: z.number().int(),
        partName: z.string(),
        partNumber: z.string(),
        unit: z.string(),
        unitPrice: z.number().int(),
        maxQuantity: z.number().int().nullable(),
        used: z.number(),
        remaining: z.number().nullable(),
      }),
    ),
    callOffs: z.array(z.object({ orderId: z.number().int(), number: z.string(), status: z.string(), value: z.number(), quantity: z.number(), createdAt: z.string() })),
    steps: z.array(z.string()),
    actions: z.array(z.string()),
  })
  .meta({ id: "Agreement" });

export const WorkOrderSummarySchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.string(),
    side: z.enum(["cooperative", "member"]),
    buyerName: z.string(),
    memberName: z.string(),
    cooperativeName: z.string(),
    quantity: z.number(),
    firstDue: z.string().nullable(),
  })
  .meta({ id: "WorkOrderSummary" });

export const WorkOrderPageSchema = pageSchema(WorkOrderSummarySchema, "WorkOrderPage");

export const WorkOrderSchemaOut = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.string(),
    revision: z.number().int(),
    side: z.enum(["cooperative", "member"]),
    order: z.object({ id: z.number().int(), number: z.string(), title: z.string(), buyerName: z.string() }),
    cooperative: z.object({ id: z.number().int(), name: z.string() }),
    member: z.object({ id: z.number().int(), name: z.string() }),
    lines: z.array(
      z.object({
        id: z.number().int(),
        partName: z.string(),
        partNumber: z.string(),
        unit: z.string(),
        quantity: z.number().int(),
        memberUnitPrice: z.number().int().nullable(),
        buyerUnitPrice: z.number().int().nullable().meta({ description: "Shown to a member only when the cooperative chose to." }),
        handedOver: z.number().int(),
        accepted: z.number().int(),
        rejected: z.number().int(),
        open: z.number().int(),
      }),
    ),
    handovers: z.array(
      z.object({
        id: z.number().int(),
        number: z.number().int(),
        status: z.string(),
        handedOverOn: z.string(),
        lotNumber: z.string(),
        lines: z.array(z.object({ id: z.number().int(), workOrderLineId: z.number().int(), quantity: z.number().int(), accepted: z.number().int().nullable(), rejected: z.number().int().nullable() })),
      }),
    ),
    steps: z.array(z.string()),
    actions: z.array(z.string()),
  })
  .meta({ id: "WorkOrder" });

export const MemberStatementSchema = z
  .object({
    side: z.enum(["cooperative", "member"]),
    cooperative: z.object({ id: z.number().int(), name: z.string() }),
    member: z.object({ id: z.number().int(), name: z.string() }),
    feeBp: z.number().int().meta({ description: "The cooperative's fee in basis points." }),
    owed: z.number(),
    paid: z.number(),
    outstanding: z.number(),
    payouts: z.array(z.object({ id: z.number().int(), amount: z.number(), paidOn: z.string(), reference: z.string(), status: z.enum(["sent", "confirmed"]), confirmedAt: z.string().nullable() })),
  })
  .meta({ id: "MemberStatement" });
