import { z } from "zod";
import { getDb } from "../../db.server";
import { jakartaDate } from "../../domain/time";
import { confirmPayout, recordPayout, statementFor } from "../../domain/work-orders/member-money.server";
import { ConfirmPayoutSchema, HandoverInspectionSchema, HandoverSchema, PayoutSchema, ReallocationSchema, SplitSchema, WorkOrderStepSchema } from "../../domain/work-orders/work-order-schemas";
import { getWorkOrderPage, listWorkOrders } from "../../domain/work-orders/work-order-views.server";
import { inspectHandover, reallocateWorkOrder, recordHandover, splitOrder, takeWorkOrderStep } from "../../domain/work-orders/work-orders.server";
import { PageQuerySchema, etagOf, ifMatchAccepts, pageAt } from "../conventions.server";
import { defineOperation, requireCooperative, type ApiContext } from "../define";
import { ApiProblem } from "../problem";
import { CreatedSchema, MemberStatementSchema, PathId, WorkOrderPageSchema, WorkOrderSchemaOut } from "../schemas";

// A cooperative's work with its members over API v1 (scope `work_orders`): splitting a won order into member
// work orders, their steps, members' hand-overs and the cooperative's inspection of them, and the money —
// statements and payouts. The work-order pages' own read models and use cases; the buyer never reaches them.

const WorkOrderParams = z.object({ workOrderId: PathId });
/** Its revision and state, and the pieces on each line (a reallocation moves pieces without a new revision). */
const workOrderEtag = (w: { id: number; revision: number; status: string }, lines: readonly { id: number; quantity: number }[]) =>
  etagOf("work-order", w.id, `${w.revision}|${w.status}|${lines.map((l) => `${l.id}:${l.quantity}`).join(",")}`);

async function reply(c: ApiContext<unknown, unknown, unknown>, workOrderId: number) {
  const page = await getWorkOrderPage(getDb(), { workOrderId, organizationId: c.principal.organizationId, actorUserId: c.principal.userId, today: jakartaDate(c.now) });
  const w = page.workOrder;
  return {
    status: 200,
    etag: workOrderEtag(w, page.lines),
    body: {
      id: w.id,
      number: w.number,
      status: w.status,
      revision: w.revision,
      side: page.side,
      order: { id: page.order.id, number: page.order.number, title: page.order.title, buyerName: page.order.buyerName },
      cooperative: { id: page.cooperative.id, name: page.cooperative.legal_name },
      member: { id: page.member.id, name: page.member.legal_name },
      lines: page.lines.map((l) => ({
        id: l.id,
        partName: l.partName,
        partNumber: l.partNumber,
        unit: l.unit,
        quantity: l.quantity,
        memberUnitPrice: l.memberUnitPrice,
        buyerUnitPrice: l.buyerUnitPrice,
        handedOver: l.progress.handedOver,
        accepted: l.progress.accepted,
        rejected: l.progress.rejected,
        open: l.progress.open,
      })),
      handovers: page.handovers.map((h) => ({
        id: h.id,
        number: h.number,
        status: h.status,
        handedOverOn: h.handed_over_on,
        lotNumber: h.lot_number,
        lines: h.lines.map((l) => ({ id: l.id, workOrderLineId: l.work_order_line_id, quantity: l.quantity, accepted: l.accepted_quantity, rejected: l.rejected_quantity })),
      })),
      steps: page.steps,
      actions: page.actions,
    },
  };
}

const workOrderResponse = { description: "The work order as your side sees it.", schema: WorkOrderSchemaOut, etag: true };
const notFound = { description: "No such work order of yours." };

