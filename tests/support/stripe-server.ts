import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A Stripe-compatible HTTP server for tests, speaking Stripe's wire protocol for what Pasok uses:
// form-encoded POST /v1/payment_intents (checked the way Stripe checks it, plus Pasok's own contract:
// amount, currency, metadata[invoiceId], automatic payment methods), GET /v1/payment_intents/:id,
// Idempotency-Key replay, and Stripe-shaped JSON errors. The real `stripe` SDK talks to it through
// STRIPE_API_BASE. Tests set a PaymentIntent's status (what the browser and the card network would do)
// through the handle, never through the API.

export type PaymentIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "requires_capture"
  | "canceled"
  | "succeeded";

export interface FakePaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  status: PaymentIntentStatus;
  client_secret: string;
  description: string | null;
  metadata: Record<string, string>;
  automatic_payment_methods: { enabled: boolean; allow_redirects: "always" } | null;
  payment_method_types: string[];
  capture_method: "automatic";
  confirmation_method: "automatic";
  created: number;
  livemode: false;
  last_payment_error: null | { type: string; code: string; message: string };
  latest_charge: string | null;
  payment_method: string | null;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  idempotencyKey: string | null;
  stripeVersion: string | null;
  contentType: string | null;
  /** The form body as sent, e.g. { amount: "125000000", "metadata[invoiceId]": "7" }. */
  form: Record<string, string>;
  status: number;
}

export interface StripeTestServer {
  /** http://127.0.0.1:<port>, for STRIPE_API_BASE. */
  url: string;
  /** Every API request, in order (the test-only handle's calls are not requests). */
  requests: RecordedRequest[];
  paymentIntent(id: string): FakePaymentIntent | undefined;
  paymentIntents(): FakePaymentIntent[];
  /** What a confirmation in the browser would do: succeeded, requires_payment_method after a decline, … */
  setStatus(id: string, status: PaymentIntentStatus): FakePaymentIntent;
  /** Changes a PaymentIntent behind Pasok's back (e.g. its amount, to show a mismatch is refused). */
  update(id: string, patch: Partial<Omit<FakePaymentIntent, "id" | "object">>): FakePaymentIntent;
  close(): Promise<void>;
}

type StripeErrorBody = { type: "invalid_request_error" | "idempotency_error" | "api_error"; message: string; code?: string; param?: string };

const CREATE_PARAMS = new Set(["amount", "currency", "automatic_payment_methods[enabled]", "description"]);

class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

const invalid = (message: string, param?: string, code = "parameter_invalid") => new StripeHttpError(400, { type: "invalid_request_error", message, code, param });

function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Checks a create request as Stripe would (unknown or missing parameters, types) and Pasok's contract. */
function checkCreate(form: Record<string, string>): void {
  for (const key of Object.keys(form)) {
    if (!CREATE_PARAMS.has(key) && !/^metadata\[[^\]]+\]$/.test(key)) throw invalid(`Received unknown parameter: ${key}`, key, "parameter_unknown");
  }
  if (form.amount === undefined) throw invalid("Missing required param: amount.", "amount", "parameter_missing");
  if (!/^\d+$/.test(form.amount)) throw invalid("Invalid integer: " + form.amount, "amount", "parameter_invalid_integer");
  if (Number(form.amount) < 1 || !Number.isSafeInteger(Number(form.amount))) throw invalid("This value must be greater than or equal to 1.", "amount");
  if (form.currency === undefined) throw invalid("Missing required param: currency.", "currency", "parameter_missing");
  if (!/^[a-z]{3}$/.test(form.currency)) throw invalid(`Invalid currency: ${form.currency}.`, "currency");
  if (form["automatic_payment_methods[enabled]"] !== "true") throw invalid("Pasok creates PaymentIntents with automatic payment methods.", "automatic_payment_methods[enabled]");
  if (!form["metadata[invoiceId]"]) throw invalid("Pasok's PaymentIntents carry metadata[invoiceId].", "metadata[invoiceId]", "parameter_missing");
}

