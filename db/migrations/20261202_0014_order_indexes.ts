import type { Kysely } from "kysely";

// Issue 15, found by `npm run bench:scale`: the order tables' foreign keys that queries follow had no index
// of their own, so every order in a list summed its lines by reading all of order_lines (370 ms for a buyer's
// orders at 40,000 orders). Each now has one. And the open RFQs in deadline order, ties by id (a supplier's
// RFQ list): SQLite's index on (status, bid_deadline) ends in the rowid, PostgreSQL's does not, so there it
// sorted every open RFQ (28 ms at 20,000).

const INDEXES: [name: string, table: string, columns: string[]][] = [
  ["order_lines_order", "order_lines", ["order_id", "position"]],
  ["shipment_lines_order_line", "shipment_lines", ["order_line_id"]],
  ["invoice_lines_invoice", "invoice_lines", ["invoice_id"]],
  ["invoice_lines_order_line", "invoice_lines", ["order_line_id"]],
  ["rfqs_status_deadline_id", "rfqs", ["status", "bid_deadline", "id"]],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