export const workOrderOperations = [
  defineOperation({
    operationId: "splitOrder",
    method: "post",
    path: "/orders/{orderId}/split",
    tag: "Work orders",
    summary: "Cooperative: share a won order among members as work orders",
    description: "Per member, pieces per order line and the member's unit price (whole rupiah as text); `leadDays` is the quality-control time kept before the buyer's dates.",
    scope: "work_orders:write",
    params: z.object({ orderId: PathId }),
    body: SplitSchema,
    example: { leadDays: 3, members: [{ memberId: 41, lines: [{ orderLineId: 55, quantity: 100, memberUnitPrice: "150000" }] }] },
    responses: { 201: { description: "The work orders made.", schema: z.object({ ids: z.array(z.number().int()) }).meta({ id: "WorkOrderIds" }) }, 403: { description: "Not a cooperative's order." }, 404: { description: "No such order of yours." }, 409: { description: "Already shared, or the order does not allow it now." } },
    run: async (c) => {
      requireCooperative(c);
      const ids = await splitOrder(getDb(), { orderId: c.params.orderId, cooperativeId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      return { status: 201, body: { ids } };
    },
  }),
  defineOperation({
    operationId: "listWorkOrders",
    method: "get",
    path: "/work-orders",
    tag: "Work orders",
    summary: "Work orders of your cooperative, or given to you as a member",
    scope: "work_orders:read",
    query: PageQuerySchema,
    responses: { 200: { description: "One page of work orders, newest first.", schema: WorkOrderPageSchema } },
    run: async (c) => {
      const rows = await listWorkOrders(getDb(), c.principal.organizationId);
      const page = pageAt(rows, c.query.cursor, c.query.limit);
      return {
        status: 200,
        body: {
          data: page.rows.map((r) => ({ id: r.id, number: r.number, status: r.status, side: r.side, buyerName: r.buyer_name, memberName: r.member_name, cooperativeName: r.cooperative_name, quantity: r.quantity, firstDue: r.first_due ?? null })),
          nextCursor: page.nextCursor,
        },
      };
    },
  }),
  defineOperation({
    operationId: "getWorkOrder",
    method: "get",
    path: "/work-orders/{workOrderId}",
    tag: "Work orders",
    summary: "Read a work order with its hand-overs",
    scope: "work_orders:read",
    params: WorkOrderParams,
    responses: { 200: workOrderResponse, 404: notFound },
    run: (c) => reply(c, c.params.workOrderId),
  }),
  defineOperation({
    operationId: "takeWorkOrderStep",
    method: "post",
    path: "/work-orders/{workOrderId}/steps",
    tag: "Work orders",
    summary: "Take one of the work order's steps (accept, decline with a reason, start, cancel …)",
    description: "`event` is one of the work order's `steps`; `revision` its revision; `If-Match` its ETag.",
    scope: "work_orders:write",
    params: WorkOrderParams,
    body: WorkOrderStepSchema,
    ifMatch: true,
    example: { revision: 1, event: "accept" },
    responses: { 200: workOrderResponse, 403: { description: "Not your side's step." }, 404: notFound, 409: { description: "Not allowed in its state, or the revision is stale." } },
    run: async (c) => {
      const current = await reply(c, c.params.workOrderId);
      if (!ifMatchAccepts(c.ifMatch ?? "", current.etag)) throw new ApiProblem(412, "error.preconditionFailed");
      await takeWorkOrderStep(getDb(), { workOrderId: c.params.workOrderId, organizationId: c.principal.organizationId, actorUserId: c.principal.userId, event: c.body.event, reason: c.body.reason, expectedRevision: c.body.revision, now: c.now });
      return reply(c, c.params.workOrderId);
    },
  }),
  defineOperation({
    operationId: "reallocateWorkOrder",
    method: "post",
    path: "/work-orders/{workOrderId}/reallocations",
    tag: "Work orders",
    summary: "Cooperative owner: move open pieces of a member's work order to another active member",
    description:
      "Pieces per work-order line (`open` ones only: what waits for inspection stays with its maker) and a reason; a new work order for the other member at the same member price, the latest deliveries moved first. `If-Match` is the work order's ETag. Both members are told.",
    scope: "work_orders:write",
    params: WorkOrderParams,
    body: ReallocationSchema,
    ifMatch: true,
    example: { toMemberId: 42, reason: "Tungku induksi anggota rusak sampai Maret", lines: [{ workOrderLineId: 12, quantity: 60 }] },
    responses: {
      201: { description: "The new work order's id.", schema: CreatedSchema },
      403: { description: "Not the cooperative's owner." },
      404: notFound,
      409: { description: "The work order is not open." },
      422: { description: "The same member, not an active member, nothing to move, or more than is open." },
    },
    run: async (c) => {
      requireCooperative(c);
      const current = await reply(c, c.params.workOrderId);
      if (!ifMatchAccepts(c.ifMatch ?? "", current.etag)) throw new ApiProblem(412, "error.preconditionFailed");
      const id = await reallocateWorkOrder(getDb(), { workOrderId: c.params.workOrderId, cooperativeId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      return { status: 201, body: { id }, headers: { Location: `/api/v1/work-orders/${id}` } };
    },
  }),
  defineOperation({
    operationId: "recordHandover",
    method: "post",
    path: "/work-orders/{workOrderId}/handovers",
    tag: "Work orders",
    summary: "Member: hand a lot over to the cooperative",
    scope: "work_orders:write",
    params: WorkOrderParams,
    body: HandoverSchema,
    example: { handedOverOn: "2027-02-01", lotNumber: "SB-0217", lines: [{ workOrderLineId: 12, quantity: 100 }] },
    responses: { 201: { description: "The hand-over's id.", schema: CreatedSchema }, 404: notFound, 409: { description: "The work order takes no hand-over now." } },
    run: async (c) => {
      const id = await recordHandover(getDb(), { workOrderId: c.params.workOrderId, memberId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      return { status: 201, body: { id } };
    },
  }),
  defineOperation({
    operationId: "inspectHandover",
    method: "post",
    path: "/work-orders/{workOrderId}/handovers/{handoverId}/inspection",
    tag: "Work orders",
    summary: "Cooperative: inspect a member's hand-over (accepted and rejected pieces)",
    scope: "work_orders:write",
    params: z.object({ workOrderId: PathId, handoverId: PathId }),
    body: HandoverInspectionSchema.omit({ handoverId: true }),
    example: { lines: [{ handoverLineId: 30, accepted: 98, rejected: 2, reason: "Retak" }] },
    responses: { 204: { description: "Inspected." }, 403: { description: "Not a cooperative." }, 404: { description: "No such hand-over of yours." }, 409: { description: "Already inspected." } },
    run: async (c) => {
      requireCooperative(c);
      await inspectHandover(getDb(), { cooperativeId: c.principal.organizationId, actorUserId: c.principal.userId, input: { ...c.body, handoverId: c.params.handoverId }, now: c.now });
      return { status: 204 };
    },
  }),
  defineOperation({
    operationId: "getMemberStatement",
    method: "get",
    path: "/cooperative/statements/{organizationId}",
    tag: "Work orders",
    summary: "A member's statement: earnings from paid orders, the fee, payouts, what is outstanding",
    description: "A cooperative reads a member's (the member's id); a member reads its own with a cooperative's (the cooperative's id).",
    scope: "work_orders:read",
    params: z.object({ organizationId: PathId }),
    responses: { 200: { description: "The statement.", schema: MemberStatementSchema }, 404: { description: "No statement between you." } },
    run: async (c) => {
      const asCooperative = c.principal.organizationKind === "cooperative";
      const { statement, cooperative, side } = await statementFor(getDb(), {
        organizationId: c.principal.organizationId,
        actorUserId: c.principal.userId,
        ...(asCooperative ? { memberId: c.params.organizationId } : { cooperativeId: c.params.organizationId }),
      });
      return {
        status: 200,
        body: {
          side,
          cooperative: { id: cooperative.id, name: cooperative.legal_name },
          member: { id: statement.memberId, name: statement.memberName },
          feeBp: statement.feeBp,
          owed: statement.owed,
          paid: statement.paid,
          outstanding: statement.outstanding,
          payouts: statement.payouts,
        },
      };
    },
  }),
  defineOperation({
    operationId: "recordPayout",
    method: "post",
    path: "/cooperative/payouts",
    tag: "Work orders",
    summary: "Cooperative: record a payout to a member (the member confirms it)",
    scope: "work_orders:write",
    body: PayoutSchema,
    example: { memberId: 41, amount: "14.250.000", paidOn: "2027-03-05", reference: "BRI-TRF-0305-17" },
    responses: { 201: { description: "The payout's id.", schema: CreatedSchema }, 403: { description: "Not a cooperative." }, 422: { description: "More than is outstanding, or not a member." } },
    run: async (c) => {
      requireCooperative(c);
      const id = await recordPayout(getDb(), { cooperativeId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      return { status: 201, body: { id } };
    },
  }),
  defineOperation({
    operationId: "confirmPayout",
    method: "post",
    path: "/cooperative/payouts/{payoutId}/confirm",
    tag: "Work orders",
    summary: "Member: confirm a payout arrived",
    scope: "work_orders:write",
    params: z.object({ payoutId: PathId }),
    body: ConfirmPayoutSchema.omit({ payoutId: true }),
    example: {},
    responses: { 204: { description: "Confirmed." }, 404: { description: "No such payout to you." }, 409: { description: "Already confirmed." } },
    run: async (c) => {
      await confirmPayout(getDb(), { memberId: c.principal.organizationId, actorUserId: c.principal.userId, payoutId: c.params.payoutId, now: c.now });
      return { status: 204 };
    },
  }),
];
