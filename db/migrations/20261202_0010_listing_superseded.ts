import { sql, type Kysely } from "kysely";
import { sqlFor } from "../dialect";

// Issue 14: a listing version replaced by a newly approved one is "superseded" in its own right (it stayed
// "approved" and was told apart only by queries). SQLite cannot alter a CHECK constraint, so the table is
// rebuilt with the new one (nothing references listing_versions by foreign key), its rows copied as they
// are, and every version that is approved or suspended but no longer its listing's live one marked
// superseded.

const STATUSES_BEFORE = ["draft", "submitted", "changes_requested", "approved", "rejected", "suspended"];
const STATUSES_AFTER = [...STATUSES_BEFORE, "superseded"];

async function rebuild(db: Kysely<any>, statuses: string[]): Promise<void> {
  const allowed = sql.join(statuses.map((s) => sql.lit(s)));
  if (sqlFor(db).engine === "postgres") {
    // PostgreSQL alters a CHECK in place (the column's constraint got PostgreSQL's default name).
    await sql`alter table listing_versions drop constraint listing_versions_status_check,
      add constraint listing_versions_status_check check (status in (${allowed}))`.execute(db);
    return;
  }
  await db.schema
    .createTable("listing_versions_rebuilt")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("listing_id", "integer", (c) => c.notNull().references("listings.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(sql`status in (${allowed})`))
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("review_comments", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("decision_reason", "text")
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("submitted_at", "text")
    .addColumn("decided_at", "text")
    .addColumn("decided_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("listing_versions_number", ["listing_id", "number"])
    .execute();
  await sql`insert into listing_versions_rebuilt select * from listing_versions`.execute(db);
  await db.schema.dropTable("listing_versions").execute();
  await db.schema.alterTable("listing_versions_rebuilt").renameTo("listing_versions").execute();
  await db.schema.createIndex("listing_versions_status").on("listing_versions").columns(["status", "submitted_at"]).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, STATUSES_AFTER);
  await sql`update listing_versions set status = 'superseded'
    where status in ('approved', 'suspended')
      and id not in (select live_version_id from listings where live_version_id is not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update listing_versions set status = 'approved' where status = 'superseded'`.execute(db);
  await rebuild(db, STATUSES_BEFORE);
}
