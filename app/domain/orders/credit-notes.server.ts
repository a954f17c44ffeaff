import { sql } from "kysely";
import type { z } from "zod";
import type { Db, DbOrTrx, Trx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { invoiceTax } from "../tax/ppn";
import { jakartaDate } from "../time";
import { applyInvoiceEvent } from "./apply-invoice-event.server";
import { creditNoteTransitions, type CreditNoteEvent } from "./credit-note-states";
import { invoiceTransitions, outstandingOf } from "./invoice-states";
import { completeIfSettled } from "./invoices.server";
import { requireOrderParty } from "./order-access.server";
import type { CreditNoteDecisionSchema, CreditNoteSchema } from "./schemas";

// Credit notes (nota retur): pieces returned after they were invoiced. Their PPN follows the invoice's own
// (same rule, PKP and collector status), so the invoice and its credit notes always add up.

/** Pieces of each invoice line already in credit notes that were not rejected. */
export async function creditedByInvoiceLine(db: DbOrTrx, invoiceId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("credit_note_lines")
    .innerJoin("credit_notes", "credit_notes.id", "credit_note_lines.credit_note_id")
    .select(["credit_note_lines.invoice_line_id", "credit_note_lines.quantity"])
    .where("credit_notes.invoice_id", "=", invoiceId)
    .where("credit_notes.status", "!=", "rejected")
    .execute();
  const map = new Map<number, number>();
  for (const r of rows) map.set(r.invoice_line_id, (map.get(r.invoice_line_id) ?? 0) + r.quantity);
  return map;
}

/** The buyer issues a credit note for invoiced pieces it returns, with a reason; the supplier is told. */
export async function issueCreditNote(
  db: Db,
  options: { orderId: number; buyerId: number; actorUserId: number; input: z.output<typeof CreditNoteSchema>; now: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
    const invoice = await trx.selectFrom("invoices").selectAll().where("id", "=", options.input.invoiceId).where("order_id", "=", order.id).executeTakeFirst();
    if (!invoice) throw new DomainError("error.invoiceNotFound", 404);
    if (invoice.status === "cancelled" || invoice.status === "void") throw new DomainError("error.invoiceChanged", 409);
    const invoiceLines = await trx.selectFrom("invoice_lines").selectAll().where("invoice_id", "=", invoice.id).execute();
    const credited = await creditedByInvoiceLine(trx, invoice.id);
    const lines = options.input.lines.map((l, index) => ({ ...l, index })).filter((l) => (l.quantity ?? 0) > 0);
    if (lines.length === 0) throw new DomainError("error.creditNothing", 422, "lines");
    for (const l of lines) {
      const line = invoiceLines.find((x) => x.id === l.invoiceLineId);
      if (!line) throw new DomainError("error.invalid", 422, `lines[${l.index}].quantity`);
      const left = line.quantity - (credited.get(line.id) ?? 0);
      if (l.quantity! > left) throw new DomainError("error.creditMoreThanInvoiced", 422, `lines[${l.index}].quantity`, { left });
    }
    const priced = lines.map((l) => {
      const line = invoiceLines.find((x) => x.id === l.invoiceLineId)!;
      return { invoiceLineId: line.id, quantity: l.quantity!, amount: l.quantity! * line.unit_price };
    });
    const tax = invoiceTax({
      subtotal: priced.reduce((s, p) => s + p.amount, 0),
      rule: { rateBp: invoice.ppn_rate_bp, dppNumerator: invoice.dpp_numerator, dppDenominator: invoice.dpp_denominator, kodeTransaksi: invoice.kode_transaksi ?? "01" },
      supplierPkp: invoice.supplier_pkp === 1,
      collector: invoice.collector_kind,
    });
    const issuedOn = jakartaDate(options.now);
    const { next } = await trx.selectFrom("credit_notes").select(sql<number>`coalesce(max(id), 0) + 1`.as("next")).executeTakeFirstOrThrow();
    const at = toTimestamp(options.now);
    const number = `NR-${issuedOn.slice(0, 4)}-${String(next).padStart(5, "0")}`;
    const { id } = await trx
      .insertInto("credit_notes")
      .values({
        number,
        invoice_id: invoice.id,
        reason: options.input.reason,
        subtotal: tax.subtotal,
        dpp_amount: tax.dpp,
        ppn_amount: tax.ppn,
        total: tax.total,
        ppn_withheld: tax.withheld,
        amount_due: tax.amountDue,
        issued_on: issuedOn,
        created_by_user_id: options.actorUserId,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("credit_note_lines").values(priced.map((p) => ({ credit_note_id: id, invoice_line_id: p.invoiceLineId, quantity: p.quantity, amount: p.amount }))).execute();
    await writeAuditForEach(trx, [order.buyer_id, order.supplier_id], {
      actorUserId: options.actorUserId,
      entityType: "credit_note",
      entityId: id,
      action: "issue",
      toState: "issued",
      detail: { orderId: order.id, invoice: invoice.number, number, total: tax.total, reason: options.input.reason },
      now: options.now,
    });
    await notify(trx, {
      recipients: { organizationId: order.supplier_id },
      kind: "credit_note_issued",
      params: { number, invoice: invoice.number, reason: options.input.reason },
      link: `/orders/${order.id}#invoices`,
      organizationId: order.supplier_id,
      now: options.now,
    });
    return id;
  });
}

/**
 * The only code that changes a credit note's status. On acceptance the invoice's credited amount grows by the
 * note's amount due; an invoice left with nothing to pay is settled (and its order completed if all is paid).
 */
async function applyCreditNoteEvent(trx: Trx, options: { creditNoteId: number; event: CreditNoteEvent; actorUserId: number; now: Date; expectedRevision: number; reason?: string | null }) {
  const note = await trx.selectFrom("credit_notes").selectAll().where("id", "=", options.creditNoteId).executeTakeFirst();
  if (!note) throw new DomainError("error.notFound", 404);
  if (note.revision !== options.expectedRevision) throw new DomainError("error.creditNoteChanged", 409);
  const to = nextState(creditNoteTransitions, note.status, options.event);
  if (!to) throw new TransitionError("credit_note", note.status, options.event, "error.creditNoteChanged");
  const at = toTimestamp(options.now);
  const result = await trx
    .updateTable("credit_notes")
    .set({ status: to, revision: note.revision + 1, decision_reason: options.reason ?? null, decided_by_user_id: options.actorUserId, decided_at: at, updated_at: at })
    .where("id", "=", note.id)
    .where("status", "=", note.status)
    .where("revision", "=", note.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("credit_note", note.status, options.event, "error.creditNoteChanged");
  const invoice = await trx.selectFrom("invoices").selectAll().where("id", "=", note.invoice_id).executeTakeFirstOrThrow();
  const order = await trx.selectFrom("orders").select(["id", "buyer_id", "supplier_id", "number"]).where("id", "=", invoice.order_id).executeTakeFirstOrThrow();
  await writeAuditForEach(trx, [order.buyer_id, order.supplier_id], {
    actorUserId: options.actorUserId,
    entityType: "credit_note",
    entityId: note.id,
    action: options.event,
    fromState: note.status,
    toState: to,
    detail: { orderId: order.id, invoice: invoice.number, number: note.number, reason: options.reason ?? null },
    now: options.now,
  });
  await notify(trx, {
    recipients: { organizationId: order.buyer_id },
    kind: `credit_note_${options.event}`,
    params: { number: note.number, invoice: invoice.number, reason: options.reason ?? "" },
    link: `/orders/${order.id}#invoices`,
    organizationId: order.buyer_id,
    now: options.now,
  });
  if (to === "accepted") {
    const credited = invoice.amount_credited + note.amount_due;
    await trx.updateTable("invoices").set({ amount_credited: credited, updated_at: at }).where("id", "=", invoice.id).execute();
    const after = { ...invoice, amount_credited: credited };
    if (outstandingOf(after) === 0 && nextState(invoiceTransitions, invoice.status, "settle_by_credit")) {
      await applyInvoiceEvent(trx, { invoiceId: invoice.id, event: "settle_by_credit", actorUserId: options.actorUserId, organizationId: order.supplier_id, now: options.now, detail: { creditNote: note.number } });
      await completeIfSettled(trx, order.id, options.actorUserId, options.now);
    }
  }
}

/** The supplier accepts a credit note of its order, or rejects it with a reason. */
export async function decideCreditNote(
  db: Db,
  options: { orderId: number; supplierId: number; actorUserId: number; input: z.output<typeof CreditNoteDecisionSchema>; now: Date },
): Promise<void> {
  if (options.input.decision === "reject" && !options.input.reason) throw new DomainError("error.reasonRequired", 422, "reason");
  await db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.supplierId, actorUserId: options.actorUserId, side: "supplier" });
    const note = await trx
      .selectFrom("credit_notes")
      .innerJoin("invoices", "invoices.id", "credit_notes.invoice_id")
      .select("credit_notes.id")
      .where("credit_notes.id", "=", options.input.creditNoteId)
      .where("invoices.order_id", "=", order.id)
      .executeTakeFirst();
    if (!note) throw new DomainError("error.notFound", 404);
    await applyCreditNoteEvent(trx, {
      creditNoteId: note.id,
      event: options.input.decision,
      actorUserId: options.actorUserId,
      now: options.now,
      expectedRevision: options.input.revision,
      reason: options.input.reason ?? null,
    });
  });
}
