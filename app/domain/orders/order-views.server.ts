import { cooperativeOrderPanel } from "../work-orders/work-order-views.server";
import { sql } from "kysely";
import { sqlFor } from "../../../db/dialect";
import type { DbOrTrx } from "../../../db/client";
import type { OrderStatus } from "../../../db/schema";
import { config } from "../../config.server";
import { paymentsEnabled } from "../../payments/stripe.server";
import { regionNames } from "../organizations/regions.server";
import { requireOrderParty } from "./order-access.server";
import { lineProgress, scheduleStates } from "./order-progress";
import { allowedEvents } from "../lifecycle";
import { INVOICE_EVENT_ACTORS, invoiceTransitions } from "./invoice-states";
import { ORDER_EVENT_ACTORS, orderActionsFor, orderTransitions, pricesEditable } from "./order-states";
import { SHIPMENT_EVENT_ACTORS, shipmentTransitions } from "./shipment-states";
import { invoicedByLine } from "./invoices.server";
import { confirmedHandoverByLine } from "./basts.server";
import { BAST_EVENT_ACTORS, bastTransitions } from "./bast-states";
import { CREDIT_NOTE_EVENT_ACTORS, creditNoteTransitions } from "./credit-note-states";
import { INVOICE_OPEN_STATES, outstandingOf } from "./invoice-states";
import { nextFakturStatus } from "../tax/tax-ids";
import { taxStatusOf } from "../tax/tax-identity.server";
import { shipmentLinesOf } from "./shipments.server";

// What the order pages show, always scoped to one of the order's two parties.

export interface OrderFilter {
  side?: "buying" | "selling";
  status?: OrderStatus;
  q?: string;
  /** API pages (issue 21): only orders with an id below this, and at most `limit` of them. */
  before?: number | null;
  limit?: number;
}

/** The organization's orders (as buyer, supplier, or both), newest first, with their value and open invoices. */
export async function listOrders(db: DbOrTrx, organizationId: number, filter: OrderFilter) {
  let query = db
    .selectFrom("orders")
    .innerJoin("rfqs", "rfqs.id", "orders.rfq_id")
    .innerJoin("organizations as buyer", "buyer.id", "orders.buyer_id")
    .innerJoin("organizations as supplier", "supplier.id", "orders.supplier_id")
    .select((eb) => [
      "orders.id",
      "orders.number",
      "orders.status",
      "orders.buyer_id",
      "orders.created_at",
      "rfqs.title",
      "buyer.legal_name as buyer_name",
      "supplier.legal_name as supplier_name",
      eb
        .selectFrom("order_lines")
        .select(sql<number>`sum(order_lines.quantity * order_lines.unit_price)`.as("v"))
        .whereRef("order_lines.order_id", "=", "orders.id")
        .as("value"),
      eb
        .selectFrom("invoices")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("invoices.order_id", "=", "orders.id")
        .where("invoices.status", "in", INVOICE_OPEN_STATES)
        .as("open_invoices"),
    ])
    // The organization's orders as one id set read through both indexes (orders_buyer, orders_supplier): a
    // "buyer = ? OR supplier = ?" read every order in id order to find a buyer's few (370 ms at 40,000 orders).
    .where("orders.id", "in", (eb) =>
      eb
        .selectFrom("orders as own")
        .select("own.id")
        .where("own.buyer_id", "=", organizationId)
        .union(eb.selectFrom("orders as own").select("own.id").where("own.supplier_id", "=", organizationId)),
    );
  if (filter.side === "buying") query = query.where("orders.buyer_id", "=", organizationId);
  if (filter.side === "selling") query = query.where("orders.supplier_id", "=", organizationId);
  if (filter.status) query = query.where("orders.status", "=", filter.status);
  if (filter.before) query = query.where("orders.id", "<", filter.before);
  if (filter.q) {
    const { containsText } = sqlFor(db);
    const q = filter.q;
    query = query.where((eb) =>
      eb.or(["orders.number", "rfqs.title", "buyer.legal_name", "supplier.legal_name"].map((column) => containsText(sql.ref(column), q))),
    );
  }
  const rows = await query.orderBy("orders.id", "desc").limit(filter.limit ?? 500).execute();
  return rows.map((r) => ({
    ...r,
    value: Number(r.value ?? 0),
    openInvoices: Number(r.open_invoices ?? 0),
    side: r.buyer_id === organizationId ? ("buyer" as const) : ("supplier" as const),
    counterpart: r.buyer_id === organizationId ? r.supplier_name : r.buyer_name,
  }));
}

