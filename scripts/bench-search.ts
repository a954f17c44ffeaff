import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import SQLite from "better-sqlite3";
import cliProgress from "cli-progress";
import { sql } from "kysely";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { synonymWords } from "../search/analysis";
// The engine under test. If its factory moves or is renamed, this import line is the one to adjust.
import { CANDIDATES, createFts5Engine } from "../search/fts5-engine.server";
import { SUPPLIER_INDEX } from "../search/index-specs";
import { analyzeToText } from "../search/analysis";
import { compileMatcher, ftsMatchExpression, planQuery, withTypos } from "../search/query";
import { TypoIndex } from "../search/typo";
import type { RfqDoc, SearchEngine, SupplierDoc, SupplierFilters } from "../search/types";
import { explain, requirementOf, supplierSearchForRfq } from "../app/domain/matching/explain";
import { OWNER_QUERIES } from "../tests/search/fixtures/owners-queries";
import { QUERIES } from "../tests/search/fixtures/queries";
import { generateRfqs } from "../tests/search/fixtures/rfqs";
import { ARCHETYPES, CLUSTERS, Rng, generateSuppliers, type ClusterCode } from "../tests/search/fixtures/suppliers";

// `npm run bench:search`: the search engine at marketplace scale, in one process.
//   1. Generates BENCH_SUPPLIERS (100 000) suppliers and BENCH_RFQS (200 000) RFQs with a seeded generator in
//      the vocabulary of the evaluation fixture (tests/search/fixtures), into a temporary SQLite file outside
//      the repository, through the FTS5 engine's own upsert in batches.
//   2. Measures, after a warm-up, with process.hrtime.bigint():
//      (a) supplier search through the engine: ~400 buyer queries (both evaluation sets, Indonesian, English,
//          typos, filters), as the supplier directory asks them (mode "last", limit 20, facets), and again
//          without facets;
//      (b) matching through the engine, exactly as app/domain/matching does it: supplierSearchForRfq (the RFQ's
//          title, part names, process and material names in "any" mode, TKDN ≥ minimum), then the hard
//          requirements checked on the hits (explain);
//      (c) the raw FTS5 MATCH that (a) wraps: the very statements the engine runs for each search (their SQL and
//          parameters, from candidateQueries: the MATCH with synonyms, typo alternatives and filters, LIMIT the
//          candidates; and, when every word finds too few, the any-word statement of the partial search after
//          it), prepared and run straight with better-sqlite3;
//      (d) for reference, FTS5's own ranking of every match: the same words' MATCH, ORDER BY bm25 LIMIT 20.
//   3. Measures how much the bound costs in quality: for each search whose matches exceed the candidates, an
//      engine that ranks every match (no bound) gives the reference top 10, compared position by position on
//      the ranking rules (words matched, typos, attribute).
//   4. Prints p50/p95/p99 of each, search ÷ raw, the targets with PASS/FAIL, and the machine.
const SUPPLIERS = Number(process.env.BENCH_SUPPLIERS ?? 100_000);
const RFQS = Number(process.env.BENCH_RFQS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** How many matches the engine ranks per search (the engine's default unless BENCH_CANDIDATES says). */
const BOUND = Number(process.env.BENCH_CANDIDATES ?? CANDIDATES);
const BATCH = 500;
const SEED = 20261123;

const TARGET_SEARCH_P95_MS = 10;
const TARGET_MATCHING_P95_MS = 25;
const TARGET_SEARCH_OVER_RAW = 1.5;

// ---- Queries ----

interface SearchCase {
  q: string;
  filters?: SupplierFilters;
}

const MATERIAL_WORDS = ["FC250", "FC200", "FCD450", "S45C", "stainless", "aluminium", "kuningan", "baja", "perunggu", "ADC12"];

/** One typo in the longest word of 5 letters or more: a dropped, doubled or swapped letter. */
function withTypo(rng: Rng, q: string): string {
  const words = q.split(" ");
  let at = -1;
  words.forEach((w, i) => {
    if (/^[a-zA-Z]{5,}$/.test(w) && (at < 0 || w.length > words[at]!.length)) at = i;
  });
  if (at < 0) return q;
  const w = words[at]!;
  const i = rng.int(1, w.length - 2);
  const op = rng.int(0, 2);
  words[at] = op === 0 ? w.slice(0, i) + w.slice(i + 1) : op === 1 ? w.slice(0, i) + w[i] + w.slice(i) : w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  return words.join(" ");
}

function randomFilter(rng: Rng): SupplierFilters {
  switch (rng.int(0, 5)) {
    case 0:
      return { province: rng.pick(["31", "32", "33", "34", "35"]) };
    case 1:
      return { cluster: rng.pick(Object.keys(CLUSTERS) as ClusterCode[]) };
    case 2:
      return { certificate: rng.pick(["iso9001", "sni", "tkdn"]) };
    case 3:
      return { minTkdn: rng.pick([25, 40, 50]) };
    case 4:
      return { process: rng.pick(["sand_casting", "cnc_turning", "forging", "welding", "die_casting"]) };
    default:
      return { minCapacity: rng.pick([500, 1000, 5000]) };
  }
}

/** ~400 buyer queries: both evaluation sets, product and process names (some with a material or place), typos. */
function searchCases(): SearchCase[] {
  const rng = new Rng(SEED + 1);
  const cases: SearchCase[] = [...QUERIES, ...OWNER_QUERIES].map((q) => ({ q: q.q, ...(q.filters ? { filters: q.filters } : {}) }));
  const derived: SearchCase[] = [];
  for (let i = 0; i < 70; i++) {
    const a = rng.pick(ARCHETYPES);
    let q = rng.pick([...a.coreProducts, ...a.extraProducts]).name.replace(/\(.*?\)/g, "").trim();
    if (rng.chance(0.3)) q += ` ${rng.pick(MATERIAL_WORDS)}`;
    else if (rng.chance(0.2)) q += ` ${rng.pick(rng.pick(Object.values(CLUSTERS)).regencies[0]!.places)}`;
    derived.push({ q, ...(rng.chance(0.25) ? { filters: randomFilter(rng) } : {}) });
  }
  for (let i = 0; i < 20; i++) {
    const a = rng.pick(ARCHETYPES);
    const h = rng.pick(a.headlines);
    const words = (rng.chance(0.5) || !h.en ? h.id : h.en).split(/\s+/).slice(0, rng.int(2, 4)).join(" ");
    derived.push({ q: words.replace(/[:()—,]/g, "").trim(), ...(rng.chance(0.25) ? { filters: randomFilter(rng) } : {}) });
  }
  const typos = Array.from({ length: 32 }, () => {
    const c = rng.pick([...cases, ...derived]);
    return { ...c, q: withTypo(rng, c.q) };
  });
  return [...cases, ...derived, ...typos];
}

// ---- Matching (as app/domain/matching/matching.server.ts) ----

async function matchRfq(engine: SearchEngine, rfq: RfqDoc): Promise<SupplierDoc[]> {
  const result = await engine.searchSuppliers(supplierSearchForRfq(rfq));
  const need = requirementOf(rfq, rfq.neededBy ?? rfq.bidDeadline.slice(0, 10));
  return result.hits.map((h) => h.doc).filter((d) => explain(d, need).eligible);
}

// ---- Statistics ----

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

async function timed<T>(run: () => Promise<T> | T): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const value = await run();
  return [Number(process.hrtime.bigint() - start) / 1e6, value];
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2).padStart(8) : "     n/a");
const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");

