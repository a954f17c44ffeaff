import { sql, type Kysely } from "kysely";
import { engineOf } from "../dialect";
import { replaceCheck } from "../schema-changes";

// Issue 19: continuity of supply. Framework agreements (kontrak payung: unit prices per item for a period,
// with a maximum quantity or value) that the buyer calls off against; call-off and repeat orders (orders.origin);
// each user's notification preferences per category and daily digests; reminders and other notices that go out
// once per person per event (notices_sent, whose unique key makes every job safe to run on every server); saved
// RFQ searches; the List-Unsubscribe address of an e-mail.

export const AGREEMENT_STATUSES = "status in ('draft', 'sent', 'change_requested', 'active', 'extension_proposed', 'ended', 'expired', 'cancelled')";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("agreements")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("buyer_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("supplier_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(sql.raw(AGREEMENT_STATUSES)))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    /** The RFQ and award the prices first came from (a call-off order names them, as every order does). */
    .addColumn("rfq_id", "integer", (c) => c.notNull().references("rfqs.id"))
    .addColumn("award_id", "integer", (c) => c.notNull().references("awards.id"))
    /**
     * Made from a completed order ("agree these prices for next year"), or null when made from an award. No
     * foreign key: orders.agreement_id points the other way, and db:copy loads tables in foreign-key order.
     */
    .addColumn("source_order_id", "integer")
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("ends_on", "text", (c) => c.notNull())
    /** The most the buyer may call off in value (rupiah, before PPN), or null for no value limit. */
    .addColumn("max_value", "integer", (c) => c.check(sql`max_value is null or max_value > 0`))
    .addColumn("payment_due_days", "integer", (c) => c.notNull().defaultTo(30))
    .addColumn("payment_terms", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("delivery_terms", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("delivery_address", "text", (c) => c.notNull())
    .addColumn("delivery_province_code", "text", (c) => c.notNull())
    .addColumn("delivery_regency_code", "text", (c) => c.notNull())
    /** An extension the buyer proposed and the supplier has not answered yet. */
    .addColumn("proposed_ends_on", "text")
    .addColumn("proposed_max_value", "integer")
    .addColumn("change_request", "text")
    .addColumn("reason", "text")
    .addColumn("sent_at", "text")
    .addColumn("buyer_accepted_by", "integer", (c) => c.references("users.id"))
    .addColumn("supplier_accepted_at", "text")
    .addColumn("supplier_accepted_by", "integer", (c) => c.references("users.id"))
    .addColumn("ended_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("agreements_buyer").on("agreements").columns(["buyer_id", "status"]).execute();
  await db.schema.createIndex("agreements_supplier").on("agreements").columns(["supplier_id", "status"]).execute();

  await db.schema
    .createTable("agreement_items")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("agreement_id", "integer", (c) => c.notNull().references("agreements.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("rfq_line_id", "integer", (c) => c.notNull().references("rfq_lines.id"))
    .addColumn("part_name", "text", (c) => c.notNull())
    .addColumn("part_number", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("unit_price", "integer", (c) => c.notNull().check(sql`unit_price > 0`))
    /** The most the buyer may call off of this item over the period, or null for no quantity limit. */
    .addColumn("max_quantity", "integer", (c) => c.check(sql`max_quantity is null or max_quantity > 0`))
    .execute();
  await db.schema.createIndex("agreement_items_agreement").on("agreement_items").column("agreement_id").execute();

  await db.schema
    .alterTable("orders")
    .addColumn("origin", "text", (c) => c.notNull().defaultTo("award").check(sql`origin in ('award', 'call_off', 'repeat')`))
    .execute();
  await db.schema.alterTable("orders").addColumn("agreement_id", "integer", (c) => c.references("agreements.id")).execute();
  await db.schema.alterTable("orders").addColumn("repeat_of_order_id", "integer", (c) => c.references("orders.id")).execute();
  await db.schema.createIndex("orders_agreement").on("orders").column("agreement_id").execute();
  // One order per award and supplier holds for orders made by an award; call-offs and repeats name the award
  // their prices came from, many times over. The table constraint becomes a partial unique index.
  if (engineOf(db) === "postgres") {
    await sql`alter table orders drop constraint orders_one_per_award_supplier`.execute(db);
  } else {
    await replaceCheck(db, { table: "orders", constraint: "orders_one_per_award_supplier", from: ', constraint "orders_one_per_award_supplier" unique ("award_id", "supplier_id")', to: "" });
  }
  await sql`create unique index orders_one_per_award_supplier on orders (award_id, supplier_id) where origin = 'award'`.execute(db);
  await db.schema.alterTable("order_lines").addColumn("agreement_item_id", "integer", (c) => c.references("agreement_items.id")).execute();

  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('in_app', 'email', 'digest')`))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_preferences_pk", ["user_id", "category"])
    .execute();

  await db.schema
    .createTable("notification_digests")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    /** The Jakarta day it was sent for: one digest per user per day. */
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("items", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("notification_digests_user_day", ["user_id", "day"])
    .execute();
  /** 'pending' while the notification waits for its user's next digest, 'sent' once a digest carried it. */
  await db.schema.alterTable("notifications").addColumn("digest_status", "text", (c) => c.check(sql`digest_status in ('pending', 'sent')`)).execute();
  await db.schema.alterTable("notifications").addColumn("digest_id", "integer", (c) => c.references("notification_digests.id")).execute();
  await db.schema.createIndex("notifications_digest").on("notifications").columns(["digest_status", "user_id"]).execute();

  await db.schema
    .createTable("notices_sent")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    /** e.g. "bid_deadline", "delivery_due", "rfq_matched". */
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("entity_id", "integer", (c) => c.notNull())
    /** Which moment of the event: "24h", "2h", "due_soon", "overdue", "80pct", "30d" … */
    .addColumn("milestone", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("notices_sent_once", ["kind", "entity_id", "milestone", "user_id"])
    .execute();

  await db.schema
    .createTable("saved_searches")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull())
    /** The RFQ list's query string (q, process, material, province …) as the list reads it. */
    .addColumn("query", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("saved_searches_organization").on("saved_searches").column("organization_id").execute();

  await db.schema.alterTable("email_outbox").addColumn("list_unsubscribe", "text").execute();
  /** When the suppliers that fit a published RFQ (and matching saved searches) were told; null until then. */
  await db.schema.alterTable("rfqs").addColumn("matches_notified_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("rfqs").dropColumn("matches_notified_at").execute();
  await db.schema.alterTable("email_outbox").dropColumn("list_unsubscribe").execute();
  await db.schema.dropTable("saved_searches").execute();
  await db.schema.dropTable("notices_sent").execute();
  await db.schema.dropIndex("notifications_digest").execute();
  await db.schema.alterTable("notifications").dropColumn("digest_id").execute();
  await db.schema.alterTable("notifications").dropColumn("digest_status").execute();
  await db.schema.dropTable("notification_digests").execute();
  await db.schema.dropTable("notification_preferences").execute();
  await db.schema.alterTable("order_lines").dropColumn("agreement_item_id").execute();
  await db.schema.dropIndex("orders_agreement").execute();
  await sql`drop index orders_one_per_award_supplier`.execute(db);
  if (engineOf(db) === "postgres") {
    await sql`alter table orders add constraint orders_one_per_award_supplier unique (award_id, supplier_id)`.execute(db);
  } else {
    await sql`create unique index orders_one_per_award_supplier on orders (award_id, supplier_id)`.execute(db);
  }
  await db.schema.alterTable("orders").dropColumn("repeat_of_order_id").execute();
  await db.schema.alterTable("orders").dropColumn("agreement_id").execute();
  await db.schema.alterTable("orders").dropColumn("origin").execute();
  await db.schema.dropTable("agreement_items").execute();
  await db.schema.dropTable("agreements").execute();
}
