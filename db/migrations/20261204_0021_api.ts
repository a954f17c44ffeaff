import { sql, type Kysely } from "kysely";

// Issue 21: Pasok API v1. API keys per organization (the secret stored as its SHA-256 only; scopes; expiry;
// last use), each acting as an "integration" user that is a member of the organization with a role, so every
// domain rule and audit row treats it as a named member; the stored first responses of idempotent POSTs
// (Idempotency-Key, replayed for 24 hours); the per-key request counts of the rate limit (one row per key and
// minute, shared by every server); webhooks — each organization's endpoints with the event families they take
// and their signing secrets (the previous one kept for a while after a rotation), the events written in the same
// transaction as the change (the outbox), one delivery per event and endpoint, and every attempt's answer.

export const API_KEY_STATUSES = "status in ('active', 'revoked')";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("person").check(sql`kind in ('person', 'integration')`))
    .execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    /** The integration user the key acts as (users.kind = 'integration', a member of the organization). */
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").unique())
    .addColumn("name", "text", (c) => c.notNull())
    /** The key's public part ("psk_<public_id>_<secret>"): shown in lists, used to find the row. */
    .addColumn("public_id", "text", (c) => c.notNull().unique())
    /** SHA-256 of the secret part, hex. The secret itself is shown once and never stored. */
    .addColumn("secret_hash", "text", (c) => c.notNull())
    /** JSON array of scopes ("rfqs:read", "rfqs:write", …). */
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active").check(sql.raw(API_KEY_STATUSES)))
    .addColumn("expires_at", "text")
    .addColumn("last_used_at", "text")
    .addColumn("last_used_address", "text")
    .addColumn("created_by_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("revoked_by_user_id", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("api_keys_organization").on("api_keys").columns(["organization_id", "status"]).execute();

  await db.schema
    .createTable("api_idempotency")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("api_key_id", "integer", (c) => c.notNull().references("api_keys.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    /** SHA-256 of method, path and body: the same key with another request is refused (422). */
    .addColumn("request_hash", "text", (c) => c.notNull())
    /** Null while the first request is still running (a concurrent retry gets 409). */
    .addColumn("status_code", "integer")
    .addColumn("response_headers", "text")
    .addColumn("response_body", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("api_idempotency_key").on("api_idempotency").columns(["api_key_id", "idempotency_key"]).unique().execute();
  await db.schema.createIndex("api_idempotency_created").on("api_idempotency").column("created_at").execute();

  await db.schema
    .createTable("api_rate_windows")
    .addColumn("api_key_id", "integer", (c) => c.notNull().references("api_keys.id"))
    /** The window's start (ISO timestamp of the minute). */
    .addColumn("window_start", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("api_rate_windows_pk", ["api_key_id", "window_start"])
    .execute();

  await webhooks(db);
}

export const WEBHOOK_ENDPOINT_STATUSES = "status in ('active', 'disabled')";
export const WEBHOOK_DELIVERY_STATUSES = "status in ('pending', 'delivered', 'failed')";

async function webhooks(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    /** JSON array of event families ("rfq", "order", …). */
    .addColumn("event_types", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active").check(sql.raw(WEBHOOK_ENDPOINT_STATUSES)))
    /** "whsec_" + base64 of 24 random bytes (Standard Webhooks); kept to sign, shown to the owner. */
    .addColumn("secret", "text", (c) => c.notNull())
    /** After a rotation, the old secret signs too until this time, so the receiver can switch without a gap. */
    .addColumn("previous_secret", "text")
    .addColumn("previous_secret_until", "text")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_endpoints_organization").on("webhook_endpoints").columns(["organization_id", "status"]).execute();

  await db.schema
    .createTable("webhook_events")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    /** The webhook-id sent ("msg_" + this): the same for every delivery and retry of the event. */
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_events_organization").on("webhook_events").columns(["organization_id", "id"]).execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("event_id", "integer", (c) => c.notNull().references("webhook_events.id"))
    .addColumn("endpoint_id", "integer", (c) => c.notNull().references("webhook_endpoints.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql.raw(WEBHOOK_DELIVERY_STATUSES)))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_status_code", "integer")
    .addColumn("last_error", "text")
    .addColumn("delivered_at", "text")
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_deliveries_due").on("webhook_deliveries").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("webhook_deliveries_endpoint").on("webhook_deliveries").columns(["endpoint_id", "id"]).execute();

  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("delivery_id", "integer", (c) => c.notNull().references("webhook_deliveries.id"))
    .addColumn("attempted_at", "text", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("error", "text")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_attempts_delivery").on("webhook_attempts").columns(["delivery_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("webhook_attempts").execute();
  await db.schema.dropTable("webhook_deliveries").execute();
  await db.schema.dropTable("webhook_events").execute();
  await db.schema.dropTable("webhook_endpoints").execute();
  await db.schema.dropTable("api_rate_windows").execute();
  await db.schema.dropTable("api_idempotency").execute();
  await db.schema.dropTable("api_keys").execute();
  await db.schema.alterTable("users").dropColumn("kind").execute();
}
