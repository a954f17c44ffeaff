import { sql, type Kysely } from "kysely";

// Issue 16: a cooperative's order reaches its members. Each member's share becomes a work order (quantity and
// member price per order line, its part of every scheduled delivery, due ahead of the buyer's); members hand
// lots over to the cooperative, which inspects them; the cooperative's shipments to the buyer are made of
// accepted lots (so a buyer's rejection is attributed to the lot it came from); the cooperative pays its
// members for accepted pieces the buyer has paid for, less its fee, and each member confirms receipt.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("cooperative_settings")
    .addColumn("cooperative_id", "integer", (c) => c.primaryKey().references("organizations.id"))
    .addColumn("member_fee_bp", "integer", (c) => c.notNull().defaultTo(0).check(sql`member_fee_bp between 0 and 5000`))
    .addColumn("qc_lead_days", "integer", (c) => c.notNull().defaultTo(7).check(sql`qc_lead_days between 0 and 60`))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("work_orders")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("cooperative_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("member_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("assigned")
        .check(sql`status in ('assigned', 'accepted', 'declined', 'in_production', 'partly_handed_over', 'handed_over', 'cancelled', 'reallocated')`),
    )
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("show_buyer_price", "integer", (c) => c.notNull().defaultTo(0).check(sql`show_buyer_price in (0, 1)`))
    .addColumn("reason", "text")
    .addColumn("reallocated_from_id", "integer", (c) => c.references("work_orders.id"))
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("work_orders_order").on("work_orders").columns(["order_id"]).execute();
  await db.schema.createIndex("work_orders_member").on("work_orders").columns(["member_id", "status"]).execute();
  await db.schema.createIndex("work_orders_cooperative").on("work_orders").columns(["cooperative_id", "status"]).execute();

  await db.schema
    .createTable("work_order_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("work_order_id", "integer", (c) => c.notNull().references("work_orders.id").onDelete("cascade"))
    .addColumn("order_line_id", "integer", (c) => c.notNull().references("order_lines.id"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity >= 0`))
    .addColumn("member_unit_price", "integer", (c) => c.notNull().check(sql`member_unit_price > 0`))
    .addUniqueConstraint("work_order_lines_one_per_line", ["work_order_id", "order_line_id"])
    .execute();
  await db.schema.createIndex("work_order_lines_order_line").on("work_order_lines").columns(["order_line_id"]).execute();

  await db.schema
    .createTable("work_order_schedules")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("work_order_line_id", "integer", (c) => c.notNull().references("work_order_lines.id").onDelete("cascade"))
    .addColumn("delivery_schedule_id", "integer", (c) => c.notNull().references("delivery_schedules.id"))
    .addColumn("sequence", "integer", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity >= 0`))
    .addUniqueConstraint("work_order_schedules_one_per_delivery", ["work_order_line_id", "delivery_schedule_id"])
    .execute();

  await db.schema
    .createTable("handovers")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("work_order_id", "integer", (c) => c.notNull().references("work_orders.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("handed_over").check(sql`status in ('handed_over', 'inspected')`))
    .addColumn("handed_over_on", "text", (c) => c.notNull())
    .addColumn("lot_number", "text", (c) => c.notNull())
    .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("inspected_at", "text")
    .addColumn("inspected_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("inspection_notes", "text")
    .addUniqueConstraint("handovers_number", ["work_order_id", "number"])
    .addUniqueConstraint("handovers_lot", ["work_order_id", "lot_number"])
    .execute();

  await db.schema
    .createTable("handover_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("handover_id", "integer", (c) => c.notNull().references("handovers.id").onDelete("cascade"))
    .addColumn("work_order_line_id", "integer", (c) => c.notNull().references("work_order_lines.id"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("replacement_quantity", "integer", (c) => c.notNull().defaultTo(0).check(sql`replacement_quantity >= 0`))
    .addColumn("accepted_quantity", "integer", (c) => c.check(sql`accepted_quantity >= 0`))
    .addColumn("rejected_quantity", "integer", (c) => c.check(sql`rejected_quantity >= 0`))
    .addColumn("rejection_reason", "text")
    .execute();
  await db.schema.createIndex("handover_lines_work_order_line").on("handover_lines").columns(["work_order_line_id"]).execute();

  await db.schema
    .createTable("shipment_lots")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("shipment_line_id", "integer", (c) => c.notNull().references("shipment_lines.id").onDelete("cascade"))
    .addColumn("handover_line_id", "integer", (c) => c.notNull().references("handover_lines.id"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("buyer_rejected_quantity", "integer", (c) => c.notNull().defaultTo(0).check(sql`buyer_rejected_quantity >= 0 and buyer_rejected_quantity <= quantity`))
    .addColumn("attributed_at", "text")
    .addColumn("attributed_by_user_id", "integer", (c) => c.references("users.id"))
    .addUniqueConstraint("shipment_lots_one_per_lot", ["shipment_line_id", "handover_line_id"])
    .execute();
  await db.schema.createIndex("shipment_lots_handover_line").on("shipment_lots").columns(["handover_line_id"]).execute();

  await db.schema
    .createTable("member_payouts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("cooperative_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("member_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("sent").check(sql`status in ('sent', 'confirmed')`))
    .addColumn("amount", "integer", (c) => c.notNull().check(sql`amount > 0`))
    .addColumn("paid_on", "text", (c) => c.notNull())
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    .addColumn("confirmed_by_user_id", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("member_payouts_member").on("member_payouts").columns(["cooperative_id", "member_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "member_payouts",
    "shipment_lots",
    "handover_lines",
    "handovers",
    "work_order_schedules",
    "work_order_lines",
    "work_orders",
    "cooperative_settings",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
