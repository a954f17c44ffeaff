import { sql, type Kysely } from "kysely";
import { sqlFor } from "../dialect";

// Frozen: never edit a migration that has shipped; add a new one.
// Search at scale (search/fts5-engine.server.ts):
// - The FTS5 tables gain a last column, `filters`, holding a document's facet values as tokens
//   (search/index-specs.ts, filterToken), so a filter is part of the MATCH: FTS5 intersects it with the words
//   in its own index instead of SQL checking each matching document against a set of ids (25 ms for a
//   province filter at 100,000 suppliers).
// - The empty query's order (sort_key, id) gets an index (it sorted every document: 64 ms at 100,000).
// FTS5 cannot add a column, so its tables are made again and every indexed document is queued in the
// outbox; the indexer (and `npm start`, which drains the outbox before serving) fills them again.

const COLUMNS = {
  supplier: ["name", "products", "processes", "materials", "headline", "description", "members", "location"],
  rfq: ["title", "lines", "processes", "materials", "description", "buyer", "location"],
} as const;

async function rebuild(db: Kysely<any>, withFilters: boolean): Promise<void> {
  const now = sqlFor(db).now();
  // PostgreSQL has no FTS5 tables (its text index is made by 20261202_0011_postgres).
  if (sqlFor(db).engine !== "sqlite") return;
  for (const entity of ["supplier", "rfq"] as const) {
    await sql`drop table if exists ${sql.table(`${entity}_fts_vocab`)}`.execute(db);
    await sql`drop table if exists ${sql.table(`${entity}_fts`)}`.execute(db);
    const columns = [...COLUMNS[entity], ...(withFilters ? ["filters"] : [])];
    await sql`create virtual table ${sql.table(`${entity}_fts`)} using fts5(
      ${sql.raw(columns.join(", "))}, tokenize = 'unicode61', prefix = '2 3')`.execute(db);
    await sql`create virtual table ${sql.table(`${entity}_fts_vocab`)} using fts5vocab(${sql.table(`${entity}_fts`)}, row)`.execute(db);
    await sql`insert into search_outbox (entity_type, entity_id, next_attempt_at, created_at)
      select ${entity}, id, ${now}, ${now} from ${sql.table(`${entity}_search`)}`.execute(db);
    await sql`update search_state set value = value + 1 where key = ${entity}`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, true);
  for (const entity of ["supplier", "rfq"] as const) {
    await db.schema.createIndex(`${entity}_search_order`).on(`${entity}_search`).columns(["sort_key", "id"]).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const entity of ["supplier", "rfq"] as const) await db.schema.dropIndex(`${entity}_search_order`).execute();
  await rebuild(db, false);
}
