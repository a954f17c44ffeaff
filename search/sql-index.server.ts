import { sql, type RawBuilder } from "kysely";
import type { Db, DbOrTrx } from "../db/client";
import { analyzeToText, isQualifier, synonymWords } from "./analysis";
import { RFQ_INDEX, SUPPLIER_INDEX, enoughOf, filterToken, isFilterToken, pageOf, type FilterClauses, type IndexSpec, type NumericAttribute } from "./index-specs";
import { compareRankKeys, compileMatcher, partialPlan, partialWeights, planQuery, rankScore, withTypos, type QueryGroup, type QueryPlan } from "./query";
import { TypoIndex } from "./typo";
import type { SearchEngine, SearchRequest, SearchResult, SupplierFilters } from "./types";

// The search index in the app's own database, shared by both database engines (search/fts5-engine.server.ts
// on SQLite, search/postgres-engine.server.ts on PostgreSQL). Each document is stored as JSON with its filter
// columns and its facet values as codes (one character each, FacetCodes; a side table of the values for filters
// and for the facet counts of a listing without words) — tables of db/migrations/20261123_0005_search.ts. Its
// analysed text (search/analysis.ts: stemmed, stop words dropped), one text per weighted field, goes into the
// engine's text index (`TextStore`: FTS5, or a tsvector), the only part that differs between the engines.
//
// A search plans the query (search/query.ts), adds typo alternatives from the index's vocabulary (kept in
// memory), and reads its candidates with one statement: the text index's match (built only from quoted
// analysed tokens), joined to the document row for the filters and facet values, `LIMIT` the number of
// candidates. No ORDER BY and no engine scoring in SQL: FTS5's bm25 first counts every phrase of the
// expression over the whole index (the synonyms and typo alternatives make 10–30 phrases) and then scores
// every match, which at 100,000 suppliers costs 10–65 ms for a common word, while reading the first 300
// matches costs 1–4 ms. The candidates are ranked in JS by the rules every engine shares (words, typos,
// attribute, then BM25F computed from the vocabulary's document frequencies; search/query.ts, compileMatcher),
// the page's documents are read, and the facets are counted from the candidates' facet codes. So SQLite and
// PostgreSQL rank the same candidates identically.
//
// The bound: a search ranks at most CANDIDATES matches (more when a page reaches further). Below it the result
// is exhaustive: exact total, exact facets, the same order as ranking every match. Above it (a common word in
// a large index) the candidates are the first CANDIDATES matches the index yields, "total" is "at least", and
// the facets count the candidates; Meilisearch bounds its own result the same way (maxTotalHits). How close
// the bounded top 10 comes to ranking every match is printed by `npm run bench:search`.
// Ids must be integers (organization and RFQ ids).

/** How many matches one search reads and ranks (more when a page reaches further, up to MAX_CANDIDATES). */
export const CANDIDATES = 300;
const MAX_CANDIDATES = 5000;
/** "any" queries search only their rarest words, within about this many documents (see candidatePlan). */
const ANY_CANDIDATE_CAP = 1000;
/** The in-memory vocabulary is re-read when another process wrote, at most this often. */
const VOCABULARY_REFRESH_MS = 30_000;
/** Facet counts of searches without words (a GROUP BY over every document), kept per index version. */
const FACET_CACHE_SIZE = 64;

const NUMERIC_COLUMNS: Record<NumericAttribute, string> = { tkdnPercent: "tkdn_percent", capacityPcsPerMonth: "capacity_pcs" };

function docId(id: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n)) throw new Error(`search: document id must be an integer, got ${JSON.stringify(id)}`);
  return n;
}

/** A candidate as the text index's statement returns it: its id, one analysed text per field, its facet codes. */
export type CandidateRow = { id: number; facet_codes: string } & Record<string, unknown>;

