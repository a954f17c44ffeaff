import type { Trx } from "../../../db/client";
import type { Invoice, InvoiceStatus, InvoiceUpdate } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { invoiceTransitions, type InvoiceEvent } from "./invoice-states";

/**
 * The only code that changes an invoice's status (and its payment fields). Inside a transaction; the update
 * is conditional on the status and revision it read, so a second payment of the same invoice (another tab,
 * a replayed webhook) changes nothing and is told so (409).
 */
export async function applyInvoiceEvent(
  trx: Trx,
  options: {
    invoiceId: number;
    event: InvoiceEvent;
    actorUserId: number | null;
    organizationId: number | null;
    now: Date;
    expectedRevision?: number;
    set?: Omit<InvoiceUpdate, "status" | "revision" | "updated_at">;
    detail?: Record<string, unknown>;
  },
): Promise<{ from: InvoiceStatus; to: InvoiceStatus; invoice: Invoice }> {
  const invoice = await trx.selectFrom("invoices").selectAll().where("id", "=", options.invoiceId).executeTakeFirst();
  if (!invoice) throw new DomainError("error.invoiceNotFound", 404);
  // "Already paid" says more than "changed" to the second of two payments.
  if (invoice.status === "paid") throw new DomainError("error.alreadyPaid", 409);
  if (options.expectedRevision !== undefined && options.expectedRevision !== invoice.revision) {
    throw new DomainError("error.invoiceChanged", 409);
  }
  const to = nextState(invoiceTransitions, invoice.status, options.event);
  if (!to) throw new TransitionError("invoice", invoice.status, options.event, "error.invoiceChanged");
  const at = toTimestamp(options.now);
  const result = await trx
    .updateTable("invoices")
    .set({ ...options.set, status: to, revision: invoice.revision + 1, updated_at: at, ...(to === "paid" ? { paid_at: at } : {}) })
    .where("id", "=", invoice.id)
    .where("status", "=", invoice.status)
    .where("revision", "=", invoice.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("invoice", invoice.status, options.event, "error.invoiceChanged");
  // Both parties' timelines show every step of the invoice.
  const order = await trx.selectFrom("orders").select(["buyer_id", "supplier_id"]).where("id", "=", invoice.order_id).executeTakeFirstOrThrow();
  await writeAuditForEach(trx, [order.buyer_id, order.supplier_id], {
    actorUserId: options.actorUserId,
    entityType: "invoice",
    entityId: invoice.id,
    action: options.event,
    fromState: invoice.status,
    toState: to,
    detail: { orderId: invoice.order_id, number: invoice.number, ...options.detail },
    now: options.now,
  });
  const updated = await trx.selectFrom("invoices").selectAll().where("id", "=", invoice.id).executeTakeFirstOrThrow();
  return { from: invoice.status, to, invoice: updated };
}
