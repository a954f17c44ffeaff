import type { Kysely } from "kysely";

// Issue 17 (the audit trail, visible): each audit row keeps the address the change came from (null for the
// system's own steps and scripts), and the admin's audit search reads newest first by organization, by actor
// and by kind without scanning the whole log.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("audit_log").addColumn("actor_address", "text").execute();
  await db.schema.createIndex("audit_log_organization_id").on("audit_log").columns(["organization_id", "id"]).execute();
  await db.schema.createIndex("audit_log_actor_id").on("audit_log").columns(["actor_user_id", "id"]).execute();
  await db.schema.createIndex("audit_log_kind_id").on("audit_log").columns(["entity_type", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ["audit_log_kind_id", "audit_log_actor_id", "audit_log_organization_id"]) await db.schema.dropIndex(name).execute();
  await db.schema.alterTable("audit_log").dropColumn("actor_address").execute();
}
