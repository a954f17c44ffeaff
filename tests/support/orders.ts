import type { Selectable } from "kysely";
import { getDb } from "../../app/db.server";
import { updateContract } from "../../app/domain/orders/contract.server";
import { decideTransfer, issueInvoice, reportTransfer } from "../../app/domain/orders/invoices.server";
import { takeOrderStep } from "../../app/domain/orders/order-steps.server";
import { ContractSchema, InspectionSchema, ShipmentSchema } from "../../app/domain/orders/schemas";
import { inspectShipment, recordShipment } from "../../app/domain/orders/shipments.server";
import { verifiedTaxRegistration } from "./tax";
import { confirmBast, openBastsOf } from "../../app/domain/orders/basts.server";
import { awardRfq, type Allocation } from "../../app/domain/rfqs/award-rfq.server";
import { submitBid } from "../../app/domain/rfqs/submit-bid.server";
import type { Order, OrderLinesTable } from "../../db/schema";
import { DomainError } from "../../app/domain/errors";
import { approvedSupplier, bidInput, createBuyer, DAY, publishedRfq, type TestOrganization } from "./rfqs";

// Helpers for the order tests: an order made the real way (RFQ → sealed bids → award), and the steps that
// move it on (send + accept, ship, inspect, invoice, pay by bank transfer), each through the real use case.

export type OrderLine = Selectable<OrderLinesTable>;

export interface AwardedOrder {
  /** The (first) winning supplier's order, as the award made it. */
  order: Order;
  buyer: TestOrganization;
  /** The (first) winning supplier. */
  supplier: TestOrganization;
  /** The order's lines, in position order. */
  lines: OrderLine[];
  /** Every order of the award (one per winning supplier) and its supplier, same order as `suppliers`. */
  orders: Order[];
  suppliers: TestOrganization[];
  rfqId: number;
  awardId: number;
  /** The instant of the award (after the bid deadline); later steps may use any time after it. */
  awardedAt: Date;
}

const MINUTE = 60_000;

/**
 * A buyer's RFQ awarded to `suppliers` approved suppliers (default 1), each winning an equal share of every
 * line (`quantity` must divide evenly) at `unitPrice`; one order per winning supplier, in contract_draft.
 * `lines` overrides the single line with several (each `quantity` × `unitPrice`).
 * The RFQ is published 20 days ago with a deadline a day later, so every step after it happens "now".
 */
export async function awardedOrder(
  options: {
    quantity?: number;
    unitPrice?: number;
    suppliers?: number;
    lines?: { quantity: number; unitPrice: number; partName?: string }[];
    /** false: the supplier is not PKP (no PPN). */
    supplierPkp?: boolean;
    /** The buyer is a verified PPN collector of this kind. */
    buyerCollector?: "government" | "appointed";
    /** When the award is made (the PPN rule of that day is frozen on the order); default 19 days ago. */
    awardAt?: Date;
  } = {},
): Promise<AwardedOrder> {
  const db = getDb();
  const specs = options.lines ?? [{ quantity: options.quantity ?? 100, unitPrice: options.unitPrice ?? 150_000 }];
  const supplierCount = options.suppliers ?? 1;
  for (const spec of specs) {
    if (spec.quantity % supplierCount !== 0) throw new Error(`quantity ${spec.quantity} does not split among ${supplierCount} suppliers`);
  }
  const buyer = await createBuyer();
  if (options.buyerCollector) await verifiedTaxRegistration(buyer, "collector", options.buyerCollector);
  const suppliers: TestOrganization[] = [];
  for (let i = 0; i < supplierCount; i++) suppliers.push(await approvedSupplier({ pkp: options.supplierPkp }));

  const publishedAt = options.awardAt ? new Date(options.awardAt.getTime() - DAY - 1000) : new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 20 * DAY);
  const deadline = new Date(publishedAt.getTime() + DAY);
  const rfq = await publishedRfq(buyer, {
    title: "Cylinder sleeve FC250",
    now: publishedAt,
    deadline,
    lines: specs.map((s, i) => ({ partName: s.partName ?? `Cylinder sleeve ${i + 1}`, partNumber: `CS-${80 + i}`, quantity: s.quantity, unit: "pcs" })),
  });
  const allocations: Allocation[] = [];
  for (const supplier of suppliers) {
    const { bidId } = await submitBid(db, {
      rfqId: rfq.rfqId,
      supplierId: supplier.organizationId,
      actorUserId: supplier.userId,
      input: bidInput(rfq.lineIds.map((rfqLineId, i) => ({ rfqLineId, quantity: specs[i]!.quantity, unitPrice: specs[i]!.unitPrice }))),
      now: new Date(publishedAt.getTime() + MINUTE),
    });
    rfq.lineIds.forEach((rfqLineId, i) => allocations.push({ bidId, rfqLineId, quantity: specs[i]!.quantity / supplierCount }));
  }
  const awardedAt = new Date(deadline.getTime() + 1000);
  const { awardId, orderIds } = await awardRfq(db, {
    rfqId: rfq.rfqId,
    buyerId: buyer.organizationId,
    actorUserId: buyer.userId,
    reason: "Harga terbaik",
    allocations,
    now: awardedAt,
  });
  const orders = await db.selectFrom("orders").selectAll().where("id", "in", orderIds).orderBy("id").execute();
  const ordered = suppliers.map((s) => orders.find((o) => o.supplier_id === s.organizationId)!);
  const order = ordered[0]!;
  return { order, buyer, supplier: suppliers[0]!, lines: await linesOf(order.id), orders: ordered, suppliers, rfqId: rfq.rfqId, awardId, awardedAt };
}

