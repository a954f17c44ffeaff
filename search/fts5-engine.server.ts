import { sql, type RawBuilder } from "kysely";
import type { Db, DbOrTrx } from "../db/client";
import { analyzeToText, synonymWords } from "./analysis";
import { RFQ_INDEX, SUPPLIER_INDEX, pageOf, type FilterClauses, type IndexSpec, type NumericAttribute } from "./index-specs";
import { ftsMatchExpression, matchDocument, planQuery, rankScore, withTypos, type QueryPlan } from "./query";
import { TypoIndex } from "./typo";
import type { SearchEngine, SearchRequest, SearchResult } from "./types";

// The embedded engine: SQLite FTS5 in the app's own database (tables of db/migrations/20261123_0005_search.ts).
// Each document is stored as JSON with its filter columns and facet values (a side table for filters and
// facet counts); its analysed text (search/analysis.ts: stemmed, stop words dropped) goes into an FTS5 table
// with one column per weighted field. A search plans the query (search/query.ts), adds typo alternatives from
// the index's vocabulary, runs one MATCH built only from quoted analysed tokens with `ORDER BY bm25 LIMIT n`
// in SQL (the page, the rerank window, the facet sample), counts the total with a separate count(*) only when
// the result is larger than that, ranks the window like Meilisearch would (words, typos, attribute, then bm25
// with the column weights) and counts facets with a GROUP BY in SQL. Ids must be integers (organization and
// RFQ ids). Measurements: scripts/bench-search.ts (`npm run bench:search`).

/** How many of the best candidates by bm25 are ranked by the full rules (more when a page reaches further). */
const RERANK_WINDOW = 100;
const MAX_RERANK_WINDOW = 5000;
/** "any" queries search only their rarest words, within about this many documents (see candidatePlan). */
const ANY_CANDIDATE_CAP = 2000;
/** Facets are exact up to this many documents, else counted over the best this many (see search). */
const FACET_SAMPLE = 1000;

const NUMERIC_COLUMNS: Record<NumericAttribute, string> = { tkdnPercent: "tkdn_percent", capacityPcsPerMonth: "capacity_pcs" };

function docId(id: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n)) throw new Error(`search: document id must be an integer, got ${JSON.stringify(id)}`);
  return n;
}

function isFtsQueryError(error: unknown): boolean {
  return error instanceof Error && /fts5|malformed MATCH|unterminated string/i.test(error.message);
}

class Fts5Index<D extends { id: string }, F, Facet extends string> {
  private readonly table: string;
  private readonly facetTable: string;
  private readonly fts: string;
  private readonly vocab: string;
  private typo: { version: number; index: TypoIndex } | null = null;
  /** Documents per vocabulary term and the document count, refreshed with the typo index. */
  private stats: { docFreq: Map<string, number>; docs: number } = { docFreq: new Map(), docs: 0 };

  constructor(
    private readonly db: Db,
    private readonly spec: IndexSpec<D, F, Facet>,
  ) {
    this.table = `${spec.entity}_search`;
    this.facetTable = `${spec.entity}_search_facets`;
    this.fts = `${spec.entity}_fts`;
    this.vocab = `${spec.entity}_fts_vocab`;
  }

  private async bump(trx: DbOrTrx): Promise<void> {
    await sql`insert into search_state (key, value) values (${this.spec.entity}, 1)
      on conflict (key) do update set value = value + 1`.execute(trx);
  }

