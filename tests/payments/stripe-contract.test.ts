import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STRIPE_API_VERSION, STRIPE_CURRENCY, createStripe, stripeAmount } from "../../app/payments/stripe.server";
import { startStripeTestServer, type StripeTestServer } from "../support/stripe-server";

// What Pasok relies on from Stripe's API, checked through the real SDK against the local test server
// always, and against stripe-mock or Stripe's test mode when STRIPE_CONTRACT_API_BASE is set:
//   STRIPE_CONTRACT_API_BASE=http://localhost:12111 (stripe-mock; any sk_test_ key)
//   STRIPE_CONTRACT_API_BASE=https://api.stripe.com STRIPE_CONTRACT_SECRET_KEY=sk_test_…
// stripe-mock is stateless (fixed fixtures, no idempotency, every id exists), so the checks that need a
// memory run only against stateful targets: the local server and Stripe itself.

interface Target {
  stripe: Stripe;
  /** Remembers what it made: idempotency replays, retrieval of the same object, unknown ids. */
  stateful: boolean;
}

const key = () => `pasok-contract-${randomBytes(8).toString("hex")}`;
const params = (invoiceId: string): Stripe.PaymentIntentCreateParams => ({
  amount: stripeAmount(1_250_000),
  currency: STRIPE_CURRENCY,
  automatic_payment_methods: { enabled: true },
  description: `Pasok INV-2026-${invoiceId}`,
  metadata: { invoiceId, orderId: "1", invoiceNumber: `INV-2026-${invoiceId}` },
});

function contract(target: () => Target) {
  it("creates a PaymentIntent in IDR hundredths with the invoice in its metadata", async () => {
    const { stripe } = target();
    const pi = await stripe.paymentIntents.create(params("101"), { idempotencyKey: key() });
    expect(pi.id).toMatch(/^pi_/);
    expect(pi.object).toBe("payment_intent");
    expect(pi.amount).toBe(125_000_000);
    expect(pi.currency).toBe("idr");
    expect(pi.metadata).toMatchObject({ invoiceId: "101", invoiceNumber: "INV-2026-101" });
    expect(typeof pi.client_secret).toBe("string");
    expect(["requires_payment_method", "requires_confirmation", "requires_action", "processing", "succeeded", "canceled", "requires_capture"]).toContain(pi.status);
  });

  it("answers the same idempotency key with the same PaymentIntent", async () => {
    const { stripe, stateful } = target();
    const same = key();
    const first = await stripe.paymentIntents.create(params("102"), { idempotencyKey: same });
    const again = await stripe.paymentIntents.create(params("102"), { idempotencyKey: same });
    expect(again.id).toBe(first.id);
    expect(again.client_secret).toBe(first.client_secret);
    if (stateful) {
      const other = await stripe.paymentIntents.create(params("102"), { idempotencyKey: key() });
      expect(other.id).not.toBe(first.id);
    }
  });

  it("retrieves a PaymentIntent by its id", async () => {
    const { stripe, stateful } = target();
    const created = await stripe.paymentIntents.create(params("103"), { idempotencyKey: key() });
    const read = await stripe.paymentIntents.retrieve(created.id);
    expect(read.id).toBe(created.id);
    expect(read.object).toBe("payment_intent");
    if (stateful) expect(read).toMatchObject({ amount: 125_000_000, currency: "idr", metadata: { invoiceId: "103" } });
  });

  it("refuses a bad request with a Stripe-shaped invalid_request_error (400)", async () => {
    const { stripe, stateful } = target();
    const withoutCurrency = { ...params("104"), currency: undefined } as unknown as Stripe.PaymentIntentCreateParams;
    const error = await stripe.paymentIntents.create(withoutCurrency, { idempotencyKey: key() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: "StripeInvalidRequestError", statusCode: 400 });
    if (stateful) expect(error).toMatchObject({ param: "currency" });
  });

  it("refuses an unknown PaymentIntent id with resource_missing (404)", async (ctx) => {
    const { stripe, stateful } = target();
    if (!stateful) ctx.skip();
    const error = await stripe.paymentIntents.retrieve("pi_pasokDoesNotExist0001").catch((e: unknown) => e);
    expect(error).toMatchObject({ type: "StripeInvalidRequestError", statusCode: 404, code: "resource_missing" });
  });
}

describe("Stripe contract: the local test server", () => {
  let server: StripeTestServer;
  beforeAll(async () => {
    server = await startStripeTestServer();
  });
  afterAll(() => server.close());

  contract(() => ({ stripe: createStripe("sk_test_pasokcontract", server.url), stateful: true }));

  it("is sent form-encoded, authenticated, on the pinned API version, with the idempotency key", async () => {
    const stripe = createStripe("sk_test_pasokcontract", server.url);
    const idempotencyKey = key();
    await stripe.paymentIntents.create(params("105"), { idempotencyKey });
    const sent = server.requests.at(-1)!;
    expect(sent).toMatchObject({
      method: "POST",
      path: "/v1/payment_intents",
      authorization: "Bearer sk_test_pasokcontract",
      idempotencyKey,
      stripeVersion: STRIPE_API_VERSION,
      status: 200,
    });
    expect(sent.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent.form).toEqual({
      amount: "125000000",
      currency: "idr",
      "automatic_payment_methods[enabled]": "true",
      description: "Pasok INV-2026-105",
      "metadata[invoiceId]": "105",
      "metadata[orderId]": "1",
      "metadata[invoiceNumber]": "INV-2026-105",
    });
  });

  it("refuses a wrong key (401) and an idempotency key reused with other parameters", async () => {
    const wrongKey = createStripe("pk_test_notasecret", server.url);
    await expect(wrongKey.paymentIntents.create(params("106"))).rejects.toMatchObject({ type: "StripeAuthenticationError", statusCode: 401 });
    const stripe = createStripe("sk_test_pasokcontract", server.url);
    const reused = key();
    await stripe.paymentIntents.create(params("106"), { idempotencyKey: reused });
    await expect(stripe.paymentIntents.create(params("107"), { idempotencyKey: reused })).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      statusCode: 400,
    });
  });
});

const externalBase = process.env.STRIPE_CONTRACT_API_BASE;
const externalKey = process.env.STRIPE_CONTRACT_SECRET_KEY ?? (externalBase && !externalBase.includes("stripe.com") ? "sk_test_123" : undefined);
const skipReason = !externalBase
  ? "STRIPE_CONTRACT_API_BASE is not set (e.g. http://localhost:12111 for stripe-mock, or https://api.stripe.com with STRIPE_CONTRACT_SECRET_KEY=sk_test_…)"
  : !externalKey
    ? `STRIPE_CONTRACT_SECRET_KEY is not set for ${externalBase}`
    : null;
if (skipReason) console.info(`Stripe contract: the external run is skipped: ${skipReason}.`);

describe.skipIf(skipReason !== null)(`Stripe contract: external ${externalBase ?? "(skipped: STRIPE_CONTRACT_API_BASE not set)"}`, () => {
  contract(() => ({
    stripe: createStripe(externalKey!, externalBase),
    // Stripe itself remembers; stripe-mock answers fixtures.
    stateful: new URL(externalBase!).hostname.endsWith("stripe.com"),
  }));
});