export function linesOf(orderId: number): Promise<OrderLine[]> {
  return getDb().selectFrom("order_lines").selectAll().where("order_id", "=", orderId).orderBy("position").execute();
}

export function reloadOrder(orderId: number): Promise<Order> {
  return getDb().selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();
}

export function schedulesOf(orderLineId: number) {
  return getDb().selectFrom("delivery_schedules").selectAll().where("order_line_id", "=", orderLineId).orderBy("sequence").execute();
}

export function shipmentLines(shipmentId: number) {
  return getDb().selectFrom("shipment_lines").selectAll().where("shipment_id", "=", shipmentId).orderBy("id").execute();
}

export function invoiceOf(invoiceId: number) {
  return getDb().selectFrom("invoices").selectAll().where("id", "=", invoiceId).executeTakeFirstOrThrow();
}

/** The buyer takes a step (send, revise, complete, cancel, …) on the order's current revision. */
export async function buyerStep(setup: AwardedOrder, event: Parameters<typeof takeOrderStep>[1]["event"], reason?: string, now = new Date()) {
  const { revision } = await reloadOrder(setup.order.id);
  await takeOrderStep(getDb(), {
    orderId: setup.order.id,
    organizationId: setup.buyer.organizationId,
    actorUserId: setup.buyer.userId,
    event,
    reason,
    expectedRevision: revision,
    now,
  });
}

/** The supplier takes a step (accept, request_change, start_production, …) on the order's current revision. */
export async function supplierStep(setup: AwardedOrder, event: Parameters<typeof takeOrderStep>[1]["event"], reason?: string, now = new Date()) {
  const { revision } = await reloadOrder(setup.order.id);
  await takeOrderStep(getDb(), {
    orderId: setup.order.id,
    organizationId: setup.supplier.organizationId,
    actorUserId: setup.supplier.userId,
    event,
    reason,
    expectedRevision: revision,
    now,
  });
}

/** The buyer edits the contract draft (form fields as the browser sends them, parsed by ContractSchema). */
export async function editContract(setup: AwardedOrder, fields: Record<string, unknown> = {}, now = new Date()) {
  const { revision } = await reloadOrder(setup.order.id);
  const input = ContractSchema.parse({ revision, paymentDueDays: 30, ...fields });
  await updateContract(getDb(), { orderId: setup.order.id, buyerId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, input, now });
}

/** Both parties agree the contract: the buyer sends it, the supplier accepts (→ contracted). */
export async function sendAndAccept(setup: AwardedOrder, now = new Date()): Promise<Order> {
  await buyerStep(setup, "send", undefined, now);
  await supplierStep(setup, "accept", undefined, now);
  return reloadOrder(setup.order.id);
}

/** The supplier ships: a number ships that many of the first line; an array gives the quantity per line. */
export async function ship(setup: AwardedOrder, quantities: number | number[], options: { shippedOn?: string; now?: Date } = {}): Promise<number> {
  const list = typeof quantities === "number" ? [quantities] : quantities;
  const input = ShipmentSchema.parse({
    shippedOn: options.shippedOn ?? "2026-12-20",
    vehicle: "B 1234 XY",
    deliveryNote: "SJ-001",
    lines: list.map((quantity, i) => ({ orderLineId: setup.lines[i]!.id, quantity })),
  });
  return recordShipment(getDb(), {
    orderId: setup.order.id,
    supplierId: setup.supplier.organizationId,
    actorUserId: setup.supplier.userId,
    input,
    now: options.now ?? new Date(),
  });
}

export interface InspectionRow {
  accepted: number;
  rejected?: number;
  reason?: string;
}

/**
 * The buyer inspects a shipment: one row per shipment line (in id order); omitted rows accept everything.
 */
export async function inspect(setup: AwardedOrder, shipmentId: number, rows: InspectionRow[] = [], options: { receivedOn?: string; now?: Date } = {}) {
  const lines = await shipmentLines(shipmentId);
  const input = InspectionSchema.parse({
    shipmentId,
    receivedOn: options.receivedOn ?? "2026-12-21",
    notes: "Diperiksa dimensi dan kekerasan",
    lines: lines.map((l, i) => ({ shipmentLineId: l.id, accepted: rows[i]?.accepted ?? l.quantity, rejected: rows[i]?.rejected ?? 0, reason: rows[i]?.reason })),
  });
  await inspectShipment(getDb(), { orderId: setup.order.id, buyerId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, input, now: options.now ?? new Date() });
}

