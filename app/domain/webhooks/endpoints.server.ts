import type { Db, DbOrTrx, Trx } from "../../../db/client";
import type { WebhookDeliveryStatus, WebhookEndpointStatus } from "../../../db/schema";
import { addMs, toTimestamp } from "../../clock.server";
import { config } from "../../config.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, allowedEvents, nextState } from "../lifecycle";
import { requireOwnerMembership } from "../organizations/memberships.server";
import { isWebhookFamily, type WebhookFamily } from "./events";
import { webhookUrlProblem, type CreateWebhookInput } from "./schemas";
import { newWebhookSecret } from "./signature";
import { webhookDeliveryTransitions, webhookEndpointTransitions, type WebhookDeliveryEvent, type WebhookEndpointEvent } from "./webhook-states";

// An organization's webhook endpoints (owners only) and the one writer of each lifecycle: endpoints (disable,
// enable, rotate the secret) and deliveries (delivered, retried, given up, sent again).

/** After a rotation the old secret signs too for this long. */
export const PREVIOUS_SECRET_MS = 24 * 3_600_000;

/** Whether webhooks may go to this network's own addresses: outside production, or when WEBHOOK_PRIVATE_ADDRESSES=allow. */
export function privateAddressesAllowed(): boolean {
  const { NODE_ENV, WEBHOOK_PRIVATE_ADDRESSES } = config();
  return NODE_ENV !== "production" || WEBHOOK_PRIVATE_ADDRESSES === "allow";
}

export async function createWebhookEndpoint(db: Db, options: { organizationId: number; actorUserId: number; input: CreateWebhookInput; now: Date }): Promise<{ id: number; secret: string }> {
  const problem = webhookUrlProblem(options.input.url, !privateAddressesAllowed());
  if (problem) throw new DomainError(problem, 422, "url");
  const secret = newWebhookSecret();
  const at = toTimestamp(options.now);
  return db.transaction().execute(async (trx) => {
    await requireOwnerMembership(trx, options.actorUserId, options.organizationId);
    const { id } = await trx
      .insertInto("webhook_endpoints")
      .values({
        organization_id: options.organizationId,
        url: options.input.url,
        description: options.input.description ?? "",
        event_types: JSON.stringify([...new Set(options.input.eventTypes)]),
        status: "active",
        secret,
        created_by_user_id: options.actorUserId,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.organizationId,
      entityType: "webhook_endpoint",
      entityId: id,
      action: "create",
      toState: "active",
      detail: { url: options.input.url, eventTypes: options.input.eventTypes },
      now: options.now,
    });
    return { id, secret };
  });
}

/** The one writer of an endpoint's status (and secret). Returns the new secret after a rotation. */
export async function applyWebhookEndpointEvent(
  trx: Trx,
  options: { endpointId: number; organizationId: number; revision: number; event: WebhookEndpointEvent; actorUserId: number; now: Date },
): Promise<{ status: WebhookEndpointStatus; secret?: string }> {
  const endpoint = await trx
    .selectFrom("webhook_endpoints")
    .select(["id", "status", "revision", "secret"])
    .where("id", "=", options.endpointId)
    .where("organization_id", "=", options.organizationId)
    .executeTakeFirst();
  if (!endpoint) throw new DomainError("error.notFound", 404);
  const to = nextState(webhookEndpointTransitions, endpoint.status, options.event);
  if (!to || endpoint.revision !== options.revision) throw new TransitionError("webhook_endpoint", endpoint.status, options.event);
  const secret = options.event === "rotate_secret" ? newWebhookSecret() : undefined;
  const updated = await trx
    .updateTable("webhook_endpoints")
    .set({
      status: to,
      revision: endpoint.revision + 1,
      updated_at: toTimestamp(options.now),
      ...(secret ? { secret, previous_secret: endpoint.secret, previous_secret_until: toTimestamp(addMs(options.now, PREVIOUS_SECRET_MS)) } : {}),
    })
    .where("id", "=", endpoint.id)
    .where("revision", "=", endpoint.revision)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new TransitionError("webhook_endpoint", endpoint.status, options.event);
  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: options.organizationId,
    entityType: "webhook_endpoint",
    entityId: endpoint.id,
    action: options.event,
    fromState: endpoint.status,
    toState: to,
    now: options.now,
  });
  return { status: to, secret };
}

export async function changeWebhookEndpoint(
  db: Db,
  options: { endpointId: number; organizationId: number; revision: number; event: WebhookEndpointEvent; actorUserId: number; now: Date },
): Promise<{ status: WebhookEndpointStatus; secret?: string }> {
  return db.transaction().execute(async (trx) => {
    await requireOwnerMembership(trx, options.actorUserId, options.organizationId);
    return applyWebhookEndpointEvent(trx, options);
  });
}

/**
 * The one writer of a delivery's status: an attempt's outcome (deliver, retry with the next time, give up) or
 * the owner's "send again" (audited). Only if the status is still the one read.
 */
