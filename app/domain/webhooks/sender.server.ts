import type { Db } from "../../../db/client";
import { addMs, toTimestamp } from "../../clock.server";
import { WORKER_ID, claimDueRows } from "../../jobs/claims.server";
import { logJob } from "../../jobs/job-log.server";
import { applyWebhookDeliveryEvent, privateAddressesAllowed } from "./endpoints.server";
import { postWebhook } from "./post.server";
import { signatureHeader } from "./signature";
import { RETRY_DELAYS_MS } from "./webhook-states";

// Sends due webhook deliveries (claimed first, so of several servers one sends each), signed per Standard
// Webhooks 1.0, with the current secret and — for a day after a rotation — the previous one. A 2xx answer
// delivers it; anything else (or no answer within 10 s) retries on the recommended schedule, then gives up.

const TIMEOUT_MS = 10_000;

export interface SendResult {
  delivered: number;
  retried: number;
  failed: number;
}

export async function deliverDueWebhooks(db: Db, options: { now: Date; worker?: string; limit?: number }): Promise<SendResult> {
  const worker = options.worker ?? WORKER_ID;
  const ids = await claimDueRows(db, "webhook_deliveries", { worker, now: options.now, limit: options.limit ?? 20 });
  const result: SendResult = { delivered: 0, retried: 0, failed: 0 };
  if (ids.length === 0) return result;
  const due = await db
    .selectFrom("webhook_deliveries")
    .innerJoin("webhook_events", "webhook_events.id", "webhook_deliveries.event_id")
    .innerJoin("webhook_endpoints", "webhook_endpoints.id", "webhook_deliveries.endpoint_id")
    .select([
      "webhook_deliveries.id",
      "webhook_deliveries.attempts",
      "webhook_events.message_id",
      "webhook_events.payload",
      "webhook_endpoints.url",
      "webhook_endpoints.status as endpoint_status",
      "webhook_endpoints.secret",
      "webhook_endpoints.previous_secret",
      "webhook_endpoints.previous_secret_until",
    ])
    .where("webhook_deliveries.id", "in", ids)
    .where("webhook_deliveries.claimed_by", "=", worker)
    .orderBy("webhook_deliveries.id")
    .execute();
  for (const d of due) {
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (d.endpoint_status !== "active") {
      error = "endpoint disabled";
    } else {
      const timestamp = Math.floor(Date.now() / 1000);
      const secrets = [d.secret, ...(d.previous_secret && d.previous_secret_until && d.previous_secret_until > toTimestamp(new Date()) ? [d.previous_secret] : [])];
      try {
        statusCode = await postWebhook(d.url, {
          timeoutMs: TIMEOUT_MS,
          allowPrivate: privateAddressesAllowed(),
          headers: {
            "Content-Type": "application/json",
            "User-Agent": "Pasok-Webhooks/1.0",
            "webhook-id": d.message_id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": signatureHeader(secrets, d.message_id, timestamp, d.payload),
          },
          body: d.payload,
        });
        if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
      } catch (e) {
        error = e instanceof Error ? e.message.slice(0, 300) : String(e);
      }
    }
    const durationMs = Date.now() - started;
    const now = new Date();
    await db.insertInto("webhook_attempts").values({ delivery_id: d.id, attempted_at: toTimestamp(now), status_code: statusCode, error, duration_ms: durationMs }).execute();
    const delay = RETRY_DELAYS_MS[d.attempts];
    const event = error === null ? "deliver" : delay === undefined || d.endpoint_status !== "active" ? "give_up" : "retry";
    await applyWebhookDeliveryEvent(db, { deliveryId: d.id, event, now, statusCode, error, nextAttemptAt: delay === undefined ? undefined : addMs(now, delay), worker });
    if (event === "deliver") result.delivered++;
    else if (event === "retry") result.retried++;
    else result.failed++;
  }
  return result;
}

let timer: NodeJS.Timeout | undefined;
let running = false;
let again = false;
let dbOf: (() => Db) | undefined;

async function tick(): Promise<void> {
  if (!dbOf) return;
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      const result = await deliverDueWebhooks(dbOf(), { now: new Date() });
      if (result.delivered + result.retried + result.failed > 0) logJob("webhooks sent", { ...result });
    } while (again);
  } catch (error) {
    console.error("[webhooks]", error);
  } finally {
    running = false;
  }
}

/** Starts the in-process sender (every 5 s, and at once when a change is committed). */
export function startWebhookSender(getDb: () => Db): void {
  if (timer) return;
  dbOf = getDb;
  timer = setInterval(() => void tick(), 5_000);
  timer.unref();
  void tick();
}

/** After a change that may have written webhook events: send them now rather than at the next poll. */
export function kickWebhookSender(): void {
  if (timer) void tick();
}

export async function stopWebhookSender(): Promise<void> {
  if (timer) clearInterval(timer);
  timer = undefined;
  while (running) await new Promise((resolve) => setTimeout(resolve, 50));
}
