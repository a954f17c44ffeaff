import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// Issue 13 #1: an IKM outside the listed clusters lists truthfully. Each cluster names the regencies/cities
// it lies in (what the editor suggests from the IKM's regency; an admin keeps the list), and an IKM can
// propose a cluster that is not yet listed, which an admin confirms (it joins the list) or declines.

const CLUSTER_REGENCIES: Record<string, string[]> = {
  ceper: ["33.10"],
  tegal: ["33.28", "33.76"],
  yogyakarta: ["34.71", "34.02", "34.04"],
  sukabumi: ["32.02", "32.72"],
  purbalingga: ["33.03"],
  semarang: ["33.22", "33.74"],
  pasuruan: ["35.14", "35.75"],
  sidoarjo: ["35.15"],
  jabodetabek: ["31.71", "31.72", "31.73", "31.74", "31.75", "32.01", "32.71", "32.76", "36.03", "36.71", "36.74", "32.16", "32.75"],
};

export async function up(db: Kysely<any>): Promise<void> {
  // Comma-separated regency/city codes ("33.28,33.76"); empty for every kind but clusters.
  await db.schema.alterTable("capabilities").addColumn("regency_codes", "text", (c) => c.notNull().defaultTo("")).execute();
  for (const [code, regencies] of Object.entries(CLUSTER_REGENCIES)) {
    await db.updateTable("capabilities").set({ regency_codes: regencies.join(",") }).where("kind", "=", "cluster").where("code", "=", code).execute();
  }

  await db.schema
    .createTable("cluster_proposals")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 2 and 60`))
    .addColumn("regency_code", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("proposed").check(sql`status in ('proposed', 'confirmed', 'declined', 'withdrawn')`))
    // The cluster it became, once confirmed.
    .addColumn("capability_id", "integer", (c) => c.references("capabilities.id"))
    .addColumn("decision_reason", "text")
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("decided_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .execute();
  await db.schema.createIndex("cluster_proposals_organization").on("cluster_proposals").columns(["organization_id", "status"]).execute();
  await db.schema.createIndex("cluster_proposals_status").on("cluster_proposals").columns(["status", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("cluster_proposals").execute();
  await db.schema.alterTable("capabilities").dropColumn("regency_codes").execute();
}
