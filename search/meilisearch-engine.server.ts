import { Meilisearch, type EnqueuedTaskPromise, type Hit, type Settings } from "meilisearch";
import { STOP_WORDS, analysedNarrower, analysedSynonymGroups, analyzeToText, isQualifier } from "./analysis";
import { RFQ_INDEX, SUPPLIER_INDEX, enoughOf, pageOf, type FilterClauses, type IndexSpec } from "./index-specs";
import { matchDocument, partialPlan, partialWeights, planQuery, vocabularyOf, withTypos, type DocumentFields, type QueryPlan } from "./query";
import { ONE_TYPO_MIN_LENGTH, TWO_TYPOS_MIN_LENGTH, TypoIndex } from "./typo";
import type { SearchEngine, SearchRequest, SearchResult } from "./types";

// The Meilisearch engine, through the official `meilisearch` client. The app applies every index setting
// itself (applySettings) and waits for each task, so a write that returns has been indexed, and a task that
// failed is an error (the outbox keeps the row and retries).
//
// Meilisearch does not stem, and Indonesian affixes matter (pembubutan ↔ bubut). So each document carries,
// under `search`, the same analysed text the FTS5 engine indexes (search/analysis.ts), only those fields are
// searchable (in ranking order), and the query is analysed the same way before it is sent; the synonym
// groups are sent in analysed form. Typo tolerance, prefix search on the last word and ranking are
// Meilisearch's own, set to the same budget as the FTS5 engine (one typo from 5 letters, two from 9).
//
// mode "any" (matching an RFQ to suppliers: many words, any of them): Meilisearch has no OR of words (and
// reads at most 10 query words), so it runs one query per query word or phrase in a single multi-search
// request and merges: a document is ranked by how many of them it matched, then by its ranking scores; facets
// are counted over the merged result. At most ANY_MODE_HITS_PER_WORD hits are taken per word.

const ANY_MODE_HITS_PER_WORD = 1000;
/** The index's pagination.maxTotalHits: at this many, estimatedTotalHits is a floor. */
const MAX_TOTAL_HITS = 5000;

export interface MeilisearchEngineOptions {
  url: string;
  apiKey?: string;
  /** Index uids are `${indexPrefix}suppliers` and `${indexPrefix}rfqs`. */
  indexPrefix?: string;
  /** How long to wait for one task (ms). */
  taskTimeoutMs?: number;
  /** How often to poll a task while waiting (ms). */
  taskPollMs?: number;
}

/**
 * A value in a Meilisearch filter expression: double-quoted, with backslashes and double quotes escaped
 * (control characters, which no facet value has, are dropped so the expression always parses).
 */
