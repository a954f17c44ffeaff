import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetConfig } from "../../../app/config.server";
import { getDb } from "../../../app/db.server";
import { cancelCardPayment, handleStripeWebhook, startCardPayment } from "../../../app/domain/orders/card-payments.server";
import { decideTransfer, issueInvoice, reportTransfer } from "../../../app/domain/orders/invoices.server";
import { takeOrderStep } from "../../../app/domain/orders/order-steps.server";
import { inspectShipment, recordShipment } from "../../../app/domain/orders/shipments.server";
import { confirmBast, openBastsOf } from "../../../app/domain/orders/basts.server";
import { awardRfq } from "../../../app/domain/rfqs/award-rfq.server";
import { submitBid } from "../../../app/domain/rfqs/submit-bid.server";
import { jakartaDate } from "../../../app/domain/time";
import { createStripe } from "../../../app/payments/stripe.server";
import * as payRoute from "../../../app/routes/orders.$id_.invoices.$invoiceId.pay";
import * as webhookRoute from "../../../app/routes/webhooks.stripe";
import { cookieFor, createOrganizationWithOwner, formRequest, getRequest, settle } from "../../support/factories";
import { approvedSupplier, bidInput, createBuyer, minuteFromNow, notificationsOf, publishedRfq, type TestOrganization } from "../../support/rfqs";
import { startStripeTestServer, stripeEventPayload, type StripeTestServer } from "../../support/stripe-server";

// Card payment end to end with the real Stripe SDK against the local Stripe-compatible server: the buyer
// starts a payment, the "browser" confirms it (the server's status is set), and signed webhooks settle it.

const SECRET_KEY = "sk_test_pasokcards";
const WEBHOOK_SECRET = "whsec_pasok_test_secret";
const ENV = ["STRIPE_SECRET_KEY", "STRIPE_API_BASE", "STRIPE_WEBHOOK_SECRET", "STRIPE_PUBLISHABLE_KEY"] as const;
const db = () => getDb();

let server: StripeTestServer;
let savedEnv: Partial<Record<(typeof ENV)[number], string>>;

beforeAll(async () => {
  server = await startStripeTestServer();
});
afterAll(() => server.close());

beforeEach(() => {
  savedEnv = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  process.env.STRIPE_SECRET_KEY = SECRET_KEY;
  process.env.STRIPE_API_BASE = server.url;
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.STRIPE_PUBLISHABLE_KEY = "pk_test_pasokcards";
  resetConfig();
});
afterEach(() => {
  for (const k of ENV) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  resetConfig();
});

/**
 * An order of 10 flanges at Rp 100.000 (PPN 11 %), contracted; `deliver(n)` ships n, the buyer accepts
 * them and the supplier invoices them.
 */
async function contractedOrder() {
  const buyer = await createBuyer();
  const supplier = await approvedSupplier();
  const rfq = await publishedRfq(buyer, { deadline: minuteFromNow(1), lines: [{ partName: "Flange", partNumber: "FL-4", quantity: 10, unit: "pcs" }] });
  const rfqLineId = rfq.lineIds[0]!;
  const { bidId } = await submitBid(db(), {
    rfqId: rfq.rfqId,
    supplierId: supplier.organizationId,
    actorUserId: supplier.userId,
    input: bidInput([{ rfqLineId, quantity: 10, unitPrice: 100_000 }]),
    now: new Date(),
  });
  const at = new Date(rfq.deadline.getTime() + 1000);
  const { orderIds } = await awardRfq(db(), {
    rfqId: rfq.rfqId,
    buyerId: buyer.organizationId,
    actorUserId: buyer.userId,
    reason: "Harga terbaik",
    allocations: [{ bidId, rfqLineId, quantity: 10 }],
    now: at,
  });
  const orderId = orderIds[0]!;
  const step = async (party: TestOrganization, event: "send" | "accept") => {
    const { revision } = await db().selectFrom("orders").select("revision").where("id", "=", orderId).executeTakeFirstOrThrow();
    await takeOrderStep(db(), { orderId, organizationId: party.organizationId, actorUserId: party.userId, event, expectedRevision: revision, now: at });
  };
  await step(buyer, "send");
  await step(supplier, "accept");
  const { id: orderLineId } = await db().selectFrom("order_lines").select("id").where("order_id", "=", orderId).executeTakeFirstOrThrow();

  async function deliver(quantity: number): Promise<number> {
    const shipmentId = await recordShipment(db(), {
      orderId,
      supplierId: supplier.organizationId,
      actorUserId: supplier.userId,
      input: { shippedOn: jakartaDate(at), lines: [{ orderLineId, quantity }] },
      now: at,
    });
    const lines = await db().selectFrom("shipment_lines").select(["id", "quantity"]).where("shipment_id", "=", shipmentId).execute();
    await inspectShipment(db(), {
      orderId,
      buyerId: buyer.organizationId,
      actorUserId: buyer.userId,
      input: { shipmentId, receivedOn: jakartaDate(at), lines: lines.map((l) => ({ shipmentLineId: l.id, accepted: l.quantity, rejected: 0 })) },
      now: at,
    });
    for (const party of [supplier, buyer]) {
      for (const bast of await openBastsOf(db(), orderId)) {
        await confirmBast(db(), { orderId, organizationId: party.organizationId, actorUserId: party.userId, bastId: bast.id, revision: bast.revision, now: at });
      }
    }
    return issueInvoice(db(), { orderId, supplierId: supplier.organizationId, actorUserId: supplier.userId, now: at });
  }
  return { buyer, supplier, orderId, deliver };
}

