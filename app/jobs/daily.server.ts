import { purgeApiBookkeeping } from "../api/conventions.server";
import type { Db } from "../../db/client";
import { jakartaDate } from "../domain/time";
import { remindDueActions } from "../domain/development/mentoring.server";
import { closeDueRfqs } from "../domain/rfqs/close-due-rfqs.server";
import { enqueueCertificateChanges } from "../domain/suppliers/certificate-changes.server";
import { warnExpiringCertificates } from "../domain/suppliers/warn-expiring-certificates.server";
import { expireAgreements } from "../domain/agreements/agreements.server";
import { sendReminders } from "../domain/notifications/reminders.server";
import { sendDigests } from "../domain/notifications/digests.server";
import { notifyNewRfqs } from "../domain/notifications/new-rfqs.server";

/**
 * The jobs that run once a day (scripts/jobs-daily.ts, and every few hours inside the server). Idempotent.
 * The server closes due RFQs every minute on its own, so it passes `closeRfqs: false`; the script closes them too.
 */
export async function runDailyJobs(
  db: Db,
  now: Date,
  options: { closeRfqs?: boolean } = {},
): Promise<{ certificateWarnings: number; rfqsClosed: number; reindexed: number; actionReminders: number; agreementsExpired: number } & NoticeCounts> {
  const certificateWarnings = await warnExpiringCertificates(db, { now });
  const rfqsClosed = options.closeRfqs === false ? 0 : await closeDueRfqs(db, now);
  const reindexed = await enqueueCertificateChanges(db, now);
  // A mentor's follow-up action: its owner is reminded three days before it is due and once when it is overdue.
  const actionReminders = await remindDueActions(db, { today: jakartaDate(now), now });
  const agreementsExpired = await expireAgreements(db, now);
  // API v1's bookkeeping: idempotency answers past 24 hours and old rate-limit windows.
  await purgeApiBookkeeping(db, now);
  return { certificateWarnings, rfqsClosed, reindexed, actionReminders, agreementsExpired, ...(await runNoticeJobs(db, now)) };
}

type NoticeCounts = { reminders: number; digests: number; newRfqNotices: number };

/**
 * The jobs that tell people something at the right time (every few minutes in the server, and in the daily
 * script): new RFQs to the suppliers that fit them, reminders before anything is late, and the daily digests.
 * Each is idempotent and safe to run on every server at once (notices_sent, notification_digests).
 */
export async function runNoticeJobs(db: Db, now: Date): Promise<NoticeCounts> {
  const newRfqNotices = await notifyNewRfqs(db, now);
  const reminders = Object.values(await sendReminders(db, now)).reduce((a, b) => a + b, 0);
  const digests = await sendDigests(db, { now });
  return { reminders, digests, newRfqNotices };
}