export async function applyWebhookDeliveryEvent(
  db: DbOrTrx,
  options: { deliveryId: number; event: WebhookDeliveryEvent; now: Date; statusCode?: number | null; error?: string | null; nextAttemptAt?: Date; actor?: { userId: number; organizationId: number }; worker?: string },
): Promise<WebhookDeliveryStatus> {
  const delivery = await db.selectFrom("webhook_deliveries").select(["id", "status", "attempts"]).where("id", "=", options.deliveryId).executeTakeFirst();
  if (!delivery) throw new DomainError("error.notFound", 404);
  const to = nextState(webhookDeliveryTransitions, delivery.status, options.event);
  if (!to) throw new TransitionError("webhook_delivery", delivery.status, options.event);
  const at = toTimestamp(options.now);
  const attempted = options.event === "deliver" || options.event === "retry" || options.event === "give_up";
  let update = db
    .updateTable("webhook_deliveries")
    .set({
      status: to,
      claimed_by: null,
      claimed_until: null,
      ...(attempted ? { attempts: delivery.attempts + 1, last_status_code: options.statusCode ?? null, last_error: options.error ?? null } : {}),
      ...(options.event === "deliver" ? { delivered_at: at } : {}),
      ...(options.event === "retry" ? { next_attempt_at: toTimestamp(options.nextAttemptAt ?? options.now) } : {}),
      ...(options.event === "resend" ? { attempts: 0, next_attempt_at: at, delivered_at: null } : {}),
    })
    .where("id", "=", delivery.id)
    .where("status", "=", delivery.status);
  if (options.worker) update = update.where("claimed_by", "=", options.worker);
  const updated = await update.executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new TransitionError("webhook_delivery", delivery.status, options.event);
  if (options.actor) {
    await writeAudit(db, {
      actorUserId: options.actor.userId,
      organizationId: options.actor.organizationId,
      entityType: "webhook_delivery",
      entityId: delivery.id,
      action: options.event,
      fromState: delivery.status,
      toState: to,
      now: options.now,
    });
  }
  return to;
}

/** The owner sends a delivery again ("Kirim lagi"): scoped to the organization's own endpoints. */
export async function resendWebhookDelivery(db: Db, options: { deliveryId: number; organizationId: number; actorUserId: number; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireOwnerMembership(trx, options.actorUserId, options.organizationId);
    const own = await trx
      .selectFrom("webhook_deliveries")
      .innerJoin("webhook_endpoints", "webhook_endpoints.id", "webhook_deliveries.endpoint_id")
      .select("webhook_deliveries.id")
      .where("webhook_deliveries.id", "=", options.deliveryId)
      .where("webhook_endpoints.organization_id", "=", options.organizationId)
      .executeTakeFirst();
    if (!own) throw new DomainError("error.notFound", 404);
    await applyWebhookDeliveryEvent(trx, { deliveryId: own.id, event: "resend", now: options.now, actor: { userId: options.actorUserId, organizationId: options.organizationId } });
  });
}

function families(json: string): WebhookFamily[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter(isWebhookFamily) : [];
  } catch {
    return [];
  }
}

/** The organization's endpoints with their latest deliveries (the delivery log), for its owner. */
export async function listWebhookEndpoints(db: DbOrTrx, options: { organizationId: number; actorUserId: number; now: Date; deliveries?: number }) {
  await requireOwnerMembership(db, options.actorUserId, options.organizationId);
  const endpoints = await db.selectFrom("webhook_endpoints").selectAll().where("organization_id", "=", options.organizationId).orderBy("id", "desc").execute();
  const at = toTimestamp(options.now);
  const result = [];
  for (const e of endpoints) {
    const deliveries = await db
      .selectFrom("webhook_deliveries")
      .innerJoin("webhook_events", "webhook_events.id", "webhook_deliveries.event_id")
      .select([
        "webhook_deliveries.id",
        "webhook_deliveries.status",
        "webhook_deliveries.attempts",
        "webhook_deliveries.next_attempt_at",
        "webhook_deliveries.last_status_code",
        "webhook_deliveries.last_error",
        "webhook_deliveries.delivered_at",
        "webhook_deliveries.created_at",
        "webhook_events.type",
        "webhook_events.message_id",
      ])
      .where("webhook_deliveries.endpoint_id", "=", e.id)
      .orderBy("webhook_deliveries.id", "desc")
      .limit(options.deliveries ?? 20)
      .execute();
    const history = await attemptsOf(db, deliveries.map((d) => d.id));
    result.push({
      id: e.id,
      url: e.url,
      description: e.description,
      eventTypes: families(e.event_types),
      status: e.status,
      revision: e.revision,
      /** The signing secret, shown to the owner (the receiver needs it to verify). */
      secret: e.secret,
      previousSecretUntil: e.previous_secret_until && e.previous_secret_until > at ? e.previous_secret_until : null,
      createdAt: e.created_at,
      events: allowedEvents(webhookEndpointTransitions, e.status),
      deliveries: deliveries.map((d) => ({
        ...d,
        events: allowedEvents(webhookDeliveryTransitions, d.status).filter((x) => x === "resend"),
        history: history.get(d.id) ?? [],
      })),
    });
  }
  return result;
}

/** How many attempts of a delivery its log shows (the newest; a delivery sent again keeps its earlier ones). */
export const ATTEMPTS_SHOWN = 12;

/** Each delivery's attempts, newest first, at most ATTEMPTS_SHOWN: one statement for the page's deliveries. */
async function attemptsOf(db: DbOrTrx, deliveryIds: number[]) {
  const byDelivery = new Map<number, { attemptedAt: string; statusCode: number | null; error: string | null; durationMs: number }[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db
    .selectFrom("webhook_attempts")
    .select(["delivery_id", "attempted_at", "status_code", "error", "duration_ms"])
    .where("delivery_id", "in", deliveryIds)
    .orderBy("id", "desc")
    .execute();
  for (const r of rows) {
    const list = byDelivery.get(r.delivery_id) ?? [];
    if (list.length < ATTEMPTS_SHOWN) list.push({ attemptedAt: r.attempted_at, statusCode: r.status_code, error: r.error, durationMs: r.duration_ms });
    byDelivery.set(r.delivery_id, list);
  }
  return byDelivery;
}