/** The whole order invoiced at once: Rp 1.000.000 + PPN 110.000 = Rp 1.110.000. */
async function invoicedOrder() {
  const order = await contractedOrder();
  const invoiceId = await order.deliver(10);
  return { ...order, invoiceId };
}

type Setup = Awaited<ReturnType<typeof invoicedOrder>>;

const invoice = (id: number) => db().selectFrom("invoices").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const orderStatus = async (id: number) => (await db().selectFrom("orders").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

function start(setup: Pick<Setup, "buyer" | "orderId">, invoiceId: number, revision?: number) {
  return (async () =>
    startCardPayment(db(), {
      orderId: setup.orderId,
      buyerId: setup.buyer.organizationId,
      actorUserId: setup.buyer.userId,
      invoiceId,
      revision: revision ?? (await invoice(invoiceId)).revision,
      now: new Date(),
    }))();
}

function sign(payload: string, secret = WEBHOOK_SECRET): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret });
}

/** Stripe delivers an event about the PaymentIntent (its snapshot as given, or as the server has it now). */
function deliver(type: string, paymentIntentId: string, options: { eventId?: string; snapshot?: Record<string, unknown>; signature?: string | null } = {}) {
  const payload = stripeEventPayload(type, { ...(server.paymentIntent(paymentIntentId) ?? {}), ...options.snapshot, id: paymentIntentId }, options.eventId);
  return handleStripeWebhook(db(), { payload, signature: options.signature === undefined ? sign(payload) : options.signature, now: new Date() });
}

/** Everything a webhook may write, to show that a refused or replayed one wrote nothing. */
async function paymentState(invoiceId: number) {
  const row = await invoice(invoiceId);
  const count = async (table: "stripe_events" | "notifications" | "audit_log") =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return {
    invoice: row,
    order: await db().selectFrom("orders").select(["status", "revision"]).where("id", "=", row.order_id).executeTakeFirstOrThrow(),
    stripeEvents: await count("stripe_events"),
    notifications: await count("notifications"),
    audit: await count("audit_log"),
  };
}

const intentsOf = (invoiceId: number) => server.paymentIntents().filter((pi) => pi.metadata.invoiceId === String(invoiceId));

