import { Meilisearch } from "meilisearch";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
// The engines under evaluation. If a factory moves or is renamed, these two import lines are all to adjust.
import { createDatabaseSearchEngine } from "../../search/database-engine.server";
import { createMeilisearchEngine } from "../../search/meilisearch-engine.server";
import type { SearchEngine, SupplierDoc } from "../../search/types";
import { OWNER_SUPPLIERS } from "./fixtures/owners";
import { OWNER_QUERIES } from "./fixtures/owners-queries";
import { QUERIES, type EvalQuery } from "./fixtures/queries";
import { SUPPLIERS } from "./fixtures/suppliers";

// Measured search quality, on two evaluation sets written differently:
//  - the first set: a fixed fixture generated from hand-written archetypes (tests/search/fixtures/suppliers.ts,
//    queries.ts);
//  - the second set: listings written one by one as their owners would (tests/search/fixtures/owners.ts,
//    owners-queries.ts), judged from each listing's facts.
// Each set is indexed on its own by an engine, every query is run the way the directory runs it (mode "last"),
// and the ranking is scored with nDCG@10 (gain 2^rel − 1, discount log2(rank + 1), ideal from the judgements).
// The mean over a set's queries must reach MIN_MEAN_NDCG; TARGET_MEAN_NDCG is what Pasok aims for (printed).
// The judgements are never tuned to an engine: when a bar is missed, the printed table says which queries fall
// short and why.

const K = 10;
const MIN_MEAN_NDCG = 0.9;
const TARGET_MEAN_NDCG = 0.93;

interface EvalSet {
  name: string;
  suppliers: readonly SupplierDoc[];
  queries: readonly EvalQuery[];
}

const SETS: EvalSet[] = [
  { name: "first set (archetypes)", suppliers: SUPPLIERS, queries: QUERIES },
  { name: "second set (owners' listings)", suppliers: OWNER_SUPPLIERS, queries: OWNER_QUERIES },
];

/** DCG of graded relevances in rank order (rank 1 first). */
export function dcg(relevances: readonly number[], k = K): number {
  let sum = 0;
  relevances.slice(0, k).forEach((rel, i) => {
    sum += (2 ** rel - 1) / Math.log2(i + 2);
  });
  return sum;
}

