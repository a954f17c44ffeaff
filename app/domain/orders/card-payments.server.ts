import type Stripe from "stripe";
import type { Db, DbOrTrx } from "../../../db/client";
import type { Invoice } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { config } from "../../config.server";
import { STRIPE_CURRENCY, getStripe, paymentsEnabled, stripeAmount } from "../../payments/stripe.server";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { applyInvoiceEvent } from "./apply-invoice-event.server";
import { completeIfSettled } from "./invoices.server";
import { requireOrderParty } from "./order-access.server";
import { outstandingOf } from "./invoice-states";
import { jakartaDate } from "../time";

// Card payment of an invoice through Stripe. The buyer's browser confirms a PaymentIntent with Stripe.js;
// only a signed webhook, checked against the PaymentIntent as Stripe reports it, marks the invoice paid.

/** A PaymentIntent the buyer can still confirm: reusing it keeps one live PaymentIntent per invoice. */
const CONFIRMABLE: readonly Stripe.PaymentIntent.Status[] = ["requires_payment_method", "requires_confirmation", "requires_action"];
/** Money is moving or moved: the webhook will settle the invoice, a second PaymentIntent would charge twice. */
const UNDERWAY: readonly Stripe.PaymentIntent.Status[] = ["processing", "requires_capture", "succeeded"];

export const HANDLED_EVENTS = ["payment_intent.succeeded", "payment_intent.payment_failed"] as const;

function requireStripe(): Stripe {
  const stripe = getStripe();
  if (!stripe || !paymentsEnabled()) throw new DomainError("error.cardPaymentsOff", 404);
  return stripe;
}

async function invoiceOf(db: DbOrTrx, orderId: number, invoiceId: number): Promise<Invoice> {
  const invoice = Number.isSafeInteger(invoiceId)
    ? await db.selectFrom("invoices").selectAll().where("id", "=", invoiceId).where("order_id", "=", orderId).executeTakeFirst()
    : undefined;
  if (!invoice) throw new DomainError("error.invoiceNotFound", 404);
  return invoice;
}

/**
 * What a PaymentIntent of this invoice is for: what is still due, plus what that very PaymentIntent already
 * paid (its events may be replayed, or a failure arrive after the success).
 */
async function cardAmountFor(db: DbOrTrx, invoice: Invoice, paymentIntentId: string): Promise<number> {
  const paid = await db
    .selectFrom("invoice_payments")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("amount"), eb.lit(0)).as("paid"))
    .where("invoice_id", "=", invoice.id)
    .where("method", "=", "stripe")
    .where("reference", "=", paymentIntentId)
    .executeTakeFirstOrThrow();
  return outstandingOf(invoice) + Number(paid.paid);
}

/** The PaymentIntent is the one made for this invoice: same amount, currency and invoice id. */
function matchesInvoice(pi: Stripe.PaymentIntent, invoice: Invoice, amount = outstandingOf(invoice)): boolean {
  return pi.amount === stripeAmount(amount) && pi.currency === STRIPE_CURRENCY && pi.metadata?.invoiceId === String(invoice.id);
}

