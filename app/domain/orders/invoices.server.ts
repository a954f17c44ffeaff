import { sql } from "kysely";
import type { Db, DbOrTrx, Trx } from "../../../db/client";
import { DAY_MS, toTimestamp } from "../../clock.server";
import { writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { jakartaDate } from "../time";
import { invoiceAmounts } from "./amounts";
import { applyInvoiceEvent } from "./apply-invoice-event.server";
import { applyOrderEvent } from "./apply-order-event.server";
import { requireOrderParty } from "./order-access.server";
import { lineProgress } from "./order-progress";
import { orderActionAllowed, orderTransitions } from "./order-states";
import { isPaidInFull } from "./order-steps.server";
import { shipmentLinesOf } from "./shipments.server";

/** Invoiced quantity per order line (void invoices not counted). */
export async function invoicedByLine(db: DbOrTrx, orderId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("invoice_lines")
    .innerJoin("invoices", "invoices.id", "invoice_lines.invoice_id")
    .select(["invoice_lines.order_line_id", "invoice_lines.quantity"])
    .where("invoices.order_id", "=", orderId)
    .where("invoices.status", "!=", "void")
    .execute();
  const map = new Map<number, number>();
  for (const r of rows) map.set(r.order_line_id, (map.get(r.order_line_id) ?? 0) + r.quantity);
  return map;
}

/**
 * The supplier invoices what the buyer accepted and was not invoiced yet, at the order's unit prices, PPN at
 * the order's rate (rounded to the whole rupiah), due after the order's payment days. Nothing accepted yet
 * (e.g. before any delivery) is refused (409).
 */
export async function issueInvoice(db: Db, options: { orderId: number; supplierId: number; actorUserId: number; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.supplierId, actorUserId: options.actorUserId, side: "supplier" });
    if (!orderActionAllowed("invoice", order.status)) {
      throw new DomainError("error.nothingToInvoice", 409);
    }
    const lines = await trx.selectFrom("order_lines").select(["id", "quantity", "unit_price"]).where("order_id", "=", order.id).orderBy("position").execute();
    const shipments = await shipmentLinesOf(trx, order.id);
    const invoiced = await invoicedByLine(trx, order.id);
    const billable = lines
      .map((l) => ({ line: l, quantity: lineProgress(l, shipments, invoiced.get(l.id) ?? 0).invoiceable }))
      .filter((b) => b.quantity > 0);
    if (billable.length === 0) throw new DomainError("error.nothingToInvoice", 409);
    const amounts = invoiceAmounts(
      billable.map((b) => ({ quantity: b.quantity, unitPrice: b.line.unit_price })),
      order.ppn_rate_bp,
    );
    const issuedOn = jakartaDate(options.now);
    const dueOn = jakartaDate(new Date(options.now.getTime() + order.payment_due_days * DAY_MS));
    const { next } = await trx.selectFrom("invoices").select(sql<number>`coalesce(max(id), 0) + 1`.as("next")).executeTakeFirstOrThrow();
    const at = toTimestamp(options.now);
    const { id } = await trx
      .insertInto("invoices")
      .values({
        number: `INV-${issuedOn.slice(0, 4)}-${String(next).padStart(5, "0")}`,
        order_id: order.id,
        subtotal: amounts.subtotal,
        ppn_rate_bp: order.ppn_rate_bp,
        ppn_amount: amounts.ppn,
        total: amounts.total,
        issued_on: issuedOn,
        due_on: dueOn,
        created_by_user_id: options.actorUserId,
        created_at: at,
        updated_at: at,
      })
      .returning(["id", "number"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("invoice_lines")
      .values(billable.map((b) => ({ invoice_id: id, order_line_id: b.line.id, quantity: b.quantity, unit_price: b.line.unit_price, amount: b.quantity * b.line.unit_price })))
      .execute();
    await writeAuditForEach(trx, [order.buyer_id, order.supplier_id], {
      actorUserId: options.actorUserId,
      entityType: "invoice",
      entityId: id,
      action: "issue",
      toState: "issued",
      detail: { orderId: order.id, total: amounts.total },
      now: options.now,
    });
    await notify(trx, {
      recipients: { organizationId: order.buyer_id },
      kind: "invoice_issued",
      params: { number: order.number },
      link: `/orders/${order.id}#invoices`,
      organizationId: order.buyer_id,
      now: options.now,
    });
    return id;
  });
}

async function requireInvoiceOf(trx: DbOrTrx, orderId: number, invoiceId: number) {
  const invoice = await trx.selectFrom("invoices").selectAll().where("id", "=", invoiceId).where("order_id", "=", orderId).executeTakeFirst();
  if (!invoice) throw new DomainError("error.invoiceNotFound", 404);
  return invoice;
}

/** Bank transfer, step 1: the buyer reports the transfer (reference and date); the supplier is told. */
export async function reportTransfer(
  db: Db,
  options: { orderId: number; buyerId: number; actorUserId: number; invoiceId: number; revision: number; reference: string; transferDate: string; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
    const invoice = await requireInvoiceOf(trx, order.id, options.invoiceId);
    await applyInvoiceEvent(trx, {
      invoiceId: invoice.id,
      event: "report_transfer",
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      now: options.now,
      expectedRevision: options.revision,
      set: { payment_method: "bank_transfer", transfer_reference: options.reference, transfer_date: options.transferDate },
    });
    await notify(trx, {
      recipients: { organizationId: order.supplier_id },
      kind: "invoice_transfer_reported",
      params: { number: invoice.number, reference: options.reference },
      link: `/orders/${order.id}#invoices`,
      organizationId: order.supplier_id,
      now: options.now,
    });
  });
}

/** Bank transfer, step 2: the supplier confirms the money arrived (paid) or says it did not. */
export async function decideTransfer(
  db: Db,
  options: { orderId: number; supplierId: number; actorUserId: number; invoiceId: number; revision: number; decision: "confirm" | "reject"; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.supplierId, actorUserId: options.actorUserId, side: "supplier" });
    const invoice = await requireInvoiceOf(trx, order.id, options.invoiceId);
    await applyInvoiceEvent(trx, {
      invoiceId: invoice.id,
      event: options.decision === "confirm" ? "confirm_transfer" : "reject_transfer",
      actorUserId: options.actorUserId,
      organizationId: options.supplierId,
      now: options.now,
      expectedRevision: options.revision,
    });
    await notify(trx, {
      recipients: { organizationId: order.buyer_id },
      kind: options.decision === "confirm" ? "invoice_paid" : "invoice_transfer_rejected",
      params: { number: invoice.number },
      link: `/orders/${order.id}#invoices`,
      organizationId: order.buyer_id,
      now: options.now,
    });
    if (options.decision === "confirm") await completeIfSettled(trx, order.id, options.actorUserId, options.now);
  });
}

/** After a payment: a delivered order whose pieces are all invoiced and paid is completed. */
export async function completeIfSettled(trx: Trx, orderId: number, actorUserId: number | null, now: Date): Promise<boolean> {
  const order = await trx.selectFrom("orders").select(["id", "status"]).where("id", "=", orderId).executeTakeFirstOrThrow();
  if (!nextState(orderTransitions, order.status, "complete") || order.status === "resolved") return false;
  if (!(await isPaidInFull(trx, orderId))) return false;
  await applyOrderEvent(trx, { orderId, event: "complete", actorUserId, side: null, now });
  return true;
}
