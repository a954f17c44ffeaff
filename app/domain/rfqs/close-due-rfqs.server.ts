import { Transaction, type Kysely } from "kysely";
import { compiledByShape } from "../../../db/compiled";
import type { Database } from "../../../db/schema";
import type { Db, DbOrTrx, Trx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { notify } from "../notifications/notify.server";
import { applyRfqEvent } from "./apply-rfq-event.server";

/** Whether the RFQ is open and past its deadline (compiled once: every read of an RFQ asks it). */
const dueRfq = compiledByShape((db: Kysely<Database>, v: { rfqId: number; now: string }) =>
  db.selectFrom("rfqs").select("id").where("id", "=", v.rfqId).where("status", "=", "open").where("bid_deadline", "<=", v.now),
);

/**
 * Closes one open RFQ whose deadline has passed (at or before `now`) and tells the buyer how many bids
 * arrived. Safe to run from any read and from the scheduled job at once: inside its transaction it re-reads
 * the row and does nothing unless it is still open and due.
 */
export async function closeRfqIfDue(db: DbOrTrx, rfqId: number, now: Date): Promise<boolean> {
  const [due] = await dueRfq(db, { rfqId, now: toTimestamp(now) });
  if (!due) return false;
  const run = async (trx: Trx) => {
    const still = await trx
      .selectFrom("rfqs")
      .select(["id", "status"])
      .where("id", "=", rfqId)
      .where("status", "=", "open")
      .where("bid_deadline", "<=", toTimestamp(now))
      .executeTakeFirst();
    if (!still) return false;
    const closed = await applyRfqEvent(trx, { rfqId, event: "close", actorUserId: null, now });
    const { count } = await trx
      .selectFrom("bids")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("rfq_id", "=", rfqId)
      .where("status", "=", "submitted")
      .executeTakeFirstOrThrow();
    await notify(trx, {
      recipients: { organizationId: closed.buyerId },
      kind: "rfq_closed",
      params: { title: closed.title, count: Number(count) },
      link: `/rfqs/${rfqId}/compare`,
      organizationId: closed.buyerId,
      now,
    });
    return true;
  };
  return db instanceof Transaction ? run(db) : db.transaction().execute(run);
}

/** The scheduled job: closes every open RFQ whose deadline has passed. Returns how many it closed. */
export async function closeDueRfqs(db: Db, now: Date): Promise<number> {
  const due = await db
    .selectFrom("rfqs")
    .select("id")
    .where("status", "=", "open")
    .where("bid_deadline", "<=", toTimestamp(now))
    .execute();
  let closed = 0;
  for (const { id } of due) if (await closeRfqIfDue(db, id, now)) closed++;
  return closed;
}
