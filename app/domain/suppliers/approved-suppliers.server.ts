import type { Kysely } from "kysely";
import type { DbOrTrx } from "../../../db/client";
import { compiledByShape } from "../../../db/compiled";
import type { Database } from "../../../db/schema";
import { liveListings } from "./live-listings.server";
import { parseListingData, type ListingData } from "./listing-data";

/** Organizations whose listing is live and approved: the suppliers buyers may invite and who may bid. */
export function approvedSuppliers(db: DbOrTrx) {
  return liveListings(db)
    .innerJoin("organizations", "organizations.id", "listings.organization_id")
    .where("organizations.kind", "in", ["supplier", "cooperative"]);
}

export async function isApprovedSupplier(db: DbOrTrx, organizationId: number): Promise<boolean> {
  const row = await approvedSuppliers(db).select("organizations.id").where("organizations.id", "=", organizationId).executeTakeFirst();
  return row !== undefined;
}

// Compiled once per shape (db/compiled.ts): the bid comparison asks it for every bidder on every opening.
const listingDataOf = compiledByShape((db: Kysely<Database>, v: { ids: readonly number[] }) =>
  approvedSuppliers(db).select(["organizations.id", "listing_versions.data"]).where("organizations.id", "in", v.ids),
);

/** The approved listing content of each of these organizations that has one. */
export async function approvedListingData(db: DbOrTrx, organizationIds: number[]): Promise<Map<number, ListingData>> {
  const ids = [...new Set(organizationIds)];
  if (ids.length === 0) return new Map();
  const rows = await listingDataOf(db, { ids });
  return new Map(rows.map((r) => [r.id, parseListingData(r.data)]));
}

/** Every approved supplier, by name, for the buyer's invitation picker. */
export async function listApprovedSuppliers(db: DbOrTrx) {
  return approvedSuppliers(db)
    .select(["organizations.id", "organizations.legal_name", "organizations.kind", "organizations.slug"])
    .orderBy("organizations.legal_name")
    .limit(2000)
    .execute();
}
