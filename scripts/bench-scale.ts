import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import cliProgress from "cli-progress";
import { sql, type CompiledQuery, type LogEvent } from "kysely";
import pg from "pg";
import { createDb, type Db, type Trx } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import type { Database } from "../db/schema";
import { createDatabaseSearchEngine } from "../search/database-engine.server";
import type { SearchEngine } from "../search/types";
import { listSupplierRfqs } from "../app/domain/rfqs/rfq-views.server";
import { buildComparison } from "../app/domain/rfqs/comparison.server";
import { listOrders } from "../app/domain/orders/order-views.server";
import { generateSuppliers } from "../tests/search/fixtures/suppliers";

// `npm run bench:scale`: Pasok's hot reads at marketplace scale, on SQLite and (when BENCH_DATABASE_URL or
// TEST_DATABASE_URL names a PostgreSQL server where we may create a database) on PostgreSQL, in one run.
//   1. Generates BENCH_SUPPLIERS (100 000) suppliers, BENCH_RFQS (200 000) RFQs with a line each, BENCH_BIDS
//      (1 000 000) bids with their version and line, and orders for a fifth of the RFQs, into a new database
//      per engine, through one bulk path (Kysely inserts of 500 rows, in transactions), with a progress bar. The
//      same rows, generated again from the same seed, go into a second new database by the driver alone
//      (better-sqlite3 / pg with the very same SQL): the raw bulk insert the bulk path is measured against.
//      The suppliers' search documents are indexed through the engine (reported apart: that is analysis).
//   2. Measures, interleaved with their raw statements, p50/p95 over BENCH_SAMPLES (200) calls each:
//      the RFQ list as a supplier (listSupplierRfqs), the supplier search (the engine, with facets), an RFQ's
//      comparison with 50 bids (buildComparison) and a buyer's orders list (listOrders). "Raw" is exactly the
//      SQL each call ran (captured through Kysely's log), prepared once and run straight by the driver.
//   3. Prints each measure ÷ raw, the targets (≤ 2× raw, p95 ≤ 25 ms on SQLite; generation ≤ 3× raw) with
//      PASS/FAIL, and PostgreSQL's figures beside SQLite's.

