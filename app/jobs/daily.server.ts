import type { Db } from "../../db/client";
import { warnExpiringCertificates } from "../domain/suppliers/warn-expiring-certificates.server";

/** The jobs that run once a day (scripts/jobs-daily.ts, and every few hours inside the server). Idempotent. */
export async function runDailyJobs(db: Db, now: Date): Promise<{ certificateWarnings: number }> {
  const certificateWarnings = await warnExpiringCertificates(db, { now });
  return { certificateWarnings };
}
