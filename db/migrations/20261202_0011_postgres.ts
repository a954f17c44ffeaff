import { sql, type Kysely } from "kysely";
import { sqlFor } from "../dialect";

// Issue 15: PostgreSQL's own search structures (search/postgres-engine.server.ts), the counterpart of the
// FTS5 tables that 0005/0006 make on SQLite. On SQLite this migration does nothing.
// - `*_search_text`: one row per indexed document with the app's analysed text (search/analysis.ts), one
//   column per weighted field plus `filters` (facet values as tokens), and `words`, a tsvector of all of them
//   built by the engine token by token (the text is already analysed by the app), behind a GIN index: the
//   candidates. Its vocabulary (what fts5vocab gives FTS5) is ts_stat over `words`.

const FIELDS = {
  supplier: ["name", "products", "processes", "materials", "headline", "description", "members", "location"],
  rfq: ["title", "lines", "processes", "materials", "description", "buyer", "location"],
} as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (sqlFor(db).engine !== "postgres") return;
  for (const entity of ["supplier", "rfq"] as const) {
    const columns = sql.raw([...FIELDS[entity], "filters"].map((f) => `${f} text not null default ''`).join(", "));
    await sql`create table ${sql.table(`${entity}_search_text`)} (
      id bigint primary key references ${sql.table(`${entity}_search`)} (id) on delete cascade,
      ${columns},
      words tsvector not null)`.execute(db);
    await sql`create index ${sql.raw(`${entity}_search_text_words`)} on ${sql.table(`${entity}_search_text`)} using gin (words)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (sqlFor(db).engine !== "postgres") return;
  for (const entity of ["supplier", "rfq"] as const) {
    await sql`drop table ${sql.table(`${entity}_search_text`)}`.execute(db);
  }
}