const SUPPLIERS = Number(process.env.BENCH_SUPPLIERS ?? 100_000);
const RFQS = Number(process.env.BENCH_RFQS ?? 200_000);
const BIDS = Number(process.env.BENCH_BIDS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
/** BENCH_KEEP=1 keeps the measured databases (for EXPLAIN), and prints where they are. */
const KEEP = process.env.BENCH_KEEP === "1";
const BUYERS = 500;
const BATCH = 500;
const COMPARED_BIDS = 50;
const TARGET_OVER_RAW = 2;
const TARGET_P95_MS = 25;
const TARGET_GENERATION_OVER_RAW = 3;
const AT = "2026-12-01T03:00:00.000Z";
const FUTURE = "2027-06-01T03:00:00.000Z";

type Row = Record<string, unknown>;
type Batch = { table: keyof Database; rows: Row[] };

// ---- The rows (deterministic: the same every time they are generated) ----

const provinces = ["33", "32", "35", "31", "34", "36"];
const supplierId = (i: number) => BUYERS + 1 + i;

function* organizations(): Generator<Row> {
  for (let i = 0; i < BUYERS + SUPPLIERS; i++) {
    const buyer = i < BUYERS;
    yield {
      id: i + 1,
      slug: `${buyer ? "pembeli" : "ikm"}-${i + 1}`,
      kind: buyer ? "buyer" : "supplier",
      buys: buyer ? 1 : 0,
      legal_name: buyer ? `PT Pembeli Uji ${i + 1}` : `CV Logam Uji ${i + 1}`,
      nib: String(9120000000000 + i).slice(0, 13),
      npwp: String(10000000000000 + i).padStart(15, "0"),
      address: "Jl. Raya Ceper",
      province_code: provinces[i % provinces.length],
      regency_code: `${provinces[i % provinces.length]}.10`,
      phone: "0272 551234",
      created_at: AT,
      updated_at: AT,
    };
  }
}

/** RFQ r (0-based): its buyer, and whether it is still open (a tenth are), awarded (a fifth get an order). */
const rfqBuyer = (r: number) => (r % BUYERS) + 1;
const rfqStatus = (r: number) => (r % 10 === 0 ? "open" : r % 5 === 1 ? "awarded" : "closed");
/** The RFQ whose comparison is measured: closed, with COMPARED_BIDS bids. */
const COMPARED_RFQ = 3;

function* rfqs(): Generator<Row> {
  for (let r = 0; r < RFQS; r++) {
    const status = r === COMPARED_RFQ ? "closed" : rfqStatus(r);
    yield {
      id: r + 1,
      buyer_id: rfqBuyer(r),
      status,
      title: `Cylinder sleeve FC250 batch ${r + 1}`,
      required_certificates: "[]",
      delivery_province_code: "33",
      delivery_regency_code: "33.10",
      delivery_address: "Jl. Industri 1",
      bid_deadline: status === "open" ? FUTURE : AT,
      visibility: "public",
      published_at: AT,
      closed_at: status === "open" ? null : AT,
      created_at: AT,
      updated_at: AT,
    };
  }
}

function* rfqLines(): Generator<Row> {
  for (let r = 0; r < RFQS; r++) {
    yield {
      id: r + 1,
      rfq_id: r + 1,
      position: 1,
      part_name: "Cylinder sleeve",
      quantity: 200,
      unit: "pcs",
      material_code: "fc250",
      process_code: "centrifugal_casting",
    };
  }
}

/** Bid b (0-based): its RFQ and supplier; the compared RFQ gets the first COMPARED_BIDS bids. */
function bidOf(b: number): { rfq: number; supplier: number } {
  if (b < COMPARED_BIDS) return { rfq: COMPARED_RFQ, supplier: supplierId(b) };
  const round = Math.floor(b / RFQS);
  // The compared RFQ's own share goes to the next RFQ, from suppliers of a round no other bid there uses.
  const moved = b % RFQS === COMPARED_RFQ;
  const rfq = moved ? (COMPARED_RFQ + 1) % RFQS : b % RFQS;
  return {
    rfq,
    supplier: supplierId((rfq * 7 + (moved ? round + 97 : round) * 104_729) % SUPPLIERS),
  };
}

function* bids(): Generator<Row> {
  for (let b = 0; b < BIDS; b++) {
    const { rfq, supplier } = bidOf(b);
    yield {
      id: b + 1,
      rfq_id: rfq + 1,
      supplier_id: supplier,
      status: "submitted",
      version: 1,
      created_at: AT,
      updated_at: AT,
    };
  }
}

function* bidVersions(): Generator<Row> {
  for (let b = 0; b < BIDS; b++) {
    const price = 150_000 + ((b * 37) % 50_000);
    yield {
      id: b + 1,
      bid_id: b + 1,
      number: 1,
      rfq_version: 1,
      lead_time_days: 21,
      valid_until: "2027-12-31",
      total_amount: price * 200,
      submission_key: `bench-${b + 1}`,
      created_at: AT,
    };
  }
}

function* bidLines(): Generator<Row> {
  for (let b = 0; b < BIDS; b++)
    yield {
      id: b + 1,
      bid_version_id: b + 1,
      rfq_line_id: bidOf(b).rfq + 1,
      quantity: 200,
      unit_price: 150_000 + ((b * 37) % 50_000),
    };
}

/** Orders: one per fifth RFQ (the awarded ones), to a supplier of its bids. */
const orderedRfqs = () => Array.from({ length: RFQS }, (_, r) => r).filter((r) => rfqStatus(r) === "awarded" && r !== COMPARED_RFQ);

function* awards(): Generator<Row> {
  for (const r of orderedRfqs()) yield { id: r + 1, rfq_id: r + 1, reason: "Harga terbaik", created_at: AT };
}

function* orders(): Generator<Row> {
  for (const r of orderedRfqs()) {
    yield {
      id: r + 1,
      number: `PO-BENCH-${r + 1}`,
      rfq_id: r + 1,
      award_id: r + 1,
      buyer_id: rfqBuyer(r),
      supplier_id: supplierId((r * 7) % SUPPLIERS),
      status: "contracted",
      delivery_address: "Jl. Industri 1",
      delivery_province_code: "33",
      delivery_regency_code: "33.10",
      ppn_rate_bp: 1100,
      created_at: AT,
      updated_at: AT,
    };
  }
}

function* orderLines(): Generator<Row> {
  for (const r of orderedRfqs())
    yield {
      id: r + 1,
      order_id: r + 1,
      rfq_line_id: r + 1,
      position: 1,
      part_name: "Cylinder sleeve",
      unit: "pcs",
      quantity: 200,
      unit_price: 175_000,
    };
}

const TABLES: [keyof Database, () => Generator<Row>, number][] = [
  ["organizations", organizations, BUYERS + SUPPLIERS],
  ["rfqs", rfqs, RFQS],
  ["rfq_lines", rfqLines, RFQS],
  ["bids", bids, BIDS],
  ["bid_versions", bidVersions, BIDS],
  ["bid_lines", bidLines, BIDS],
  ["awards", awards, orderedRfqs().length],
  ["orders", orders, orderedRfqs().length],
  ["order_lines", orderLines, orderedRfqs().length],
];

function* batchesOf(table: keyof Database, rows: Generator<Row>): Generator<Batch> {
  let batch: Row[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH) {
      yield { table, rows: batch };
      batch = [];
    }
  }
  if (batch.length > 0) yield { table, rows: batch };
}

