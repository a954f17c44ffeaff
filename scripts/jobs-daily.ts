import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { runDailyJobs } from "../app/jobs/daily.server";

// `npm run jobs:daily`: the daily jobs against DATABASE_PATH (cron-friendly; safe to run more than once a day).
const db = createDb();
try {
  await migrateToLatest(db);
  const result = await runDailyJobs(db, new Date());
  console.log(`[pasok] daily jobs done: ${result.certificateWarnings} certificate expiry warning(s), ${result.actionReminders} follow-up action reminder(s), ${result.reminders} reminder(s), ${result.digests} digest(s), ${result.newRfqNotices} new-RFQ notice(s) sent; ${result.agreementsExpired} agreement(s) expired.`);
} catch (error) {
  console.error("[pasok] daily jobs failed:", error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