export async function startStripeTestServer(): Promise<StripeTestServer> {
  const intents = new Map<string, FakePaymentIntent>();
  const idempotent = new Map<string, { fingerprint: string; response: string }>();
  const requests: RecordedRequest[] = [];

  function create(form: Record<string, string>): FakePaymentIntent {
    checkCreate(form);
    const id = randomId("pi");
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(form)) {
      const m = /^metadata\[([^\]]+)\]$/.exec(key);
      if (m) metadata[m[1]!] = value;
    }
    const intent: FakePaymentIntent = {
      id,
      object: "payment_intent",
      amount: Number(form.amount),
      amount_received: 0,
      currency: form.currency!,
      status: "requires_payment_method",
      client_secret: `${id}_secret_${randomBytes(12).toString("hex")}`,
      description: form.description ?? null,
      metadata,
      automatic_payment_methods: { enabled: true, allow_redirects: "always" },
      payment_method_types: ["card"],
      capture_method: "automatic",
      confirmation_method: "automatic",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      last_payment_error: null,
      latest_charge: null,
      payment_method: null,
    };
    intents.set(id, intent);
    return intent;
  }

  function handle(method: string, path: string, form: Record<string, string>, idempotencyKey: string | null): { body: string; replayed: boolean } {
    if (method === "POST" && path === "/v1/payment_intents") {
      const fingerprint = JSON.stringify(Object.entries(form).sort(([a], [b]) => a.localeCompare(b)));
      const earlier = idempotencyKey ? idempotent.get(idempotencyKey) : undefined;
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) {
          throw new StripeHttpError(400, {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          });
        }
        return { body: earlier.response, replayed: true };
      }
      const body = JSON.stringify(create(form));
      if (idempotencyKey) idempotent.set(idempotencyKey, { fingerprint, response: body });
      return { body, replayed: false };
    }
    const retrieve = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === "GET" && retrieve) {
      const id = decodeURIComponent(retrieve[1]!);
      const intent = intents.get(id);
      if (!intent) throw new StripeHttpError(404, { type: "invalid_request_error", code: "resource_missing", param: "intent", message: `No such payment_intent: '${id}'` });
      return { body: JSON.stringify(intent), replayed: false };
    }
    const cancel = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(path);
    if (method === "POST" && cancel) {
      const id = decodeURIComponent(cancel[1]!);
      const intent = intents.get(id);
      if (!intent) throw new StripeHttpError(404, { type: "invalid_request_error", code: "resource_missing", param: "intent", message: `No such payment_intent: '${id}'` });
      // As Stripe: only a PaymentIntent waiting for the customer (or capture) can be canceled.
      if (!["requires_payment_method", "requires_confirmation", "requires_action", "requires_capture"].includes(intent.status)) {
        throw new StripeHttpError(400, {
          type: "invalid_request_error",
          code: "payment_intent_unexpected_state",
          message: `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
        });
      }
      intent.status = "canceled";
      return { body: JSON.stringify(intent), replayed: false };
    }
    throw new StripeHttpError(404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` });
  }

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(request);
    const form = Object.fromEntries(new URLSearchParams(raw));
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value.join(", ") : (value ?? null);
    };
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      authorization: header("authorization"),
      idempotencyKey: header("idempotency-key"),
      stripeVersion: header("stripe-version"),
      contentType: header("content-type"),
      form,
      status: 200,
    };
    requests.push(record);
    const headers: Record<string, string> = { "Content-Type": "application/json", "Request-Id": randomId("req") };
    try {
      const key = record.authorization?.match(/^Bearer (\S+)$/)?.[1];
      if (!key) throw new StripeHttpError(401, { type: "invalid_request_error", message: "You did not provide an API key." });
      if (!/^sk_test_\w+$/.test(key)) throw new StripeHttpError(401, { type: "invalid_request_error", message: `Invalid API Key provided: ${key.slice(0, 8)}…` });
      if (method === "POST" && raw && !record.contentType?.startsWith("application/x-www-form-urlencoded")) {
        throw invalid("Stripe's API takes form-encoded bodies.");
      }
      const { body, replayed } = handle(method, url.pathname, form, record.idempotencyKey);
      if (record.idempotencyKey) headers["Idempotency-Key"] = record.idempotencyKey;
      if (replayed) headers["Idempotent-Replayed"] = "true";
      response.writeHead(200, headers).end(body);
    } catch (error) {
      if (!(error instanceof StripeHttpError)) throw error;
      record.status = error.status;
      response.writeHead(error.status, headers).end(JSON.stringify({ error: error.body }));
    }
  }

  const server = createServer((request, response) => {
    respond(request, response).catch((error: unknown) => {
      response.writeHead(500, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { type: "api_error", message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const intentOrThrow = (id: string) => {
    const intent = intents.get(id);
    if (!intent) throw new Error(`The Stripe test server has no PaymentIntent ${id}`);
    return intent;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    paymentIntent: (id) => intents.get(id),
    paymentIntents: () => [...intents.values()],
    setStatus(id, status) {
      const intent = intentOrThrow(id);
      intent.status = status;
      intent.amount_received = status === "succeeded" ? intent.amount : 0;
      intent.last_payment_error =
        status === "requires_payment_method" ? { type: "card_error", code: "card_declined", message: "Your card was declined." } : null;
      return intent;
    },
    update(id, patch) {
      return Object.assign(intentOrThrow(id), patch);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A webhook event's body as Stripe sends it, with a snapshot of the PaymentIntent at the time. */
export function stripeEventPayload(type: string, object: { id: string } & Record<string, unknown>, id = randomId("evt")): string {
  return JSON.stringify(
    {
      id,
      object: "event",
      api_version: "2026-10-28.endive",
      created: Math.floor(Date.now() / 1000),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    },
    null,
    2,
  );
}
