import type { Kysely } from "kysely";

// Issue 15: background work is claimed in the database, so the mailer and the search indexer can run on
// every app server at once and each unit of work is done by one of them. A worker claims due rows by writing
// its name and a lease end (`claimed_until`) into them — on PostgreSQL selecting them FOR UPDATE SKIP LOCKED,
// on SQLite inside its one write transaction — and clears the claim when it is done. A claim whose lease ran
// out (its server died mid-work) may be taken by another worker.

const TABLES = ["email_outbox", "search_outbox"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn("claimed_by", "text").execute();
    await db.schema.alterTable(table).addColumn("claimed_until", "text").execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).dropColumn("claimed_until").execute();
    await db.schema.alterTable(table).dropColumn("claimed_by").execute();
  }
}
