import { createRequire } from "node:module";
import type Stripe from "stripe";
import { config } from "../config.server";

// The SDK is loaded on first use (about 20 MB), so a server without card payments never holds it.
let sdk: typeof Stripe | undefined;
function stripeSdk(): typeof Stripe {
  sdk ??= createRequire(import.meta.url)("stripe") as typeof Stripe;
  return sdk;
}

/**
 * The API version every request is sent with. The SDK's types describe only its own version, so this is
 * pinned to it: upgrading `stripe` fails the typecheck here until the version is bumped on purpose.
 */
export const STRIPE_API_VERSION: Stripe.LatestApiVersion = "2026-10-28.endive";

/** Invoices are in rupiah; Stripe counts IDR in hundredths (sen), so Rp 1.250.000 is 125000000. */
export const STRIPE_CURRENCY = "idr";
export function stripeAmount(rupiah: number): number {
  return rupiah * 100;
}

/** A Stripe client for a key and, optionally, another API address (stripe-mock, the test server). */
export function createStripe(secretKey: string, apiBase?: string): Stripe {
  const base = apiBase ? new URL(apiBase) : null;
  const protocol = base?.protocol === "http:" ? "http" : "https";
  const StripeSdk = stripeSdk();
  return new StripeSdk(secretKey, {
    apiVersion: STRIPE_API_VERSION,
    // Retries reuse the request's idempotency key, so a retried create never makes a second PaymentIntent.
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(base ? { host: base.hostname, port: base.port || (protocol === "http" ? 80 : 443), protocol } : {}),
  });
}

let client: { key: string; base: string | undefined; stripe: Stripe } | undefined;

/** The process's one Stripe client, or null when STRIPE_SECRET_KEY is unset (bank transfer only). */
export function getStripe(): Stripe | null {
  const { STRIPE_SECRET_KEY: key, STRIPE_API_BASE: base } = config();
  if (!key) return null;
  // Made again only when the configuration changed (tests switch it between cases).
  if (!client || client.key !== key || client.base !== base) client = { key, base, stripe: createStripe(key, base) };
  return client.stripe;
}

/**
 * Card payment is offered only when a payment can also be confirmed: the secret key to create it and the
 * webhook secret to believe Stripe's word that it succeeded. Otherwise an invoice would wait forever.
 */
export function paymentsEnabled(): boolean {
  const { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } = config();
  return Boolean(STRIPE_SECRET_KEY && STRIPE_WEBHOOK_SECRET);
}

/** An error Stripe answered (or could not be reached for): not the user's doing, worth retrying later. */
export function isStripeError(error: unknown): error is Stripe.errors.StripeError {
  // Without the SDK loaded, nothing can have thrown one of its errors.
  return sdk !== undefined && error instanceof sdk.errors.StripeError;
}
