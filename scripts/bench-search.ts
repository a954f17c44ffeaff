import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import cliProgress from "cli-progress";
import { sql } from "kysely";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { synonymWords } from "../search/analysis";
// The engine under test. If its factory moves or is renamed, this import line is the one to adjust.
import { createFts5Engine } from "../search/fts5-engine.server";
import { SUPPLIER_INDEX } from "../search/index-specs";
import { ftsMatchExpression, planQuery, withTypos } from "../search/query";
import { TypoIndex } from "../search/typo";
import type { RfqDoc, SearchEngine, SupplierDoc, SupplierFilters } from "../search/types";
import { QUERIES } from "../tests/search/fixtures/queries";
import { generateRfqs } from "../tests/search/fixtures/rfqs";
import { ARCHETYPES, CLUSTERS, Rng, generateSuppliers, type ClusterCode } from "../tests/search/fixtures/suppliers";

// `npm run bench:search`: the search engine at marketplace scale, in one process.
//   1. Generates BENCH_SUPPLIERS (100 000) suppliers and BENCH_RFQS (200 000) RFQs with a seeded generator in
//      the vocabulary of the evaluation fixture (tests/search/fixtures), into a temporary SQLite file outside
//      the repository, through the FTS5 engine's own upsert in batches.
//   2. Measures, after a warm-up, with process.hrtime.bigint():
//      (a) supplier search through the engine: ~200 buyer queries (Indonesian, English, typos, filters), as the
//          supplier directory asks them (limit 20, facets);
//      (b) matching through the engine: an RFQ's words (title, lines, process and material names) in "any"
//          mode with the hard filters (required certificate, TKDN ≥ minimum, capacity ≥ quantity; further
//          required certificates checked on the hits), limit 200 as app/domain/matching asks;
//      (c) the raw FTS5 MATCH that (a) wraps: the same token expression (the engine's query plan with its
//          synonyms and typo alternatives), straight against the FTS5 table with better-sqlite3, bm25 order,
//          LIMIT 20.
//   3. Prints p50/p95/p99 of each, search ÷ raw, the targets with PASS/FAIL, and the machine.
// The temporary database is removed at the end (also on failure or Ctrl-C).

