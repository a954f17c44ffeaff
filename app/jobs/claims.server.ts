import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { sql } from "kysely";
import type { Db } from "../../db/client";
import { sqlFor } from "../../db/dialect";
import { addMs, toTimestamp } from "../clock.server";

// Background work on several app servers at once (db/migrations/20261202_0012_job_claims.ts): a worker claims
// the due rows of an outbox before working on them, so each row is worked on by one worker. The claim holds
// until `claimed_until`; a worker that dies mid-work leaves its claim to run out, and another takes the row.

/** This process's name in claims: host, process id and a random part (a restarted process is another worker). */
export const WORKER_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

/** How long a claim holds: far longer than one batch takes, short enough that a dead server's work resumes soon. */
export const CLAIM_LEASE_MS = 5 * 60_000;

type ClaimableTable = "email_outbox" | "search_outbox" | "webhook_deliveries";

/**
 * Claims up to `limit` due rows of `table` (oldest first) for `worker`, in one transaction: rows due at `now`
 * (`next_attempt_at`, and for e-mails still pending) whose claim is free or ran out. Returns their ids.
 */
export async function claimDueRows(
  db: Db,
  table: ClaimableTable,
  options: { worker?: string; now: Date; limit: number; leaseMs?: number },
): Promise<number[]> {
  const now = toTimestamp(options.now);
  return db.transaction().execute(async (trx) => {
    let due = trx
      .selectFrom(table)
      .select("id")
      .where("next_attempt_at", "<=", now)
      .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", now)]))
      .orderBy("id")
      .limit(options.limit);
    // An e-mail is due only while pending (sent and failed ones stay as the record).
    if (table === "email_outbox" || table === "webhook_deliveries") due = due.where(sql<boolean>`status = 'pending'`);
    let ids = (await sqlFor(trx).skipLocked(due).execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    if (table === "search_outbox") {
      // Every due row of the same documents comes along, so one document is indexed by one worker.
      const entities = await trx.selectFrom("search_outbox").select(["entity_type", "entity_id"]).where("id", "in", ids).execute();
      const more = await sqlFor(trx)
        .skipLocked(
          trx
            .selectFrom("search_outbox")
            .select("id")
            .where("next_attempt_at", "<=", now)
            .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", now)]))
            .where((eb) => eb.or(entities.map((e) => eb.and([eb("entity_type", "=", e.entity_type), eb("entity_id", "=", e.entity_id)])))),
        )
        .execute();
      ids = [...new Set([...ids, ...more.map((r) => r.id)])];
    }
    await trx
      .updateTable(table)
      .set({ claimed_by: options.worker ?? WORKER_ID, claimed_until: toTimestamp(addMs(options.now, options.leaseMs ?? CLAIM_LEASE_MS)) })
      .where("id", "in", ids)
      .execute();
    return ids;
  });
}
