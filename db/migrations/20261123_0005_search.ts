import { sql, type Kysely } from "kysely";
import { sqlFor } from "../dialect";

// Frozen: never edit a migration that has shipped; add a new one.
// The search index of the embedded engine (search/fts5-engine.server.ts) and the outbox that keeps either
// engine fresh (search/outbox.server.ts):
// - `supplier_search` / `rfq_search`: one row per indexed document (the document JSON and the columns filters
//   and the empty-query order use), `*_search_facets`: one row per facet value of a document (filters), `*_fts`: FTS5 over the analysed text (search/analysis.ts), one column per weighted field, rowid =
//   the document's id; `*_fts_vocab`: its vocabulary (typo candidates).
// - `search_state`: a counter per index, bumped by every write, so each process knows when to refresh its
//   in-memory typo index.
// - `search_outbox`: what is still to be (re)indexed; written in the same transaction as the change.
// Existing approved suppliers and open public RFQs are queued here, so the indexer fills the index by itself.

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = sqlFor(db);
  const now = dialect.now();
  for (const entity of ["supplier", "rfq"] as const) {
    await db.schema
      .createTable(`${entity}_search`)
      .addColumn("id", "integer", (c) => c.primaryKey())
      // The empty-query order: the lower-cased name of a supplier, the bid deadline of an RFQ.
      .addColumn("sort_key", "text", (c) => c.notNull())
      .addColumn("doc", "text", (c) => c.notNull())
      .addColumn("tkdn_percent", "real")
      .addColumn("capacity_pcs", "integer", (c) => c.notNull().defaultTo(0))
      // The document's facet values again, one "facet<TAB>value" a line (for inspection: facets are counted in SQL from *_search_facets).
      .addColumn("facet_values", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable(`${entity}_search_facets`)
      .addColumn("doc_id", "integer", (c) => c.notNull().references(`${entity}_search.id`).onDelete("cascade"))
      .addColumn("facet", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${entity}_search_facets_pk`, ["doc_id", "facet", "value"])
      .execute();
    await db.schema.createIndex(`${entity}_search_facets_value`).on(`${entity}_search_facets`).columns(["facet", "value"]).execute();
    // The numeric filters read these, not the rows (whose document JSON comes first): by value for the
    // empty query's `id in (select id … where tkdn_percent >= ?)`, by id for a text search's per-candidate check.
    await db.schema.createIndex(`${entity}_search_tkdn`).on(`${entity}_search`).column("tkdn_percent").execute();
    await db.schema.createIndex(`${entity}_search_capacity`).on(`${entity}_search`).column("capacity_pcs").execute();
    await db.schema.createIndex(`${entity}_search_numeric`).on(`${entity}_search`).columns(["id", "tkdn_percent", "capacity_pcs"]).execute();
  }

  // Column order is the bm25 weight order (see search/index-specs.ts). FTS5 is SQLite's: PostgreSQL's text
  // index is made by 20261202_0011_postgres.
  if (dialect.engine === "sqlite") {
  await sql`create virtual table supplier_fts using fts5(
    name, products, processes, materials, headline, description, members, location,
    tokenize = 'unicode61', prefix = '2 3')`.execute(db);
  await sql`create virtual table supplier_fts_vocab using fts5vocab(supplier_fts, row)`.execute(db);
  await sql`create virtual table rfq_fts using fts5(
    title, lines, processes, materials, description, buyer, location,
    tokenize = 'unicode61', prefix = '2 3')`.execute(db);
  await sql`create virtual table rfq_fts_vocab using fts5vocab(rfq_fts, row)`.execute(db);
  }

  await db.schema
    .createTable("search_state")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("search_outbox")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("entity_type", "text", (c) => c.notNull().check(sql`entity_type in ('supplier', 'rfq')`))
    .addColumn("entity_id", "integer", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("search_outbox_due").on("search_outbox").columns(["next_attempt_at", "id"]).execute();
  await db.schema.createIndex("search_outbox_entity").on("search_outbox").columns(["entity_type", "entity_id"]).execute();

  await sql`insert into search_outbox (entity_type, entity_id, next_attempt_at, created_at)
    select 'supplier', listings.organization_id, ${now}, ${now}
    from listings join listing_versions on listing_versions.id = listings.live_version_id
    where listing_versions.status = 'approved'`.execute(db);
  await sql`insert into search_outbox (entity_type, entity_id, next_attempt_at, created_at)
    select 'rfq', id, ${now}, ${now} from rfqs where status = 'open' and visibility = 'public'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["rfq_fts_vocab", "rfq_fts", "supplier_fts_vocab", "supplier_fts"]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  for (const table of ["search_outbox", "search_state", "rfq_search_facets", "rfq_search", "supplier_search_facets", "supplier_search"]) {
    await db.schema.dropTable(table).execute();
  }
}