/** nDCG@k of a ranking (document ids, best first) against graded judgements (unlisted = 0). */
export function ndcg(rankedIds: readonly string[], judgements: Readonly<Record<string, number>>, k = K): number {
  const ideal = dcg(
    Object.values(judgements).sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 1;
  return dcg(
    rankedIds.map((id) => judgements[id] ?? 0),
    k,
  ) / ideal;
}

interface QueryResult {
  query: EvalQuery;
  ndcg: number;
  total: number;
  /** The grades of the top K, in rank order. */
  grades: number[];
  /** Judged 3s the top K missed. */
  missedExact: number;
}

async function evaluate(engine: SearchEngine, set: EvalSet): Promise<QueryResult[]> {
  await engine.clear();
  await engine.upsertSuppliers([...set.suppliers]);
  const results: QueryResult[] = [];
  for (const query of set.queries) {
    const result = await engine.searchSuppliers({ q: query.q, filters: query.filters, mode: "last", limit: K });
    const ids = result.hits.map((h) => h.doc.id);
    const grades = ids.map((id) => query.judgements[id] ?? 0);
    const exact = Object.entries(query.judgements).filter(([, g]) => g === 3).length;
    results.push({
      query,
      ndcg: ndcg(ids, query.judgements),
      total: result.total,
      grades,
      missedExact: Math.max(0, Math.min(exact, K) - grades.filter((g) => g === 3).length),
    });
  }
  return results;
}

function report(engineName: string, set: EvalSet, results: QueryResult[]): number {
  const mean = results.reduce((s, r) => s + r.ndcg, 0) / results.length;
  const rows = [...results]
    .sort((a, b) => a.ndcg - b.ndcg)
    .map((r) => {
      const filters = r.query.filters ? ` ${JSON.stringify(r.query.filters)}` : "";
      return `${r.ndcg.toFixed(3).padStart(6)}  ${String(r.total).padStart(4)}  ${r.grades.join("").padEnd(K)}  ${String(r.missedExact).padStart(2)}  ${r.query.q}${filters}`;
    });
  console.log(
    [
      `\nnDCG@${K} — ${engineName} — ${set.name}: ${set.suppliers.length} suppliers, ${results.length} queries`,
      `  nDCG  hits  top-${K}       miss  query   (top-${K}: grade of each hit, 3 exact … 0 not relevant; miss: judged-3 suppliers left out of the top ${K})`,
      ...rows,
      `mean nDCG@${K} = ${mean.toFixed(4)}  (${set.name}; fails below ${MIN_MEAN_NDCG}, target ${TARGET_MEAN_NDCG}${mean >= TARGET_MEAN_NDCG ? " reached" : " NOT reached"})  ·  queries below 0.7: ${results.filter((r) => r.ndcg < 0.7).length}`,
    ].join("\n"),
  );
  return mean;
}

describe("search evaluation fixture", () => {
  it("is large and judged enough to measure with", () => {
    expect(SUPPLIERS.length).toBeGreaterThanOrEqual(220);
    expect(new Set(SUPPLIERS.map((s) => s.id)).size).toBe(SUPPLIERS.length);
    expect(QUERIES.length).toBeGreaterThanOrEqual(45);
    for (const q of QUERIES) expect(Object.values(q.judgements).filter((g) => g === 3).length, q.id).toBeGreaterThan(0);
  });

  it("has a second set of at least 120 queries over at least 80 other suppliers, each query with an exact answer", () => {
    expect(OWNER_SUPPLIERS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(OWNER_SUPPLIERS.map((s) => s.id)).size).toBe(OWNER_SUPPLIERS.length);
    const firstIds = new Set(SUPPLIERS.map((s) => s.id));
    const firstNames = new Set(SUPPLIERS.map((s) => s.name));
    expect(OWNER_SUPPLIERS.filter((s) => firstIds.has(s.id) || firstNames.has(s.name))).toEqual([]);
    expect(OWNER_QUERIES.length).toBeGreaterThanOrEqual(120);
    const firstQueries = new Set(QUERIES.map((q) => q.q.toLowerCase()));
    expect(OWNER_QUERIES.filter((q) => firstQueries.has(q.q.toLowerCase())).map((q) => q.q)).toEqual([]);
    expect(new Set(OWNER_QUERIES.map((q) => q.id)).size).toBe(OWNER_QUERIES.length);
    for (const q of OWNER_QUERIES) expect(Object.values(q.judgements).filter((g) => g === 3).length, q.id).toBeGreaterThan(0);
  });

  it("computes nDCG as the standard formula", () => {
    // Ideal: 3, 2 → (7 + 3/log2 3); the ranking 2, 3 scores (3 + 7/log2 3).
    const ideal = 7 + 3 / Math.log2(3);
    expect(ndcg(["a", "b"], { a: 3, b: 2 })).toBeCloseTo(1, 10);
    expect(ndcg(["b", "a"], { a: 3, b: 2 })).toBeCloseTo((3 + 7 / Math.log2(3)) / ideal, 10);
    expect(ndcg(["x", "a"], { a: 1 })).toBeCloseTo(1 / Math.log2(3), 10);
    expect(ndcg([], { a: 1 })).toBe(0);
  });
});

describe("search quality (nDCG@10) — the database engine", () => {
  for (const set of SETS) {
    it(`ranks the ${set.name} with a mean nDCG@${K} of at least ${MIN_MEAN_NDCG}`, async () => {
      const engine = createDatabaseSearchEngine(getDb());
      await engine.applySettings();
      const mean = report(engine.name, set, await evaluate(engine, set));
      expect(mean).toBeGreaterThanOrEqual(MIN_MEAN_NDCG);
    }, 60_000);
  }
});

const MEILISEARCH_URL = process.env.MEILISEARCH_URL;

describe.skipIf(!MEILISEARCH_URL)("search quality (nDCG@10) — Meilisearch", () => {
  const prefix = `pasok_eval_${process.pid}_`;
  afterAll(async () => {
    if (!MEILISEARCH_URL) return;
    const client = new Meilisearch({ host: MEILISEARCH_URL, apiKey: process.env.MEILISEARCH_API_KEY });
    for (const uid of [`${prefix}suppliers`, `${prefix}rfqs`]) await client.deleteIndex(uid).waitTask({ timeout: 60_000 }).catch(() => {});
  });

  for (const set of SETS) {
    it(`ranks the ${set.name} with a mean nDCG@${K} of at least ${MIN_MEAN_NDCG}`, async () => {
      const engine = createMeilisearchEngine({ url: MEILISEARCH_URL!, apiKey: process.env.MEILISEARCH_API_KEY, indexPrefix: prefix });
      await engine.applySettings();
      const mean = report("meilisearch", set, await evaluate(engine, set));
      expect(mean).toBeGreaterThanOrEqual(MIN_MEAN_NDCG);
    }, 180_000);
  }
});

if (!MEILISEARCH_URL) {
  console.log("search quality — Meilisearch: skipped (MEILISEARCH_URL is not set; set it to a running Meilisearch to evaluate that engine too)");
}