export function quoteFilterValue(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, "");
  return `"${clean.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The filter of a search as Meilisearch expressions (an array: all must hold). */
export function filterExpressions<Facet extends string>(clauses: FilterClauses<Facet>): string[] {
  const expressions = clauses.equals.map(({ facet, value }) => `${facet} = ${quoteFilterValue(value)}`);
  for (const { attribute, min } of clauses.atLeast) if (Number.isFinite(min)) expressions.push(`${attribute} >= ${min}`);
  return expressions;
}

/**
 * The synonym groups as Meilisearch wants them: every phrase → the other phrases of its groups, and the one-way
 * narrower phrases (Meilisearch's synonyms are one-way: listing only broad → narrow keeps them so).
 */
export function meilisearchSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  const add = (phrase: string, others: Iterable<string>) => {
    const set = new Set(synonyms[phrase] ?? []);
    for (const other of others) if (other !== phrase) set.add(other);
    synonyms[phrase] = [...set];
  };
  for (const group of analysedSynonymGroups()) for (const phrase of group) add(phrase, group);
  for (const [phrase, narrower] of analysedNarrower()) add(phrase, narrower);
  return synonyms;
}

/** The settings of one index (see the top of this file). */
export function indexSettings<D extends { id: string }, F, Facet extends string>(spec: IndexSpec<D, F, Facet>): Settings {
  return {
    searchableAttributes: spec.fields.map((f) => `search.${f.name}`),
    filterableAttributes: [...spec.facets, ...spec.numericFilters],
    sortableAttributes: [spec.sortAttribute],
    displayedAttributes: ["*"],
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    synonyms: meilisearchSynonyms(),
    stopWords: [...STOP_WORDS],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: ONE_TYPO_MIN_LENGTH, twoTypos: TWO_TYPOS_MIN_LENGTH },
    },
    faceting: { maxValuesPerFacet: 500 },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
  };
}

type Stored<D> = D & { search: Record<string, string> };

class MeilisearchIndex<D extends { id: string }, F, Facet extends string> {
  constructor(
    private readonly client: Meilisearch,
    readonly uid: string,
    private readonly spec: IndexSpec<D, F, Facet>,
    private readonly wait: { timeout: number; interval: number },
  ) {}

  private async settle(task: EnqueuedTaskPromise, what: string, allowedErrors: string[] = []): Promise<void> {
    const done = await task.waitTask(this.wait);
    if (done.status === "succeeded") return;
    if (done.error && allowedErrors.includes(done.error.code)) return;
    throw new Error(`meilisearch: ${what} on ${this.uid} ${done.status}${done.error ? `: ${done.error.code} ${done.error.message}` : ""}`);
  }

  async applySettings(): Promise<void> {
    await this.settle(this.client.createIndex(this.uid, { primaryKey: "id" }), "create index", ["index_already_exists"]);
    await this.settle(this.client.index(this.uid).updateSettings(indexSettings(this.spec)), "update settings");
  }

  private stored(doc: D): Stored<D> {
    const search: Record<string, string> = {};
    for (const f of this.spec.fields) search[f.name] = analyzeToText(f.values(doc));
    return { ...doc, search };
  }

  async upsert(docs: D[]): Promise<void> {
    if (docs.length === 0) return;
    await this.settle(this.client.index<Stored<D>>(this.uid).addDocuments(docs.map((d) => this.stored(d)), { primaryKey: "id" }), "add documents");
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.settle(this.client.index(this.uid).deleteDocuments(ids), "delete documents");
  }

  async clear(): Promise<void> {
    await this.settle(this.client.index(this.uid).deleteAllDocuments(), "delete all documents");
  }

  private docOf(hit: Hit<Stored<D>>): D {
    const { search: _search, _formatted, _matchesPosition, _rankingScore, _rankingScoreDetails, _federation, ...doc } = hit;
    return doc as unknown as D;
  }

  private fieldsOf(hit: Hit<Stored<D>>): DocumentFields {
    return {
      fields: this.spec.fields.map((f) => ({ text: String(hit.search?.[f.name] ?? ""), weight: f.weight })),
    };
  }

  /** Per hit, the query terms it matched and the query's words (as typed) it lacks, by the shared rules. */
  private explain(plan: QueryPlan, hits: Hit<Stored<D>>[]): { terms: string[]; missing: string[] }[] {
    const fields = hits.map((h) => this.fieldsOf(h));
    const typos = new TypoIndex();
    for (const word of vocabularyOf(fields)) typos.add(word);
    const resolved = withTypos(plan, (word) => typos.lookup(word), (word) => typos.has(word));
    return fields.map((f) => {
      const match = matchDocument(resolved, f);
      return { terms: match.terms, missing: match.missing.map((g) => plan.groups[g]!.raw) };
    });
  }

  async search(request: SearchRequest<F>): Promise<SearchResult<D, Facet>> {
    const { limit, offset } = pageOf(request);
    const plan = planQuery(typeof request.q === "string" ? request.q : "", request.mode === "any" ? "any" : "all");
    const expressions = filterExpressions(this.spec.filterClauses(request.filters));
    const filter = expressions.length > 0 ? expressions : undefined;
    const index = this.client.index<Stored<D>>(this.uid);
    const facetNames = request.facets ? [...this.spec.facets] : undefined;

    if (plan.mode === "any" && plan.groups.length > 1) return this.searchAny(plan, filter, { limit, offset, facets: request.facets === true, minWords: 1 });

    const q = plan.groups.map((g) => g.label).join(" ");
    const response = await index.search(q, {
      filter,
      facets: facetNames,
      limit,
      offset,
      matchingStrategy: "all",
      showRankingScore: true,
      // No words: the same order as the FTS5 engine (suppliers by name, RFQs closing soonest first).
      sort: q === "" ? [`${this.spec.sortAttribute}:asc`] : undefined,
    });
    // "last": too few documents have every word, so those with some of them come too, after them
    // (the words searched one by one and merged, as for "any": Meilisearch's own "last" drops words from the end
    // only until something matches, and ranks by position of the words, not by how rare they are).
    const enough = enoughOf(request, MAX_TOTAL_HITS);
    const words = partialPlan(plan);
    if (request.mode === "last" && words.groups.length > 1 && (response.estimatedTotalHits ?? response.hits.length) < enough) {
      // The full matches come too, whatever each word's hit limit (fewer than `enough`: one page from the start).
      const full = offset === 0 ? response.hits : (await index.search(q, { filter, limit: enough, matchingStrategy: "all", showRankingScore: true })).hits;
      return this.searchAny(words, filter, { limit, offset, facets: request.facets === true, minWords: 1 }, full);
    }
    const explained = q === "" ? response.hits.map(() => ({ terms: [], missing: [] })) : this.explain(plan, response.hits);
    const facets: SearchResult<D, Facet>["facets"] = {};
    if (facetNames) for (const facet of this.spec.facets) facets[facet] = { ...(response.facetDistribution?.[facet] ?? {}) };
    return {
      hits: response.hits.map((hit, i) => ({ doc: this.docOf(hit), score: hit._rankingScore ?? 0, matchedTerms: explained[i]?.terms ?? [], missing: [] })),
      total: response.estimatedTotalHits ?? response.hits.length,
      exhaustive: (response.estimatedTotalHits ?? 0) < MAX_TOTAL_HITS,
      facets,
    };
  }

  private async searchAny(
    plan: QueryPlan,
    filter: string[] | undefined,
    page: { limit: number; offset: number; facets: boolean; minWords: number },
    full: Hit<Stored<D>>[] = [],
  ): Promise<SearchResult<D, Facet>> {
    const response = await this.client.multiSearch<{ queries: { indexUid: string; q: string }[] }, Stored<D>>({
      queries: plan.groups.map((g) => ({
        indexUid: this.uid,
        q: g.label,
        filter,
        limit: Math.max(ANY_MODE_HITS_PER_WORD, page.offset + page.limit),
        matchingStrategy: "all" as const,
        showRankingScore: true,
      })),
    });
    // A word's rarity: the fewer documents it matches, the more it says (an idf from its estimated total),
    // weighted as in the SQL engines (search/query.ts partialWeights): less for a word that qualifies the request
    // (a standard's name, a size or generic part word, or a place: it is in a hit's location), and less the later
    // it comes.
    const most = Math.max(1, ...response.results.map((r) => r.estimatedTotalHits ?? r.hits.length));
    const merged = new Map<string, { hit: Hit<Stored<D>>; words: number; rarity: number; scores: number }>();
    const qualifiers = new Set<number>();
    for (const [i, result] of response.results.entries()) {
      const label = plan.groups[i]!.label;
      if (isQualifier(label) || result.hits.some((h) => ` ${String(h.search?.location ?? "")} `.includes(` ${label} `))) qualifiers.add(i);
    }
    const weights = partialWeights(plan, qualifiers);
    let allRarity = 0;
    for (const [i, result] of response.results.entries()) {
      const rarity = weights[i]! * Math.log(1 + (most + 1) / ((result.estimatedTotalHits ?? result.hits.length) + 1));
      allRarity += rarity;
      for (const hit of result.hits) {
        const entry = merged.get(String(hit.id));
        if (entry) {
          entry.words++;
          entry.rarity += rarity;
          entry.scores += hit._rankingScore ?? 0;
        } else merged.set(String(hit.id), { hit, words: 1, rarity, scores: hit._rankingScore ?? 0 });
      }
    }
    const groups = Math.max(1, plan.groups.length);
    // A document with every word that a word's limit left out still counts every word.
    for (const hit of full) {
      const entry = merged.get(String(hit.id));
      if (!entry) merged.set(String(hit.id), { hit, words: groups, rarity: allRarity, scores: (hit._rankingScore ?? 0) * groups });
      else if (entry.words < groups) Object.assign(entry, { words: groups, rarity: allRarity });
    }
    // A word that reached its limit may have matched more documents than were merged.
    const exhaustive = response.results.every((result) => result.hits.length < Math.max(ANY_MODE_HITS_PER_WORD, page.offset + page.limit));
    const ranked = [...merged.values()]
      .filter((e) => e.words >= page.minWords)
      .map((e) => ({ ...e, score: e.words + e.scores / groups }))
      .sort((a, b) => b.words - a.words || b.rarity - a.rarity || b.score - a.score || String(a.hit.id).localeCompare(String(b.hit.id)));
    const facets: SearchResult<D, Facet>["facets"] = {};
    if (page.facets) {
      for (const facet of this.spec.facets) {
        const counts: Record<string, number> = {};
        for (const { hit } of ranked) {
          for (const value of new Set(this.spec.facetValues(this.docOf(hit), facet))) counts[value] = (counts[value] ?? 0) + 1;
        }
        facets[facet] = counts;
      }
    }
    const slice = ranked.slice(page.offset, page.offset + page.limit);
    const explained = this.explain(plan, slice.map((e) => e.hit));
    return {
      hits: slice.map((e, i) => ({ doc: this.docOf(e.hit), score: e.score, matchedTerms: explained[i]?.terms ?? [], missing: explained[i]?.missing ?? [] })),
      total: ranked.length,
      exhaustive,
      facets,
    };
  }
}

/** The Meilisearch engine at this address. */
export function createMeilisearchEngine(options: MeilisearchEngineOptions): SearchEngine {
  const client = new Meilisearch({ host: options.url, apiKey: options.apiKey });
  const prefix = options.indexPrefix ?? "pasok_";
  const wait = { timeout: options.taskTimeoutMs ?? 60_000, interval: options.taskPollMs ?? 50 };
  const suppliers = new MeilisearchIndex(client, `${prefix}suppliers`, SUPPLIER_INDEX, wait);
  const rfqs = new MeilisearchIndex(client, `${prefix}rfqs`, RFQ_INDEX, wait);
  return {
    name: "meilisearch",
    applySettings: async () => {
      await suppliers.applySettings();
      await rfqs.applySettings();
    },
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