describe("starting a card payment", () => {
  it("makes one PaymentIntent for the invoice's total in IDR hundredths, also for a double submit", async () => {
    const setup = await invoicedOrder();
    const before = await invoice(setup.invoiceId);
    expect(before.total).toBe(1_110_000);

    const [a, b] = await Promise.all([start(setup, setup.invoiceId, before.revision), start(setup, setup.invoiceId, before.revision)]);
    expect(b).toEqual(a);
    expect(a.clientSecret).toMatch(new RegExp(`^${a.paymentIntentId}_secret_`));
    expect(intentsOf(setup.invoiceId)).toHaveLength(1);
    const creates = server.requests.filter((r) => r.method === "POST" && r.form["metadata[invoiceId]"] === String(setup.invoiceId));
    // Both went to Stripe with the same key, and Stripe answered the second with the first one.
    expect(creates).toHaveLength(2);
    for (const request of creates) {
      expect(request.idempotencyKey).toBe(`invoice-${setup.invoiceId}-attempt-1`);
      expect(request.form).toMatchObject({
        amount: "111000000",
        currency: "idr",
        "automatic_payment_methods[enabled]": "true",
        "metadata[orderId]": String(setup.orderId),
        "metadata[invoiceNumber]": before.number,
      });
    }
    expect(await invoice(setup.invoiceId)).toMatchObject({
      status: "card_processing",
      payment_method: "stripe",
      stripe_payment_intent_id: a.paymentIntentId,
      card_attempts: 1,
      revision: before.revision + 1,
    });

    // Submitted again from the page still showing the old revision: the same PaymentIntent, nothing new.
    const postsBefore = server.requests.filter((r) => r.method === "POST").length;
    const again = await start(setup, setup.invoiceId, before.revision);
    expect(again).toEqual(a);
    expect(server.requests.filter((r) => r.method === "POST").length).toBe(postsBefore);
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "card_processing", card_attempts: 1, revision: before.revision + 1 });
  });

  it("is the buyer's: the supplier is refused (403), another organization is told there is no such order (404)", async () => {
    const setup = await invoicedOrder();
    const base = { orderId: setup.orderId, invoiceId: setup.invoiceId, revision: 1, now: new Date() };
    await expect(startCardPayment(db(), { ...base, buyerId: setup.supplier.organizationId, actorUserId: setup.supplier.userId })).rejects.toMatchObject({
      messageKey: "error.buyerOnly",
      status: 403,
    });
    const stranger = await createOrganizationWithOwner({ kind: "buyer" });
    await expect(startCardPayment(db(), { ...base, buyerId: stranger.organizationId, actorUserId: stranger.userId })).rejects.toMatchObject({
      messageKey: "error.orderNotFound",
      status: 404,
    });
    await expect(start(setup, 999_999, 1)).rejects.toMatchObject({ messageKey: "error.invoiceNotFound", status: 404 });
    expect(intentsOf(setup.invoiceId)).toHaveLength(0);
  });

  it("is refused on a stale page, and while Stripe is not configured", async () => {
    const setup = await invoicedOrder();
    const { revision } = await invoice(setup.invoiceId);
    await expect(start(setup, setup.invoiceId, revision - 1 || revision + 1)).rejects.toMatchObject({ messageKey: "error.invoiceChanged", status: 409 });
    delete process.env.STRIPE_WEBHOOK_SECRET;
    resetConfig();
    await expect(start(setup, setup.invoiceId)).rejects.toMatchObject({ messageKey: "error.cardPaymentsOff", status: 404 });
    expect(intentsOf(setup.invoiceId)).toHaveLength(0);
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "issued", card_attempts: 0, stripe_payment_intent_id: null });
  });
});

describe("cancelling a card payment", () => {
  it("cancels the PaymentIntent at Stripe and frees the invoice for a bank transfer", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId } = await start(setup, setup.invoiceId);
    expect((await invoice(setup.invoiceId)).status).toBe("card_processing");
    await cancelCardPayment(db(), { orderId: setup.orderId, buyerId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, invoiceId: setup.invoiceId, now: new Date() });
    expect(server.paymentIntent(paymentIntentId)?.status).toBe("canceled");
    const after = await invoice(setup.invoiceId);
    expect(after.status).toBe("issued");
    await reportTransfer(db(), {
      orderId: setup.orderId,
      buyerId: setup.buyer.organizationId,
      actorUserId: setup.buyer.userId,
      invoiceId: setup.invoiceId,
      revision: after.revision,
      reference: "BCA-1",
      transferDate: jakartaDate(new Date()),
      now: new Date(),
    });
    expect((await invoice(setup.invoiceId)).status).toBe("transfer_reported");
  });

  it("refuses once money is moving (409) and changes nothing", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId } = await start(setup, setup.invoiceId);
    server.setStatus(paymentIntentId, "processing");
    const before = await paymentState(setup.invoiceId);
    await expect(
      cancelCardPayment(db(), { orderId: setup.orderId, buyerId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, invoiceId: setup.invoiceId, now: new Date() }),
    ).rejects.toMatchObject({ messageKey: "error.cardInProgress", status: 409 });
    expect(await paymentState(setup.invoiceId)).toEqual(before);
    expect(server.paymentIntent(paymentIntentId)?.status).toBe("processing");
  });
});