// ---- Run ----

const kept = process.env.BENCH_DB ? resolve(process.env.BENCH_DB) : null;
const dir = kept ? null : mkdtempSync(join(os.tmpdir(), "pasok-bench-"));
const path = kept ?? join(dir!, "bench.db");
let cleaned = false;
function cleanUp(): void {
  if (cleaned || !dir) return;
  cleaned = true;
  rmSync(dir, { recursive: true, force: true });
}
process.on("SIGINT", () => {
  cleanUp();
  process.exit(130);
});

const reuse = kept !== null && existsSync(kept);
const db = createDb(path);
let raw: SQLite.Database | undefined;
try {
  await migrateToLatest(db);
  const engine = createFts5Engine(db, { candidates: BOUND });
  await engine.applySettings();

  // 1. Generate and index (a kept database of the same sizes: generate only, to know the RFQs to match).
  const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n ?? 0);
  const indexing = !(reuse && (await count("supplier_search")) === SUPPLIERS && (await count("rfq_search")) === RFQS);
  if (!indexing) console.log(`[bench] reusing the index in ${path}`);
  else if (reuse) await engine.clear();
  console.log(`[bench] ${SUPPLIERS.toLocaleString("en")} suppliers and ${RFQS.toLocaleString("en")} RFQs into ${path}`);
  const bars = new cliProgress.MultiBar(
    // Not on a terminal (CI, a pipe): a status line every 5 s instead of the live bars.
    { format: "  {name} {bar} {percentage}% | {value}/{total} | {duration_formatted}", hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  const matchingRfqs: RfqDoc[] = [];
  const indexStart = process.hrtime.bigint();
  async function load<D>(name: string, total: number, docs: Generator<D>, upsert: (batch: D[]) => Promise<void>, keep?: (doc: D, i: number) => void) {
    const generated = bars.create(total, 0, { name: `generate ${name}`.padEnd(20) });
    const indexed = bars.create(total, 0, { name: `index ${name}`.padEnd(20) });
    let batch: D[] = [];
    let i = 0;
    for (const doc of docs) {
      keep?.(doc, i++);
      batch.push(doc);
      generated.increment();
      if (batch.length === BATCH) {
        if (indexing) await upsert(batch);
        indexed.increment(batch.length);
        batch = [];
      }
    }
    if (batch.length > 0) {
      if (indexing) await upsert(batch);
      indexed.increment(batch.length);
    }
  }
  await load("suppliers", SUPPLIERS, generateSuppliers(SUPPLIERS, SEED, 1), (b) => engine.upsertSuppliers(b));
  const keepEvery = Math.max(1, Math.floor(RFQS / 200));
  await load("RFQs", RFQS, generateRfqs(RFQS, SEED + 2, 1), (b) => engine.upsertRfqs(b), (doc, i) => {
    if (i % keepEvery === 0 && matchingRfqs.length < 200) matchingRfqs.push(doc);
  });
  bars.stop();
  const indexSeconds = Number(process.hrtime.bigint() - indexStart) / 1e9;
  await sql`pragma wal_checkpoint(truncate)`.execute(db);
  console.log(`[bench] generated and indexed in ${indexSeconds.toFixed(1)} s (${Math.round((SUPPLIERS + RFQS) / indexSeconds).toLocaleString("en")} docs/s)`);

  // (c) The statement the engine runs for each search, prepared straight on a second connection.
  raw = new SQLite(path, { readonly: true });
  const cases = searchCases();
  // A search in "last" mode that finds too few with every word runs a second statement (any word): its raw
  // case is both statements, one after the other.
  const rawCases: { statement: SQLite.Statement; parameters: unknown[] }[][] = [];
  for (const c of cases) {
    const queries = await engine.candidateQueries({ ...c, mode: "last", limit: 20, facets: true });
    if (queries.length > 0) rawCases.push(queries.map((query) => ({ statement: raw!.prepare(query.sql), parameters: [...query.parameters] })));
  }
  // (d) FTS5 ranking every match: the engine's words (synonyms, typo alternatives from the same vocabulary).
  const typoIndex = new TypoIndex();
  for (const word of synonymWords()) typoIndex.add(word);
  for (const row of raw.prepare("select term from supplier_fts_vocab").iterate() as Iterable<{ term: string }>) typoIndex.add(row.term);
  const weights = SUPPLIER_INDEX.fields.map((f) => f.weight).join(", ");
  const rankedStatement = raw.prepare(`select rowid from supplier_fts where supplier_fts match ? order by bm25(supplier_fts, ${weights}) limit 20`);
  const plans = cases.map((c) => withTypos(planQuery(c.q, "all"), (w) => typoIndex.lookup(w)));
  const rankedCases = plans.map(ftsMatchExpression).filter((e): e is string => e !== null);

  // 2. Warm up (page cache, prepared statements, the engine's typo index, JIT).
  for (const c of cases) await engine.searchSuppliers({ ...c, mode: "last", limit: 20, facets: true });
  for (const rfq of matchingRfqs.slice(0, 50)) await matchRfq(engine, rfq);
  for (const r of rawCases) for (const step of r) step.statement.all(...step.parameters);
  for (const e of rankedCases) rankedStatement.all(e);

  const searchMs: number[] = [];
  const searchNoFacetsMs: number[] = [];
  const matchingMs: number[] = [];
  const rawMs: number[] = [];
  const rankedMs: number[] = [];
  let hits = 0;
  let matched = 0;
  let bounded = 0;
  // Each measure in a loop of its own (none runs on the pages the one before it just read for the same query),
  // and each round in another order, so that none always comes first after the matching loop's garbage or
  // always last on the warmest caches.
  const measures: (() => Promise<void>)[] = [
    async () => {
      for (const c of cases) {
        const [t, result] = await timed(() => engine.searchSuppliers({ ...c, mode: "last", limit: 20, facets: true }));
        searchMs.push(t);
        hits += result.hits.length;
        if (!result.exhaustive) bounded++;
      }
    },
    async () => {
      for (const c of cases) searchNoFacetsMs.push((await timed(() => engine.searchSuppliers({ ...c, mode: "last", limit: 20 })))[0]);
    },
    async () => {
      for (const r of rawCases) rawMs.push((await timed(() => r.map((step) => step.statement.all(...step.parameters))))[0]);
    },
    async () => {
      for (const e of rankedCases) rankedMs.push((await timed(() => rankedStatement.all(e)))[0]);
    },
    async () => {
      for (const rfq of matchingRfqs) {
        const [t, found] = await timed(() => matchRfq(engine, rfq));
        matchingMs.push(t);
        matched += found.length;
      }
    },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < measures.length; k++) await measures[(k + round * 2) % measures.length]!();
  }

  // 3. The bound's cost in quality: the bounded top 10 against an engine that ranks every match, compared on
  // the ranking rules (a different supplier with the same words, typos and fields is as good an answer).
  const everything = createFts5Engine(db, { candidates: Number.MAX_SAFE_INTEGER });
  const ruleKey = (plan: (typeof plans)[number], doc: SupplierDoc | undefined): string => {
    if (!doc) return "none";
    const m = compileMatcher(plan)({ fields: SUPPLIER_INDEX.fields.map((f) => ({ text: analyzeToText(f.values(doc)), weight: f.weight })) });
    return `${m.groupsMatched}/${m.typos}/${m.attribute.toFixed(3)}`;
  };
  let compared = 0;
  let positions = 0;
  let same = 0;
  let identicalQueries = 0;
  for (const [i, c] of cases.entries()) {
    const fast = await engine.searchSuppliers({ ...c, limit: 10 });
    if (fast.exhaustive) continue;
    const full = await everything.searchSuppliers({ ...c, limit: 10 });
    compared++;
    let all = true;
    for (let k = 0; k < 10; k++) {
      const equal = ruleKey(plans[i]!, fast.hits[k]?.doc) === ruleKey(plans[i]!, full.hits[k]?.doc);
      positions++;
      if (equal) same++;
      else all = false;
    }
    if (all) identicalQueries++;
  }

  // 4. Report.
  const search = stats(searchMs);
  const searchNoFacets = stats(searchNoFacetsMs);
  const matching = stats(matchingMs);
  const rawStats = stats(rawMs);
  const ranked = stats(rankedMs);
  const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
  const ratios = (a: Stats, b: Stats) =>
    `${ratio(a.p50, b.p50).toFixed(1).padStart(7)}×  ${ratio(a.p95, b.p95).toFixed(1).padStart(7)}×  ${ratio(a.p99, b.p99).toFixed(1).padStart(7)}×`;
  const row = (label: string, st: Stats) => `${label.padEnd(40)}${String(st.n).padStart(5)}  ${ms(st.p50)}  ${ms(st.p95)}  ${ms(st.p99)}`;
  const cpus = os.cpus();
  const sqliteVersion = (raw.prepare("select sqlite_version() as v").get() as { v: string }).v;
  const lines = [
    "",
    `Search benchmark — ${SUPPLIERS.toLocaleString("en")} suppliers, ${RFQS.toLocaleString("en")} RFQs, FTS5 engine (${BOUND} candidates), ${ROUNDS} round(s)`,
    `machine: ${cpus[0]?.model ?? "unknown CPU"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}; Node ${process.version}; SQLite ${sqliteVersion}`,
    "",
    `${"".padEnd(40)}    n      p50 ms    p95 ms    p99 ms`,
    row("(a) supplier search (engine, facets)", search),
    row("    supplier search (engine, no facets)", searchNoFacets),
    row("(b) matching RFQ → suppliers (engine)", matching),
    row("(c) raw FTS5 MATCH the engine runs", rawStats),
    row("(d) FTS5 ranking every match (bm25)", ranked),
    `${"    search ÷ raw (a ÷ c)".padEnd(40)}       ${ratios(search, rawStats)}`,
    `${"    search (no facets) ÷ raw".padEnd(40)}       ${ratios(searchNoFacets, rawStats)}`,
    `${"    search ÷ FTS5 ranking (a ÷ d)".padEnd(40)}       ${ratios(search, ranked)}`,
    "",
    `targets:`,
    `  search p95 ≤ ${TARGET_SEARCH_P95_MS} ms          ${ms(search.p95).trim().padStart(9)} ms   ${verdict(search.p95 <= TARGET_SEARCH_P95_MS)}`,
    `  matching p95 ≤ ${TARGET_MATCHING_P95_MS} ms        ${ms(matching.p95).trim().padStart(9)} ms   ${verdict(matching.p95 <= TARGET_MATCHING_P95_MS)}`,
    `  search ≤ ${TARGET_SEARCH_OVER_RAW}× raw (p95)      ${ratio(search.p95, rawStats.p95).toFixed(1).padStart(9)} ×    ${verdict(ratio(search.p95, rawStats.p95) <= TARGET_SEARCH_OVER_RAW)}`,
    "",
    `the bound: ${(bounded / Math.max(1, searchMs.length) * 100).toFixed(0)}% of searches matched more than ${BOUND} suppliers (total "at least", facets over the candidates);`,
    `  their top 10 against ranking every match: ${compared > 0 ? ((same / positions) * 100).toFixed(1) : "n/a"}% of positions equal on the ranking rules (words, typos, attribute), ` +
      `${identicalQueries}/${compared} queries equal at all 10`,
    "",
    `(${cases.length} search queries, ${cases.filter((c) => c.filters).length} with filters; ${rawCases.length} raw cases, ${rawCases.filter((r) => r.length > 1).length} of them two statements (a partial search); ${matchingRfqs.length} RFQs matched; ` +
      `${(hits / Math.max(1, searchMs.length)).toFixed(1)} hits per search, ${(matched / Math.max(1, matchingMs.length)).toFixed(1)} eligible suppliers per RFQ)`,
  ];
  console.log(lines.join("\n"));
} finally {
  raw?.close();
  await db.destroy();
  cleanUp();
}