  async upsert(docs: D[]): Promise<void> {
    if (docs.length === 0) return;
    const at = new Date().toISOString();
    const columns = sql.join(this.spec.fields.map((f) => sql.ref(f.name)));
    await this.db.transaction().execute(async (trx) => {
      for (const doc of docs) {
        const id = docId(doc.id);
        const texts = this.spec.fields.map((f) => analyzeToText(f.values(doc)));
        const facetPairs = this.spec.facets.flatMap((facet) => [...new Set(this.spec.facetValues(doc, facet))].map((value) => [facet, value] as const));
        await sql`delete from ${sql.table(this.fts)} where rowid = ${id}`.execute(trx);
        await sql`insert into ${sql.table(this.fts)} (rowid, ${columns}) values (${id}, ${sql.join(texts)})`.execute(trx);
        const facetValues = facetPairs.map(([facet, value]) => `${facet}\t${value.replace(/[\t\n]/g, " ")}`).join("\n");
        await sql`insert into ${sql.table(this.table)} (id, sort_key, doc, tkdn_percent, capacity_pcs, facet_values, updated_at)
          values (${id}, ${this.spec.sortKey(doc)}, ${JSON.stringify(doc)}, ${this.spec.tkdnPercent(doc)}, ${this.spec.capacityPcs(doc)}, ${facetValues}, ${at})
          on conflict (id) do update set sort_key = excluded.sort_key, doc = excluded.doc, tkdn_percent = excluded.tkdn_percent,
            capacity_pcs = excluded.capacity_pcs, facet_values = excluded.facet_values, updated_at = excluded.updated_at`.execute(trx);
        await sql`delete from ${sql.table(this.facetTable)} where doc_id = ${id}`.execute(trx);
        const rows = facetPairs.map(([facet, value]) => sql`(${id}, ${facet}, ${value})`);
        if (rows.length > 0) await sql`insert into ${sql.table(this.facetTable)} (doc_id, facet, value) values ${sql.join(rows)}`.execute(trx);
      }
      await this.bump(trx);
    });
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const numbers = ids.map(docId);
    await this.db.transaction().execute(async (trx) => {
      const list = sql.join(numbers);
      await sql`delete from ${sql.table(this.fts)} where rowid in (${list})`.execute(trx);
      await sql`delete from ${sql.table(this.facetTable)} where doc_id in (${list})`.execute(trx);
      await sql`delete from ${sql.table(this.table)} where id in (${list})`.execute(trx);
      await this.bump(trx);
    });
  }

