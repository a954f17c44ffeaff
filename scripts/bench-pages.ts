import { fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { chromium } from "@playwright/test";
import autocannon from "autocannon";
import cliProgress from "cli-progress";
import { createDb } from "../db/client";
import { startBenchServer } from "./bench-server";
import { freePort } from "./server-process";

// npm run bench:pages [-- --rounds N --seconds S] [--browser]: what Pasok's pages cost against the React floor.
//
// Starts the built production server on a fresh seeded database and, beside it, a bare node:http server that
// answers each page with React's renderToString of the same HTML (scripts/bench-react-floor.ts). Both are
// loaded in the same run, interleaved page by page and round by round, at 10 concurrent connections with
// autocannon, each page as the visitor who uses it. Printed per page: requests/s, p50 and p99 of both, and
// Pasok's requests/s as a % of the floor's (the target is ≥ 40 %), with a bar chart.
// With --browser, also each page's load in Chromium at 360 px until hydrated, against the median page.
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = option("rounds", 3);
const SECONDS = option("seconds", 2);
const BROWSER = args.includes("--browser");
const CONNECTIONS = 10;

const BUYER = "kai@demo.pasok.id";
const SUPPLIER = "kbj@demo.pasok.id";
const ADMIN = "admin@demo.pasok.id";
const server = await startBenchServer("bench-pages", [BUYER, SUPPLIER, ADMIN]);
const db = createDb(server.databasePath);
// KAI's open brake-block RFQ (KBJ may bid on it), KBJ's public page, the first order.
const openRfq = await db.selectFrom("rfqs").innerJoin("organizations as b", "b.id", "rfqs.buyer_id").select("rfqs.id").where("rfqs.status", "=", "open").where("b.legal_name", "like", "PT Kereta Api%").executeTakeFirstOrThrow();
const kbj = await db.selectFrom("organizations").select("slug").where("legal_name", "like", "Koperasi Batur Jaya%").executeTakeFirstOrThrow();
const order = await db.selectFrom("orders").select("id").orderBy("id").executeTakeFirstOrThrow();
await db.destroy();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const headersFor = (as: string | null): Record<string, string> => (as ? { Cookie: server.cookies[as]! } : {});

// ---- Throughput against the React floor -------------------------------------------------------------------
const floorPages: { path: string; as: string | null }[] = [
  { path: "/", as: null },
  { path: "/suppliers", as: null },
  { path: "/suppliers?q=blok+rem+komposit", as: null },
  { path: `/suppliers/${kbj.slug}`, as: null },
  { path: "/rfqs", as: SUPPLIER },
  { path: `/rfqs/${openRfq.id}`, as: BUYER },
  { path: "/orders", as: BUYER },
];
const captured: Record<string, string> = {};
for (const { path, as } of floorPages) {
  const res = await fetch(`${server.url}${path}`, { headers: headersFor(as), redirect: "manual" });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  captured[path] = await res.text();
}
const dir = mkdtempSync(`${tmpdir()}/pasok-floor-`);
writeFileSync(`${dir}/pages.json`, JSON.stringify(captured));
const floorPort = await freePort();
const floor = fork("scripts/bench-react-floor.ts", [`${dir}/pages.json`, String(floorPort)], { execArgv: ["--import", "tsx"], env: { ...process.env, NODE_ENV: "production" }, stdio: "ignore" });
await new Promise<void>((resolve, reject) => {
  floor.once("message", () => resolve());
  floor.once("exit", (code) => reject(new Error(`the React floor server exited ${code}`)));
});
const floorUrl = `http://127.0.0.1:${floorPort}`;

interface Load {
  rps: number;
  p50: number;
  p99: number;
}
async function load(url: string, headers: Record<string, string>): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const runs = new Map<string, { pasok: Load[]; floor: Load[] }>(floorPages.map((p) => [p.path, { pasok: [], floor: [] }]));
const bar = new cliProgress.SingleBar({ format: "load [{bar}] {value}/{total} | {page}", noTTYOutput: true, notTTYSchedule: 10_000 }, cliProgress.Presets.shades_classic);
bar.start(ROUNDS * floorPages.length, 0, { page: "" });
await load(`${server.url}/`, {}); // warm-up: JIT and caches on both sides
await load(`${floorUrl}/`, {});
for (let round = 0; round < ROUNDS; round++) {
  for (const { path, as } of floorPages) {
    bar.increment(0, { page: `${path} (round ${round + 1})` });
    const run = runs.get(path)!;
    // Alternate which goes first, so neither always runs on a machine just warmed (or heated) by the other.
    if (round % 2 === 0) {
      run.floor.push(await load(`${floorUrl}${path}`, {}));
      run.pasok.push(await load(`${server.url}${path}`, headersFor(as)));
    } else {
      run.pasok.push(await load(`${server.url}${path}`, headersFor(as)));
      run.floor.push(await load(`${floorUrl}${path}`, {}));
    }
    bar.increment(1);
  }
}
bar.stop();
floor.kill();
rmSync(dir, { recursive: true, force: true });

const rows = floorPages.map(({ path, as }) => {
  const run = runs.get(path)!;
  const pick = (loads: Load[]) => ({ rps: median(loads.map((l) => l.rps)), p50: median(loads.map((l) => l.p50)), p99: median(loads.map((l) => l.p99)) });
  const pasok = pick(run.pasok);
  const reactFloor = pick(run.floor);
  return { path, as: as ? as.split("@")[0]! : "visitor", pasok, floor: reactFloor, percent: (pasok.rps / reactFloor.rps) * 100 };
});
console.log(`\nPages against the React floor: ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s each, medians.`);
console.log("  page                             as        Pasok req/s  p50 ms  p99 ms   floor req/s  p50 ms  p99 ms   % of floor");
for (const r of rows) {
  console.log(
    `  ${r.path.slice(0, 32).padEnd(32)} ${r.as.padEnd(9)} ${r.pasok.rps.toFixed(0).padStart(11)}  ${r.pasok.p50.toFixed(0).padStart(6)}  ${r.pasok.p99.toFixed(0).padStart(6)}   ${r.floor.rps.toFixed(0).padStart(11)}  ${r.floor.p50.toFixed(0).padStart(6)}  ${r.floor.p99.toFixed(0).padStart(6)}   ${r.percent.toFixed(1).padStart(9)} %`,
  );
}
console.log("\nPasok's requests/s as a % of the React floor (| marks the 40 % target):");
for (const r of rows) {
  const width = Math.round(Math.min(100, r.percent) / 2.5);
  const bar = "█".repeat(Math.max(1, width)).padEnd(40);
  console.log(`  ${r.path.slice(0, 32).padEnd(32)} ${bar.slice(0, 16)}|${bar.slice(16)} ${r.percent.toFixed(1)} %`);
}
const below = rows.filter((r) => r.percent < 40);
console.log(below.length === 0 ? "\nEvery page is at 40 % of the React floor or more." : `\nBelow 40 % of the floor: ${below.map((r) => r.path).join(", ")}`);

// ---- Chromium loads (--browser) ---------------------------------------------------------------------------
if (BROWSER) {
  const pages: { path: string; as: string | null }[] = [
    { path: "/", as: null },
    { path: "/suppliers", as: null },
    { path: "/suppliers?q=blok+rem+komposit", as: null },
    { path: "/signup", as: null },
    { path: "/rfqs", as: BUYER },
    { path: "/rfqs/new", as: BUYER },
    { path: `/rfqs/${openRfq.id}`, as: BUYER },
    { path: "/orders", as: BUYER },
    { path: `/orders/${order.id}`, as: SUPPLIER },
    { path: "/supplier/feed", as: SUPPLIER },
    { path: "/supplier/listing", as: SUPPLIER },
    { path: `/rfqs/${openRfq.id}/bid`, as: SUPPLIER },
    { path: "/organization", as: SUPPLIER },
    { path: "/admin/listings", as: ADMIN },
  ];
  const LOADS = 6;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  const results: { path: string; htmlKb: number; browserMs: number }[] = [];
  for (const { path, as } of pages) {
    const html = await (await fetch(`${server.url}${path}`, { headers: headersFor(as) })).text();
    const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
    if (as) {
      const [name, value] = server.cookies[as]!.split("=");
      await context.addCookies([{ name: name!, value: value!, url: server.url }]);
    }
    const tab = await context.newPage();
    const times: number[] = [];
    for (let i = 0; i <= LOADS; i++) {
      const t0 = performance.now();
      await tab.goto(`${server.url}${path}`, { waitUntil: "load" });
      await tab.waitForFunction(() => {
        const footer = document.querySelector("footer.site-footer");
        return Boolean(footer && Object.keys(footer).some((key) => key.startsWith("__reactProps")));
      });
      if (i > 0) times.push(performance.now() - t0);
    }
    await context.close();
    results.push({ path, htmlKb: Buffer.byteLength(html) / 1024, browserMs: median(times) });
  }
  await browser.close();
  const base = median(results.map((r) => r.browserMs));
  console.log(`\nChromium at 360 px, median of ${LOADS} loads until hydrated, against the median page (${base.toFixed(0)} ms):`);
  for (const r of results) {
    console.log(`  ${r.path.padEnd(35)} ${r.htmlKb.toFixed(0).padStart(4)} KB ${r.browserMs.toFixed(0).padStart(6)} ms ${(r.browserMs / base).toFixed(2).padStart(6)} × ${"█".repeat(Math.max(1, Math.round((r.browserMs / base) * 10)))}`);
  }
}
await server.stop();
