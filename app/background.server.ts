import { getDb } from "./db.server";
import { HOUR_MS, MINUTE_MS } from "./clock.server";
import { closeDueRfqs } from "./domain/rfqs/close-due-rfqs.server";
import { startMailer } from "./domain/notifications/mailer.server";
import { runDailyJobs } from "./jobs/daily.server";
import { startSearchIndexer } from "../search/outbox.server";

declare global {
  // eslint-disable-next-line no-var
  var __pasokBackgroundStarted: boolean | undefined;
}

/** The in-process workers of a running server (the mailer, the search indexer, the RFQ deadline closer); started once per process, never in tests. */
export function startBackgroundJobs(): void {
  if (globalThis.__pasokBackgroundStarted || process.env.VITEST) return;
  globalThis.__pasokBackgroundStarted = true;
  startMailer(getDb);
  startSearchIndexer(getDb);
  // The daily jobs are idempotent, so running them every few hours (and after each restart) is safe.
  const daily = () => runDailyJobs(getDb(), new Date()).catch((error) => console.error("[pasok] daily jobs failed:", error));
  setTimeout(daily, 60_000).unref();
  setInterval(daily, 6 * HOUR_MS).unref();
  // RFQs close at their deadline: every minute here, and on every read of an RFQ in between.
  const closeRfqs = () => closeDueRfqs(getDb(), new Date()).catch((error) => console.error("[pasok] closing RFQs failed:", error));
  setInterval(closeRfqs, MINUTE_MS).unref();
}
