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

/**
 * A cooperative's active members by name, each with its live listing's content when that listing is approved
 * (null otherwise): what its public page and its search document say about them.
 */
export function activeMembersWithLiveListing(db: DbOrTrx, cooperativeId: number) {
  return db
    .selectFrom("cooperative_memberships")
    .innerJoin("organizations", "organizations.id", "cooperative_memberships.member_id")
    .leftJoin("listings", "listings.organization_id", "organizations.id")
    .leftJoin("listing_versions", (join) => join.onRef("listing_versions.id", "=", "listings.live_version_id").on("listing_versions.status", "=", "approved"))
    .select(["organizations.slug", "organizations.legal_name", "listing_versions.data"])
    .where("cooperative_memberships.cooperative_id", "=", cooperativeId)
    .where("cooperative_memberships.status", "=", "active")
    .orderBy("organizations.legal_name")
    .execute();
}
