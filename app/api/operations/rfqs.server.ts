import { z } from "zod";
import type { Selectable } from "kysely";
import type { RfqsTable } from "../../../db/schema";
import { getDb } from "../../db.server";
import { grants } from "../../domain/api-keys/scopes";
import { cancelRfq } from "../../domain/rfqs/cancel-rfq.server";
import { loadOwnRfq } from "../../domain/rfqs/rfq-access.server";
import { RFQ_STATES } from "../../domain/rfqs/rfq-states";
import { getRfqPage, listBuyerRfqsPage } from "../../domain/rfqs/rfq-views.server";
import { createRfq, publishRfq, updateRfq } from "../../domain/rfqs/save-rfq.server";
import { CancelRfqSchema, RfqSchema } from "../../domain/rfqs/schemas";
import { addDraftDrawing, listBidAttachments, readRfqFile } from "../../domain/rfqs/rfq-files.server";
import { PageQuerySchema, decodeCursor, etagOf, ifMatchAccepts, pageOf } from "../conventions.server";
import { defineOperation, requireBuyer, type ApiContext } from "../define";
import { ApiProblem } from "../problem";
import { BODY_WITH_FILE_BYTES, Base64FileSchema, CreatedSchema, FileContentSchema, PathId, RfqPageSchema, RfqSchemaOut, fileRefs } from "../schemas";

// Buyers' RFQs over API v1: the same use cases as the RFQ editor and page (app/domain/rfqs), scoped to the key's
// organization in every query.

const RfqParams = z.object({ rfqId: PathId });

const rfqEtag = (rfq: Pick<Selectable<RfqsTable>, "id" | "updated_at" | "status" | "version">) => etagOf("rfq", rfq.id, `${rfq.updated_at}|${rfq.status}|${rfq.version}`);

const viewerOf = (c: ApiContext<unknown, unknown, unknown>) => ({ userId: c.principal.userId, organizationId: c.principal.organizationId, sells: c.principal.sells });

/** The RFQ as its buyer or a supplier that may see it reads it (the RFQ page's own view, sealed alike). */
async function reply(c: ApiContext<unknown, unknown, unknown>, rfqId: number, status = 200) {
  const page = await getRfqPage(getDb(), rfqId, viewerOf(c), c.now);
  const { rfq } = page;
  return {
    status,
    etag: rfqEtag(rfq),
    body: {
      id: rfq.id,
      status: rfq.status,
      version: rfq.version,
      title: rfq.title,
      description: rfq.description,
      requiredCertificates: rfq.requiredCertificates,
      minTkdnPercent: rfq.min_tkdn_percent,
      deliveryProvinceCode: rfq.delivery_province_code,
      deliveryRegencyCode: rfq.delivery_regency_code,
      deliveryAddress: rfq.delivery_address,
      neededBy: rfq.needed_by,
      bidDeadline: rfq.bid_deadline,
      visibility: rfq.visibility,
      minStageCode: rfq.min_stage_code,
      paymentTerms: rfq.payment_terms,
      deliveryTerms: rfq.delivery_terms,
      cancelReason: rfq.cancel_reason,
      publishedAt: rfq.published_at,
      closedAt: rfq.closed_at,
      createdAt: rfq.created_at,
      updatedAt: rfq.updated_at,
      lines: page.lines.map((l) => ({
        id: l.id,
        position: l.position,
        partName: l.part_name,
        partNumber: l.part_number,
        description: l.description,
        materialCode: l.material_code,
        processCode: l.process_code,
        quantity: l.quantity,
        unit: l.unit,
        targetUnitPrice: l.target_unit_price,
        minTkdnPercent: l.min_tkdn_percent,
        minTkdnBmpPercent: l.min_tkdn_bmp_percent,
        tkdnRule: l.tkdn_rule,
        drawings: l.drawings.map((d) => ({ id: d.id, name: d.original_name, size: d.byte_size, contentType: d.content_type })),
      })),
      role: page.role,
      buyerName: page.buyer.legal_name,
      actions: page.actions,
      questions: page.questions.map((q) => ({
        id: q.id,
        status: q.status,
        question: q.question,
        answer: q.answer,
        askedAt: q.asked_at,
        answeredAt: q.answered_at,
        mine: q.mine,
        askerName: q.askerName,
      })),
      bidCount: page.buyerView ? page.buyerView.bidCount : null,
      invitations: page.buyerView ? page.buyerView.invitations.map((i) => ({ supplierId: i.supplier_id, name: i.legal_name })) : null,
      myBid: page.supplierView?.bid
        ? {
            id: page.supplierView.bid.id,
            status: page.supplierView.bid.status,
            version: page.supplierView.bid.version,
            attachments: fileRefs(await listBidAttachments(getDb(), { bidId: page.supplierView.bid.id, supplierId: c.principal.organizationId })),
          }
        : null,
    },
  };
}

