import { z } from "zod";
import { getDb } from "../../db.server";
import { jakartaDate } from "../../domain/time";
import { confirmBast } from "../../domain/orders/basts.server";
import { updateContract } from "../../domain/orders/contract.server";
import { decideCreditNote, issueCreditNote } from "../../domain/orders/credit-notes.server";
import { cancelInvoice, decideTransfer, issueInvoice, recordFaktur, reportTransfer } from "../../domain/orders/invoices.server";
import { ORDER_STATES } from "../../domain/orders/order-states";
import { takeOrderStep } from "../../domain/orders/order-steps.server";
import { getOrderPage, listOrders } from "../../domain/orders/order-views.server";
import { BastConfirmSchema, CancelInvoiceSchema, ContractSchema, CreditNoteDecisionSchema, CreditNoteSchema, FakturSchema, InspectionSchema, IssueInvoiceSchema, ShipmentSchema, StepSchema, TransferDecisionSchema, TransferSchema } from "../../domain/orders/schemas";
import { inspectShipment, recordShipment } from "../../domain/orders/shipments.server";
import { PageQuerySchema, decodeCursor, etagOf, ifMatchAccepts, pageOf } from "../conventions.server";
import { defineOperation, type ApiContext } from "../define";
import { ApiProblem } from "../problem";
import { Base64FileSchema, CreatedSchema, OrderPageSchema, OrderSchemaOut, PathId } from "../schemas";

// Orders over API v1, for both parties: the contract, the order's steps, shipments (the ASN) and inspections,
// BASTs, invoices with their faktur numbers, transfers and their confirmation. Each is the order page's own use
// case, scoped to the key's organization as buyer or supplier (requireOrderParty); the order's revision is its ETag.

const OrderParams = z.object({ orderId: PathId });

const orderEtag = (order: { id: number; revision: number; status: string }) => etagOf("order", order.id, `${order.revision}|${order.status}`);

async function reply(c: ApiContext<unknown, unknown, unknown>, orderId: number, status = 200) {
  const page = await getOrderPage(getDb(), { orderId, organizationId: c.principal.organizationId, actorUserId: c.principal.userId, today: jakartaDate(c.now) });
  const { order } = page;
  return {
    status,
    etag: orderEtag(order),
    body: {
      id: order.id,
      number: order.number,
      status: order.status,
      revision: order.revision,
      side: page.side,
      rfqId: page.rfq.id,
      rfqTitle: page.rfq.title,
      buyer: { id: page.buyer.id, name: page.buyer.legal_name },
      supplier: { id: page.supplier.id, name: page.supplier.legal_name },
      paymentDueDays: order.payment_due_days,
      ppnRateBp: order.ppn_rate_bp,
      steps: page.steps,
      actions: page.actions,
      invoiceable: page.invoiceable,
      lines: page.lines.map((l) => ({
        id: l.id,
        rfqLineId: l.rfq_line_id,
        partName: l.part_name,
        partNumber: l.part_number,
        unit: l.unit,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        shipped: l.progress.shipped,
        accepted: l.progress.accepted,
        rejected: l.progress.rejected,
        handedOver: l.progress.handedOver,
        invoiced: l.progress.invoiced,
      })),
      shipments: page.shipments.map((s) => ({
        id: s.id,
        number: s.number,
        status: s.status,
        shippedOn: s.shipped_on,
        vehicle: s.vehicle,
        deliveryNote: s.delivery_note,
        receivedOn: s.received_on,
        lines: s.lines.map((l) => ({ id: l.id, orderLineId: l.order_line_id, quantity: l.quantity, accepted: l.accepted_quantity, rejected: l.rejected_quantity, rejectionReason: l.rejection_reason })),
        allowed: s.allowed,
      })),
      basts: page.basts.map((b) => ({
        id: b.id,
        number: b.number,
        status: b.status,
        revision: b.revision,
        shipmentId: b.shipment_id,
        handedOverOn: b.handed_over_on,
        buyerConfirmedAt: b.buyer_confirmed_at,
        supplierConfirmedAt: b.supplier_confirmed_at,
        allowed: b.allowed,
      })),
      invoices: page.invoices.map((i) => ({
        id: i.id,
        number: i.number,
        status: i.status,
        revision: i.revision,
        issuedOn: i.issued_on,
        dueOn: i.due_on,
        dpp: i.dpp_amount,
        subtotal: i.subtotal,
        ppn: i.ppn_amount,
        total: i.total,
        ppnWithheld: i.ppn_withheld,
        amountDue: i.amount_due,
        amountPaid: i.amount_paid,
        outstanding: i.outstanding,
        kodeTransaksi: i.kode_transaksi,
        fakturNumber: i.faktur_number,
        transferAmount: i.transfer_amount,
        transferReference: i.transfer_reference,
        paidAt: i.paid_at,
        payments: i.payments.map((p) => ({ id: p.id, amount: p.amount, method: p.method, reference: p.reference, paidOn: p.paid_on })),
        lines: i.lines.map((l) => ({ id: l.id, orderLineId: l.order_line_id, quantity: l.quantity, unitPrice: l.unit_price })),
        creditNotes: i.creditNotes.map((n) => ({ id: n.id, number: n.number, status: n.status, revision: n.revision, reason: n.reason, total: n.total, amountDue: n.amount_due, allowed: n.allowed })),
        allowed: i.allowed,
      })),
    },
  };
}