/** What differs between the engines: the text index of one entity (`supplier`, `rfq`). */
export interface TextStore {
  /** Replaces a document's analysed text (one text per field, in the spec's order) and its filter tokens. */
  write(trx: DbOrTrx, id: number, texts: string[], filterTokens: string[]): Promise<void>;
  remove(trx: DbOrTrx, ids: number[]): Promise<void>;
  clear(trx: DbOrTrx): Promise<void>;
  /** Every indexed word with the number of documents holding it (filter tokens included; they are dropped). */
  vocabulary(db: Db): Promise<{ term: string; doc: number }[]>;
  /** The plan as this index's match expression; null when nothing in it can be matched. */
  matchExpression(plan: QueryPlan): string | null;
  /**
   * The one statement of a search with words: the first `limit` documents matching `match` and every filter
   * token, joined to the document row `s` (condition `where`), with their analysed fields and facet codes.
   */
  candidateSql(match: string, filterTokens: string[], where: RawBuilder<unknown>, limit: number): RawBuilder<CandidateRow>;
  /** Whether the engine refused a match expression (should not happen: expressions are built from safe tokens). */
  isQueryError(error: unknown): boolean;
}

/** A facet code's character: U+00FF + code (db/migrations/20261123_0007_search_facet_codes.ts). */
const FACET_CODE_BASE = 0xff;
const MAX_FACET_CODE = 0xd7ff - FACET_CODE_BASE;

/**
 * The facet values of one index and their codes (search_facet_codes), kept in memory. A code is given by the
 * database (unique per index, facet and value), so every process agrees; a code this process has not seen yet
 * (another process indexed a new value) makes it read the table again.
 */
class FacetCodes<Facet extends string> {
  private readonly codes = new Map<string, number>();
  private readonly values: ({ facet: Facet; value: string } | undefined)[] = [];
  private loaded = false;

  constructor(
    private readonly db: Db,
    private readonly entity: string,
  ) {}

  private remember(code: number, facet: Facet, value: string): void {
    this.codes.set(`${facet}\t${value}`, code);
    this.values[code] = { facet, value };
  }

  /** Reads the table (through `trx` inside a transaction: the connection is the transaction's). */
  async load(trx: DbOrTrx = this.db): Promise<void> {
    const rows = await sql<{ code: number; facet: Facet; value: string }>`select code, facet, value from search_facet_codes
      where entity = ${this.entity}`.execute(trx);
    for (const row of rows.rows) this.remember(Number(row.code), row.facet, row.value);
    this.loaded = true;
  }

  /**
   * A document's facet values as its facet_codes, inside the writing transaction: values without a code get
   * one there. The new codes are remembered by `commit` once the transaction has committed (a rollback takes
   * them back, so they must not be remembered before).
   */
  async encode(trx: DbOrTrx, pairs: readonly (readonly [Facet, string])[], assigned: [number, Facet, string][]): Promise<string> {
    if (!this.loaded) await this.load(trx);
    let encoded = "";
    for (const [facet, value] of pairs) {
      let code = this.codes.get(`${facet}\t${value}`) ?? assigned.find((a) => a[1] === facet && a[2] === value)?.[0];
      if (code === undefined) {
        await sql`insert into search_facet_codes (entity, facet, value) values (${this.entity}, ${facet}, ${value})
          on conflict (entity, facet, value) do nothing`.execute(trx);
        const row = await sql<{ code: number }>`select code from search_facet_codes
          where entity = ${this.entity} and facet = ${facet} and value = ${value}`.execute(trx);
        code = Number(row.rows[0]!.code);
        if (code > MAX_FACET_CODE) throw new Error(`search: more than ${MAX_FACET_CODE} facet values`);
        assigned.push([code, facet, value]);
      }
      encoded += String.fromCharCode(FACET_CODE_BASE + code);
    }
    return encoded;
  }

  commit(assigned: [number, Facet, string][]): void {
    for (const [code, facet, value] of assigned) this.remember(code, facet, value);
  }