/** The card payment page: the buyer's invoice of the order (anyone else gets the order's 404). */
export async function getCardPaymentView(db: Db, options: { orderId: number; buyerId: number; actorUserId: number; invoiceId: number }) {
  const { order } = await requireOrderParty(db, { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
  const invoice = await invoiceOf(db, order.id, options.invoiceId);
  return {
    order: { id: order.id, number: order.number },
    invoice: { id: invoice.id, number: invoice.number, status: invoice.status, revision: invoice.revision, total: invoice.total, amount: outstandingOf(invoice), dueOn: invoice.due_on },
  };
}

/**
 * The buyer starts paying an invoice by card and gets the client secret for Stripe.js. The PaymentIntent is
 * made before the transaction (no transaction is held over a call to Stripe) with the idempotency key
 * `invoice-<id>-attempt-<n>`, so two submits at once get the same one; a PaymentIntent the buyer can still
 * confirm (a second submit, a retry after a declined card) is reused rather than replaced, so an earlier
 * tab can never be charged on a PaymentIntent the invoice no longer knows. `card_attempts` counts the
 * PaymentIntents made. A paid invoice is refused (409), as is one whose payment is already under way.
 */
export async function startCardPayment(
  db: Db,
  options: { orderId: number; buyerId: number; actorUserId: number; invoiceId: number; revision: number; now: Date },
): Promise<{ clientSecret: string; paymentIntentId: string }> {
  const stripe = requireStripe();
  const party = { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" as const };
  const { order } = await requireOrderParty(db, party);
  const invoice = await invoiceOf(db, order.id, options.invoiceId);
  if (invoice.status === "paid") throw new DomainError("error.alreadyPaid", 409);
  if (invoice.status !== "issued" && invoice.status !== "partially_paid" && invoice.status !== "card_processing") throw new DomainError("error.cardNotPayable", 409);

  const linked = invoice.stripe_payment_intent_id ? await retrieveOrNull(stripe, invoice.stripe_payment_intent_id) : null;
  if (linked && UNDERWAY.includes(linked.status)) throw new DomainError("error.cardInProgress", 409);
  const reusable = linked && CONFIRMABLE.includes(linked.status) && matchesInvoice(linked, invoice) ? linked : null;
  // A stale page may start an issued invoice only on the revision it showed; reusing a live PaymentIntent is
  // harmless whatever the page showed (it is the same payment).
  if (!reusable && invoice.status !== "card_processing" && options.revision !== invoice.revision) throw new DomainError("error.invoiceChanged", 409);

  const attempt = invoice.card_attempts + 1;
  const pi =
    reusable ??
    (await stripe.paymentIntents.create(
      {
        amount: stripeAmount(outstandingOf(invoice)),
        currency: STRIPE_CURRENCY,
        automatic_payment_methods: { enabled: true },
        description: `Pasok ${invoice.number} (${order.number})`,
        metadata: { invoiceId: String(invoice.id), orderId: String(order.id), invoiceNumber: invoice.number },
      },
      { idempotencyKey: `invoice-${invoice.id}-attempt-${attempt}` },
    ));
  if (!pi.client_secret) throw new Error(`PaymentIntent ${pi.id} came without a client secret`);

  await db.transaction().execute(async (trx) => {
    await requireOrderParty(trx, party);
    const current = await invoiceOf(trx, order.id, invoice.id);
    // The other of two submits at once already recorded this very PaymentIntent (same idempotency key).
    if (current.status === "card_processing" && current.stripe_payment_intent_id === pi.id) return;
    await applyInvoiceEvent(trx, {
      invoiceId: invoice.id,
      event: "start_card",
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      now: options.now,
      // Nothing may have changed while Stripe was asked (a transfer reported, the invoice voided or paid).
      expectedRevision: invoice.revision,
      set: { payment_method: "stripe", stripe_payment_intent_id: pi.id, card_attempts: reusable ? invoice.card_attempts : attempt },
      detail: { paymentIntentId: pi.id, attempt: reusable ? invoice.card_attempts : attempt },
    });
  });
  return { clientSecret: pi.client_secret, paymentIntentId: pi.id };
}

/**
 * The buyer gives up a card payment it started (e.g. to pay by bank transfer instead): the PaymentIntent is
 * cancelled at Stripe first — which Stripe refuses once money is moving, so nothing paid is ever undone —
 * and then the invoice goes back to issued.
 */
export async function cancelCardPayment(
  db: Db,
  options: { orderId: number; buyerId: number; actorUserId: number; invoiceId: number; now: Date },
): Promise<void> {
  const stripe = requireStripe();
  const party = { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" as const };
  const { order } = await requireOrderParty(db, party);
  const invoice = await invoiceOf(db, order.id, options.invoiceId);
  if (invoice.status !== "card_processing" || !invoice.stripe_payment_intent_id) throw new DomainError("error.invoiceChanged", 409);
  const pi = await retrieveOrNull(stripe, invoice.stripe_payment_intent_id);
  if (pi && UNDERWAY.includes(pi.status)) throw new DomainError("error.cardInProgress", 409);
  if (pi && pi.status !== "canceled") await stripe.paymentIntents.cancel(pi.id);
  await db.transaction().execute(async (trx) => {
    await applyInvoiceEvent(trx, {
      invoiceId: invoice.id,
      event: invoice.amount_paid > 0 ? "card_failed_partial" : "card_failed",
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      now: options.now,
      expectedRevision: invoice.revision,
      detail: { paymentIntentId: invoice.stripe_payment_intent_id, cancelledByBuyer: true },
    });
  });
}

/** The PaymentIntent, or null when Stripe does not know it (e.g. made with another account's keys). */
async function retrieveOrNull(stripe: Stripe, id: string): Promise<Stripe.PaymentIntent | null> {
  try {
    return await stripe.paymentIntents.retrieve(id);
  } catch (error) {
    if (isResourceMissing(error)) return null;
    throw error;
  }
}

function isResourceMissing(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "resource_missing";
}

export type WebhookOutcome = "paid" | "failed" | "unchanged" | "duplicate";

/**
 * A Stripe webhook delivery. The signature is checked against STRIPE_WEBHOOK_SECRET (a forged or unsigned
 * one is refused, 400); only the two PaymentIntent outcomes are accepted (anything else 422, not recorded).
 * An event id already handled changes nothing. Otherwise the PaymentIntent is read back from Stripe and
 * its status, not the event's snapshot, decides: events arrive out of order and may be replayed.
 *
 * Refusals that change nothing are not recorded, so Stripe's retries of the same event still work once
 * the cause is gone: a PaymentIntent no invoice knows (409), one whose amount, currency or invoice id does
 * not match the invoice (409), and a successful payment of an invoice that cannot take it (a transfer
 * reported, voided: 409, for a person to look at in Stripe's list of failed deliveries). A success on an
 * invoice a decline had brought back to issued (the buyer tried again on the same PaymentIntent) still
 * pays it. Every change is written in one transaction with the event's id and outcome.
 */
export async function handleStripeWebhook(db: Db, options: { payload: string; signature: string | null; now: Date }): Promise<{ eventId: string; outcome: WebhookOutcome }> {
  const stripe = requireStripe();
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(options.payload, options.signature ?? "", config().STRIPE_WEBHOOK_SECRET!, undefined, undefined, options.now.getTime());
  } catch {
    throw new DomainError("error.webhookSignature", 400);
  }
  if (!(HANDLED_EVENTS as readonly string[]).includes(event.type)) throw new DomainError("error.webhookEventType", 422);
  const paymentIntentId = (event.data.object as { id?: unknown }).id;
  if (typeof paymentIntentId !== "string" || !paymentIntentId.startsWith("pi_")) throw new DomainError("error.webhookEventType", 422);

  if (await alreadyHandled(db, event.id)) return { eventId: event.id, outcome: "duplicate" };
  const pi = await retrieveOrNull(stripe, paymentIntentId);
  if (!pi) throw new DomainError("error.unknownPaymentIntent", 409);

  return db.transaction().execute(async (trx) => {
    // Two deliveries of one event at once: the second sees the first's row here.
    if (await alreadyHandled(trx, event.id)) return { eventId: event.id, outcome: "duplicate" as const };
    const invoice = await trx.selectFrom("invoices").selectAll().where("stripe_payment_intent_id", "=", pi.id).executeTakeFirst();
    if (!invoice) throw new DomainError("error.unknownPaymentIntent", 409);
    if (!matchesInvoice(pi, invoice, await cardAmountFor(trx, invoice, pi.id))) throw new DomainError("error.paymentMismatch", 409);
    const order = await trx.selectFrom("orders").select(["id", "buyer_id", "supplier_id"]).where("id", "=", invoice.order_id).executeTakeFirstOrThrow();
    const base = {
      invoiceId: invoice.id,
      actorUserId: null,
      organizationId: order.buyer_id,
      now: options.now,
      detail: { paymentIntentId: pi.id, eventId: event.id },
    };

    let outcome: WebhookOutcome = "unchanged";
    if (pi.status === "succeeded" && invoice.status !== "paid") {
      if (invoice.status === "issued" || invoice.status === "partially_paid") {
        // Declined first (card_failed brought it back), then paid on the same PaymentIntent.
        await applyInvoiceEvent(trx, { ...base, event: "start_card", set: { payment_method: "stripe", stripe_payment_intent_id: pi.id } });
      } else if (invoice.status !== "card_processing") {
        throw new DomainError("error.invoiceChanged", 409);
      }
      // The PaymentIntent was made for what was still due: that much is paid now.
      const amount = outstandingOf(invoice);
      await applyInvoiceEvent(trx, { ...base, event: "card_succeeded", set: { amount_paid: invoice.amount_paid + amount } });
      await trx
        .insertInto("invoice_payments")
        .values({ invoice_id: invoice.id, amount, method: "stripe", reference: pi.id, paid_on: jakartaDate(options.now), created_at: toTimestamp(options.now) })
        .execute();
      for (const organizationId of [order.buyer_id, order.supplier_id]) {
        await notify(trx, {
          recipients: { organizationId },
          kind: "invoice_paid",
          params: { number: invoice.number },
          link: `/orders/${order.id}#invoices`,
          organizationId,
          now: options.now,
        });
      }
      await completeIfSettled(trx, order.id, null, options.now);
      outcome = "paid";
    } else if (
      event.type === "payment_intent.payment_failed" &&
      (pi.status === "requires_payment_method" || pi.status === "canceled") &&
      invoice.status === "card_processing"
    ) {
      // Only a reported failure that Stripe still stands by: requires_payment_method is also where every
      // PaymentIntent starts, so on its own it says nothing.
      await applyInvoiceEvent(trx, { ...base, event: invoice.amount_paid > 0 ? "card_failed_partial" : "card_failed" });
      outcome = "failed";
    }
    // Anything else changes nothing: a failure reported after the success (already paid), a failure of a
    // PaymentIntent the buyer is already confirming again, a success Stripe does not confirm.
    await trx
      .insertInto("stripe_events")
      .values({ id: event.id, type: event.type, payment_intent_id: pi.id, outcome, received_at: toTimestamp(options.now) })
      .execute();
    return { eventId: event.id, outcome };
  });
}

async function alreadyHandled(db: DbOrTrx, eventId: string): Promise<boolean> {
  return (await db.selectFrom("stripe_events").select("id").where("id", "=", eventId).executeTakeFirst()) !== undefined;
}
