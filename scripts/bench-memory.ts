import { readFileSync } from "node:fs";
import cliProgress from "cli-progress";
import { createDb } from "../db/client";
import { startBenchServer } from "./bench-server";

// npm run bench:memory [-- SECONDS [CONCURRENCY]]: the production server's resident memory under a page load.
// Starts the built server on a fresh seeded database, measures its RSS at rest (the baseline, same run), then
// keeps CONCURRENCY clients loading pages as several kinds of user for SECONDS, sampling RSS every 5 s.
const SECONDS = Number(process.argv[2] ?? 300);
const CONCURRENCY = Number(process.argv[3] ?? 10);

const server = await startBenchServer("bench-memory", ["tpr@demo.pasok.id", "kbj@demo.pasok.id", "takaru-presisi@demo.pasok.id", "admin@demo.pasok.id"]);
const url = server.url;
const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.process.pid}/status`, "utf8"))![1]) / 1024;
const cookies: string[] = ["", ...Object.values(server.cookies)];
const db = createDb(server.databasePath);
const rfqIds = (await db.selectFrom("rfqs").select("id").execute()).map((r) => r.id);
const orderIds = (await db.selectFrom("orders").select("id").execute()).map((r) => r.id);
await db.destroy();
const pages = [
  "/",
  "/suppliers",
  "/suppliers?q=blok+rem+komposit",
  "/suppliers?q=cylinder+sleeve&process=casting",
  "/rfqs",
  "/rfqs/new",
  "/orders",
  "/supplier/feed",
  "/supplier/listing",
  "/notifications",
  "/admin",
  "/admin/listings",
  ...rfqIds.flatMap((id) => [`/rfqs/${id}`, `/rfqs/${id}/compare`, `/rfqs/${id}/bid`, `/rfqs/${id}/matches`]),
  ...orderIds.flatMap((id) => [`/orders/${id}`, `/orders/${id}/po`]),
];

await new Promise((r) => setTimeout(r, 3_000));
const baseline = rssMb();
const samples: { at: number; rss: number; requests: number }[] = [];
const latencies: number[] = [];
let requests = 0;
let errors = 0;
const started = Date.now();
const end = started + SECONDS * 1000;
const bar = new cliProgress.SingleBar(
  { format: "load [{bar}] {percentage}% | {value}/{total} s | RSS {rss} MB | {requests} requests", noTTYOutput: true, notTTYSchedule: 30_000 },
  cliProgress.Presets.shades_classic,
);
bar.start(SECONDS, 0, { rss: baseline.toFixed(0), requests: 0 });
const sampler = setInterval(() => {
  const rss = rssMb();
  samples.push({ at: (Date.now() - started) / 1000, rss, requests });
  bar.update(Math.min(SECONDS, Math.round((Date.now() - started) / 1000)), { rss: rss.toFixed(0), requests });
}, 5_000);
await Promise.all(
  Array.from({ length: CONCURRENCY }, async (_, worker) => {
    let i = worker;
    while (Date.now() < end) {
      const path = pages[i % pages.length]!;
      const cookie = cookies[(i * 7 + worker) % cookies.length]!;
      i += CONCURRENCY;
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
        await res.arrayBuffer();
        if (res.status >= 500) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
      requests++;
    }
  }),
);
clearInterval(sampler);
bar.update(SECONDS, { rss: rssMb().toFixed(0), requests });
bar.stop();
const finalRss = rssMb();

latencies.sort((a, b) => a - b);
const peak = Math.max(...samples.map((s) => s.rss), finalRss);
const q = (p: number) => latencies[Math.floor(p * (latencies.length - 1))]!.toFixed(0);
console.log("\n  t (s)   RSS (MB)   requests");
for (const s of samples.filter((_, k) => k % 6 === 0)) console.log(`  ${s.at.toFixed(0).padStart(5)}   ${s.rss.toFixed(0).padStart(8)}   ${String(s.requests).padStart(8)}`);
console.log(`
Memory under ${SECONDS} s of page loads at concurrency ${CONCURRENCY} (${pages.length} pages, 5 kinds of visitor):
  baseline at rest   ${baseline.toFixed(0)} MB
  peak               ${peak.toFixed(0)} MB   (${(peak / baseline).toFixed(2)} × baseline)
  at the end         ${finalRss.toFixed(0)} MB   (${(finalRss / baseline).toFixed(2)} × baseline)
  requests           ${requests} (${(requests / SECONDS).toFixed(0)}/s), ${errors} errors
  latency            p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
await server.stop();
process.exit(peak < 300 && errors === 0 ? 0 : 1);