const SUPPLIERS = Number(process.env.BENCH_SUPPLIERS ?? 100_000);
const RFQS = Number(process.env.BENCH_RFQS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

/** ~200 buyer queries: the evaluation set, product and process names (some with a material or place), typos. */
function searchCases(): SearchCase[] {
  const rng = new Rng(SEED + 1);
  const cases: SearchCase[] = QUERIES.map((q) => ({ q: q.q, ...(q.filters ? { filters: q.filters } : {}) }));
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

function rfqQuery(rfq: RfqDoc): string {
  return [rfq.title, ...rfq.lines, ...rfq.processLabels, ...rfq.materialLabels].join(" ").slice(0, 2000);
}

async function matchRfq(engine: SearchEngine, rfq: RfqDoc): Promise<SupplierDoc[]> {
  const result = await engine.searchSuppliers({
    q: rfqQuery(rfq),
    mode: "any",
    filters: {
      certificate: rfq.requiredCertificates[0],
      minTkdn: rfq.minTkdnPercent ?? undefined,
      minCapacity: rfq.maxQuantity > 0 ? rfq.maxQuantity : undefined,
    },
    limit: 200,
  });
  return result.hits.map((h) => h.doc).filter((d) => rfq.requiredCertificates.every((c) => d.certificates.includes(c)));
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

const dir = mkdtempSync(join(os.tmpdir(), "pasok-bench-"));
const path = join(dir, "bench.db");
let cleaned = false;
function cleanUp(): void {
  if (cleaned) return;
  cleaned = true;
  rmSync(dir, { recursive: true, force: true });
}
process.on("SIGINT", () => {
  cleanUp();
  process.exit(130);
});

const db = createDb(path);
let raw: SQLite.Database | undefined;
try {
  await migrateToLatest(db);
  const engine = createFts5Engine(db);
  await engine.applySettings();

  // 1. Generate and index.
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
        await upsert(batch);
        indexed.increment(batch.length);
        batch = [];
      }
    }
    if (batch.length > 0) {
      await upsert(batch);
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

  // The raw FTS5 query of each search: the engine's own plan (synonyms, typo alternatives from the same
  // vocabulary), as one MATCH expression, run straight with better-sqlite3.
  raw = new SQLite(path, { readonly: true });
  const typoIndex = new TypoIndex();
  for (const word of synonymWords()) typoIndex.add(word);
  for (const row of raw.prepare("select term from supplier_fts_vocab").iterate() as Iterable<{ term: string }>) typoIndex.add(row.term);
  const weights = SUPPLIER_INDEX.fields.map((f) => f.weight).join(", ");
  const rawStatement = raw.prepare(`select rowid from supplier_fts where supplier_fts match ? order by bm25(supplier_fts, ${weights}) limit 20`);

  const cases = searchCases();
  const expressions = cases.map((c) => ftsMatchExpression(withTypos(planQuery(c.q, "all"), (w) => typoIndex.lookup(w))));
  const rawCases = expressions.filter((e): e is string => e !== null);

  // 2. Warm up (page cache, prepared statements, the engine's typo index, JIT).
  for (const c of cases) await engine.searchSuppliers({ ...c, limit: 20, facets: true });
  for (const rfq of matchingRfqs.slice(0, 50)) await matchRfq(engine, rfq);
  for (const e of rawCases) rawStatement.all(e);

  const searchMs: number[] = [];
  const searchNoFacetsMs: number[] = [];
  const matchingMs: number[] = [];
  const rawMs: number[] = [];
  let hits = 0;
  let matched = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const [t, result] = await timed(() => engine.searchSuppliers({ ...c, limit: 20, facets: true }));
      searchMs.push(t);
      hits += result.hits.length;
      searchNoFacetsMs.push((await timed(() => engine.searchSuppliers({ ...c, limit: 20 })))[0]);
    }
    for (const e of rawCases) rawMs.push((await timed(() => rawStatement.all(e)))[0]);
    for (const rfq of matchingRfqs) {
      const [t, found] = await timed(() => matchRfq(engine, rfq));
      matchingMs.push(t);
      matched += found.length;
    }
  }

  // 3. Report.
  const search = stats(searchMs);
  const searchNoFacets = stats(searchNoFacetsMs);
  const matching = stats(matchingMs);
  const rawStats = stats(rawMs);
  const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
  const cpus = os.cpus();
  const sqliteVersion = (raw.prepare("select sqlite_version() as v").get() as { v: string }).v;
  const lines = [
    "",
    `Search benchmark — ${SUPPLIERS.toLocaleString("en")} suppliers, ${RFQS.toLocaleString("en")} RFQs, FTS5 engine, ${ROUNDS} round(s)`,
    `machine: ${cpus[0]?.model ?? "unknown CPU"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}; Node ${process.version}; SQLite ${sqliteVersion}`,
    "",
    "                                          n      p50 ms    p95 ms    p99 ms",
    `(a) supplier search (engine, facets)  ${String(search.n).padStart(5)}  ${ms(search.p50)}  ${ms(search.p95)}  ${ms(search.p99)}`,
    `    supplier search (engine, no facets) ${String(searchNoFacets.n).padStart(4)}  ${ms(searchNoFacets.p50)}  ${ms(searchNoFacets.p95)}  ${ms(searchNoFacets.p99)}`,
    `(b) matching RFQ → suppliers (engine)  ${String(matching.n).padStart(5)}  ${ms(matching.p50)}  ${ms(matching.p95)}  ${ms(matching.p99)}`,
    `(c) raw FTS5 MATCH, bm25, LIMIT 20     ${String(rawStats.n).padStart(5)}  ${ms(rawStats.p50)}  ${ms(rawStats.p95)}  ${ms(rawStats.p99)}`,
    `    search ÷ raw                              ${ratio(search.p50, rawStats.p50).toFixed(1).padStart(7)}×  ${ratio(search.p95, rawStats.p95).toFixed(1).padStart(7)}×  ${ratio(search.p99, rawStats.p99).toFixed(1).padStart(7)}×`,
    `    search (no facets) ÷ raw                  ${ratio(searchNoFacets.p50, rawStats.p50).toFixed(1).padStart(7)}×  ${ratio(searchNoFacets.p95, rawStats.p95).toFixed(1).padStart(7)}×  ${ratio(searchNoFacets.p99, rawStats.p99).toFixed(1).padStart(7)}×`,
    "",
    `targets:`,
    `  search p95 ≤ ${TARGET_SEARCH_P95_MS} ms          ${ms(search.p95).trim().padStart(9)} ms   ${verdict(search.p95 <= TARGET_SEARCH_P95_MS)}`,
    `  matching p95 ≤ ${TARGET_MATCHING_P95_MS} ms        ${ms(matching.p95).trim().padStart(9)} ms   ${verdict(matching.p95 <= TARGET_MATCHING_P95_MS)}`,
    `  search ≤ ${TARGET_SEARCH_OVER_RAW}× raw (p95)      ${ratio(search.p95, rawStats.p95).toFixed(1).padStart(9)} ×    ${verdict(ratio(search.p95, rawStats.p95) <= TARGET_SEARCH_OVER_RAW)}`,
    "",
    `(${cases.length} search queries, ${cases.filter((c) => c.filters).length} with filters; ${rawCases.length} raw MATCH expressions; ${matchingRfqs.length} RFQs matched; ` +
      `${(hits / Math.max(1, searchMs.length)).toFixed(1)} hits per search, ${(matched / Math.max(1, matchingMs.length)).toFixed(1)} eligible suppliers per RFQ)`,
  ];
  console.log(lines.join("\n"));
} finally {
  raw?.close();
  await db.destroy();
  cleanUp();
}
