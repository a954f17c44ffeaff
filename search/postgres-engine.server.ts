import { sql } from "kysely";
import type { Db } from "../db/client";
import type { QueryGroup, QueryPlan } from "./query";
import { SAFE_TOKEN } from "./query";
import { createSqlEngine, type CandidateRow, type SqlEngineOptions, type SqlSearchEngine, type TextStore } from "./sql-index.server";

// PostgreSQL's text index (`supplier_search_text`, `rfq_search_text`; db/migrations/20261202_0011_postgres.ts):
// one row per document with its analysed fields (the ranking reads them) and `words`, a tsvector of every
// field and filter token behind a GIN index (the candidates). The text is analysed by the app (search/
// analysis.ts: the same stemming and stop words as FTS5), so the tsvector is built here, token by token, not by
// a PostgreSQL text-search configuration: each field's tokens get their positions with a gap between fields, so
// a phrase never matches across two fields (as in FTS5, where each field is a column). A plan becomes a
// tsquery of quoted lexemes: `<->` for a phrase, `:*` for a prefix. The vocabulary is `ts_stat` over `words`.
// Everything else is the shared SQL index (search/sql-index.server.ts), so both engines rank alike.

/** Positions left empty between two fields (and before the filter tokens). */
const FIELD_GAP = 8;
/** tsvector positions stop at 16383; later tokens of a very long text share the last one. */
const MAX_POSITION = 16383;

const lexeme = (token: string) => `'${token.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** The tsvector literal of a document: every token with its positions. */
export function tsvectorLiteral(texts: string[], filterTokens: string[]): string {
  const positions = new Map<string, number[]>();
  let next = 1;
  for (const tokens of [...texts.map((t) => t.split(" ").filter(Boolean)), filterTokens]) {
    for (const token of tokens) {
      const list = positions.get(token) ?? [];
      if (list.length < 256) list.push(Math.min(next, MAX_POSITION));
      positions.set(token, list);
      next++;
    }
    next += FIELD_GAP;
  }
  return [...positions].map(([token, list]) => `${lexeme(token)}:${[...new Set(list)].join(",")}`).join(" ");
}

/** The plan as a tsquery (the FTS5 expression's twin: search/query.ts, ftsMatchExpression). */
export function tsqueryExpression(plan: QueryPlan): string | null {
  const groupExpression = (group: QueryGroup): string | null => {
    const options: string[] = [];
    for (const a of group.alternatives) {
      if (a.tokens.length === 0 || !a.tokens.every((t) => SAFE_TOKEN.test(t))) continue;
      const words = a.tokens.map(lexeme);
      if (a.prefix) words[words.length - 1] += ":*";
      options.push(words.length === 1 ? words[0]! : `(${words.join(" <-> ")})`);
    }
    if (group.parts.length > 0) {
      const parts = group.parts.map(groupExpression);
      if (parts.every((p): p is string => p !== null)) options.push(`(${parts.join(" & ")})`);
    }
    return options.length > 0 ? `(${options.join(" | ")})` : null;
  };
  const expressions = plan.groups.map(groupExpression).filter((e): e is string => e !== null);
  if (expressions.length === 0) return null;
  return expressions.join(plan.mode === "all" ? " & " : " | ");
}

function postgresStore(entity: "supplier" | "rfq", fields: readonly string[]): TextStore {
  const table = `${entity}_search_text`;
  const columns = [...fields, "filters"];
  return {
    async write(trx, id, texts, filterTokens) {
      const values = [...texts, filterTokens.join(" ")];
      const updates = sql.join(columns.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
      await sql`insert into ${sql.table(table)} (id, ${sql.join(columns.map((c) => sql.ref(c)))}, words)
        values (${id}, ${sql.join(values)}, ${tsvectorLiteral(texts, filterTokens)}::tsvector)
        on conflict (id) do update set ${updates}, words = excluded.words`.execute(trx);
    },
    async remove(trx, ids) {
      await sql`delete from ${sql.table(table)} where id in (${sql.join(ids)})`.execute(trx);
    },
    async clear(trx) {
      await sql`delete from ${sql.table(table)}`.execute(trx);
    },
    async vocabulary(db) {
      return (await sql<{ term: string; doc: number }>`select word as term, ndoc as doc from ts_stat(${`select words from ${table}`})`.execute(db)).rows;
    },
    matchExpression: tsqueryExpression,
    candidateSql(match, filterTokens, where, limit) {
      const query = [`(${match})`, ...filterTokens.map(lexeme)].join(" & ");
      const fieldList = sql.join(fields.map((f) => sql.ref(`t.${f}`)));
      return sql<CandidateRow>`select t.id as id, ${fieldList}, s.facet_codes as facet_codes
        from ${sql.table(table)} t join ${sql.table(`${entity}_search`)} s on s.id = t.id
        where t.words @@ ${query}::tsquery and ${where}
        limit ${limit}`;
    },
    isQueryError: (error) => error instanceof Error && /tsquery|tsvector/i.test(error.message),
  };
}

/** The PostgreSQL full-text engine over this database handle. */
export function createPostgresEngine(db: Db, options: SqlEngineOptions = {}): SqlSearchEngine {
  return createSqlEngine("postgres", db, postgresStore, options);
}
