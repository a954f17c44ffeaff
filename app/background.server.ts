import { getDb } from "./db.server";
import { HOUR_MS, MINUTE_MS } from "./clock.server";
import { closeDueRfqs } from "./domain/rfqs/close-due-rfqs.server";
import { startMailer, stopMailer } from "./domain/notifications/mailer.server";
import { runDailyJobs } from "./jobs/daily.server";
import { startSearchIndexer, stopSearchIndexer } from "./domain/search/outbox.server";

let timers: NodeJS.Timeout[] = [];
let started = false;

/**
 * The in-process workers of a running server (the mailer, the search indexer, the RFQ deadline closer).
 * The HTTP server (server/index.ts) starts them once it listens and stops them on shutdown; never in tests.
 */
export function startBackgroundJobs(): void {
  if (started || process.env.VITEST) return;
  started = true;
  startMailer(getDb);
  startSearchIndexer(getDb);
  // The daily jobs are idempotent, so running them every few hours (and after each restart) is safe.
  const daily = () => runDailyJobs(getDb(), new Date(), { closeRfqs: false }).catch((error) => console.error("[pasok] daily jobs failed:", error));
  // RFQs close at their deadline: every minute here, and on every read of an RFQ in between.
  const closeRfqs = () => closeDueRfqs(getDb(), new Date()).catch((error) => console.error("[pasok] closing RFQs failed:", error));
  timers = [setTimeout(daily, 60_000), setInterval(daily, 6 * HOUR_MS), setInterval(closeRfqs, MINUTE_MS)];
  for (const t of timers) t.unref();
}

/** Stops every worker and waits for the work each has under way (graceful shutdown). */
export async function stopBackgroundJobs(): Promise<void> {
  for (const t of timers) clearTimeout(t);
  timers = [];
  started = false;
  await Promise.all([stopMailer(), stopSearchIndexer()]);
}
