import { getDb } from "./db.server";
import { HOUR_MS, MINUTE_MS } from "./clock.server";
import { closeDueRfqs } from "./domain/rfqs/close-due-rfqs.server";
import { startMailer, stopMailer } from "./domain/notifications/mailer.server";
import { runDailyJobs, runNoticeJobs } from "./jobs/daily.server";
import { logJob } from "./jobs/job-log.server";
import { notifyNewRfqs } from "./domain/notifications/new-rfqs.server";
import { startSearchIndexer, stopSearchIndexer } from "./domain/search/outbox.server";
import { startWebhookSender, stopWebhookSender } from "./domain/webhooks/sender.server";

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
  startWebhookSender(getDb);
  const newRfqs = () =>
    notifyNewRfqs(getDb(), new Date())
      .then((told) => (told > 0 ? logJob("new RFQ notices sent", { told }) : undefined))
      .catch((error) => console.error("[pasok] new RFQ notices failed:", error));
  startSearchIndexer(getDb, undefined, { onIndexed: () => newRfqs() });
  // The daily jobs are idempotent, so running them every few hours (and after each restart) is safe.
  const daily = () => runDailyJobs(getDb(), new Date(), { closeRfqs: false }).catch((error) => console.error("[pasok] daily jobs failed:", error));
  // RFQs close at their deadline: every minute here, and on every read of an RFQ in between.
  const closeRfqs = () => closeDueRfqs(getDb(), new Date()).catch((error) => console.error("[pasok] closing RFQs failed:", error));
  // New-RFQ alerts, reminders and digests: soon after start, then every 15 minutes; new RFQs also every minute.
  let noticing = false;
  const notices = async () => {
    if (noticing) return;
    noticing = true;
    try {
      const told = await runNoticeJobs(getDb(), new Date());
      if (told.reminders + told.digests + told.newRfqNotices > 0) logJob("notices sent", told);
    } catch (error) {
      console.error("[pasok] notice jobs failed:", error);
    } finally {
      noticing = false;
    }
  };
  timers = [setTimeout(daily, 60_000), setInterval(daily, 6 * HOUR_MS), setInterval(closeRfqs, MINUTE_MS), setTimeout(notices, 5_000), setInterval(notices, 15 * MINUTE_MS), setInterval(newRfqs, MINUTE_MS)];
  for (const t of timers) t.unref();
}

/** Stops every worker and waits for the work each has under way (graceful shutdown). */
export async function stopBackgroundJobs(): Promise<void> {
  for (const t of timers) clearTimeout(t);
  timers = [];
  started = false;
  await Promise.all([stopMailer(), stopSearchIndexer(), stopWebhookSender()]);
}
