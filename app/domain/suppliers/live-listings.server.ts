import type { DbOrTrx } from "../../../db/client";

/**
 * Listings whose live version is approved, joined to that version: what the public directory, buyers, the
 * search index and the daily jobs see of a supplier. A version waiting for review or sent back is never here.
 */
export function liveListings(db: DbOrTrx) {
  return db
    .selectFrom("listings")
    .innerJoin("listing_versions", "listing_versions.id", "listings.live_version_id")
    .where("listing_versions.status", "=", "approved");
}