/** The INSERT both paths run for a batch (Kysely compiles the same text; the raw path writes it here). */
function insertSql(batch: Batch, placeholder: (n: number) => string): { text: string; values: unknown[] } {
  const columns = Object.keys(batch.rows[0]!);
  const values: unknown[] = [];
  const tuples = batch.rows.map((row) => `(${columns.map((c) => (values.push(row[c]), placeholder(values.length))).join(", ")})`);
  return {
    text: `insert into "${batch.table}" (${columns.map((c) => `"${c}"`).join(", ")}) values ${tuples.join(", ")}`,
    values,
  };
}

// ---- Engines ----

interface Target {
  engine: "sqlite" | "postgres";
  /** A new, migrated database; its handle and what runs raw SQL on it. */
  create(name: string): Promise<{ db: Db; raw: Raw; drop(): Promise<void> }>;
}

interface Raw {
  insert(batch: Batch): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  prepare(query: CompiledQuery): () => Promise<unknown>;
  close(): Promise<void>;
}

function sqliteTarget(dir: string): Target {
  return {
    engine: "sqlite",
    async create(name) {
      const path = join(dir, `${name}.db`);
      const db = createDb(path);
      await migrateToLatest(db);
      const file = new SQLite(path);
      file.pragma("journal_mode = WAL");
      file.pragma("synchronous = NORMAL");
      const statements = new Map<string, SQLite.Statement>();
      const raw: Raw = {
        async insert(batch) {
          const { text, values } = insertSql(batch, () => "?");
          let statement = statements.get(text);
          if (!statement) statements.set(text, (statement = file.prepare(text)));
          statement.run(...(values as unknown[]));
        },
        async begin() {
          file.exec("begin immediate");
        },
        async commit() {
          file.exec("commit");
        },
        prepare(query) {
          const statement = file.prepare(query.sql);
          const parameters = [...query.parameters];
          return async () => (statement.reader ? statement.all(...parameters) : statement.run(...parameters));
        },
        async close() {
          file.close();
        },
      };
      return {
        db,
        raw,
        drop: async () => {
          await db.destroy();
          if (file.open) file.close();
        },
      };
    },
  };
}

