import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// RFQs and sealed bids: the RFQ with its lines and versions (every amendment a snapshot), drawings and bid
// attachments, invitations, questions and answers, bids with their versions, lines and cooperative shares,
// and the award with its lines.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rfqs")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("buyer_id", "integer", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("draft").check(sql`status in ('draft', 'open', 'closed', 'awarded', 'cancelled')`),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("required_certificates", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("min_tkdn_percent", "integer", (c) => c.check(sql`min_tkdn_percent between 0 and 100`))
    .addColumn("delivery_province_code", "text", (c) => c.notNull())
    .addColumn("delivery_regency_code", "text", (c) => c.notNull())
    .addColumn("delivery_address", "text", (c) => c.notNull())
    .addColumn("needed_by", "text")
    .addColumn("bid_deadline", "text")
    .addColumn("visibility", "text", (c) => c.notNull().defaultTo("public").check(sql`visibility in ('public', 'invited')`))
    .addColumn("payment_terms", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("delivery_terms", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("cancel_reason", "text")
    .addColumn("cloned_from_id", "integer", (c) => c.references("rfqs.id"))
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("published_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rfqs_buyer").on("rfqs").columns(["buyer_id", "status"]).execute();
  await db.schema.createIndex("rfqs_status_deadline").on("rfqs").columns(["status", "bid_deadline"]).execute();

  await db.schema
    .createTable("rfq_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("rfq_id", "integer", (c) => c.notNull().references("rfqs.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("part_name", "text", (c) => c.notNull())
    .addColumn("part_number", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("material_code", "text")
    .addColumn("process_code", "text")
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("target_unit_price", "integer", (c) => c.check(sql`target_unit_price > 0`))
    .execute();
  await db.schema.createIndex("rfq_lines_rfq").on("rfq_lines").columns(["rfq_id", "position"]).execute();

  await db.schema
    .createTable("rfq_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("rfq_id", "integer", (c) => c.notNull().references("rfqs.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("rfq_versions_number", ["rfq_id", "number"])
    .execute();

  await db.schema
    .createTable("rfq_files")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("rfq_id", "integer", (c) => c.notNull().references("rfqs.id").onDelete("cascade"))
    .addColumn("rfq_line_id", "integer", (c) => c.references("rfq_lines.id").onDelete("set null"))
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("bid_id", "integer")
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("byte_size", "integer", (c) => c.notNull().check(sql`byte_size between 1 and 26214400`))
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("uploaded_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rfq_files_rfq").on("rfq_files").columns(["rfq_id", "bid_id"]).execute();

  await db.schema
    .createTable("rfq_invitations")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("rfq_id", "integer", (c) => c.notNull().references("rfqs.id").onDelete("cascade"))
    .addColumn("supplier_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("invited_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("rfq_invitations_once", ["rfq_id", "supplier_id"])
    .execute();
  await db.schema.createIndex("rfq_invitations_supplier").on("rfq_invitations").column("supplier_id").execute();

  await db.schema
    .createTable("rfq_questions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("rfq_id", "integer", (c) => c.notNull().references("rfqs.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("asked").check(sql`status in ('asked', 'answered')`))
    .addColumn("supplier_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("asked_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("answer", "text")
    .addColumn("answered_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("asked_at", "text", (c) => c.notNull())
    .addColumn("answered_at", "text")
    .execute();
  await db.schema.createIndex("rfq_questions_rfq").on("rfq_questions").column("rfq_id").execute();

  await db.schema
    .createTable("bids")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("rfq_id", "integer", (c) => c.notNull().references("rfqs.id").onDelete("cascade"))
    .addColumn("supplier_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("submitted").check(sql`status in ('submitted', 'withdrawn', 'awarded', 'lost')`),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("bids_one_per_supplier", ["rfq_id", "supplier_id"])
    .execute();
  await db.schema.createIndex("bids_supplier").on("bids").column("supplier_id").execute();

  await db.schema
    .createTable("bid_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("bid_id", "integer", (c) => c.notNull().references("bids.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("rfq_version", "integer", (c) => c.notNull())
    .addColumn("lead_time_days", "integer", (c) => c.notNull().check(sql`lead_time_days between 1 and 3650`))
    .addColumn("valid_until", "text", (c) => c.notNull())
    .addColumn("delivery_terms", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("total_amount", "integer", (c) => c.notNull())
    .addColumn("tkdn_percent", "real")
    .addColumn("submission_key", "text", (c) => c.notNull().unique())
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("bid_versions_number", ["bid_id", "number"])
    .execute();

  await db.schema
    .createTable("bid_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("bid_version_id", "integer", (c) => c.notNull().references("bid_versions.id").onDelete("cascade"))
    .addColumn("rfq_line_id", "integer", (c) => c.notNull().references("rfq_lines.id"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit_price", "integer", (c) => c.notNull().check(sql`unit_price > 0`))
    .addUniqueConstraint("bid_lines_once", ["bid_version_id", "rfq_line_id"])
    .execute();

  await db.schema
    .createTable("bid_line_shares")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("bid_line_id", "integer", (c) => c.notNull().references("bid_lines.id").onDelete("cascade"))
    .addColumn("member_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("tkdn_percent", "real")
    .addUniqueConstraint("bid_line_shares_once", ["bid_line_id", "member_id"])
    .execute();

  await db.schema
    .createTable("awards")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("rfq_id", "integer", (c) => c.notNull().unique().references("rfqs.id").onDelete("cascade"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("decided_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("award_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("award_id", "integer", (c) => c.notNull().references("awards.id").onDelete("cascade"))
    .addColumn("rfq_line_id", "integer", (c) => c.notNull().references("rfq_lines.id"))
    .addColumn("bid_id", "integer", (c) => c.notNull().references("bids.id"))
    .addColumn("supplier_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit_price", "integer", (c) => c.notNull().check(sql`unit_price > 0`))
    .addUniqueConstraint("award_lines_once", ["award_id", "rfq_line_id", "bid_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "award_lines",
    "awards",
    "bid_line_shares",
    "bid_lines",
    "bid_versions",
    "bids",
    "rfq_questions",
    "rfq_invitations",
    "rfq_files",
    "rfq_versions",
    "rfq_lines",
    "rfqs",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
