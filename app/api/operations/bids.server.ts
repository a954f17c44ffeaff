import { z } from "zod";
import { getDb } from "../../db.server";
import { getCooperativeMembers } from "../../domain/cooperatives/cooperative-views.server";
import { answerQuestion, askQuestion } from "../../domain/rfqs/questions.server";
import { awardRfq } from "../../domain/rfqs/award-rfq.server";
import { buildComparison } from "../../domain/rfqs/comparison.server";
import { inviteSuppliers } from "../../domain/rfqs/invite-suppliers.server";
import { listSupplierRfqs } from "../../domain/rfqs/rfq-views.server";
import { listBidAttachments } from "../../domain/rfqs/rfq-files.server";
import { AnswerSchema, AwardSchema, InviteSuppliersSchema, QuestionSchema, bidSchemaWith } from "../../domain/rfqs/schemas";
import { submitBid, withdrawBid } from "../../domain/rfqs/submit-bid.server";
import { PageQuerySchema, pageAt } from "../conventions.server";
import { defineOperation, requireBuyer, requireCooperative, requireSeller } from "../define";
import { AwardResultSchema, BODY_WITH_FILE_BYTES, Base64FileSchema, BidListSchema, BidResultSchema, CooperativeMembersSchema, CreatedSchema, FeedPageSchema, InvitedSchema, PathId, fileRefs } from "../schemas";

// The bidding around an RFQ over API v1: a supplier's feed, questions and answers, invitations, sealed bids
// (submitted, revised, withdrawn; read by the buyer only once the deadline has passed — the comparison's own
// rule) and the award. Each calls the use case the RFQ pages call.

const RfqParams = z.object({ rfqId: PathId });

/** The bid form, its attachment sent as base64 (checked by content exactly as the page's upload). */
const ApiBidSchema = bidSchemaWith(Base64FileSchema.optional());

