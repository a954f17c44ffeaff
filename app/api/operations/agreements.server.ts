import { z } from "zod";
import { getDb } from "../../db.server";
import { callOff, takeAgreementStep, updateAgreementDraft } from "../../domain/agreements/agreements.server";
import { getAgreementPage, listAgreements } from "../../domain/agreements/agreement-views.server";
import { AgreementDraftSchema, AgreementStepSchema, CallOffSchema } from "../../domain/agreements/schemas";
import { jakartaDate } from "../../domain/time";
import { PageQuerySchema, etagOf, ifMatchAccepts, pageAt } from "../conventions.server";
import { defineOperation, type ApiContext } from "../define";
import { ApiProblem } from "../problem";
import { AgreementPageSchema, AgreementSchemaOut, CreatedSchema, PathId } from "../schemas";

// Framework agreements (kontrak payung) and call-offs over API v1, for both parties (scope `orders`): the
// agreement page's own read model and use cases; the agreement's revision is its ETag.

const AgreementParams = z.object({ agreementId: PathId });
const agreementEtag = (a: { id: number; revision: number; status: string }) => etagOf("agreement", a.id, `${a.revision}|${a.status}`);

async function reply(c: ApiContext<unknown, unknown, unknown>, agreementId: number, status = 200) {
  const page = await getAgreementPage(getDb(), { agreementId, organizationId: c.principal.organizationId, actorUserId: c.principal.userId, today: jakartaDate(c.now) });
  const a = page.agreement;
  return {
    status,
    etag: agreementEtag(a),
    body: {
      id: a.id,
      number: a.number,
      title: a.title,
      status: a.status,
      revision: a.revision,
      side: page.side,
      buyer: { id: page.buyer.id, name: page.buyer.legal_name },
      supplier: { id: page.supplier.id, name: page.supplier.legal_name },
      startsOn: a.starts_on,
      endsOn: a.ends_on,
      maxValue: a.max_value,
      usedValue: page.usage.usedValue,
      remainingValue: page.usage.remainingValue,
      paymentDueDays: a.payment_due_days,
      items: page.usage.items.map((i) => ({ id: i.id, partName: i.part_name, partNumber: i.part_number, unit: i.unit, unitPrice: i.unit_price, maxQuantity: i.max_quantity, used: i.used, remaining: i.remaining })),
      callOffs: page.callOffs.map((o) => ({ orderId: o.id, number: o.number, status: o.status, value: o.value, quantity: o.quantity, createdAt: o.created_at })),
      steps: page.steps,
      actions: page.actions,
    },
  };
}

const agreementResponse = { description: "The agreement as your side sees it.", schema: AgreementSchemaOut, etag: true };
const notFound = { description: "No such agreement of yours." };