  /** The facet and value of each code; the table is read again (once) when one is new to this process. */
  async decode(codes: Iterable<number>): Promise<Map<number, { facet: Facet; value: string }>> {
    const list = [...codes];
    if (list.some((code) => this.values[code] === undefined)) await this.load();
    const decoded = new Map<number, { facet: Facet; value: string }>();
    for (const code of list) {
      const known = this.values[code];
      if (known) decoded.set(code, known);
    }
    return decoded;
  }
}

export class SqlIndex<D extends { id: string }, F, Facet extends string> {
  private readonly table: string;
  private readonly facetTable: string;
  private typo: { version: number; index: TypoIndex; readAt: number } | null = null;
  private readonly facetCodes: FacetCodes<Facet>;
  private readonly facetCache = new Map<string, { version: number; facets: SearchResult<D, Facet>["facets"] }>();
  /** Documents per vocabulary term and the document count, refreshed with the typo index. */
  private stats: { docFreq: Map<string, number>; docs: number } = { docFreq: new Map(), docs: 0 };

  constructor(
    private readonly db: Db,
    private readonly spec: IndexSpec<D, F, Facet>,
    private readonly text: TextStore,
    /** How many matches a search ranks (CANDIDATES; the benchmark's exhaustive reference passes more). */
    private readonly candidateLimit: number = CANDIDATES,
  ) {
    this.table = `${spec.entity}_search`;
    this.facetTable = `${spec.entity}_search_facets`;
    this.facetCodes = new FacetCodes(db, spec.entity);
  }

  private async bump(trx: DbOrTrx): Promise<void> {
    await sql`insert into search_state (key, value) values (${this.spec.entity}, 1)
      on conflict (key) do update set value = search_state.value + 1`.execute(trx);
  }

  async upsert(docs: D[]): Promise<void> {
    if (docs.length === 0) return;
    const at = new Date().toISOString();
    const written: string[] = [];
    const assigned: [number, Facet, string][] = [];
    await this.db.transaction().execute(async (trx) => {
      for (const doc of docs) {
        const id = docId(doc.id);
        const texts = this.spec.fields.map((f) => analyzeToText(f.values(doc)));
        written.push(...texts);
        const facetPairs = this.spec.facets.flatMap((facet) => [...new Set(this.spec.facetValues(doc, facet))].map((value) => [facet, value] as const));
        const facetCodes = await this.facetCodes.encode(trx, facetPairs, assigned);
        await sql`insert into ${sql.table(this.table)} (id, sort_key, doc, tkdn_percent, capacity_pcs, facet_codes, updated_at)
          values (${id}, ${this.spec.sortKey(doc)}, ${JSON.stringify(doc)}, ${this.spec.tkdnPercent(doc)}, ${this.spec.capacityPcs(doc)}, ${facetCodes}, ${at})
          on conflict (id) do update set sort_key = excluded.sort_key, doc = excluded.doc, tkdn_percent = excluded.tkdn_percent,
            capacity_pcs = excluded.capacity_pcs, facet_codes = excluded.facet_codes, updated_at = excluded.updated_at`.execute(trx);
        await this.text.write(trx, id, texts, facetPairs.map(([facet, value]) => filterToken(this.spec.facets.indexOf(facet), value)));
        await sql`delete from ${sql.table(this.facetTable)} where doc_id = ${id}`.execute(trx);
        const rows = facetPairs.map(([facet, value]) => sql`(${id}, ${facet}, ${value})`);
        if (rows.length > 0) await sql`insert into ${sql.table(this.facetTable)} (doc_id, facet, value) values ${sql.join(rows)}`.execute(trx);
      }
      await this.bump(trx);
    });
    this.facetCodes.commit(assigned);
    this.learn(written);
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const numbers = ids.map(docId);
    await this.db.transaction().execute(async (trx) => {
      const list = sql.join(numbers);
      await this.text.remove(trx, numbers);
      await sql`delete from ${sql.table(this.facetTable)} where doc_id in (${list})`.execute(trx);
      await sql`delete from ${sql.table(this.table)} where id in (${list})`.execute(trx);
      await this.bump(trx);
    });
  }

