import type { Db } from "../../db/client";
import { jakartaDate } from "../domain/time";
import { remindDueActions } from "../domain/development/mentoring.server";
import { closeDueRfqs } from "../domain/rfqs/close-due-rfqs.server";
import { enqueueCertificateChanges } from "../domain/suppliers/certificate-changes.server";
import { warnExpiringCertificates } from "../domain/suppliers/warn-expiring-certificates.server";

/**
 * The jobs that run once a day (scripts/jobs-daily.ts, and every few hours inside the server). Idempotent.
 * The server closes due RFQs every minute on its own, so it passes `closeRfqs: false`; the script closes them too.
 */
export async function runDailyJobs(
  db: Db,
  now: Date,
  options: { closeRfqs?: boolean } = {},
): Promise<{ certificateWarnings: number; rfqsClosed: number; reindexed: number; actionReminders: number }> {
  const certificateWarnings = await warnExpiringCertificates(db, { now });
  const rfqsClosed = options.closeRfqs === false ? 0 : await closeDueRfqs(db, now);
  const reindexed = await enqueueCertificateChanges(db, now);
  // A mentor's follow-up action: its owner is reminded three days before it is due and once when it is overdue.
  const actionReminders = await remindDueActions(db, { today: jakartaDate(now), now });
  return { certificateWarnings, rfqsClosed, reindexed, actionReminders };
}