export const bidOperations = [
  defineOperation({
    operationId: "listCooperativeMembers",
    method: "get",
    path: "/cooperative/members",
    tag: "Bids",
    summary: "A cooperative's members (the memberId of a bid's shares)",
    scope: ["bids:read", "work_orders:read"],
    responses: { 200: { description: "The cooperative's members, each with its membership state.", schema: CooperativeMembersSchema }, 403: { description: "Not a cooperative." } },
    run: async (c) => {
      requireCooperative(c);
      const { members } = await getCooperativeMembers(getDb(), c.principal.organizationId);
      return { status: 200, body: { data: members.map((m) => ({ id: m.organizationId, name: m.legal_name, status: m.status })) } };
    },
  }),
  defineOperation({
    operationId: "listFeed",
    method: "get",
    path: "/feed",
    tag: "Bids",
    summary: "Open RFQs your organization may bid on, and those it bid on",
    description: "Soonest deadline first (at most 500), a page at a time.",
    scope: "bids:read",
    query: PageQuerySchema,
    responses: { 200: { description: "One page of the feed.", schema: FeedPageSchema } },
    run: async (c) => {
      requireSeller(c);
      const rows = await listSupplierRfqs(getDb(), { userId: c.principal.userId, organizationId: c.principal.organizationId, sells: true }, c.now);
      const page = pageAt(rows, c.query.cursor, c.query.limit);
      return {
        status: 200,
        body: {
          data: page.rows.map((r) => ({
            id: r.id,
            title: r.title,
            status: r.status,
            buyerName: r.buyer_name,
            bidDeadline: r.bid_deadline,
            neededBy: r.needed_by,
            visibility: r.visibility,
            deliveryProvinceCode: r.delivery_province_code,
            invited: Boolean(r.invited),
            myBidStatus: r.bid_status ?? null,
          })),
          nextCursor: page.nextCursor,
        },
      };
    },
  }),
  defineOperation({
    operationId: "askQuestion",
    method: "post",
    path: "/rfqs/{rfqId}/questions",
    tag: "Bids",
    summary: "Ask the buyer a question about an open RFQ",
    scope: "bids:write",
    params: RfqParams,
    body: QuestionSchema,
    example: { question: "Boleh toleransi diameter dalam ±0,05 mm?" },
    responses: { 201: { description: "The question's id.", schema: CreatedSchema }, 404: { description: "No such RFQ you may see." }, 409: { description: "The RFQ is not open." } },
    run: async (c) => {
      requireSeller(c);
      const id = await askQuestion(getDb(), { rfqId: c.params.rfqId, supplierId: c.principal.organizationId, actorUserId: c.principal.userId, question: c.body.question, now: c.now });
      return { status: 201, body: { id } };
    },
  }),
  defineOperation({
    operationId: "answerQuestion",
    method: "post",
    path: "/rfqs/{rfqId}/questions/{questionId}/answer",
    tag: "RFQs",
    summary: "Answer a supplier's question (everyone who sees the RFQ reads the answer)",
    scope: "rfqs:write",
    params: z.object({ rfqId: PathId, questionId: PathId }),
    body: AnswerSchema.pick({ answer: true }),
    example: { answer: "Ya, ±0,05 mm pada diameter dalam." },
    responses: { 204: { description: "Answered." }, 404: { description: "No such question on your RFQ." }, 409: { description: "Already answered, or the RFQ no longer takes answers." } },
    run: async (c) => {
      requireBuyer(c);
      await answerQuestion(getDb(), { rfqId: c.params.rfqId, buyerId: c.principal.organizationId, questionId: c.params.questionId, actorUserId: c.principal.userId, answer: c.body.answer, now: c.now });
      return { status: 204 };
    },
  }),
  defineOperation({
    operationId: "inviteSuppliers",
    method: "post",
    path: "/rfqs/{rfqId}/invitations",
    tag: "RFQs",
    summary: "Invite suppliers to your RFQ",
    description: "Approved suppliers by organization id (from the directory search). Suppliers already invited are skipped.",
    scope: "rfqs:write",
    params: RfqParams,
    body: InviteSuppliersSchema,
    example: { supplierIds: [12, 15] },
    responses: { 200: { description: "How many were newly invited.", schema: InvitedSchema }, 404: { description: "No such RFQ of yours." }, 409: { description: "The RFQ no longer takes invitations." } },
    run: async (c) => {
      requireBuyer(c);
      const invited = await inviteSuppliers(getDb(), { rfqId: c.params.rfqId, buyerId: c.principal.organizationId, supplierIds: c.body.supplierIds, actorUserId: c.principal.userId, now: c.now });
      return { status: 200, body: { invited } };
    },
  }),
  defineOperation({
    operationId: "submitBid",
    method: "post",
    path: "/rfqs/{rfqId}/bids",
    tag: "Bids",
    summary: "Submit or revise your sealed bid",
    description:
      "The bid form as JSON. A second submission is a revision (every version is kept). `submissionKey` (16–64 letters, digits, `_`, `-`) makes a repeat harmless; `unitPrice` is whole rupiah as text. A cooperative splits each line among its active members with `shares` (they must add up to the line's quantity). An `attachment` (a quotation or a process sheet: PDF, DXF, STEP, PNG or JPEG up to 25 MB, checked by its content) goes in base64. Nobody else sees the bid until the deadline.",
    scope: "bids:write",
    params: RfqParams,
    body: ApiBidSchema,
    maxBodyBytes: BODY_WITH_FILE_BYTES,
    example: {
      submissionKey: "erp-bid-2027-000123",
      leadTimeDays: 30,
      validUntil: "2027-02-28",
      deliveryTerms: "Franco Cikarang",
      lines: [{ rfqLineId: 101, quantity: 200, unitPrice: "176000", productName: "Cylinder sleeve FC250" }],
    },
    responses: {
      200: { description: "The bid and its version (also for a repeated submissionKey).", schema: BidResultSchema },
      403: { description: "Your listing is not approved, or the RFQ is not open to you." },
      404: { description: "No such RFQ you may see." },
      409: { description: "The RFQ is closed or cancelled." },
    },
    run: async (c) => {
      requireSeller(c);
      const result = await submitBid(getDb(), { rfqId: c.params.rfqId, supplierId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      const attachments = await listBidAttachments(getDb(), { bidId: result.bidId, supplierId: c.principal.organizationId });
      return { status: 200, body: { ...result, attachments: fileRefs(attachments) } };
    },
  }),
  defineOperation({
    operationId: "withdrawBid",
    method: "post",
    path: "/rfqs/{rfqId}/bids/{bidId}/withdraw",
    tag: "Bids",
    summary: "Withdraw your bid before the deadline",
    scope: "bids:write",
    params: z.object({ rfqId: PathId, bidId: PathId }),
    responses: { 204: { description: "Withdrawn." }, 404: { description: "No such bid of yours." }, 409: { description: "Past the deadline, or already withdrawn." } },
    run: async (c) => {
      requireSeller(c);
      await withdrawBid(getDb(), { rfqId: c.params.rfqId, bidId: c.params.bidId, supplierId: c.principal.organizationId, actorUserId: c.principal.userId, now: c.now });
      return { status: 204 };
    },
  }),
  defineOperation({
    operationId: "listBids",
    method: "get",
    path: "/rfqs/{rfqId}/bids",
    tag: "RFQs",
    summary: "The bids on your RFQ, once its deadline has passed",
    description: "Sealed until the deadline: before it the answer is 403 (`error.bidsSealed`); the RFQ shows only a count. Withdrawn bids are left out.",
    scope: "rfqs:read",
    params: RfqParams,
    responses: { 200: { description: "The bids, as the comparison shows them.", schema: BidListSchema }, 403: { description: "Still sealed (the deadline has not passed)." }, 404: { description: "No such RFQ of yours." }, 409: { description: "The RFQ was cancelled." } },
    run: async (c) => {
      requireBuyer(c);
      const comparison = await buildComparison(getDb(), { rfqId: c.params.rfqId, buyerId: c.principal.organizationId, now: c.now });
      return {
        status: 200,
        body: {
          data: comparison.bids.map((b) => ({
            id: b.id,
            status: b.status,
            supplier: { id: b.supplier.id, name: b.supplier.legalName, kind: b.supplier.kind },
            version: b.version,
            outdated: b.outdated,
            leadTimeDays: b.leadTimeDays,
            validUntil: b.validUntil,
            deliveryTerms: b.deliveryTerms,
            notes: b.notes,
            total: b.total,
            tkdnPercent: b.tkdnPercent,
            validCertificates: b.validCertificates,
            missingCertificates: b.missingCertificates,
            attachments: b.attachments,
            lines: Object.entries(b.cells).map(([lineId, cell]) => ({
              rfqLineId: Number(lineId),
              quantity: cell.quantity,
              unitPrice: cell.unitPrice,
              amount: cell.amount,
              lowest: cell.lowest,
              product: cell.product,
              tkdnPercent: cell.tkdnPercent,
              shares: cell.shares.map((s) => ({ member: s.member, quantity: s.quantity })),
              awarded: cell.awarded,
            })),
          })),
        },
      };
    },
  }),
  defineOperation({
    operationId: "awardRfq",
    method: "post",
    path: "/rfqs/{rfqId}/award",
    tag: "RFQs",
    summary: "Award a closed RFQ, whole or split",
    description:
      "The award form as JSON: a `reason` and `allocations` (bid, RFQ line and quantity; several bids per line split it). `trial`, `acknowledgeLocalContent` and `asAgreement` are the form's check boxes: send `\"on\"` to tick one. One order (a contract draft) is made per winner, or a framework agreement with `asAgreement`.",
    scope: "rfqs:write",
    params: RfqParams,
    body: AwardSchema,
    example: { reason: "Harga terendah dengan ISO 9001 berlaku", allocations: [{ bidId: 31, rfqLineId: 101, quantity: 200 }] },
    responses: {
      201: { description: "The award and the orders (or agreements) it made.", schema: AwardResultSchema },
      404: { description: "No such RFQ of yours." },
      409: { description: "Not closed yet, already awarded, or cancelled." },
    },
    run: async (c) => {
      requireBuyer(c);
      const result = await awardRfq(getDb(), {
        rfqId: c.params.rfqId,
        buyerId: c.principal.organizationId,
        actorUserId: c.principal.userId,
        reason: c.body.reason,
        allocations: c.body.allocations,
        trial: c.body.trial === "on",
        acknowledgeLocalContent: c.body.acknowledgeLocalContent === "on",
        asAgreement: c.body.asAgreement === "on" ? { months: c.body.agreementMonths } : undefined,
        now: c.now,
      });
      return { status: 201, body: { awardId: result.awardId, orderIds: result.orderIds, agreementIds: result.agreementIds } };
    },
  }),
];