  async clear(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.text.clear(trx);
      await sql`delete from ${sql.table(this.facetTable)}`.execute(trx);
      await sql`delete from ${sql.table(this.table)}`.execute(trx);
      await this.bump(trx);
    });
  }

  /**
   * The typo index over the text index's vocabulary and the synonym words, with each term's document frequency (the
   * ranking's idf), kept in memory. This process's own writes add their words at once (see upsert); another
   * process's writes (the index's counter in search_state moved) are read at most every
   * VOCABULARY_REFRESH_MS, since reading the vocabulary scans the whole text index (~200 ms at 100,000
   * suppliers). New words are added; words no longer used stay until the index is rebuilt (when they are
   * many): a stale candidate only finds nothing.
   */
  private async typoIndex(): Promise<TypoIndex> {
    if (this.typo && Date.now() - this.typo.readAt < VOCABULARY_REFRESH_MS) return this.typo.index;
    const version = await this.version();
    if (this.typo && this.typo.version === version) {
      this.typo.readAt = Date.now();
      return this.typo.index;
    }
    const vocabRows = (await this.text.vocabulary(this.db)).filter((r) => !isFilterToken(r.term));
    const terms = vocabRows.map((r) => r.term);
    const docs = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(this.table)}`.execute(this.db)).rows[0]?.n ?? 0);
    this.stats = { docFreq: new Map(vocabRows.map((r) => [r.term, Number(r.doc)])), docs };
    let index = this.typo?.index;
    if (!index || index.size > terms.length * 1.5 + 1000) {
      index = new TypoIndex();
      for (const word of synonymWords()) index.add(word);
    }
    for (const term of terms) index.add(term);
    this.typo = { version, index, readAt: Date.now() };
    return index;
  }

  private async version(): Promise<number> {
    const row = await sql<{ value: number }>`select value from search_state where key = ${this.spec.entity}`.execute(this.db);
    return Number(row.rows[0]?.value ?? 0);
  }

  /** The words of documents this process just wrote, added to the in-memory vocabulary (typos find them at once). */
  private learn(texts: string[]): void {
    if (!this.typo) return;
    for (const text of texts) {
      for (const term of text.split(" ")) {
        if (term === "" || this.stats.docFreq.has(term)) continue;
        this.stats.docFreq.set(term, 1);
        this.typo.index.add(term);
      }
    }
  }

  /**
   * The filters as conditions on the document row `s`: minimums on the row's columns and, unless they are in
   * the MATCH (`facetsInMatch`), facet values by `id in (select …)` over the facet table's (facet, value) index.
   */
  private filterSql(clauses: FilterClauses<Facet>, facetsInMatch: boolean): RawBuilder<unknown> {
    const conditions: RawBuilder<unknown>[] = [sql`1 = 1`];
    if (!facetsInMatch) {
      for (const { facet, value } of clauses.equals) {
        conditions.push(sql`s.id in (select doc_id from ${sql.table(this.facetTable)} where facet = ${facet} and value = ${value})`);
      }
    }
    for (const { attribute, min } of clauses.atLeast) conditions.push(sql`${sql.ref(`s.${NUMERIC_COLUMNS[attribute]}`)} >= ${min}`);
    return sql.join(conditions, sql` and `);
  }

  /**
   * The one statement of a search with words: the first `candidates` matches that pass the filters, with
   * their analysed text and facet values. Exposed (as `candidateQueries`) for the benchmark, which runs exactly
   * this SQL straight through the driver as its "raw" baseline.
   */
  private candidateSql(match: string, clauses: FilterClauses<Facet>, candidates: number): RawBuilder<CandidateRow> {
    const tokens = clauses.equals.map(({ facet, value }) => filterToken(this.spec.facets.indexOf(facet), value));
    return this.text.candidateSql(match, tokens, this.filterSql(clauses, true), candidates);
  }

  /**
   * The statements a search with words asks the text index, in order, for the benchmark's baseline: the
   * every-word statement and, for "last" when that finds too few, the any-word statement of the partial search
   * (empty: nothing to match).
   */
  async candidateQueries(request: SearchRequest<F>): Promise<{ sql: string; parameters: readonly unknown[] }[]> {
    const prepared = await this.prepare(request);
    if (!prepared || prepared === "browse") return [];
    const all = this.candidateSql(prepared.match, prepared.clauses, prepared.candidates);
    const statements = [all.compile(this.db)];
    if (request.mode === "last" && partialPlan(prepared.plan).groups.length > 1) {
      const enough = enoughOf(request, MAX_CANDIDATES);
      const rows = (await all.execute(this.db)).rows;
      const partial = rows.length < enough ? await this.prepare(request, "any", true) : null;
      if (partial && partial !== "browse") statements.push(this.candidateSql(partial.match, partial.clauses, partial.candidates).compile(this.db));
    }
    return statements;
  }

  /** The planned search: "browse" when there are no words, null when the words leave nothing to match. */
  private async prepare(
    request: SearchRequest<F>,
    mode: "all" | "any" = request.mode === "any" ? "any" : "all",
    partial = false,
  ): Promise<{ plan: QueryPlan; match: string; clauses: FilterClauses<Facet>; candidates: number } | "browse" | null> {
    const { limit, offset } = pageOf(request);
    const planned = planQuery(typeof request.q === "string" ? request.q : "", mode);
    const base = partial ? partialPlan(planned) : planned;
    if (base.groups.length === 0) return "browse";
    const typos = await this.typoIndex();
    const plan = withTypos(base, (word) => typos.lookup(word), (word) => typos.has(word));
    const match = this.text.matchExpression(this.candidatePlan(plan));
    if (match === null) return null;
    const candidates = Math.max(this.candidateLimit, Math.min(offset + limit, MAX_CANDIDATES));
    return { plan, match, clauses: this.spec.filterClauses(request.filters), candidates };
  }

  async search(request: SearchRequest<F>): Promise<SearchResult<D, Facet>> {
    const { limit, offset } = pageOf(request);
    const nothing = { hits: [], total: 0, exhaustive: true, facets: request.facets ? this.emptyFacets() : {} };
    const prepared = await this.prepare(request);
    if (prepared === "browse") return this.browse(request);
    if (!prepared) return nothing;
    let rows: CandidateRow[];
    try {
      rows = (await this.candidateSql(prepared.match, prepared.clauses, prepared.candidates).execute(this.db)).rows;
    } catch (error) {
      // The expression is built from quoted [a-z0-9] tokens only, so this should not happen; if the engine still
      // refuses it, the user gets no results rather than an error page.
      if (!this.text.isQueryError(error)) throw error;
      console.warn("[search] the text index refused a query:", error instanceof Error ? error.message : error);
      return nothing;
    }
    const exhaustive = rows.length < prepared.candidates;
    // "last": too few documents have every word, so those with some of them come too, after them.
    const enough = enoughOf(request, MAX_CANDIDATES);
    const words = partialPlan(prepared.plan).groups.length;
    if (request.mode === "last" && words > 1 && rows.length < enough) {
      const partial = await this.partialRows(request, rows);
      if (partial) {
        const page = this.rank(partial.plan, partial.rows, offset, limit);
        const facets = request.facets ? await this.countFacets(partial.rows) : undefined;
        return this.result(page, partial.rows.length, partial.exhaustive, facets);
      }
    }
    const page = this.rank(prepared.plan, rows, offset, limit);
    const facets = request.facets ? await this.countFacets(rows) : undefined;
    return this.result(page, rows.length, exhaustive, facets);
  }

  /**
   * The candidates of any word and the full matches already read, a one-phrase query counted by its words
   * (ranked on the same plan, so the full matches stay first). null when the text index refuses the query.
   */
  private async partialRows(request: SearchRequest<F>, full: CandidateRow[]): Promise<{ plan: QueryPlan; rows: CandidateRow[]; exhaustive: boolean } | null> {
    const prepared = await this.prepare(request, "any", true);
    if (!prepared || prepared === "browse") return null;
    let rows: CandidateRow[];
    try {
      rows = (await this.candidateSql(prepared.match, prepared.clauses, prepared.candidates).execute(this.db)).rows;
    } catch (error) {
      if (!this.text.isQueryError(error)) throw error;
      return null;
    }
    // The full matches come too, whatever the bound: the any-word statement reads its first candidates, which
    // need not hold every document that has all the words.
    const seen = new Set(full.map((r) => Number(r.id)));
    return { plan: prepared.plan, rows: [...full, ...rows.filter((r) => !seen.has(Number(r.id)))], exhaustive: rows.length < prepared.candidates };
  }

  /** A candidate's analysed fields with their weights, as the matcher reads them. */
  private fieldsOf(row: CandidateRow) {
    return {
      fields: this.spec.fields.map((f) => {
        const text = row[f.name];
        return { text: typeof text === "string" ? text : "", weight: f.weight };
      }),
    };
  }

  /**
   * A search without words: every document the filters keep, in the index's own order (sort_key), paged,
   * counted and faceted in SQL. The facet counts are a GROUP BY over every kept document (40 ms for 100,000
   * suppliers), so they are cached per filter set until the index changes.
   */
  private async browse(request: SearchRequest<F>): Promise<SearchResult<D, Facet>> {
    const { limit, offset } = pageOf(request);
    const table = sql.table(this.table);
    const clauses = this.spec.filterClauses(request.filters);
    const where = this.filterSql(clauses, false);
    const rows = await sql<{ id: number }>`select s.id from ${table} s where ${where} order by s.sort_key, s.id limit ${limit} offset ${offset}`.execute(this.db);
    const page = rows.rows.map((r) => ({ id: r.id, score: 0, terms: [], missing: [] }));
    const count = await sql<{ n: number }>`select count(*) as n from ${table} s where ${where}`.execute(this.db);
    let facets: SearchResult<D, Facet>["facets"] | undefined;
    if (request.facets) {
      const version = await this.version();
      const key = JSON.stringify(clauses);
      const cached = this.facetCache.get(key);
      if (cached && cached.version === version) facets = cached.facets;
      else {
        facets = this.emptyFacets();
        const counted = await sql<{ facet: string; value: string; n: number }>`select facet, value, count(*) as n
          from ${sql.table(this.facetTable)} where doc_id in (select s.id from ${table} s where ${where}) group by facet, value`.execute(this.db);
        for (const row of counted.rows) {
          const bucket = facets[row.facet as Facet];
          if (bucket) bucket[row.value] = Number(row.n);
        }
        this.facetCache.delete(key);
        this.facetCache.set(key, { version, facets });
        if (this.facetCache.size > FACET_CACHE_SIZE) this.facetCache.delete(this.facetCache.keys().next().value!);
      }
    }
    return this.result(page, Number(count.rows[0]?.n ?? 0), true, facets);
  }

  /**
   * What the MATCH of a query is built from. "all": the plan. "any" with many words (an RFQ matched to
   * suppliers): OR-ing every word finds most of the index (20–30 words → 65–88% of 100k suppliers), so only
   * the rarest groups are searched — rarest first, while their estimated documents (Σ of each alternative's
   * document frequency, from the vocabulary) stay within ANY_CANDIDATE_CAP, at least the rarest one. The
   * candidates are still ranked on the full plan (words matched first), so a candidate that also has the
   * common words ranks up; a document with only the common words is not a candidate. Small indexes (under
   * the cap) are never pruned.
   */
  private candidatePlan(plan: QueryPlan): QueryPlan {
    if (plan.mode !== "any" || plan.groups.length <= 1) return plan;
    const estimates = plan.groups.map((group) => ({ group, n: this.groupDocFreq(group) }));
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

  /**
   * About how many documents a group matches: Σ over its alternatives (a phrase: its rarest word; a prefix:
   * its word — the words it starts are not counted, an estimate), plus its words one by one.
   */
  private groupDocFreq(group: QueryGroup): number {
    const { docFreq } = this.stats;
    let n = group.alternatives.reduce((sum, a) => sum + Math.min(...a.tokens.map((t) => docFreq.get(t) ?? 0)), 0);
    if (group.parts.length > 0) n += Math.min(...group.parts.map((part) => this.groupDocFreq(part)));
    return n;
  }

  /**
   * About what share of the documents a group matches, for its idf: its most common alternative's (a lower
   * bound: synonyms in two languages mostly stand in the same listings). The sum (groupDocFreq, right for
   * bounding candidates) would make a word with many synonyms look as common as every document, and a partial
   * match of it count for nothing.
   */
  private groupDocShare(group: QueryGroup): number {
    const { docFreq, docs } = this.stats;
    if (docs === 0) return 0;
    let most = 0;
    for (const a of group.alternatives) most = Math.max(most, Math.min(...a.tokens.map((t) => docFreq.get(t) ?? 0)) / docs);
    if (group.parts.length > 0) most = Math.max(most, Math.min(...group.parts.map((part) => this.groupDocShare(part))));
    return most;
  }

  /**
   * The candidates ranked by the shared rules (search/query.ts) on their analysed text, best first; the matched
   * terms (for the hits' explanations) are collected for the page only.
   */
  private rank(plan: QueryPlan, rows: CandidateRow[], offset: number, limit: number): { id: number; score: number; terms: string[]; missing: string[] }[] {
    const fields = this.spec.fields;
    const docs = rows.map((row) => this.fieldsOf(row));
    const averageFieldLengths = fields.map((_, i) => docs.reduce((sum, doc) => sum + doc.fields[i]!.text.length, 0) / Math.max(1, docs.length));
    const count = this.stats.docs;
    const idf = plan.groups.map((group) => {
      const n = Math.min(this.groupDocShare(group), 1) * count;
      return Math.log(1 + (count - n + 0.5) / (n + 0.5));
    });
    const weights = this.partialWeightsOf(plan, docs);
    const match = compileMatcher(plan, { averageFieldLengths, idf, terms: false, weights });
    const matches = docs.map((doc) => match(doc));
    const best = matches.reduce((max, m) => Math.max(max, m.relevance), 1e-9);
    const groups = plan.groups.length;
    const page = matches
      .map((m, i) => ({ i, m, id: Number(rows[i]!.id), partial: m.groupsMatched < groups ? (m.weighted ?? m.relevance) : 0 }))
      // More words first; among partial matches the more telling words (BM25F: rare words, in weighty fields, a
      // qualifier counting less than the thing asked for); then rarer words (Meilisearch's "words" rule, its
      // "frequency" strategy), then the rules.
      .sort((a, b) => b.m.groupsMatched - a.m.groupsMatched || b.partial - a.partial || b.m.rarity - a.m.rarity || compareRankKeys(a.m, b.m) || b.m.relevance - a.m.relevance || a.id - b.id)
      .slice(offset, offset + limit);
    const explain = compileMatcher(plan);
    return page.map((p) => {
      const explained = explain(docs[p.i]!);
      return { id: p.id, score: rankScore(p.m, p.m.relevance / best), terms: explained.terms, missing: explained.missing.map((g) => plan.groups[g]!.raw) };
    });
  }

  /**
   * Per group, how much it counts when partial matches are ordered (search/query.ts partialWeights): less for a
   * word that qualifies the request — a place (it matches a candidate's location), a standard's name, a size,
   * precision or generic part word (search/analysis.ts isQualifier) — and less the later it comes. undefined for
   * one group (nothing partial to order). The candidates' locations are few distinct texts, matched once each.
   */
  private partialWeightsOf(plan: QueryPlan, docs: ReturnType<SqlIndex<D, F, Facet>["fieldsOf"]>[]): number[] | undefined {
    const groups = plan.groups.length;
    if (groups < 2) return undefined;
    const qualifiers = new Set<number>(plan.groups.flatMap((g, i) => (isQualifier(g.label) ? [i] : [])));
    const location = this.spec.fields.findIndex((f) => f.name === "location");
    if (location >= 0) {
      const inLocation = compileMatcher(plan, { terms: true });
      for (const text of new Set(docs.map((d) => d.fields[location]!.text))) {
        const found = inLocation({ fields: [{ text, weight: 1 }] });
        for (let g = 0; g < groups; g++) if (!found.missing.includes(g)) qualifiers.add(g);
      }
    }
    return partialWeights(plan, qualifiers);
  }

  /** Facet value counts from the candidates' facet codes (one character each: no strings made, none hashed). */
  private async countFacets(rows: CandidateRow[]): Promise<SearchResult<D, Facet>["facets"]> {
    const counts = new Map<number, number>();
    for (const row of rows) {
      const codes = row.facet_codes;
      for (let i = 0; i < codes.length; i++) {
        const code = codes.charCodeAt(i) - FACET_CODE_BASE;
        counts.set(code, (counts.get(code) ?? 0) + 1);
      }
    }
    const facets = this.emptyFacets();
    const decoded = await this.facetCodes.decode(counts.keys());
    for (const [code, n] of counts) {
      const known = decoded.get(code);
      const bucket = known && facets[known.facet];
      if (bucket) bucket[known.value] = n;
    }
    return facets;
  }

  private emptyFacets(): SearchResult<D, Facet>["facets"] {
    const facets: SearchResult<D, Facet>["facets"] = {};
    for (const facet of this.spec.facets) facets[facet] = {};
    return facets;
  }

  /** The page's documents, in the page's order. */
  private async result(
    page: { id: number; score: number; terms: string[]; missing: string[] }[],
    total: number,
    exhaustive: boolean,
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
        return doc ? [{ doc, score: p.score, matchedTerms: p.terms, missing: p.missing }] : [];
      }),
      total,
      exhaustive,
      facets: facets ?? {},
    };
  }
}

export interface SqlEngineOptions {
  /** How many matches one search ranks; default CANDIDATES. More is slower and closer to ranking every match. */
  candidates?: number;
}

export type SqlSearchEngine = SearchEngine & {
  candidateQueries(request: SearchRequest<SupplierFilters>): Promise<{ sql: string; parameters: readonly unknown[] }[]>;
};

/** A search engine in the app's database, over the given text index for each entity. */
export function createSqlEngine(
  name: SearchEngine["name"],
  db: Db,
  textStore: (entity: "supplier" | "rfq", fields: readonly string[]) => TextStore,
  options: SqlEngineOptions = {},
): SqlSearchEngine {
  const suppliers = new SqlIndex(db, SUPPLIER_INDEX, textStore("supplier", SUPPLIER_INDEX.fields.map((f) => f.name)), options.candidates);
  const rfqs = new SqlIndex(db, RFQ_INDEX, textStore("rfq", RFQ_INDEX.fields.map((f) => f.name)), options.candidates);
  return {
    name,
    // The tables come with the migrations; nothing to apply.
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
    // The benchmark's baseline: the statement a supplier search runs.
    candidateQueries: (request) => suppliers.candidateQueries(request),
  };
}