export const agreementOperations = [
  defineOperation({
    operationId: "listAgreements",
    method: "get",
    path: "/agreements",
    tag: "Agreements",
    summary: "Your framework agreements, as buyer and as supplier",
    description: "Newest first (at most 200), a page at a time.",
    scope: "orders:read",
    query: PageQuerySchema,
    responses: { 200: { description: "One page of agreements.", schema: AgreementPageSchema } },
    run: async (c) => {
      const rows = await listAgreements(getDb(), c.principal.organizationId, jakartaDate(c.now));
      const page = pageAt(rows, c.query.cursor, c.query.limit);
      return {
        status: 200,
        body: {
          data: page.rows.map((r) => ({ id: r.id, number: r.number, title: r.title, status: r.status, side: r.side, startsOn: r.starts_on, endsOn: r.ends_on, maxValue: r.max_value, usedValue: r.usedValue })),
          nextCursor: page.nextCursor,
        },
      };
    },
  }),
  defineOperation({
    operationId: "getAgreement",
    method: "get",
    path: "/agreements/{agreementId}",
    tag: "Agreements",
    summary: "Read a framework agreement with its items, usage and call-offs",
    scope: "orders:read",
    params: AgreementParams,
    responses: { 200: agreementResponse, 404: notFound },
    run: (c) => reply(c, c.params.agreementId),
  }),
  defineOperation({
    operationId: "updateAgreementDraft",
    method: "put",
    path: "/agreements/{agreementId}",
    tag: "Agreements",
    summary: "Buyer: edit a draft agreement (or answer a change request) — title, period, value limit, prices, terms",
    description:
      "The agreement form as JSON, every field sent (a replacement). `items` names each item by its id with its unit price (whole rupiah, a number) and optional quantity limit; `revision` is the agreement's; `If-Match` its ETag. Only while the agreement's steps include `editDraft`.",
    scope: "orders:write",
    params: AgreementParams,
    body: AgreementDraftSchema,
    ifMatch: true,
    example: { revision: 1, title: "Blok rem komposit K-3 — 2027", startsOn: "2027-01-01", endsOn: "2027-12-31", maxValue: 1_110_000_000, paymentDueDays: 30, paymentTerms: "30 hari setelah BAST", deliveryTerms: "Franco Depo Bandung", items: [{ itemId: 7, unitPrice: 185_000, maxQuantity: 6000 }] },
    responses: { 200: agreementResponse, 404: notFound, 409: { description: "The agreement is no longer a draft, or the revision is stale." } },
    run: async (c) => {
      const current = await reply(c, c.params.agreementId);
      if (!ifMatchAccepts(c.ifMatch ?? "", current.etag)) throw new ApiProblem(412, "error.preconditionFailed");
      await updateAgreementDraft(getDb(), { agreementId: c.params.agreementId, buyerId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      return reply(c, c.params.agreementId);
    },
  }),
  defineOperation({
    operationId: "takeAgreementStep",
    method: "post",
    path: "/agreements/{agreementId}/steps",
    tag: "Agreements",
    summary: "Take one of the agreement's steps (send, accept, request a change, propose an extension, end …)",
    description: "`event` is one of the agreement's `steps`; `revision` the agreement's; `If-Match` its ETag. An extension names `endsOn` (and optionally `maxValue`).",
    scope: "orders:write",
    params: AgreementParams,
    body: AgreementStepSchema,
    ifMatch: true,
    example: { revision: 2, event: "accept" },
    responses: { 200: agreementResponse, 403: { description: "Not your side's step." }, 404: notFound, 409: { description: "Not allowed in the agreement's state, or the revision is stale." } },
    run: async (c) => {
      const current = await reply(c, c.params.agreementId);
      if (!ifMatchAccepts(c.ifMatch ?? "", current.etag)) throw new ApiProblem(412, "error.preconditionFailed");
      await takeAgreementStep(getDb(), { agreementId: c.params.agreementId, organizationId: c.principal.organizationId, actorUserId: c.principal.userId, event: c.body.event, reason: c.body.reason, endsOn: c.body.endsOn, maxValue: c.body.maxValue, expectedRevision: c.body.revision, now: c.now });
      return reply(c, c.params.agreementId);
    },
  }),
  defineOperation({
    operationId: "callOff",
    method: "post",
    path: "/agreements/{agreementId}/call-offs",
    tag: "Agreements",
    summary: "Buyer: call off against an active agreement (an order at the agreed prices)",
    description: "A quantity per item, the first delivery date and optionally a monthly schedule. `revision` is the agreement's.",
    scope: "orders:write",
    params: AgreementParams,
    body: CallOffSchema,
    example: { revision: 3, deliverOn: "2027-03-01", months: 3, lines: [{ itemId: 7, quantity: 600 }] },
    responses: { 201: { description: "The call-off order's id.", schema: CreatedSchema }, 404: notFound, 409: { description: "The agreement is not active, or changed." } },
    run: async (c) => {
      const id = await callOff(getDb(), { agreementId: c.params.agreementId, buyerId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      return { status: 201, body: { id }, headers: { Location: `/api/v1/orders/${id}` } };
    },
  }),
];
