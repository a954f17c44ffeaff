import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// Orders from an award to payment: the order (the contract / purchase order) with its lines and scheduled
// deliveries, shipments with their inspection, invoices, and the Stripe events already handled.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("orders")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("rfq_id", "integer", (c) => c.notNull().references("rfqs.id"))
    .addColumn("award_id", "integer", (c) => c.notNull().references("awards.id"))
    .addColumn("buyer_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("supplier_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("contract_draft")
        .check(
          sql`status in ('contract_draft', 'sent', 'change_requested', 'contracted', 'in_production', 'partially_delivered', 'delivered', 'completed', 'cancelled', 'disputed', 'resolved')`,
        ),
    )
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("payment_due_days", "integer", (c) => c.notNull().defaultTo(30).check(sql`payment_due_days between 0 and 365`))
    .addColumn("payment_terms", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("delivery_terms", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("delivery_address", "text", (c) => c.notNull())
    .addColumn("delivery_province_code", "text", (c) => c.notNull())
    .addColumn("delivery_regency_code", "text", (c) => c.notNull())
    .addColumn("needed_by", "text")
    .addColumn("ppn_rate_bp", "integer", (c) => c.notNull().check(sql`ppn_rate_bp between 0 and 10000`))
    .addColumn("sent_at", "text")
    .addColumn("buyer_accepted_at", "text")
    .addColumn("buyer_accepted_by", "integer", (c) => c.references("users.id"))
    .addColumn("supplier_accepted_at", "text")
    .addColumn("supplier_accepted_by", "integer", (c) => c.references("users.id"))
    .addColumn("change_request", "text")
    .addColumn("cancel_reason", "text")
    .addColumn("dispute_reason", "text")
    .addColumn("resolution", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("orders_one_per_award_supplier", ["award_id", "supplier_id"])
    .execute();
  await db.schema.createIndex("orders_buyer").on("orders").columns(["buyer_id", "status"]).execute();
  await db.schema.createIndex("orders_supplier").on("orders").columns(["supplier_id", "status"]).execute();

  await db.schema
    .createTable("order_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("rfq_line_id", "integer", (c) => c.notNull().references("rfq_lines.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("part_name", "text", (c) => c.notNull())
    .addColumn("part_number", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit_price", "integer", (c) => c.notNull().check(sql`unit_price > 0`))
    .execute();

  await db.schema
    .createTable("delivery_schedules")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("order_line_id", "integer", (c) => c.notNull().references("order_lines.id").onDelete("cascade"))
    .addColumn("sequence", "integer", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addUniqueConstraint("delivery_schedules_sequence", ["order_line_id", "sequence"])
    .execute();

  await db.schema
    .createTable("shipments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("shipped").check(sql`status in ('shipped', 'received', 'inspected')`))
    .addColumn("shipped_on", "text", (c) => c.notNull())
    .addColumn("vehicle", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("delivery_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("received_on", "text")
    .addColumn("inspection_notes", "text")
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("received_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("inspected_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("inspected_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("shipments_number", ["order_id", "number"])
    .execute();

  await db.schema
    .createTable("shipment_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("shipment_id", "integer", (c) => c.notNull().references("shipments.id").onDelete("cascade"))
    .addColumn("order_line_id", "integer", (c) => c.notNull().references("order_lines.id"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("replacement_quantity", "integer", (c) => c.notNull().defaultTo(0).check(sql`replacement_quantity between 0 and quantity`))
    .addColumn("accepted_quantity", "integer")
    .addColumn("rejected_quantity", "integer")
    .addColumn("rejection_reason", "text")
    .addUniqueConstraint("shipment_lines_once", ["shipment_id", "order_line_id"])
    .addCheckConstraint(
      "shipment_lines_inspected",
      sql`(accepted_quantity is null and rejected_quantity is null) or (accepted_quantity >= 0 and rejected_quantity >= 0 and accepted_quantity + rejected_quantity = quantity)`,
    )
    .execute();

  await db.schema
    .createTable("invoices")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("issued").check(sql`status in ('issued', 'transfer_reported', 'card_processing', 'paid', 'void')`),
    )
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("subtotal", "integer", (c) => c.notNull())
    .addColumn("ppn_rate_bp", "integer", (c) => c.notNull())
    .addColumn("ppn_amount", "integer", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull())
    .addColumn("issued_on", "text", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("payment_method", "text", (c) => c.check(sql`payment_method in ('bank_transfer', 'stripe')`))
    .addColumn("transfer_reference", "text")
    .addColumn("transfer_date", "text")
    .addColumn("stripe_payment_intent_id", "text")
    .addColumn("card_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("paid_at", "text")
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("invoices_order").on("invoices").column("order_id").execute();
  await db.schema.createIndex("invoices_payment_intent").on("invoices").column("stripe_payment_intent_id").execute();

  await db.schema
    .createTable("invoice_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("invoice_id", "integer", (c) => c.notNull().references("invoices.id").onDelete("cascade"))
    .addColumn("order_line_id", "integer", (c) => c.notNull().references("order_lines.id"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit_price", "integer", (c) => c.notNull())
    .addColumn("amount", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("stripe_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("payment_intent_id", "text")
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["stripe_events", "invoice_lines", "invoices", "shipment_lines", "shipments", "delivery_schedules", "order_lines", "orders"]) {
    await db.schema.dropTable(table).execute();
  }
}