describe("the Stripe webhook", () => {
  it("marks the invoice paid on a signed payment_intent.succeeded, tells both parties, and completes the order once all is paid", async () => {
    const order = await contractedOrder();
    const first = await order.deliver(4);
    const second = await order.deliver(6);
    expect(await orderStatus(order.orderId)).toBe("delivered");

    const one = await start(order, first);
    server.setStatus(one.paymentIntentId, "succeeded");
    expect(await deliver("payment_intent.succeeded", one.paymentIntentId)).toMatchObject({ outcome: "paid" });
    const paid = await invoice(first);
    expect(paid).toMatchObject({ status: "paid", payment_method: "stripe", stripe_payment_intent_id: one.paymentIntentId });
    expect(paid.paid_at).not.toBeNull();
    // The other invoice is still open: delivered, not completed.
    expect(await orderStatus(order.orderId)).toBe("delivered");
    for (const party of [order.buyer, order.supplier]) {
      const notes = await notificationsOf(party.userId, "invoice_paid");
      expect(notes.map((n) => n.parsed)).toEqual([{ number: paid.number }]);
      expect(notes[0]!.link).toBe(`/orders/${order.orderId}#invoices`);
    }

    const two = await start(order, second);
    server.setStatus(two.paymentIntentId, "succeeded");
    await deliver("payment_intent.succeeded", two.paymentIntentId);
    expect(await invoice(second)).toMatchObject({ status: "paid" });
    expect(await orderStatus(order.orderId)).toBe("completed");
    const events = await db().selectFrom("stripe_events").selectAll().where("payment_intent_id", "in", [one.paymentIntentId, two.paymentIntentId]).execute();
    expect(events.map((e) => [e.type, e.outcome])).toEqual([
      ["payment_intent.succeeded", "paid"],
      ["payment_intent.succeeded", "paid"],
    ]);

    // A paid invoice cannot be started again.
    await expect(start(order, first)).rejects.toMatchObject({ messageKey: "error.alreadyPaid", status: 409 });
  });

  it("changes nothing for a replayed event", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId } = await start(setup, setup.invoiceId);
    server.setStatus(paymentIntentId, "succeeded");
    const eventId = "evt_pasok_replayed_0001";
    expect(await deliver("payment_intent.succeeded", paymentIntentId, { eventId })).toEqual({ eventId, outcome: "paid" });
    const after = await paymentState(setup.invoiceId);
    expect(await deliver("payment_intent.succeeded", paymentIntentId, { eventId })).toEqual({ eventId, outcome: "duplicate" });
    expect(await paymentState(setup.invoiceId)).toEqual(after);
  });

  it("refuses a forged, unsigned or altered delivery (400) and changes nothing", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId } = await start(setup, setup.invoiceId);
    server.setStatus(paymentIntentId, "succeeded");
    const before = await paymentState(setup.invoiceId);
    const payload = stripeEventPayload("payment_intent.succeeded", { id: paymentIntentId, status: "succeeded" });
    const attempts = [
      { payload, signature: sign(payload, "whsec_someone_else") },
      { payload, signature: null },
      { payload, signature: "t=1,v1=deadbeef" },
      { payload: payload.replace('"livemode": false', '"livemode": true'), signature: sign(payload) },
      // Signed correctly, but long ago (a recorded delivery sent again).
      { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 }) },
    ];
    for (const attempt of attempts) {
      await expect(handleStripeWebhook(db(), { ...attempt, now: new Date() })).rejects.toMatchObject({ messageKey: "error.webhookSignature", status: 400 });
    }
    expect(await paymentState(setup.invoiceId)).toEqual(before);
  });

  it("refuses an event about a PaymentIntent no invoice knows (409) and records nothing, so a later retry still counts", async () => {
    const setup = await invoicedOrder();
    const before = await paymentState(setup.invoiceId);
    // Made at Stripe, but not through Pasok's start (no invoice points at it).
    const stray = await createStripe(SECRET_KEY, server.url).paymentIntents.create({
      amount: 111_000_000,
      currency: "idr",
      automatic_payment_methods: { enabled: true },
      metadata: { invoiceId: String(setup.invoiceId) },
    });
    server.setStatus(stray.id, "succeeded");
    await expect(deliver("payment_intent.succeeded", stray.id, { eventId: "evt_pasok_stray_0001" })).rejects.toMatchObject({
      messageKey: "error.unknownPaymentIntent",
      status: 409,
    });
    // Stripe has never heard of it either.
    await expect(deliver("payment_intent.succeeded", "pi_pasokNeverMade00001")).rejects.toMatchObject({ messageKey: "error.unknownPaymentIntent", status: 409 });
    expect(await paymentState(setup.invoiceId)).toEqual(before);
  });

  it("keeps a paid invoice paid when the failure arrives after the success", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId } = await start(setup, setup.invoiceId);
    server.setStatus(paymentIntentId, "succeeded");
    await deliver("payment_intent.succeeded", paymentIntentId);
    const paid = await paymentState(setup.invoiceId);
    expect(paid.invoice.status).toBe("paid");

    // The failure of an earlier try, delivered late: its snapshot says failed, Stripe now says succeeded.
    const late = await deliver("payment_intent.payment_failed", paymentIntentId, { snapshot: { status: "requires_payment_method" } });
    expect(late.outcome).toBe("unchanged");
    const after = await paymentState(setup.invoiceId);
    expect(after).toEqual({ ...paid, stripeEvents: paid.stripeEvents + 1 });
    const row = await db().selectFrom("stripe_events").selectAll().where("id", "=", late.eventId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ type: "payment_intent.payment_failed", payment_intent_id: paymentIntentId, outcome: "unchanged" });
  });

  it("acts on the PaymentIntent as Stripe reports it, not on the event's snapshot", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId } = await start(setup, setup.invoiceId);
    // A success Stripe does not (yet) confirm changes nothing.
    server.setStatus(paymentIntentId, "processing");
    expect(await deliver("payment_intent.succeeded", paymentIntentId, { snapshot: { status: "succeeded" } })).toMatchObject({ outcome: "unchanged" });
    // A decline reported while the buyer is already paying again with another card changes nothing either.
    expect(await deliver("payment_intent.payment_failed", paymentIntentId, { snapshot: { status: "requires_payment_method" } })).toMatchObject({
      outcome: "unchanged",
    });
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "card_processing" });
    // A decline delivered after the retry succeeded: Stripe says succeeded, so the invoice is paid.
    server.setStatus(paymentIntentId, "succeeded");
    expect(await deliver("payment_intent.payment_failed", paymentIntentId, { snapshot: { status: "requires_payment_method" } })).toMatchObject({
      outcome: "paid",
    });
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "paid" });
  });

  it("brings a declined payment back to issued; paying on the same PaymentIntent afterwards still marks it paid", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId, clientSecret } = await start(setup, setup.invoiceId);
    server.setStatus(paymentIntentId, "requires_payment_method");
    expect(await deliver("payment_intent.payment_failed", paymentIntentId)).toMatchObject({ outcome: "failed" });
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "issued", stripe_payment_intent_id: paymentIntentId, card_attempts: 1 });

    // Trying again reuses the PaymentIntent (the buyer's old tab can still confirm it): no second one.
    expect(await start(setup, setup.invoiceId)).toEqual({ paymentIntentId, clientSecret });
    expect(intentsOf(setup.invoiceId)).toHaveLength(1);
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "card_processing", card_attempts: 1 });
    server.setStatus(paymentIntentId, "requires_payment_method");
    await deliver("payment_intent.payment_failed", paymentIntentId);

    // Retried in the page's card form without starting again: issued → paid all the same.
    server.setStatus(paymentIntentId, "succeeded");
    expect(await deliver("payment_intent.succeeded", paymentIntentId)).toMatchObject({ outcome: "paid" });
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "paid" });
    expect(await orderStatus(setup.orderId)).toBe("completed");
  });

  it("refuses a success for an invoice that meanwhile took a transfer (409), unrecorded, so Stripe's retry counts once it is free", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId } = await start(setup, setup.invoiceId);
    server.setStatus(paymentIntentId, "requires_payment_method");
    await deliver("payment_intent.payment_failed", paymentIntentId);
    const { revision } = await invoice(setup.invoiceId);
    const buyer = { orderId: setup.orderId, buyerId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, invoiceId: setup.invoiceId };
    await reportTransfer(db(), { ...buyer, revision, reference: "TRF-001", transferDate: jakartaDate(new Date()), now: new Date() });

    // The buyer's old tab still had the card form and paid after all.
    server.setStatus(paymentIntentId, "succeeded");
    const eventId = "evt_pasok_after_transfer_01";
    const before = await paymentState(setup.invoiceId);
    await expect(deliver("payment_intent.succeeded", paymentIntentId, { eventId })).rejects.toMatchObject({ messageKey: "error.invoiceChanged", status: 409 });
    expect(await paymentState(setup.invoiceId)).toEqual(before);

    // The supplier says no transfer arrived; Stripe's next delivery of the same event settles it.
    await decideTransfer(db(), {
      orderId: setup.orderId,
      supplierId: setup.supplier.organizationId,
      actorUserId: setup.supplier.userId,
      invoiceId: setup.invoiceId,
      revision: (await invoice(setup.invoiceId)).revision,
      decision: "reject",
      now: new Date(),
    });
    expect(await deliver("payment_intent.succeeded", paymentIntentId, { eventId })).toEqual({ eventId, outcome: "paid" });
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "paid", payment_method: "stripe" });
  });

  it("makes a new PaymentIntent only when the previous one was canceled, and refuses while one is processing", async () => {
    const setup = await invoicedOrder();
    const first = await start(setup, setup.invoiceId);
    server.setStatus(first.paymentIntentId, "processing");
    await expect(start(setup, setup.invoiceId)).rejects.toMatchObject({ messageKey: "error.cardInProgress", status: 409 });
    server.setStatus(first.paymentIntentId, "canceled");
    await deliver("payment_intent.payment_failed", first.paymentIntentId);
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "issued" });
    const second = await start(setup, setup.invoiceId);
    expect(second.paymentIntentId).not.toBe(first.paymentIntentId);
    expect(server.requests.at(-1)?.path).toBe("/v1/payment_intents");
    expect(server.requests.filter((r) => r.method === "POST").at(-1)?.idempotencyKey).toBe(`invoice-${setup.invoiceId}-attempt-2`);
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "card_processing", card_attempts: 2, stripe_payment_intent_id: second.paymentIntentId });
  });

  it("refuses event types it does not handle (422) and records nothing", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId } = await start(setup, setup.invoiceId);
    server.setStatus(paymentIntentId, "succeeded");
    const before = await paymentState(setup.invoiceId);
    for (const type of ["payment_intent.created", "charge.succeeded", "payment_intent.canceled"]) {
      await expect(deliver(type, paymentIntentId)).rejects.toMatchObject({ messageKey: "error.webhookEventType", status: 422 });
    }
    expect(await paymentState(setup.invoiceId)).toEqual(before);
  });

  it("refuses a PaymentIntent whose amount or currency does not match the invoice (409) and changes nothing", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId } = await start(setup, setup.invoiceId);
    server.setStatus(paymentIntentId, "succeeded");
    const before = await paymentState(setup.invoiceId);
    server.update(paymentIntentId, { amount: 1_110_000, amount_received: 1_110_000 }); // rupiah, not hundredths
    await expect(deliver("payment_intent.succeeded", paymentIntentId)).rejects.toMatchObject({ messageKey: "error.paymentMismatch", status: 409 });
    server.update(paymentIntentId, { amount: 111_000_000, currency: "usd" });
    await expect(deliver("payment_intent.succeeded", paymentIntentId)).rejects.toMatchObject({ messageKey: "error.paymentMismatch", status: 409 });
    expect(await paymentState(setup.invoiceId)).toEqual(before);
    expect(before.invoice.status).toBe("card_processing");
  });
});

