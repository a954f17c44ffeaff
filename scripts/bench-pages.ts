import { chromium } from "@playwright/test";
import cliProgress from "cli-progress";
import { createDb } from "../db/client";
import { startBenchServer } from "./bench-server";

// npm run bench:pages [-- ROUNDS]: what each page costs, on the server and in Chromium. Starts the built server
// on a fresh seeded database and, per page, as the visitor who uses it, measures ROUNDS loads: the server's
// answer (median ms, HTML and loader-data size) and Chromium's load until hydrated (median ms). The baseline,
// measured in the same run, is the median page; each page prints its ratio to it, and a bar chart.
const ROUNDS = Number(process.argv[2] ?? 15);

const BUYER = "kai@demo.pasok.id";
const SUPPLIER = "kbj@demo.pasok.id";
const ADMIN = "admin@demo.pasok.id";
const server = await startBenchServer("bench-pages", [BUYER, SUPPLIER, ADMIN]);
const db = createDb(server.databasePath);
// KAI's open brake-block RFQ, which the cooperative may bid on; the cooperative's order from TPR.
const openRfq = await db.selectFrom("rfqs").innerJoin("organizations as b", "b.id", "rfqs.buyer_id").select("rfqs.id").where("rfqs.status", "=", "open").where("b.legal_name", "like", "PT Kereta Api%").executeTakeFirstOrThrow();
const order = await db.selectFrom("orders").select("id").orderBy("id").executeTakeFirstOrThrow();
await db.destroy();

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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
const bar = new cliProgress.SingleBar({ format: "pages [{bar}] {value}/{total} | {page}", noTTYOutput: true, notTTYSchedule: 10_000 }, cliProgress.Presets.shades_classic);
bar.start(pages.length, 0, { page: "" });
const results: { path: string; serverMs: number; htmlKb: number; dataKb: number; browserMs: number }[] = [];
for (const { path, as } of pages) {
  bar.update(results.length, { page: path });
  const cookie = as ? server.cookies[as]! : "";
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  const serverTimes: number[] = [];
  let htmlBytes = 0;
  let dataBytes = 0;
  for (let i = 0; i < ROUNDS + 2; i++) {
    const t0 = performance.now();
    const res = await fetch(`${server.url}${path}`, { headers, redirect: "manual" });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    if (i >= 2) serverTimes.push(performance.now() - t0);
    htmlBytes = Buffer.byteLength(html);
    // The loader data rides in the page's inline scripts (Remix's single fetch stream).
    dataBytes = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].reduce((n, m) => n + Buffer.byteLength(m[1]!), 0);
  }
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  if (cookie) {
    const [name, value] = cookie.split("=");
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  }
  const tab = await context.newPage();
  const browserTimes: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(ROUNDS / 3)) + 1; i++) {
    const t0 = performance.now();
    await tab.goto(`${server.url}${path}`, { waitUntil: "load" });
    await tab.waitForFunction(() => {
      const footer = document.querySelector("footer.site-footer");
      return Boolean(footer && Object.keys(footer).some((key) => key.startsWith("__reactProps")));
    });
    if (i > 0) browserTimes.push(performance.now() - t0);
  }
  await context.close();
  results.push({ path, serverMs: median(serverTimes), htmlKb: htmlBytes / 1024, dataKb: dataBytes / 1024, browserMs: median(browserTimes) });
}
bar.update(pages.length, { page: "done" });
bar.stop();
await browser.close();
await server.stop();

const baseServer = median(results.map((r) => r.serverMs));
const baseBrowser = median(results.map((r) => r.browserMs));
const widest = Math.max(...results.map((r) => r.browserMs));
console.log(`\nPages, median of ${ROUNDS} server answers and of the Chromium loads until hydrated (360 px):`);
console.log("  page                                server ms  × median   HTML KB  data KB   Chromium ms  × median");
for (const r of results) {
  console.log(
    `  ${r.path.padEnd(35)} ${r.serverMs.toFixed(1).padStart(9)}  ${(r.serverMs / baseServer).toFixed(2).padStart(8)}  ${r.htmlKb.toFixed(0).padStart(8)}  ${r.dataKb.toFixed(0).padStart(7)}   ${r.browserMs.toFixed(0).padStart(11)}  ${(r.browserMs / baseBrowser).toFixed(2).padStart(8)}`,
  );
}
console.log(`  baseline (median page)              ${baseServer.toFixed(1).padStart(9)}                               ${baseBrowser.toFixed(0).padStart(11)}`);
console.log("\nChromium load until hydrated:");
for (const r of results) console.log(`  ${r.path.padEnd(35)} ${"█".repeat(Math.max(1, Math.round((r.browserMs / widest) * 40)))} ${r.browserMs.toFixed(0)} ms`);
