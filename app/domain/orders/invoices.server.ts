import { sql } from "kysely";
import type { z } from "zod";
import type { Db, DbOrTrx, Trx } from "../../../db/client";
import { DAY_MS, toTimestamp } from "../../clock.server";
import { writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { storeListingFile } from "../suppliers/listing-files.server";
import { invoiceTax } from "../tax/ppn";
import { checkFakturNumber, nextFakturStatus } from "../tax/tax-ids";
import { taxStatusOf } from "../tax/tax-identity.server";
import { taxSettings } from "../tax/tax-settings.server";
import { jakartaDate } from "../time";
import { applyInvoiceEvent } from "./apply-invoice-event.server";
import { applyOrderEvent } from "./apply-order-event.server";
import { confirmedHandoverByLine } from "./basts.server";
import { outstandingOf } from "./invoice-states";
import { requireOrderParty } from "./order-access.server";
import { lineProgress } from "./order-progress";
import { orderActionAllowed, orderTransitions } from "./order-states";
import { isPaidInFull } from "./order-steps.server";
import type { CancelInvoiceSchema, FakturSchema, IssueInvoiceSchema } from "./schemas";
import { shipmentLinesOf } from "./shipments.server";

/** Invoiced quantity per order line (cancelled and void invoices not counted). */
export async function invoicedByLine(db: DbOrTrx, orderId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("invoice_lines")
    .innerJoin("invoices", "invoices.id", "invoice_lines.invoice_id")
    .select(["invoice_lines.order_line_id", "invoice_lines.quantity"])
    .where("invoices.order_id", "=", orderId)
    .where("invoices.status", "not in", ["void", "cancelled"])
    .execute();
  const map = new Map<number, number>();
  for (const r of rows) map.set(r.order_line_id, (map.get(r.order_line_id) ?? 0) + r.quantity);
  return map;
}

/** What may be invoiced per order line now: pieces in confirmed BASTs not yet invoiced. */
export async function invoiceableByLine(db: DbOrTrx, orderId: number) {
  const lines = await db.selectFrom("order_lines").select(["id", "quantity", "unit_price", "part_name", "unit"]).where("order_id", "=", orderId).orderBy("position").execute();
  const shipments = await shipmentLinesOf(db, orderId);
  const invoiced = await invoicedByLine(db, orderId);
  const handedOver = await confirmedHandoverByLine(db, orderId);
  return lines.map((l) => ({ line: l, quantity: lineProgress(l, shipments, invoiced.get(l.id) ?? 0, handedOver.get(l.id) ?? 0).invoiceable }));
}

/**
 * The supplier invoices pieces of confirmed BASTs not invoiced yet (all of them, or fewer per line), at the
 * order's unit prices. PPN follows the rule frozen on the order — only when the supplier is a verified PKP; a
 * verified collector buyer withholds it (kode 02 / 03) and pays the rest. Due after the order's payment days.
 * A corrected invoice names the cancelled one it replaces; its faktur will be a replacement (kode status 01 …).
 */
export async function issueInvoice(
  db: Db,
  options: { orderId: number; supplierId: number; actorUserId: number; input?: z.output<typeof IssueInvoiceSchema>; now: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.supplierId, actorUserId: options.actorUserId, side: "supplier" });
    if (!orderActionAllowed("invoice", order.status)) throw new DomainError("error.nothingToInvoice", 409);
    let replaces: { id: number; faktur_number: string | null } | undefined;
    if (options.input?.replacesInvoiceId) {
      replaces = await trx
        .selectFrom("invoices")
        .select(["id", "faktur_number"])
        .where("id", "=", options.input.replacesInvoiceId)
        .where("order_id", "=", order.id)
        .where("status", "=", "cancelled")
        .executeTakeFirst();
      if (!replaces) throw new DomainError("error.replaceCancelledOnly", 422, "replacesInvoiceId");
      const already = await trx.selectFrom("invoices").select("id").where("replaces_invoice_id", "=", replaces.id).where("status", "not in", ["cancelled", "void"]).executeTakeFirst();
      if (already) throw new DomainError("error.alreadyReplaced", 409, "replacesInvoiceId");
    }

    const available = await invoiceableByLine(trx, order.id);
    const wanted = options.input?.lines?.filter((l) => l.quantity !== undefined) ?? [];
    const billable = wanted.length
      ? wanted.map((w, index) => {
          const row = available.find((a) => a.line.id === w.orderLineId);
          if (!row) throw new DomainError("error.invalid", 422, `lines[${index}].quantity`);
          if (w.quantity! > row.quantity) throw new DomainError("error.invoiceMoreThanHandedOver", 422, `lines[${index}].quantity`, { available: row.quantity });
          return { line: row.line, quantity: w.quantity! };
        })
      : available;
    const lines = billable.filter((b) => b.quantity > 0);
    if (lines.length === 0) throw new DomainError(available.some((a) => a.quantity > 0) ? "error.invoiceNothingChosen" : "error.nothingToInvoice", wanted.length ? 422 : 409, wanted.length ? "lines" : undefined);

    const supplier = await taxStatusOf(trx, order.supplier_id);
    const buyer = await taxStatusOf(trx, order.buyer_id);
    const subtotal = lines.reduce((s, b) => s + b.quantity * b.line.unit_price, 0);
    const tax = invoiceTax({
      subtotal,
      rule: { rateBp: order.ppn_rate_bp, dppNumerator: order.dpp_numerator, dppDenominator: order.dpp_denominator, kodeTransaksi: order.kode_transaksi },
      supplierPkp: supplier.pkp,
      collector: buyer.collector,
    });
    const issuedOn = jakartaDate(options.now);
    const dueOn = jakartaDate(new Date(options.now.getTime() + order.payment_due_days * DAY_MS));
    const { next } = await trx.selectFrom("invoices").select(sql<number>`coalesce(max(id), 0) + 1`.as("next")).executeTakeFirstOrThrow();
    const at = toTimestamp(options.now);
    const { id } = await trx
      .insertInto("invoices")
      .values({
        number: `INV-${issuedOn.slice(0, 4)}-${String(next).padStart(5, "0")}`,
        order_id: order.id,
        subtotal: tax.subtotal,
        ppn_rate_bp: supplier.pkp ? order.ppn_rate_bp : 0,
        dpp_numerator: order.dpp_numerator,
        dpp_denominator: order.dpp_denominator,
        dpp_amount: tax.dpp,
        ppn_amount: tax.ppn,
        total: tax.total,
        kode_transaksi: tax.kodeTransaksi,
        supplier_pkp: supplier.pkp ? 1 : 0,
        collector_kind: supplier.pkp ? buyer.collector : "none",
        ppn_withheld: tax.withheld,
        amount_due: tax.amountDue,
        replaces_invoice_id: replaces?.id ?? null,
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
      .values(lines.map((b) => ({ invoice_id: id, order_line_id: b.line.id, quantity: b.quantity, unit_price: b.line.unit_price, amount: b.quantity * b.line.unit_price })))
      .execute();
    await writeAuditForEach(trx, [order.buyer_id, order.supplier_id], {
      actorUserId: options.actorUserId,
      entityType: "invoice",
      entityId: id,
      action: "issue",
      toState: "issued",
      detail: { orderId: order.id, total: tax.total, ppn: tax.ppn, withheld: tax.withheld, kode: tax.kodeTransaksi, replaces: replaces?.id ?? null },
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

/**
 * Bank transfer, step 1: the buyer reports a transfer — what is still due, or part of it — with its reference
 * and date; the supplier is told.
 */
export async function reportTransfer(
  db: Db,
  options: { orderId: number; buyerId: number; actorUserId: number; invoiceId: number; revision: number; reference: string; transferDate: string; amount?: number; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
    const invoice = await requireInvoiceOf(trx, order.id, options.invoiceId);
    if (invoice.status === "paid") throw new DomainError("error.alreadyPaid", 409);
    const outstanding = outstandingOf(invoice);
    const amount = options.amount ?? outstanding;
    if (amount > outstanding) throw new DomainError("error.transferMoreThanDue", 422, "amount", { outstanding });
    if (amount <= 0) throw new DomainError("error.amountPositive", 422, "amount");
    await applyInvoiceEvent(trx, {
      invoiceId: invoice.id,
      event: "report_transfer",
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      now: options.now,
      expectedRevision: options.revision,
      set: { payment_method: "bank_transfer", transfer_reference: options.reference, transfer_date: options.transferDate, transfer_amount: amount },
      detail: { amount },
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

/**
 * Bank transfer, step 2: the supplier confirms the money arrived — paid when it covers what was due, partially
 * paid otherwise — or says it did not (back to where it was).
 */
export async function decideTransfer(
  db: Db,
  options: { orderId: number; supplierId: number; actorUserId: number; invoiceId: number; revision: number; decision: "confirm" | "reject"; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.supplierId, actorUserId: options.actorUserId, side: "supplier" });
    const invoice = await requireInvoiceOf(trx, order.id, options.invoiceId);
    const base = { invoiceId: invoice.id, actorUserId: options.actorUserId, organizationId: options.supplierId, now: options.now, expectedRevision: options.revision };
    if (options.decision === "reject") {
      await applyInvoiceEvent(trx, { ...base, event: invoice.amount_paid > 0 ? "reject_partial" : "reject_transfer", set: { transfer_amount: null } });
      await notify(trx, {
        recipients: { organizationId: order.buyer_id },
        kind: "invoice_transfer_rejected",
        params: { number: invoice.number },
        link: `/orders/${order.id}#invoices`,
        organizationId: order.buyer_id,
        now: options.now,
      });
      return;
    }
    const outstanding = outstandingOf(invoice);
    const amount = Math.min(invoice.transfer_amount ?? outstanding, outstanding);
    const settles = amount >= outstanding;
    await applyInvoiceEvent(trx, {
      ...base,
      event: settles ? "confirm_transfer" : "confirm_partial",
      set: { amount_paid: invoice.amount_paid + amount, transfer_amount: null },
      detail: { amount },
    });
    await trx
      .insertInto("invoice_payments")
      .values({
        invoice_id: invoice.id,
        amount,
        method: "bank_transfer",
        reference: invoice.transfer_reference ?? "",
        paid_on: invoice.transfer_date ?? jakartaDate(options.now),
        confirmed_by_user_id: options.actorUserId,
        created_at: toTimestamp(options.now),
      })
      .execute();
    await notify(trx, {
      recipients: { organizationId: order.buyer_id },
      kind: settles ? "invoice_paid" : "invoice_partially_paid",
      params: { number: invoice.number },
      link: `/orders/${order.id}#invoices`,
      organizationId: order.buyer_id,
      now: options.now,
    });
    if (settles) await completeIfSettled(trx, order.id, options.actorUserId, options.now);
  });
}

/**
 * A PKP supplier records the faktur pajak number Coretax gave it, with the faktur's PDF. The number must be
 * 17 digits, start with the invoice's kode transaksi, carry kode status 00 (or the next after the faktur of
 * the invoice it replaces), and hold the invoice's year where the tax settings say. The buyer is told.
 */
export async function recordFaktur(
  db: Db,
  options: { orderId: number; supplierId: number; actorUserId: number; input: z.output<typeof FakturSchema>; now: Date },
): Promise<void> {
  const bytes = options.input.file ? new Uint8Array(await options.input.file.arrayBuffer()) : null;
  await db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.supplierId, actorUserId: options.actorUserId, side: "supplier" });
    const invoice = await requireInvoiceOf(trx, order.id, options.input.invoiceId);
    if (invoice.supplier_pkp !== 1 || !invoice.kode_transaksi) throw new DomainError("error.fakturNonPkp", 409);
    if (invoice.status === "cancelled" || invoice.status === "void") throw new DomainError("error.invoiceChanged", 409);
    if (invoice.revision !== options.input.revision) throw new DomainError("error.invoiceChanged", 409);
    const replaced = invoice.replaces_invoice_id
      ? await trx.selectFrom("invoices").select("faktur_number").where("id", "=", invoice.replaces_invoice_id).executeTakeFirst()
      : undefined;
    const settings = await taxSettings(trx);
    const checked = checkFakturNumber(options.input.fakturNumber, {
      kodeTransaksi: invoice.kode_transaksi,
      statusCode: nextFakturStatus(replaced?.faktur_number ?? null),
      date: invoice.issued_on,
      yearPosition: settings.fakturYearPosition,
    });
    if ("problem" in checked) {
      throw new DomainError(`error.faktur.${checked.problem}`, 422, "fakturNumber", {
        kode: invoice.kode_transaksi,
        status: nextFakturStatus(replaced?.faktur_number ?? null),
        year: invoice.issued_on.slice(2, 4),
      });
    }
    if (!bytes && !invoice.faktur_file_id) throw new DomainError("error.documentRequired", 422, "file");
    const fileId = bytes
      ? await storeListingFile(trx, {
          organizationId: order.supplier_id,
          actorUserId: options.actorUserId,
          label: `Faktur pajak ${checked.digits}`,
          originalName: options.input.file!.name,
          bytes,
          field: "file",
          now: options.now,
        })
      : invoice.faktur_file_id;
    const at = toTimestamp(options.now);
    const result = await trx
      .updateTable("invoices")
      .set({ faktur_number: checked.digits, faktur_file_id: fileId, faktur_recorded_at: at, faktur_recorded_by: options.actorUserId, revision: invoice.revision + 1, updated_at: at })
      .where("id", "=", invoice.id)
      .where("revision", "=", invoice.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new DomainError("error.invoiceChanged", 409);
    await writeAuditForEach(trx, [order.buyer_id, order.supplier_id], {
      actorUserId: options.actorUserId,
      entityType: "invoice",
      entityId: invoice.id,
      action: "record_faktur",
      detail: { orderId: order.id, number: invoice.number, fakturNumber: checked.digits, previous: invoice.faktur_number },
      now: options.now,
    });
    await notify(trx, {
      recipients: { organizationId: order.buyer_id },
      kind: "invoice_faktur_recorded",
      params: { number: invoice.number, faktur: checked.digits },
      link: `/orders/${order.id}#invoices`,
      organizationId: order.buyer_id,
      now: options.now,
    });
  });
}

/**
 * The supplier cancels an invoice nothing was paid or credited on, with a reason; its pieces may be invoiced
 * again by a corrected invoice that names it.
 */
export async function cancelInvoice(
  db: Db,
  options: { orderId: number; supplierId: number; actorUserId: number; input: z.output<typeof CancelInvoiceSchema>; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.supplierId, actorUserId: options.actorUserId, side: "supplier" });
    const invoice = await requireInvoiceOf(trx, order.id, options.input.invoiceId);
    const credited = await trx.selectFrom("credit_notes").select("id").where("invoice_id", "=", invoice.id).where("status", "!=", "rejected").executeTakeFirst();
    if (invoice.amount_paid > 0 || credited) throw new DomainError("error.cancelPaidInvoice", 409);
    await applyInvoiceEvent(trx, {
      invoiceId: invoice.id,
      event: "cancel",
      actorUserId: options.actorUserId,
      organizationId: options.supplierId,
      now: options.now,
      expectedRevision: options.input.revision,
      set: { cancel_reason: options.input.reason },
      detail: { reason: options.input.reason },
    });
    await notify(trx, {
      recipients: { organizationId: order.buyer_id },
      kind: "invoice_cancelled",
      params: { number: invoice.number, reason: options.input.reason },
      link: `/orders/${order.id}#invoices`,
      organizationId: order.buyer_id,
      now: options.now,
    });
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