function checkIfMatch(c: ApiContext<unknown, unknown, unknown>, current: { id: number; revision: number; status: string }): void {
  if (!ifMatchAccepts(c.ifMatch ?? "", orderEtag(current))) throw new ApiProblem(412, "error.preconditionFailed");
}

async function currentOrder(c: ApiContext<unknown, unknown, unknown>, orderId: number) {
  return (await reply(c, orderId)).body;
}

const orderResponse = { description: "The order as your side sees it.", schema: OrderSchemaOut, etag: true };
const notFound = { description: "No such order of yours." };

export const orderOperations = [
  defineOperation({
    operationId: "listOrders",
    method: "get",
    path: "/orders",
    tag: "Orders",
    summary: "Your organization's orders, as buyer and as supplier",
    description: "Newest first, a page at a time.",
    scope: "orders:read",
    query: PageQuerySchema.extend({ status: z.enum(ORDER_STATES, { error: "error.invalid" }).optional(), side: z.enum(["buying", "selling"], { error: "error.invalid" }).optional() }),
    responses: { 200: { description: "One page of orders.", schema: OrderPageSchema } },
    run: async (c) => {
      const rows = await listOrders(getDb(), c.principal.organizationId, { status: c.query.status, side: c.query.side, before: decodeCursor(c.query.cursor), limit: c.query.limit + 1 });
      const page = pageOf(rows, c.query.limit);
      return {
        status: 200,
        body: {
          data: page.rows.map((r) => ({ id: r.id, number: r.number, status: r.status, side: r.side, title: r.title, counterpart: r.counterpart, value: r.value, openInvoices: r.openInvoices, createdAt: r.created_at })),
          nextCursor: page.nextCursor,
        },
      };
    },
  }),
  defineOperation({
    operationId: "getOrder",
    method: "get",
    path: "/orders/{orderId}",
    tag: "Orders",
    summary: "Read an order",
    scope: "orders:read",
    params: OrderParams,
    responses: { 200: orderResponse, 404: notFound },
    run: (c) => reply(c, c.params.orderId),
  }),
  defineOperation({
    operationId: "updateContract",
    method: "put",
    path: "/orders/{orderId}/contract",
    tag: "Orders",
    summary: "Buyer: set the contract's payment days, terms and delivery schedule",
    description: "The contract form as JSON, while the order is a draft or sent back. `revision` is the order's; `If-Match` its ETag.",
    scope: "orders:write",
    params: OrderParams,
    body: ContractSchema,
    ifMatch: true,
    example: { revision: 1, paymentDueDays: 30, paymentTerms: "30 hari setelah faktur", deliveryTerms: "Franco Cikarang", schedules: [] },
    responses: { 200: orderResponse, 404: notFound, 409: { description: "The contract can no longer be changed, or the revision is stale." } },
    run: async (c) => {
      checkIfMatch(c, await currentOrder(c, c.params.orderId));
      await updateContract(getDb(), { orderId: c.params.orderId, buyerId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      return reply(c, c.params.orderId);
    },
  }),
  defineOperation({
    operationId: "takeOrderStep",
    method: "post",
    path: "/orders/{orderId}/steps",
    tag: "Orders",
    summary: "Take one of the order's steps (send the contract, accept it, …)",
    description: "`event` is one of the order's `steps` (what your side may do now, from the order's lifecycle); `revision` the order's; `If-Match` its ETag.",
    scope: "orders:write",
    params: OrderParams,
    body: StepSchema,
    ifMatch: true,
    example: { revision: 1, event: "send" },
    responses: { 200: orderResponse, 403: { description: "Not your side's step." }, 404: notFound, 409: { description: "Not allowed in the order's state, or the revision is stale." } },
    run: async (c) => {
      checkIfMatch(c, await currentOrder(c, c.params.orderId));
      await takeOrderStep(getDb(), { orderId: c.params.orderId, organizationId: c.principal.organizationId, actorUserId: c.principal.userId, event: c.body.event, reason: c.body.reason, expectedRevision: c.body.revision, now: c.now });
      return reply(c, c.params.orderId);
    },
  }),
  defineOperation({
    operationId: "recordShipment",
    method: "post",
    path: "/orders/{orderId}/shipments",
    tag: "Orders",
    summary: "Supplier: record a shipment (the advance ship notice)",
    description: "Pieces per order line, the day shipped, the vehicle and the delivery note number.",
    scope: "orders:write",
    params: OrderParams,
    body: ShipmentSchema,
    example: { shippedOn: "2027-02-01", vehicle: "B 9123 KX", deliveryNote: "SJ-KBJ-0217", lines: [{ orderLineId: 55, quantity: 200 }] },
    responses: { 201: { description: "The shipment's id.", schema: CreatedSchema }, 404: notFound, 409: { description: "The order does not ship now." } },
    run: async (c) => {
      const id = await recordShipment(getDb(), { orderId: c.params.orderId, supplierId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      return { status: 201, body: { id } };
    },
  }),
  defineOperation({
    operationId: "inspectShipment",
    method: "post",
    path: "/orders/{orderId}/shipments/{shipmentId}/inspection",
    tag: "Orders",
    summary: "Buyer: record the incoming inspection of a shipment",
    description: "Accepted and rejected pieces per shipment line (with a reason for rejections). Accepting pieces drafts a BAST.",
    scope: "orders:write",
    params: z.object({ orderId: PathId, shipmentId: PathId }),
    body: InspectionSchema.omit({ shipmentId: true }),
    example: { receivedOn: "2027-02-02", lines: [{ shipmentLineId: 70, accepted: 198, rejected: 2, reason: "Porositas" }] },
    responses: { 204: { description: "Inspected." }, 404: { description: "No such shipment on your order." }, 409: { description: "Already inspected." } },
    run: async (c) => {
      await inspectShipment(getDb(), { orderId: c.params.orderId, buyerId: c.principal.organizationId, actorUserId: c.principal.userId, input: { ...c.body, shipmentId: c.params.shipmentId }, now: c.now });
      return { status: 204 };
    },
  }),
  defineOperation({
    operationId: "confirmBast",
    method: "post",
    path: "/orders/{orderId}/basts/{bastId}/confirm",
    tag: "Orders",
    summary: "Confirm a BAST (berita acara serah terima) for your side",
    description: "Each party confirms once; pieces can be invoiced when both have. `revision` is the BAST's.",
    scope: "orders:write",
    params: z.object({ orderId: PathId, bastId: PathId }),
    body: BastConfirmSchema.omit({ bastId: true }),
    example: { revision: 1 },
    responses: { 204: { description: "Confirmed." }, 404: { description: "No such BAST on your order." }, 409: { description: "Already confirmed by your side, or the revision is stale." } },
    run: async (c) => {
      await confirmBast(getDb(), { orderId: c.params.orderId, organizationId: c.principal.organizationId, actorUserId: c.principal.userId, bastId: c.params.bastId, revision: c.body.revision, now: c.now });
      return { status: 204 };
    },
  }),
  defineOperation({
    operationId: "issueInvoice",
    method: "post",
    path: "/orders/{orderId}/invoices",
    tag: "Orders",
    summary: "Supplier: invoice pieces of confirmed BASTs",
    description: "By default every piece handed over and not yet invoiced; fewer per line with `lines`. PPN follows the rule frozen on the order.",
    scope: "orders:write",
    params: OrderParams,
    body: IssueInvoiceSchema,
    example: { lines: [] },
    responses: { 201: { description: "The invoice's id.", schema: CreatedSchema }, 404: notFound, 409: { description: "Nothing to invoice." } },
    run: async (c) => {
      const id = await issueInvoice(getDb(), { orderId: c.params.orderId, supplierId: c.principal.organizationId, actorUserId: c.principal.userId, input: c.body, now: c.now });
      return { status: 201, body: { id } };
    },
  }),
  defineOperation({
    operationId: "recordFaktur",
    method: "post",
    path: "/orders/{orderId}/invoices/{invoiceId}/faktur",
    tag: "Orders",
    summary: "Supplier (PKP): record the invoice's faktur pajak number",
    description: "The 17-digit number from Coretax (kode transaksi, kode status and year checked) with the faktur's PDF from Coretax, in base64 (at most 10 MB).",
    scope: "orders:write",
    params: z.object({ orderId: PathId, invoiceId: PathId }),
    body: FakturSchema.omit({ invoiceId: true, file: true }).extend({ file: Base64FileSchema.refine((f) => f.size <= 10 * 1024 * 1024, "error.fileTooLarge") }),
    maxBodyBytes: 15 * 1024 * 1024,
    example: { revision: 1, fakturNumber: "04002700000000123", file: { name: "faktur-04002700000000123.pdf", contentType: "application/pdf", data: "JVBERi0xLjcK…" } },
    responses: { 204: { description: "Recorded." }, 404: { description: "No such invoice on your order." }, 409: { description: "The invoice takes no faktur now, or the revision is stale." } },
    run: async (c) => {
      await recordFaktur(getDb(), { orderId: c.params.orderId, supplierId: c.principal.organizationId, actorUserId: c.principal.userId, input: { ...c.body, invoiceId: c.params.invoiceId }, now: c.now });
      return { status: 204 };
    },
  }),
  defineOperation({
    operationId: "reportTransfer",
    method: "post",
    path: "/orders/{orderId}/invoices/{invoiceId}/transfers",
    tag: "Orders",
    summary: "Buyer: report a bank transfer for an invoice",
    description: "All that is due, or part of it with `amount` (whole rupiah). The supplier confirms it.",
    scope: "orders:write",
    params: z.object({ orderId: PathId, invoiceId: PathId }),
    body: TransferSchema.omit({ invoiceId: true }),
    example: { revision: 1, reference: "BNI-TRF-20270215-0042", transferDate: "2027-02-15" },
    responses: { 204: { description: "Reported." }, 404: { description: "No such invoice on your order." }, 409: { description: "The invoice takes no transfer now, or the revision is stale." } },
    run: async (c) => {
      await reportTransfer(getDb(), { orderId: c.params.orderId, buyerId: c.principal.organizationId, actorUserId: c.principal.userId, invoiceId: c.params.invoiceId, ...c.body, now: c.now });
      return { status: 204 };
    },
  }),
  defineOperation({
    operationId: "decideTransfer",
    method: "post",
    path: "/orders/{orderId}/invoices/{invoiceId}/transfer-decision",
    tag: "Orders",
    summary: "Supplier: confirm (or reject) the transfer the buyer reported",
    scope: "orders:write",
    params: z.object({ orderId: PathId, invoiceId: PathId }),
    body: TransferDecisionSchema.omit({ invoiceId: true }),
    example: { revision: 2, decision: "confirm" },
    responses: { 204: { description: "Decided." }, 404: { description: "No such invoice on your order." }, 409: { description: "No transfer awaits a decision, or the revision is stale." } },
    run: async (c) => {
      await decideTransfer(getDb(), { orderId: c.params.orderId, supplierId: c.principal.organizationId, actorUserId: c.principal.userId, invoiceId: c.params.invoiceId, ...c.body, now: c.now });
      return { status: 204 };
    },
  }),
  defineOperation({
    operationId: "cancelInvoice",
    method: "post",
    path: "/orders/{orderId}/invoices/{invoiceId}/cancel",
    tag: "Orders",
    summary: "Supplier: cancel an unpaid invoice with a reason",
    description: "A corrected invoice then names it with `replacesInvoiceId` (its faktur is a replacement, kode status 01 …).",
    scope: "orders:write",
    params: z.object({ orderId: PathId, invoiceId: PathId }),
    body: CancelInvoiceSchema.omit({ invoiceId: true }),
    example: { revision: 1, reason: "Jumlah salah" },
    responses: { 204: { description: "Cancelled." }, 404: { description: "No such invoice on your order." }, 409: { description: "Paid in part or whole, or the revision is stale." } },
    run: async (c) => {
      await cancelInvoice(getDb(), { orderId: c.params.orderId, supplierId: c.principal.organizationId, actorUserId: c.principal.userId, input: { ...c.body, invoiceId: c.params.invoiceId }, now: c.now });
      return { status: 204 };
    },
  }),
  defineOperation({
    operationId: "issueCreditNote",
    method: "post",
    path: "/orders/{orderId}/invoices/{invoiceId}/credit-notes",
    tag: "Orders",
    summary: "Buyer: issue a credit note (nota retur) on an invoice",
    scope: "orders:write",
    params: z.object({ orderId: PathId, invoiceId: PathId }),
    body: CreditNoteSchema.omit({ invoiceId: true }),
    example: { reason: "2 pcs retur: porositas", lines: [{ invoiceLineId: 90, quantity: 2 }] },
    responses: { 201: { description: "The credit note's id.", schema: CreatedSchema }, 404: { description: "No such invoice on your order." }, 409: { description: "The invoice takes no credit note now." } },
    run: async (c) => {
      const id = await issueCreditNote(getDb(), { orderId: c.params.orderId, buyerId: c.principal.organizationId, actorUserId: c.principal.userId, input: { ...c.body, invoiceId: c.params.invoiceId }, now: c.now });
      return { status: 201, body: { id } };
    },
  }),
  defineOperation({
    operationId: "decideCreditNote",
    method: "post",
    path: "/orders/{orderId}/credit-notes/{creditNoteId}/decision",
    tag: "Orders",
    summary: "Supplier: accept or reject (with a reason) the buyer's credit note",
    scope: "orders:write",
    params: z.object({ orderId: PathId, creditNoteId: PathId }),
    body: CreditNoteDecisionSchema.omit({ creditNoteId: true }),
    example: { revision: 1, decision: "accept" },
    responses: { 204: { description: "Decided." }, 404: { description: "No such credit note on your order." }, 409: { description: "Already decided, or the revision is stale." } },
    run: async (c) => {
      await decideCreditNote(getDb(), { orderId: c.params.orderId, supplierId: c.principal.organizationId, actorUserId: c.principal.userId, input: { ...c.body, creditNoteId: c.params.creditNoteId }, now: c.now });
      return { status: 204 };
    },
  }),
];
