import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import cliProgress from "cli-progress";
import { createSession, markSessionTwoFactorVerified } from "../app/domain/accounts/sessions.server";
import { serializeSessionCookie } from "../app/http/auth.server";
import { createDb } from "../db/client";
import { freePort, serveArguments } from "./server-process";

// npm run bench:memory [-- SECONDS [CONCURRENCY]]: the production server's resident memory under a page load.
// Starts the built server on a fresh seeded database, measures its RSS at rest (the baseline, same run), then
// keeps CONCURRENCY clients loading pages as several kinds of user for SECONDS, sampling RSS every 5 s.
const SECONDS = Number(process.argv[2] ?? 300);
const CONCURRENCY = Number(process.argv[3] ?? 10);

const dir = `${tmpdir()}/pasok-bench-memory-${process.pid}/`;
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATABASE_PATH: `${dir}pasok.db`, UPLOADS_DIR: `${dir}uploads`, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: url };
await new Promise<void>((resolve, reject) =>
  spawn(process.execPath, ["--import", "tsx", "scripts/prepare-db.ts"], { env, stdio: "ignore" }).on("exit", (c) => (c === 0 ? resolve() : reject(new Error(`prepare-db exited ${c}`)))),
);
const server = spawn(process.execPath, serveArguments(), { env, stdio: "ignore" });
const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]) / 1024;
for (;;) {
  try {
    if ((await fetch(`${url}/readyz`)).ok) break;
  } catch {
    /* starting */
  }
  await new Promise((r) => setTimeout(r, 200));
}

// Sessions for a buyer, a cooperative, a supplier and the admin, made straight in the database.
const db = createDb(env.DATABASE_PATH);
const cookies: string[] = [""];
for (const email of ["tpr@demo.pasok.id", "kbj@demo.pasok.id", "takaru-presisi@demo.pasok.id", "admin@demo.pasok.id"]) {
  const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const m = await db.selectFrom("memberships").select("organization_id").where("user_id", "=", user.id).executeTakeFirst();
  const { token, session } = await createSession(db, { userId: user.id, organizationId: m?.organization_id ?? null, now: new Date() });
  await markSessionTwoFactorVerified(db, session.id);
  cookies.push((await serializeSessionCookie(new Request(url), token)).split(";")[0]!);
}
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
server.kill("SIGTERM");
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
rmSync(dir, { recursive: true, force: true });
process.exit(peak < 300 && errors === 0 ? 0 : 1);