const rfqResponse = { description: "The RFQ.", schema: RfqSchemaOut, etag: true };

const EXAMPLE_RFQ = {
  intent: "publish",
  title: "Selongsong silinder FC250 — 200 pcs/bulan",
  description: "Cylinder sleeves, grey iron FC250, machined to drawing TPR-CS-0412.",
  lines: [{ partName: "Cylinder sleeve 0412", partNumber: "TPR-CS-0412", quantity: 200, unit: "pcs", materialCode: "grey_iron", processCode: "centrifugal_casting", targetUnitPrice: "185000" }],
  requiredCertificates: ["iso9001"],
  deliveryProvinceCode: "32",
  deliveryRegencyCode: "32.16",
  deliveryAddress: "Jl. Jababeka Raya Blok F, Cikarang, Bekasi",
  neededBy: "2027-03-01",
  bidDeadline: "2027-01-15T17:00",
  visibility: "public",
};

export const rfqOperations = [
  defineOperation({
    operationId: "listRfqs",
    method: "get",
    path: "/rfqs",
    tag: "RFQs",
    summary: "List your organization's RFQs",
    description: "Newest first, a page at a time (`cursor` from the previous page's `nextCursor`).",
    scope: "rfqs:read",
    query: PageQuerySchema.extend({ status: z.enum(RFQ_STATES, { error: "error.invalid" }).optional() }),
    responses: { 200: { description: "One page of RFQs.", schema: RfqPageSchema } },
    run: async (c) => {
      requireBuyer(c);
      const rows = await listBuyerRfqsPage(getDb(), { buyerId: c.principal.organizationId, before: decodeCursor(c.query.cursor), limit: c.query.limit + 1, status: c.query.status, now: c.now });
      const page = pageOf(rows, c.query.limit);
      return {
        status: 200,
        body: {
          data: page.rows.map((r) => ({
            id: r.id,
            title: r.title,
            status: r.status,
            visibility: r.visibility,
            bidDeadline: r.bid_deadline,
            lineCount: Number(r.line_count ?? 0),
            bidCount: Number(r.bid_count ?? 0),
            createdAt: r.created_at,
          })),
          nextCursor: page.nextCursor,
        },
      };
    },
  }),
  defineOperation({
    operationId: "createRfq",
    method: "post",
    path: "/rfqs",
    tag: "RFQs",
    summary: "Create an RFQ (a draft, or published at once)",
    description:
      "The RFQ editor's form as JSON. `intent`: `save` keeps a draft, `publish` opens it for bids (then `lines`, `neededBy` and `bidDeadline` are required). `bidDeadline` is Asia/Jakarta local time (`YYYY-MM-DDTHH:mm`); prices are whole rupiah as text (`\"185000\"` or `\"185.000\"`). Drawings are not sent here.",
    scope: "rfqs:write",
    body: RfqSchema,
    example: EXAMPLE_RFQ,
    responses: { 201: rfqResponse },
    run: async (c) => {
      requireBuyer(c);
      if (c.body.intent === "amend") throw new ApiProblem(422, "error.invalid", [{ pointer: "/intent", messageKey: "error.invalid" }]);
      const id = await createRfq(getDb(), { buyerId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      const answer = await reply(c, id, 201);
      return { ...answer, headers: { Location: `/api/v1/rfqs/${id}` } };
    },
  }),
  defineOperation({
    operationId: "getRfq",
    method: "get",
    path: "/rfqs/{rfqId}",
    tag: "RFQs",
    summary: "Read an RFQ (yours, or one your organization may bid on)",
    description: "Its buyer reads it with `rfqs:read`; a supplier that may see it (public and open, invited, or bid on) with `bids:read`. Questions are shown as on the RFQ page: a supplier sees answered ones and its own.",
    scope: ["rfqs:read", "bids:read"],
    params: RfqParams,
    responses: { 200: rfqResponse, 404: { description: "No such RFQ, or not one you may see." } },
    run: async (c) => {
      const answer = await reply(c, c.params.rfqId);
      // A key answers for its side only: the buyer's side needs an RFQ scope, a supplier's a bid scope.
      const needed = answer.body.role === "buyer" ? "rfqs:read" : "bids:read";
      if (!grants(c.principal.scopes, needed)) throw new ApiProblem(403, "error.apiScope");
      return answer;
    },
  }),
  defineOperation({
    operationId: "updateRfq",
    method: "put",
    path: "/rfqs/{rfqId}",
    tag: "RFQs",
    summary: "Replace a draft, or amend an open RFQ",
    description:
      "The whole RFQ as in `createRfq`; a line keeps its id with `lineId`. A draft is changed in place (`intent` `save` or `publish`); an open RFQ is amended with `intent` `amend` and an `amendNote` (bidders are told). Requires `If-Match` with the ETag you last read.",
    scope: "rfqs:write",
    params: RfqParams,
    body: RfqSchema,
    ifMatch: true,
    example: { ...EXAMPLE_RFQ, intent: "save" },
    responses: { 200: rfqResponse, 404: { description: "No such RFQ of yours." }, 409: { description: "The RFQ cannot be changed in its state." } },
    run: async (c) => {
      requireBuyer(c);
      const db = getDb();
      const current = await loadOwnRfq(db, c.params.rfqId, c.principal.organizationId, c.now);
      if (!ifMatchAccepts(c.ifMatch ?? "", rfqEtag(current))) throw new ApiProblem(412, "error.preconditionFailed");
      await updateRfq(db, { rfqId: current.id, buyerId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now, expectedUpdatedAt: current.updated_at });
      return reply(c, current.id);
    },
  }),
  defineOperation({
    operationId: "publishRfq",
    method: "post",
    path: "/rfqs/{rfqId}/publish",
    tag: "RFQs",
    summary: "Publish a complete draft",
    scope: "rfqs:write",
    params: RfqParams,
    responses: { 200: rfqResponse, 404: { description: "No such RFQ of yours." }, 409: { description: "Not a draft." }, 422: { description: "The draft is not complete (deadline, needed-by date)." } },
    run: async (c) => {
      requireBuyer(c);
      await publishRfq(getDb(), { rfqId: c.params.rfqId, buyerId: c.principal.organizationId, actorUserId: c.principal.userId, now: c.now });
      return reply(c, c.params.rfqId);
    },
  }),
  defineOperation({
    operationId: "cancelRfq",
    method: "post",
    path: "/rfqs/{rfqId}/cancel",
    tag: "RFQs",
    summary: "Cancel an RFQ with a reason",
    description: "A draft, open or closed RFQ; invited suppliers and bidders are told.",
    scope: "rfqs:write",
    params: RfqParams,
    body: CancelRfqSchema,
    example: { reason: "Drawing revised; a new RFQ follows." },
    responses: { 200: rfqResponse, 404: { description: "No such RFQ of yours." }, 409: { description: "Already awarded or cancelled." } },
    run: async (c) => {
      requireBuyer(c);
      await cancelRfq(getDb(), { rfqId: c.params.rfqId, buyerId: c.principal.organizationId, actorUserId: c.principal.userId, reason: c.body.reason, now: c.now });
      return reply(c, c.params.rfqId);
    },
  }),
  defineOperation({
    operationId: "addDrawing",
    method: "post",
    path: "/rfqs/{rfqId}/lines/{lineId}/drawings",
    tag: "RFQs",
    summary: "Add a drawing to a line of your draft RFQ",
    description: "PDF, DXF, STEP, PNG or JPEG up to 25 MB, in base64 (the content is checked, not the name). A draft only: an open RFQ takes new drawings with an amendment in the app.",
    scope: "rfqs:write",
    params: z.object({ rfqId: PathId, lineId: PathId }),
    body: z.object({ file: Base64FileSchema }),
    maxBodyBytes: BODY_WITH_FILE_BYTES,
    example: { file: { name: "TPR-CS-0412-rev2.pdf", contentType: "application/pdf", data: "JVBERi0xLjcK…" } },
    responses: { 201: { description: "The drawing's id.", schema: CreatedSchema }, 404: { description: "No such line on your RFQ." }, 409: { description: "The RFQ is no longer a draft." } },
    run: async (c) => {
      requireBuyer(c);
      const id = await addDraftDrawing(getDb(), { rfqId: c.params.rfqId, rfqLineId: c.params.lineId, buyerId: c.principal.organizationId, actorUserId: c.principal.userId, file: c.body.file, now: c.now });
      return { status: 201, body: { id } };
    },
  }),
  defineOperation({
    operationId: "getRfqFile",
    method: "get",
    path: "/rfqs/{rfqId}/files/{fileId}",
    tag: "RFQs",
    summary: "Read a drawing or a bid attachment (base64)",
    description: "A line's drawing: whoever may see the RFQ. A bid's attachment: its bidder, and the buyer only once the deadline has passed (sealed like the bid).",
    scope: ["rfqs:read", "bids:read"],
    params: z.object({ rfqId: PathId, fileId: PathId }),
    responses: { 200: { description: "The file.", schema: FileContentSchema }, 404: { description: "No such file you may read (a sealed bid's attachment included)." } },
    run: async (c) => {
      const file = await readRfqFile(getDb(), { rfqId: c.params.rfqId, fileId: c.params.fileId, viewer: viewerOf(c) });
      const bytes = Buffer.from(await new Response(file.stream).arrayBuffer());
      return { status: 200, body: { id: c.params.fileId, name: file.name, contentType: file.contentType, size: file.byteSize, data: bytes.toString("base64") } };
    },
  }),
];
