import { sql } from "kysely";
import type { Db } from "../db/client";
import { ftsMatchExpression } from "./query";
import { createSqlEngine, type CandidateRow, type SqlEngineOptions, type SqlSearchEngine, type TextStore } from "./sql-index.server";

// The embedded engine's text index: SQLite FTS5 (`supplier_fts`, `rfq_fts`; db/migrations 0005/0006), one
// column per weighted field plus `filters` (a document's facet values as tokens, so a filter is part of the
// MATCH), rowid = the document's id, and its fts5vocab table for the vocabulary. Everything else is the shared
// SQL index (search/sql-index.server.ts).

function fts5Store(entity: "supplier" | "rfq", fields: readonly string[]): TextStore {
  const fts = `${entity}_fts`;
  const columns = sql.join(fields.map((f) => sql.ref(f)));
  return {
    async write(trx, id, texts, filterTokens) {
      await sql`delete from ${sql.table(fts)} where rowid = ${id}`.execute(trx);
      await sql`insert into ${sql.table(fts)} (rowid, ${columns}, filters) values (${id}, ${sql.join(texts)}, ${filterTokens.join(" ")})`.execute(trx);
    },
    async remove(trx, ids) {
      await sql`delete from ${sql.table(fts)} where rowid in (${sql.join(ids)})`.execute(trx);
    },
    async clear(trx) {
      await sql`delete from ${sql.table(fts)}`.execute(trx);
    },
    async vocabulary(db) {
      return (await sql<{ term: string; doc: number }>`select term, doc from ${sql.table(`${fts}_vocab`)}`.execute(db)).rows;
    },
    matchExpression: ftsMatchExpression,
    candidateSql(match, filterTokens, where, limit) {
      const expression = [match === "" ? null : `(${match})`, ...filterTokens.map((t) => `filters : "${t}"`)].filter(Boolean).join(" AND ");
      const columnList = sql.join(fields.map((f) => sql.ref(`${fts}.${f}`)));
      return sql<CandidateRow>`select ${sql.ref(`${fts}.rowid`)} as id, ${columnList}, s.facet_codes as facet_codes
        from ${sql.table(fts)} join ${sql.table(`${entity}_search`)} s on s.id = ${sql.ref(`${fts}.rowid`)}
        where ${sql.table(fts)} match ${expression} and ${where}
        limit ${limit}`;
    },
    isQueryError: (error) => error instanceof Error && /fts5|malformed MATCH|unterminated string/i.test(error.message),
  };
}

/** The SQLite FTS5 engine over this database handle. */
export function createFts5Engine(db: Db, options: SqlEngineOptions = {}): SqlSearchEngine {
  return createSqlEngine("fts5", db, fts5Store, options);
}

export { CANDIDATES } from "./sql-index.server";
