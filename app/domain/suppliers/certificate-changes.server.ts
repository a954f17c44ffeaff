import { sql } from "kysely";
import { sqlFor } from "../../../db/dialect";
import { liveListings } from "./live-listings.server";
import type { Db } from "../../../db/client";
import { DAY_MS } from "../../clock.server";
import { enqueueSearchUpdate } from "../search/outbox.server";
import { jakartaDate } from "../time";

/**
 * Daily: suppliers whose certificates became valid or expired in the last week go back through the search
 * outbox, so "valid certificate" facets and filters follow the calendar (the week covers missed days; the
 * indexer collapses repeats). Returns how many were queued.
 */
export async function enqueueCertificateChanges(db: Db, now: Date): Promise<number> {
  const today = jakartaDate(now);
  const weekAgo = jakartaDate(new Date(now.getTime() - 7 * DAY_MS));
  const rows = await liveListings(db)
    .select("listings.organization_id")
    .where(
      sqlFor(db).jsonArraySome(
        sql.ref("listing_versions.data"),
        "certificates",
        (field) => sql`(${field("validUntil")} >= ${weekAgo} and ${field("validUntil")} < ${today})
           or (${field("validFrom")} > ${weekAgo} and ${field("validFrom")} <= ${today})`,
      ),
    )
    .execute();
  await db.transaction().execute(async (trx) => {
    for (const { organization_id } of rows) await enqueueSearchUpdate(trx, { type: "supplier", id: organization_id, now });
  });
  return rows.length;
}