  async clear(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`delete from ${sql.table(this.fts)}`.execute(trx);
      await sql`delete from ${sql.table(this.facetTable)}`.execute(trx);
      await sql`delete from ${sql.table(this.table)}`.execute(trx);
      await this.bump(trx);
    });
  }

  /**
   * The typo index over the FTS vocabulary and the synonym words, kept in memory and refreshed when the
   * index's counter in search_state moved (any process's write). New words are added; words no longer used
   * stay until the index is rebuilt (when they are many): a stale candidate only finds nothing.
   */
  private async typoIndex(): Promise<TypoIndex> {
    const row = await sql<{ value: number }>`select value from search_state where key = ${this.spec.entity}`.execute(this.db);
    const version = row.rows[0]?.value ?? 0;
    if (this.typo && this.typo.version === version) return this.typo.index;
    const vocabRows = (await sql<{ term: string; doc: number }>`select term, doc from ${sql.table(this.vocab)}`.execute(this.db)).rows;
    const terms = vocabRows.map((r) => r.term);
    const docs = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(this.table)}`.execute(this.db)).rows[0]?.n ?? 0);
    this.stats = { docFreq: new Map(vocabRows.map((r) => [r.term, Number(r.doc)])), docs };
    let index = this.typo?.index;
    if (!index || index.size > terms.length * 1.5 + 1000) {
      index = new TypoIndex();
      for (const word of synonymWords()) index.add(word);
    }
    for (const term of terms) index.add(term);
    this.typo = { version, index };
    return index;
  }

  /**
   * The filters as conditions on a document id column (`s.id` or the FTS rowid): `id in (select …)` over the
   * facet table's (facet, value) index and the numeric columns' indexes, so SQLite builds each filter's id set
   * once rather than probing per row.
   */
  private filterSql(clauses: FilterClauses<Facet>, column: string, perRow = false): RawBuilder<unknown> {
    const id = sql.ref(column);
    const conditions: RawBuilder<unknown>[] = [sql`1 = 1`];
    for (const { facet, value } of clauses.equals) {
      conditions.push(
        perRow
          ? sql`exists (select 1 from ${sql.table(this.facetTable)} x where x.doc_id = ${id} and x.facet = ${facet} and x.value = ${value})`
          : sql`${id} in (select doc_id from ${sql.table(this.facetTable)} where facet = ${facet} and value = ${value})`,
      );
    }
    for (const { attribute, min } of clauses.atLeast) {
      const numeric = sql.ref(NUMERIC_COLUMNS[attribute]);
      conditions.push(
        perRow
          ? sql`exists (select 1 from ${sql.table(this.table)} y where y.id = ${id} and ${sql.ref(`y.${NUMERIC_COLUMNS[attribute]}`)} >= ${min})`
          : sql`${id} in (select id from ${sql.table(this.table)} where ${numeric} >= ${min})`,
      );
    }
    return sql.join(conditions, sql` and `);
  }

  /** Facet value counts, in SQL, over the documents `ids` selects (a subquery or a list). */
  private async facetCounts(ids: RawBuilder<unknown>): Promise<SearchResult<D, Facet>["facets"]> {
    const facets = this.emptyFacets();
    const rows = await sql<{ facet: string; value: string; n: number }>`select facet, value, count(*) as n
      from ${sql.table(this.facetTable)} where doc_id in (${ids}) group by facet, value`.execute(this.db);
    for (const row of rows.rows) {
      const bucket = facets[row.facet as Facet];
      if (bucket) bucket[row.value] = Number(row.n);
    }
    return facets;
  }

  async search(request: SearchRequest<F>): Promise<SearchResult<D, Facet>> {
    const { limit, offset } = pageOf(request);
    const clauses = this.spec.filterClauses(request.filters);
    const base = planQuery(typeof request.q === "string" ? request.q : "", request.mode === "any" ? "any" : "all");
    const table = sql.table(this.table);

    if (base.groups.length === 0) {
      // No words: every document the filters keep, in the index's own order; SQL pages, counts and facets.
      const where = this.filterSql(clauses, "s.id");
      const rows = await sql<{ id: number }>`select s.id from ${table} s where ${where} order by s.sort_key, s.id limit ${limit} offset ${offset}`.execute(this.db);
      const page = rows.rows.map((r) => ({ id: r.id, score: 0, terms: [] }));
      const count = await sql<{ n: number }>`select count(*) as n from ${table} s where ${where}`.execute(this.db);
      const facets = request.facets ? await this.facetCounts(sql`select s.id from ${table} s where ${where}`) : undefined;
      return this.result(page, Number(count.rows[0]?.n ?? 0), facets);
    }

    const typos = await this.typoIndex();
    const plan = withTypos(base, (word) => typos.lookup(word));
    const match = ftsMatchExpression(this.candidatePlan(plan));
    if (match === null) return { hits: [], total: 0, facets: request.facets ? this.emptyFacets() : {} };
    const fts = sql.table(this.fts);
    const where = this.filterSql(clauses, `${this.fts}.rowid`, true);
    const weights = sql.join(this.spec.fields.map((f) => sql.lit(f.weight)));
    const windowSize = Math.min(Math.max(RERANK_WINDOW, offset + limit), MAX_RERANK_WINDOW);
    // Enough candidates for the page (beyond the window only when paging far).
    // With facets, also the best FACET_SAMPLE (what a huge result's facets are counted over).
    const wanted = Math.max(windowSize, offset + limit, request.facets ? FACET_SAMPLE : 0);
    let candidates: { id: number; relevance: number }[];
    try {
      // bm25() is negative, lower = better; SQLite keeps only the best `wanted` (a top-N sort, no JS sort of all).
      candidates = (
        await sql<{ id: number; relevance: number }>`select rowid as id, bm25(${fts}, ${weights}) as relevance
          from ${fts} where ${fts} match ${match} and ${where}
          order by relevance, rowid limit ${wanted}`.execute(this.db)
      ).rows;
    } catch (error) {
      // The expression is built from quoted [a-z0-9] tokens only, so this should not happen; if FTS5 still
      // refuses it, the user gets no results rather than an error page.
      if (!isFtsQueryError(error)) throw error;
      console.warn("[search] FTS5 refused a query:", error instanceof Error ? error.message : error);
      return { hits: [], total: 0, facets: request.facets ? this.emptyFacets() : {} };
    }
    // Fewer than asked for = all of them: the total is known without counting again.
    const total =
      candidates.length < wanted
        ? candidates.length
        : Number((await sql<{ n: number }>`select count(*) as n from ${fts} where ${fts} match ${match} and ${where}`.execute(this.db)).rows[0]?.n ?? 0);
    // Facets counted by SQL (GROUP BY over the facet table's rows of the ids). Exact over the whole filtered
    // result up to FACET_SAMPLE documents; a larger result is counted over its best FACET_SAMPLE by bm25:
    // an exact count there is a GROUP BY over ~14 rows per matched document (~45 ms for 15,000 of 30,000
    // suppliers), so a word half the index contains would cost more than the whole search. The counts of a
    // huge result are then "among the best FACET_SAMPLE" (the total stays exact).
    const facets = request.facets
      ? await this.facetCounts(candidates.length > 0 ? sql.join(candidates.slice(0, FACET_SAMPLE).map((c) => c.id)) : sql`null`)
      : undefined;

    // The best candidates by bm25 (enough for the page, at least RERANK_WINDOW) are ranked by the full rules
    // on their text; the rest follow in bm25 order. A typo-only or synonym-only match of a rare word scores
    // high in bm25, so it is in the window and ranked down there.
    const best = candidates.reduce((max, c) => Math.max(max, -c.relevance), 1e-9);
    const window = candidates.slice(0, windowSize);
    const ranked = await this.rerank(plan, window, best);
    const floor = ranked.reduce((min, r) => Math.min(min, r.score), Number.POSITIVE_INFINITY);
    const page: { id: number; score: number; terms: string[] }[] = ranked.slice(offset, offset + limit);
    // Beyond the window (only when paging far): bm25 order, scored below everything ranked.
    for (let i = Math.max(offset, windowSize); page.length < limit && i < candidates.length; i++) {
      const c = candidates[i]!;
      page.push({ id: c.id, score: (Number.isFinite(floor) ? floor : 1) * 0.5 * (-c.relevance / best), terms: [] });
    }
    return this.result(page, total, facets);
  }

  /**
   * What the MATCH of a query is built from. "all": the plan. "any" with many words (an RFQ matched to
   * suppliers): OR-ing every word finds most of the index (20–30 words → 65–88% of 100k suppliers) and bm25
   * over all of them is the whole cost, so only the rarest groups are searched — rarest first, while their
   * estimated documents (Σ of each alternative's document frequency, from the vocabulary) stay within
   * ANY_CANDIDATE_CAP, at least the rarest one. The window is still ranked on the full plan (words matched
   * first), so a candidate that also has the common words ranks up; a document with only the common words is
   * not a candidate. Small indexes (under the cap) are never pruned.
   */
  private candidatePlan(plan: QueryPlan): QueryPlan {
    if (plan.mode !== "any" || plan.groups.length <= 1) return plan;
    const { docFreq } = this.stats;
    const df = (tokens: string[]): number => {
      // A phrase: at most as many as its rarest word. A prefix counts as its word (the words it starts are
      // not counted: an estimate; the last word of a long query is rarely typed half).
      return Math.min(...tokens.map((t) => docFreq.get(t) ?? 0));
    };
    const groupDf = (group: QueryPlan["groups"][number]): number => {
      let n = group.alternatives.reduce((sum, a) => sum + df(a.tokens), 0);
      if (group.parts.length > 0) n += Math.min(...group.parts.map(groupDf));
      return n;
    };
    const estimates = plan.groups.map((group) => ({ group, n: groupDf(group) }));
    if (estimates.reduce((sum, e) => sum + e.n, 0) <= ANY_CANDIDATE_CAP) return plan;
    estimates.sort((a, b) => a.n - b.n);
    const kept: QueryPlan["groups"] = [];
    let sum = 0;
    for (const { group, n } of estimates) {
      if (kept.length > 0 && sum + n > ANY_CANDIDATE_CAP) break;
      kept.push(group);
      sum += n;
    }
    return { mode: plan.mode, groups: kept };
  }

  /** The window's candidates ranked by the full rules (search/query.ts) on their analysed text. */
  private async rerank(plan: QueryPlan, window: { id: number; relevance: number }[], best: number): Promise<{ id: number; score: number; terms: string[] }[]> {
    const texts = new Map<number, Record<string, unknown>>();
    const fts = sql.table(this.fts);
    const columns = sql.join(this.spec.fields.map((f) => sql.ref(`${this.fts}.${f.name}`)));
    for (let i = 0; i < window.length; i += 500) {
      const ids = window.slice(i, i + 500).map((c) => c.id);
      const rows = await sql<Record<string, unknown>>`select rowid as id, ${columns} from ${fts} where rowid in (${sql.join(ids)})`.execute(this.db);
      for (const row of rows.rows) texts.set(Number(row.id), row);
    }
    const ranked = window.map((c) => {
      const row = texts.get(c.id) ?? {};
      const m = matchDocument(plan, {
        fields: this.spec.fields.map((f) => ({ tokens: String(row[f.name] ?? "").split(" ").filter(Boolean), weight: f.weight })),
      });
      return { id: c.id, score: rankScore(m, -c.relevance / best), terms: m.terms };
    });
    ranked.sort((a, b) => b.score - a.score || a.id - b.id);
    return ranked;
  }

  private emptyFacets(): SearchResult<D, Facet>["facets"] {
    const facets: SearchResult<D, Facet>["facets"] = {};
    for (const facet of this.spec.facets) facets[facet] = {};
    return facets;
  }

  /** The page's documents, in the page's order. */
  private async result(
    page: { id: number; score: number; terms: string[] }[],
    total: number,
    facets: SearchResult<D, Facet>["facets"] | undefined,
  ): Promise<SearchResult<D, Facet>> {
    const docs = new Map<number, D>();
    if (page.length > 0) {
      const rows = await sql<{ id: number; doc: string }>`select id, doc from ${sql.table(this.table)}
        where id in (${sql.join(page.map((p) => p.id))})`.execute(this.db);
      for (const row of rows.rows) docs.set(row.id, JSON.parse(row.doc) as D);
    }
    return {
      hits: page.flatMap((p) => {
        const doc = docs.get(p.id);
        return doc ? [{ doc, score: p.score, matchedTerms: p.terms }] : [];
      }),
      total,
      facets: facets ?? {},
    };
  }
}

/** The SQLite FTS5 engine over this database handle. */
export function createFts5Engine(db: Db): SearchEngine {
  const suppliers = new Fts5Index(db, SUPPLIER_INDEX);
  const rfqs = new Fts5Index(db, RFQ_INDEX);
  return {
    name: "fts5",
    // The tables come with the migration; nothing to apply.
    applySettings: async () => {},
    upsertSuppliers: (docs) => suppliers.upsert(docs),
    deleteSuppliers: (ids) => suppliers.delete(ids),
    upsertRfqs: (docs) => rfqs.upsert(docs),
    deleteRfqs: (ids) => rfqs.delete(ids),
    clear: async () => {
      await suppliers.clear();
      await rfqs.clear();
    },
    searchSuppliers: (request) => suppliers.search(request),
    searchRfqs: (request) => rfqs.search(request),
  };
}