/** Everything the order's timeline page shows to one of its parties. */
export async function getOrderPage(db: DbOrTrx, options: { orderId: number; organizationId: number; actorUserId: number; today: string }) {
  const { order, side } = await requireOrderParty(db, options);
  const parties = await db
    .selectFrom("organizations")
    .select(["id", "legal_name", "slug", "kind"])
    .where("id", "in", [order.buyer_id, order.supplier_id])
    .execute();
  const rfq = await db.selectFrom("rfqs").select(["id", "title"]).where("id", "=", order.rfq_id).executeTakeFirstOrThrow();
  const lines = await db.selectFrom("order_lines").selectAll().where("order_id", "=", order.id).orderBy("position").execute();
  const shipmentLines = await shipmentLinesOf(db, order.id);
  const invoiced = await invoicedByLine(db, order.id);
  const handedOver = await confirmedHandoverByLine(db, order.id);
  const schedules = await db
    .selectFrom("delivery_schedules")
    .select(["id", "order_line_id", "sequence", "due_on", "quantity"])
    .where(
      "order_line_id",
      "in",
      lines.map((l) => l.id),
    )
    .orderBy("order_line_id")
    .orderBy("sequence")
    .execute();
  const shipments = await db.selectFrom("shipments").selectAll().where("order_id", "=", order.id).orderBy("number").execute();
  const rawShipmentLines = await db
    .selectFrom("shipment_lines")
    .selectAll()
    .where(
      "shipment_id",
      "in",
      shipments.length ? shipments.map((s) => s.id) : [0],
    )
    .execute();
  const invoices = await db.selectFrom("invoices").selectAll().where("order_id", "=", order.id).orderBy("id").execute();
  const invoiceLines = await db
    .selectFrom("invoice_lines")
    .selectAll()
    .where(
      "invoice_id",
      "in",
      invoices.length ? invoices.map((i) => i.id) : [0],
    )
    .execute();
  const invoiceIds = invoices.length ? invoices.map((i) => i.id) : [0];
  const basts = await db.selectFrom("basts").selectAll().where("order_id", "=", order.id).orderBy("id").execute();
  const bastLines = await db.selectFrom("bast_lines").selectAll().where("bast_id", "in", basts.length ? basts.map((b) => b.id) : [0]).execute();
  const creditNotes = await db.selectFrom("credit_notes").selectAll().where("invoice_id", "in", invoiceIds).orderBy("id").execute();
  const creditNoteLines = await db.selectFrom("credit_note_lines").selectAll().where("credit_note_id", "in", creditNotes.length ? creditNotes.map((c) => c.id) : [0]).execute();
  const payments = await db.selectFrom("invoice_payments").selectAll().where("invoice_id", "in", invoiceIds).orderBy("id").execute();
  const [supplierTax, buyerTax] = await Promise.all([taxStatusOf(db, order.supplier_id), taxStatusOf(db, order.buyer_id)]);
  const timeline = await db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_user_id")
    .select(["audit_log.id", "audit_log.entity_type", "audit_log.action", "audit_log.to_state", "audit_log.detail", "audit_log.created_at", "users.name as actor"])
    .where("audit_log.organization_id", "=", options.organizationId)
    .where((eb) =>
      eb.or([
        eb.and([eb("audit_log.entity_type", "=", "order"), eb("audit_log.entity_id", "=", String(order.id))]),
        eb.and([eb("audit_log.entity_type", "=", "shipment"), eb("audit_log.entity_id", "in", shipments.length ? shipments.map((s) => String(s.id)) : ["-"])]),
        eb.and([eb("audit_log.entity_type", "=", "invoice"), eb("audit_log.entity_id", "in", invoices.length ? invoices.map((i) => String(i.id)) : ["-"])]),
        eb.and([eb("audit_log.entity_type", "=", "bast"), eb("audit_log.entity_id", "in", basts.length ? basts.map((b) => String(b.id)) : ["-"])]),
        eb.and([eb("audit_log.entity_type", "=", "credit_note"), eb("audit_log.entity_id", "in", creditNotes.length ? creditNotes.map((c) => String(c.id)) : ["-"])]),
      ]),
    )
    .orderBy("audit_log.id", "desc")
    .execute();
  const states = scheduleStates(
    schedules.map((s) => ({ id: s.id, orderLineId: s.order_line_id, sequence: s.sequence, dueOn: s.due_on, quantity: s.quantity })),
    shipmentLines,
    options.today,
  );
  const steps = allowedEvents(orderTransitions, order.status, { table: ORDER_EVENT_ACTORS, side });
  const progress = new Map(lines.map((l) => [l.id, lineProgress(l, shipmentLines, invoiced.get(l.id) ?? 0, handedOver.get(l.id) ?? 0)]));
  const actions = orderActionsFor(order.status, side);
  const invoiceable = lines.reduce((sum, l) => sum + progress.get(l.id)!.invoiceable, 0);
  /** Accepted pieces whose BAST is not confirmed by both parties yet. */
  const awaitingBast = lines.reduce((sum, l) => sum + Math.max(0, progress.get(l.id)!.accepted - progress.get(l.id)!.handedOver), 0);
  const region = await regionNames(order.delivery_province_code, order.delivery_regency_code);
  // A cooperative's own view of its order: its members' work orders and lots. The buyer never gets this.
  const supplierParty = parties.find((p) => p.id === order.supplier_id)!;
  const members =
    side === "supplier" && supplierParty.kind === "cooperative" ? await cooperativeOrderPanel(db, { orderId: order.id, cooperativeId: order.supplier_id, status: order.status }) : null;
  // Where it came from: a call-off against an agreement, an "order again" of an earlier order; and the
  // agreements made from it.
  const agreement = order.agreement_id
    ? await db.selectFrom("agreements").select(["id", "number", "title"]).where("id", "=", order.agreement_id).executeTakeFirst()
    : undefined;
  const repeatOf = order.repeat_of_order_id
    ? await db.selectFrom("orders").select(["id", "number"]).where("id", "=", order.repeat_of_order_id).where("buyer_id", "=", order.buyer_id).executeTakeFirst()
    : undefined;
  const agreementsMade = await db.selectFrom("agreements").select(["id", "number", "status"]).where("source_order_id", "=", order.id).orderBy("id").execute();
  return {
    members,
    order,
    side,
    rfq,
    origin: { agreement: agreement ?? null, repeatOf: repeatOf ?? null, agreementsMade },
    pricesEditable: side === "buyer" && pricesEditable(order),
    region,
    buyer: parties.find((p) => p.id === order.buyer_id)!,
    supplier: parties.find((p) => p.id === order.supplier_id)!,
    lines: lines.map((l) => ({
      ...l,
      progress: progress.get(l.id)!,
      schedule: states.filter((s) => s.orderLineId === l.id),
    })),
    shipments: shipments.map((s) => ({
      ...s,
      lines: rawShipmentLines.filter((l) => l.shipment_id === s.id),
      allowed: allowedEvents(shipmentTransitions, s.status, { table: SHIPMENT_EVENT_ACTORS, side }),
    })),
    basts: basts.map((b) => ({
      ...b,
      lines: bastLines.filter((l) => l.bast_id === b.id),
      allowed: allowedEvents(bastTransitions, b.status, { table: BAST_EVENT_ACTORS, side }),
    })),
    invoices: invoices.map((i) => {
      const replaced = i.replaces_invoice_id ? invoices.find((x) => x.id === i.replaces_invoice_id) : undefined;
      return {
        ...i,
        overdue: INVOICE_OPEN_STATES.includes(i.status) && i.due_on < options.today,
        outstanding: outstandingOf(i),
        replacesNumber: replaced?.number ?? null,
        /** What a faktur number for this invoice must start with (kode, status) and hold (year). */
        fakturExpected: i.kode_transaksi ? { kode: i.kode_transaksi, status: nextFakturStatus(replaced?.faktur_number ?? null), year: i.issued_on.slice(2, 4) } : null,
        mayRecordFaktur: side === "supplier" && i.supplier_pkp === 1 && i.kode_transaksi !== null && i.status !== "cancelled" && i.status !== "void",
        mayCredit: side === "buyer" && i.status !== "cancelled" && i.status !== "void",
        lines: invoiceLines.filter((l) => l.invoice_id === i.id),
        payments: payments.filter((p) => p.invoice_id === i.id),
        creditNotes: creditNotes
          .filter((c) => c.invoice_id === i.id)
          .map((c) => ({ ...c, lines: creditNoteLines.filter((l) => l.credit_note_id === c.id), allowed: allowedEvents(creditNoteTransitions, c.status, { table: CREDIT_NOTE_EVENT_ACTORS, side }) })),
        allowed: allowedEvents(invoiceTransitions, i.status, { table: INVOICE_EVENT_ACTORS, side }),
      };
    }),
    /** Cancelled invoices without a live replacement: the supplier may issue a corrected one for each. */
    replaceable:
      side === "supplier"
        ? invoices.filter((i) => i.status === "cancelled" && !invoices.some((x) => x.replaces_invoice_id === i.id && x.status !== "cancelled" && x.status !== "void")).map((i) => ({ id: i.id, number: i.number }))
        : [],
    awaitingBast,
    tax: { supplierPkp: supplierTax.pkp, buyerCollector: buyerTax.collector },
    timeline: timeline.map((t) => ({ ...t, detail: JSON.parse(t.detail) as Record<string, unknown> })),
    steps,
    /** The actions besides steps this side may take now, from the order's table (order-states.ts). */
    actions,
    /** Accepted pieces not yet invoiced: the supplier may invoice them when `actions` has "invoice". */
    invoiceable,
    today: options.today,
    // Card payment needs Stripe on the server (key and webhook secret) and Stripe.js in the browser.
    cardPayments: paymentsEnabled() && Boolean(config().STRIPE_PUBLISHABLE_KEY),
  };
}
export type OrderPage = Awaited<ReturnType<typeof getOrderPage>>;
