import { now } from "../clock.server";
import { getDb } from "../db.server";
import { handleStripeWebhook } from "../domain/orders/card-payments.server";
import { DomainError } from "../domain/errors";
import { defineAction } from "../http/action.server";
import { readRawText } from "../http/form-body.server";
import { problem } from "../http/problem.server";
import { isStripeError } from "../payments/stripe.server";

// Stripe's webhook endpoint (POST /webhooks/stripe). Stripe's server sends neither Origin nor
// Sec-Fetch-Site, so defineAction's cross-site check lets it through; the signature is what is trusted.
// Any answer but 2xx makes Stripe deliver the event again later.

export const action = defineAction(
  async ({ request }) => {
  // The raw text (Stripe's events are a few kilobytes; past 512 kB it is a 413): the signature is over the exact bytes Stripe sent.
  const payload = await readRawText(request);
  try {
    const result = await handleStripeWebhook(getDb(), { payload, signature: request.headers.get("Stripe-Signature"), now: now() });
    return Response.json({ received: true, ...result });
  } catch (error) {
    if (error instanceof DomainError) return problem(error.status, error.messageKey);
    // Stripe could not be asked about the PaymentIntent: a temporary failure, Stripe will retry.
    if (isStripeError(error)) return problem(503, "error.cardUnavailable");
    throw error;
  }
  },
  { body: "raw" },
);

export function loader(): Response {
  const response = problem(405, "error.methodNotAllowed");
  response.headers.set("Allow", "POST");
  return response;
}