describe("the routes", () => {
  const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

  function webhookRequest(payload: string, signature: string | null) {
    return new Request("http://localhost/webhooks/stripe", {
      method: "POST",
      body: payload,
      // As Stripe sends it: no Origin, no Sec-Fetch-Site.
      headers: { "Content-Type": "application/json; charset=utf-8", ...(signature ? { "Stripe-Signature": signature } : {}) },
    });
  }

  it("answers Stripe with JSON 200, or problem+json 400 / 409 / 422, and GET with 405", async () => {
    const setup = await invoicedOrder();
    const { paymentIntentId } = await start(setup, setup.invoiceId);
    server.setStatus(paymentIntentId, "succeeded");
    const payload = stripeEventPayload("payment_intent.succeeded", { id: paymentIntentId });

    const forged = (await webhookRoute.action(args(webhookRequest(payload, sign(payload, "whsec_forged"))))) as Response;
    expect(forged.status).toBe(400);
    expect(forged.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(await forged.json()).toMatchObject({ status: 400, messageKey: "error.webhookSignature" });

    const ok = (await webhookRoute.action(args(webhookRequest(payload, sign(payload))))) as Response;
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ received: true, outcome: "paid" });
    expect(await invoice(setup.invoiceId)).toMatchObject({ status: "paid" });

    const unknown = stripeEventPayload("payment_intent.succeeded", { id: "pi_pasokNeverMade00002" });
    expect(((await webhookRoute.action(args(webhookRequest(unknown, sign(unknown))))) as Response).status).toBe(409);
    const unhandled = stripeEventPayload("customer.created", { id: "cus_pasok" });
    expect(((await webhookRoute.action(args(webhookRequest(unhandled, sign(unhandled))))) as Response).status).toBe(422);

    const get = webhookRoute.loader();
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
  });

  it("shows the buyer the amount and gives the client secret after the POST; 404 without Stripe", async () => {
    const setup = await invoicedOrder();
    const path = `/orders/${setup.orderId}/invoices/${setup.invoiceId}/pay`;
    const params = { id: String(setup.orderId), invoiceId: String(setup.invoiceId) };
    const cookie = await cookieFor(setup.buyer.userId, setup.buyer.organizationId);

    const page = await settle(() => payRoute.loader(args(getRequest(path, cookie), params)));
    expect(page.status).toBe(200);
    const { invoice: shown, publishableKey } = page.value as Awaited<ReturnType<typeof payRoute.loader>>;
    expect(shown).toMatchObject({ id: setup.invoiceId, total: 1_110_000, status: "issued" });
    expect(publishableKey).toBe("pk_test_pasokcards");

    const started = await settle(() => payRoute.action(args(formRequest(path, { revision: String(shown.revision) }, { cookie }), params)));
    expect(started.status).toBe(200);
    const { paymentIntentId } = started.value as { paymentIntentId: string; clientSecret: string };
    expect(started.value).toMatchObject({ clientSecret: server.paymentIntent(paymentIntentId)!.client_secret });

    const supplierCookie = await cookieFor(setup.supplier.userId, setup.supplier.organizationId);
    expect((await settle(() => payRoute.loader(args(getRequest(path, supplierCookie), params)))).status).toBe(403);

    delete process.env.STRIPE_SECRET_KEY;
    resetConfig();
    expect((await settle(() => payRoute.loader(args(getRequest(path, cookie), params)))).status).toBe(404);
  });

  it("starts no PaymentIntent without a publishable key (nobody could confirm it)", async () => {
    const setup = await invoicedOrder();
    delete process.env.STRIPE_PUBLISHABLE_KEY;
    resetConfig();
    const path = `/orders/${setup.orderId}/invoices/${setup.invoiceId}/pay`;
    const params = { id: String(setup.orderId), invoiceId: String(setup.invoiceId) };
    const cookie = await cookieFor(setup.buyer.userId, setup.buyer.organizationId);
    const page = await settle(() => payRoute.loader(args(getRequest(path, cookie), params)));
    expect(page.value).toMatchObject({ publishableKey: null });
    const refused = await settle(() => payRoute.action(args(formRequest(path, { revision: "1" }, { cookie }), params)));
    expect(refused).toMatchObject({ status: 409, value: { error: "error.cardPaymentsOff" } });
    expect(intentsOf(setup.invoiceId)).toHaveLength(0);
  });
});