function postgresTarget(adminUrl: string): Target {
  return {
    engine: "postgres",
    async create(name) {
      const database = `pasok_bench_${process.pid}_${name}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists "${database}" with (force)`);
      await admin.query(`create database "${database}" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      process.env.DATABASE_STATEMENT_TIMEOUT_MS = "600000";
      const db = createDb(url.toString(), { poolSize: 4 });
      await migrateToLatest(db);
      const client = new pg.Client({
        connectionString: url.toString(),
        types: { getTypeParser: () => (v: string) => v } as never,
      });
      await client.connect();
      const raw: Raw = {
        async insert(batch) {
          const { text, values } = insertSql(batch, (n) => `$${n}`);
          await client.query(text, values);
        },
        async begin() {
          await client.query("begin");
        },
        async commit() {
          await client.query("commit");
        },
        prepare(query) {
          // A named statement: parsed and planned once, as the raw baseline should be.
          const statement = {
            name: `q${Math.random().toString(36).slice(2, 10)}`,
            text: query.sql,
            values: [...query.parameters],
          };
          return () => client.query(statement);
        },
        async close() {
          await client.end();
        },
      };
      return {
        db,
        raw,
        drop: async () => {
          await client.end().catch(() => {});
          await db.destroy();
          const again = new pg.Client({ connectionString: adminUrl });
          await again.connect();
          await again.query(`drop database if exists "${database}" with (force)`);
          await again.end();
        },
      };
    },
  };
}

// ---- Measuring ----

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};
async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

let bars = newBars();
function newBars() {
  return new cliProgress.MultiBar(
    {
      format: "  {name} {bar} {percentage}% | {value}/{total} | {duration_formatted}",
      hideCursor: true,
      clearOnComplete: false,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** Inserts every table's rows in batches, in transactions of 20 batches; returns the ms spent inserting. */
async function generate<H>(
  label: string,
  insert: (handle: H, batch: Batch) => Promise<void>,
  transaction: (run: (handle: H) => Promise<void>) => Promise<void>,
): Promise<number> {
  let spent = 0;
  const total = TABLES.reduce((n, [, , count]) => n + count, 0);
  const bar = bars.create(total, 0, { name: label.padEnd(34) });
  for (const [table, rows] of TABLES) {
    let pending: Batch[] = [];
    const flush = async () => {
      const group = pending;
      pending = [];
      spent += await timed(() =>
        transaction(async (handle) => {
          for (const batch of group) await insert(handle, batch);
        }),
      );
      bar.increment(group.reduce((n, b) => n + b.rows.length, 0));
    };
    for (const batch of batchesOf(table, rows())) {
      pending.push(batch);
      if (pending.length === 20) await flush();
    }
    if (pending.length > 0) await flush();
  }
  bar.update(total);
  return spent;
}

interface Measure {
  name: string;
  /** A supplier search (through an engine, whose typo index is kept per engine object). */
  search?: string;
  run: (db: Db) => Promise<unknown>;
}

async function indexSuppliers(engine: SearchEngine): Promise<number> {
  const bar = bars.create(SUPPLIERS, 0, {
    name: "index supplier documents".padEnd(34),
  });
  let spent = 0;
  let batch: Parameters<SearchEngine["upsertSuppliers"]>[0] = [];
  for (const doc of generateSuppliers(SUPPLIERS, 20261202, BUYERS + 1)) {
    batch.push(doc);
    if (batch.length === BATCH) {
      const docs = batch;
      spent += await timed(() => engine.upsertSuppliers(docs));
      bar.increment(batch.length);
      batch = [];
    }
  }
  if (batch.length > 0) spent += await timed(() => engine.upsertSuppliers(batch));
  bar.update(SUPPLIERS);
  return spent;
}

const SEARCHES = ["pengecoran sentrifugal fc250", "bubut cnc s45c"];

async function runEngine(target: Target) {
  const label = target.engine === "sqlite" ? "SQLite" : "PostgreSQL";
  console.log(
    `\n[bench:scale] ${label}: ${SUPPLIERS.toLocaleString("en")} suppliers, ${RFQS.toLocaleString("en")} RFQs, ${BIDS.toLocaleString(
      "en",
    )} bids`,
  );
  bars = newBars();
  const main = await target.create("main");
  const bulkMs = await generate<Trx>(
    `${label}: bulk path (Kysely)`,
    async (trx, batch) => {
      await trx
        .insertInto(batch.table)
        .values(batch.rows as never)
        .execute();
    },
    (run) => main.db.transaction().execute(run),
  );
  const baseline = await target.create("raw");
  const rawMs = await generate<Raw>(
    `${label}: raw driver insert`,
    (raw, batch) => raw.insert(batch),
    async (run) => {
      await baseline.raw.begin();
      await run(baseline.raw);
      await baseline.raw.commit();
    },
  );
  await baseline.drop();
  const engine = createDatabaseSearchEngine(main.db);
  const indexMs = await indexSuppliers(engine);
  bars.stop();
  if (target.engine === "postgres") await sql`analyze`.execute(main.db);

  // Each measure's statements, captured from one call through a logging handle on the same database.
  const captured: CompiledQuery[] = [];
  const now = new Date(AT);
  const supplier = { userId: 1, organizationId: supplierId(7), sells: true };
  const compareBuyer = rfqBuyer(COMPARED_RFQ);
  const orderBuyer = rfqBuyer(orderedRfqs()[0]!);
  const measures: Measure[] = [
    {
      name: "RFQ list as a supplier",
      run: (db) => listSupplierRfqs(db, supplier, now),
    },
    ...SEARCHES.slice(0, 2).map((q) => ({
      name: `supplier search "${q}"`,
      search: q,
      run: async () => {},
    })),
    {
      name: `comparison of an RFQ with ${COMPARED_BIDS} bids`,
      run: (db) =>
        buildComparison(db, {
          rfqId: COMPARED_RFQ + 1,
          buyerId: compareBuyer,
          now,
        }),
    },
    {
      name: "orders list of a buyer",
      run: (db) => listOrders(db, orderBuyer, {}),
    },
  ];
  const results: {
    name: string;
    app: ReturnType<typeof stats>;
    raw: ReturnType<typeof stats>;
    statements: number;
  }[] = [];
  for (const measure of measures) {
    const request = { q: measure.search ?? "", facets: true, limit: 20 };
    const call = measure.search ? () => engine.searchSuppliers(request) : () => measure.run(main.db);
    for (let i = 0; i < 5; i++) await call();
    // Called twice through a logging handle: the second call's statements are the warm ones (the first also
    // reads what an engine keeps in memory, e.g. the typo index).
    const capture = createDb(locations.get(main.db)!, {
      poolSize: 1,
      log: logEvent(captured),
    });
    const capturing = measure.search ? createDatabaseSearchEngine(capture) : null;
    const once = () => (capturing ? capturing.searchSuppliers(request) : measure.run(capture));
    await once();
    captured.length = 0;
    await once();
    await capture.destroy();
    const statements = captured.map((q) => main.raw.prepare(q));
    const rawCall = async () => {
      for (const s of statements) await s();
    };
    for (let i = 0; i < 5; i++) await rawCall();
    const appMs: number[] = [];
    const rawSamples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      appMs.push(await timed(call));
      rawSamples.push(await timed(rawCall));
    }
    results.push({
      name: measure.name,
      app: stats(appMs),
      raw: stats(rawSamples),
      statements: statements.length,
    });
  }
  await main.raw.close();
  if (KEEP) console.log(`[bench:scale] kept: ${locations.get(main.db)}`);
  else await main.drop();
  return { label, bulkMs, rawMs, indexMs, results };
}

// The handles' locations, for the capturing handle (kept beside the target's own).
const locations = new WeakMap<Db, string>();
function logEvent(into: CompiledQuery[]) {
  return (event: LogEvent) => {
    if (event.level === "query") into.push(event.query);
  };
}

// ---- Run ----

const dir = mkdtempSync(join(os.tmpdir(), "pasok-bench-scale-"));
const originalCreate = sqliteTarget(dir).create;
const sqlite: Target = {
  engine: "sqlite",
  async create(name) {
    const made = await originalCreate(name);
    locations.set(made.db, join(dir, `${name}.db`));
    return made;
  },
};
const pgAdmin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const postgres: Target | null = pgAdmin
  ? {
      engine: "postgres",
      async create(name) {
        const made = await postgresTarget(pgAdmin).create(name);
        const url = new URL(pgAdmin);
        url.pathname = `/pasok_bench_${process.pid}_${name}`;
        locations.set(made.db, url.toString());
        return made;
      },
    }
  : null;

/** BENCH_ENGINES=postgres runs one engine only (default: both, PostgreSQL when a server is named). */
const ENGINES = (process.env.BENCH_ENGINES ?? "sqlite,postgres").split(",");
try {
  const runs = ENGINES.includes("sqlite") ? [await runEngine(sqlite)] : [];
  if (postgres && ENGINES.includes("postgres")) runs.push(await runEngine(postgres));
  else
    console.log(
      "\n[bench:scale] PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a server where this user may create databases.",
    );

  const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2).padStart(8) : "     n/a");
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2).padStart(5) : "  n/a");
  console.log(
    `\n[bench:scale] ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${
      process.version
    }; ${SAMPLES} samples each, interleaved with the raw statements`,
  );
  const header = `${"measure".padEnd(48)}${runs
    .map((r) => `| ${r.label.padEnd(10)} p50      p95   raw p50  raw p95  ÷raw(p50) `)
    .join("")}`;
  console.log(header);
  let pass = true;
  for (let i = 0; i < runs[0]!.results.length; i++) {
    const cells = runs.map((r) => {
      const m = r.results[i]!;
      const over = m.app.p50 / m.raw.p50;
      if (r.label === "SQLite" && (over > TARGET_OVER_RAW || m.app.p95 > TARGET_P95_MS)) pass = false;
      const mark = r.label === "SQLite" ? (over <= TARGET_OVER_RAW && m.app.p95 <= TARGET_P95_MS ? " PASS" : " FAIL") : "";
      return `| ${" ".repeat(10)}${ms(m.app.p50)} ${ms(m.app.p95)} ${ms(m.raw.p50)} ${ms(m.raw.p95)}   ${ratio(
        m.app.p50,
        m.raw.p50,
      )}${mark.padEnd(6)}`;
    });
    console.log(`${runs[0]!.results[i]!.name.padEnd(48)}${cells.join("")}`);
  }
  for (const r of runs) {
    const over = r.bulkMs / r.rawMs;
    if (r.label === "SQLite" && over > TARGET_GENERATION_OVER_RAW) pass = false;
    console.log(
      `${r.label}: generation through the bulk path ${(r.bulkMs / 1000).toFixed(1)} s, raw driver insert of the same rows ${(
        r.rawMs / 1000
      ).toFixed(1)} s: ${ratio(r.bulkMs, r.rawMs)}× (target ≤ ${TARGET_GENERATION_OVER_RAW}×${
        r.label === "SQLite" ? (over <= TARGET_GENERATION_OVER_RAW ? ", PASS" : ", FAIL") : ""
      }); search documents indexed through the engine in ${(r.indexMs / 1000).toFixed(1)} s`,
    );
  }
  console.log(
    `Targets on SQLite: every measure ≤ ${TARGET_OVER_RAW}× its raw statements at p50 and p95 ≤ ${TARGET_P95_MS} ms; generation ≤ ${TARGET_GENERATION_OVER_RAW}× raw. ${
      pass ? "All PASS." : "Some FAIL."
    }`,
  );
} finally {
  bars.stop();
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
}
