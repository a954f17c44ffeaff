import { randomBytes } from "node:crypto";
import type { DbOrTrx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { isWebhookFamily, type WebhookEventDraft } from "./events";

// The webhook outbox: an event is written in the same transaction as the change it reports (writeAudit calls
// this for every audit row that is an event), with one pending delivery per active endpoint of the organization
// that takes its family. The sender (sender.server.ts) delivers them after the commit; nothing is written for an
// organization without such an endpoint.

export async function emitWebhook(db: DbOrTrx, options: { organizationId: number; event: WebhookEventDraft; now: Date }): Promise<number | null> {
  const endpoints = await db
    .selectFrom("webhook_endpoints")
    .select(["id", "event_types"])
    .where("organization_id", "=", options.organizationId)
    .where("status", "=", "active")
    .execute();
  const taking = endpoints.filter((e) => {
    try {
      const families: unknown = JSON.parse(e.event_types);
      return Array.isArray(families) && families.filter(isWebhookFamily).includes(options.event.family);
    } catch {
      return false;
    }
  });
  if (taking.length === 0) return null;
  const at = toTimestamp(options.now);
  const payload = JSON.stringify({ type: options.event.type, timestamp: at, data: options.event.data });
  const { id } = await db
    .insertInto("webhook_events")
    .values({ message_id: `msg_${randomBytes(12).toString("hex")}`, organization_id: options.organizationId, type: options.event.type, payload, created_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("webhook_deliveries")
    .values(taking.map((e) => ({ event_id: id, endpoint_id: e.id, status: "pending" as const, attempts: 0, next_attempt_at: at, created_at: at })))
    .execute();
  return id;
}