/** Both parties confirm every BAST of the order still open (the supplier first, then the buyer). */
export async function handOver(setup: AwardedOrder, now = new Date()) {
  for (const side of [setup.supplier, setup.buyer]) {
    for (const bast of await openBastsOf(getDb(), setup.order.id)) {
      if ((side === setup.supplier && bast.status === "supplier_confirmed") || (side === setup.buyer && bast.status === "buyer_confirmed")) continue;
      await confirmBast(getDb(), { orderId: setup.order.id, organizationId: side.organizationId, actorUserId: side.userId, bastId: bast.id, revision: bast.revision, now });
    }
  }
}

/** Both parties confirm the open BASTs, then the supplier invoices everything handed over and not yet invoiced. */
export async function invoice(setup: AwardedOrder, now = new Date()): Promise<number> {
  await handOver(setup, now);
  return issueInvoice(getDb(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, now });
}

/** The buyer reports a bank transfer of the invoice (on its current revision). */
export async function reportPayment(setup: AwardedOrder, invoiceId: number, now = new Date()) {
  const { revision } = await invoiceOf(invoiceId);
  await reportTransfer(getDb(), {
    orderId: setup.order.id,
    buyerId: setup.buyer.organizationId,
    actorUserId: setup.buyer.userId,
    invoiceId,
    revision,
    reference: "TRF-BCA-0001",
    transferDate: "2027-01-05",
    now,
  });
}

/** The supplier confirms (or rejects) the reported transfer (on the invoice's current revision). */
export async function decidePayment(setup: AwardedOrder, invoiceId: number, decision: "confirm" | "reject" = "confirm", now = new Date()) {
  const { revision } = await invoiceOf(invoiceId);
  await decideTransfer(getDb(), {
    orderId: setup.order.id,
    supplierId: setup.supplier.organizationId,
    actorUserId: setup.supplier.userId,
    invoiceId,
    revision,
    decision,
    now,
  });
}

/** Bank transfer end to end: the buyer reports it, the supplier confirms it (→ paid). */
export async function payByTransfer(setup: AwardedOrder, invoiceId: number, now = new Date()) {
  await reportPayment(setup, invoiceId, now);
  await decidePayment(setup, invoiceId, "confirm", now);
}

/** Ship everything still open on every line, accept it all; returns the shipment id. */
export async function deliverAll(setup: AwardedOrder): Promise<number> {
  const shipmentId = await ship(
    setup,
    setup.lines.map((l) => l.quantity),
  );
  await inspect(setup, shipmentId);
  return shipmentId;
}

const COUNTED = [
  "orders",
  "order_lines",
  "delivery_schedules",
  "shipments",
  "shipment_lines",
  "invoices",
  "invoice_lines",
  "audit_log",
  "notifications",
] as const;

/**
 * Everything an order use case may write: row counts of the order tables, the audit log and notifications,
 * and the order's own rows (order, lines, schedules, shipments and their lines, invoices) in full.
 */
export async function orderSnapshot(orderId: number) {
  const db = getDb();
  const counts: Record<string, number> = {};
  for (const table of COUNTED) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  const lineIds = (await linesOf(orderId)).map((l) => l.id);
  return {
    counts,
    order: await reloadOrder(orderId),
    lines: await linesOf(orderId),
    schedules: lineIds.length ? await db.selectFrom("delivery_schedules").selectAll().where("order_line_id", "in", lineIds).orderBy("id").execute() : [],
    shipments: await db.selectFrom("shipments").selectAll().where("order_id", "=", orderId).orderBy("id").execute(),
    shipmentLines: lineIds.length ? await db.selectFrom("shipment_lines").selectAll().where("order_line_id", "in", lineIds).orderBy("id").execute() : [],
    invoices: await db.selectFrom("invoices").selectAll().where("order_id", "=", orderId).orderBy("id").execute(),
  };
}

/** The HTTP status a refusal maps to (a TransitionError is a 409), or null when the call did not fail. */
export async function refusal(run: Promise<unknown>): Promise<{ status: number; messageKey?: string; field?: string; error: unknown } | null> {
  try {
    await run;
    return null;
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, messageKey: error.messageKey, field: error.field, error };
    throw error;
  }
}

/** An order made the real way and run to its end: contract agreed, everything delivered and accepted, invoiced, paid, completed. */
export async function completedOrder(options: Parameters<typeof awardedOrder>[0] = {}): Promise<AwardedOrder> {
  const setup = await awardedOrder(options);
  await sendAndAccept(setup);
  await deliverAll(setup);
  const invoiceId = await invoice(setup);
  await payByTransfer(setup, invoiceId);
  // Paid in full after delivery: the payment completes the order.
  const done = await reloadOrder(setup.order.id);
  if (done.status !== "completed") await buyerStep(setup, "complete");
  return { ...setup, order: await reloadOrder(setup.order.id) };
}
