import { activeMembersWithLiveListing, liveListings } from "./live-listings.server";
import type { DbOrTrx } from "../../../db/client";
import { DomainError } from "../errors";
import { certificateState, parseListingData, type CapacityUnit, type ListingData } from "./listing-data";

// A supplier's public page: approved live versions only. Searching the directory is the search index's
// (app/domain/search, search/).

function publicListings(db: DbOrTrx) {
  return liveListings(db)
    .innerJoin("organizations", "organizations.id", "listings.organization_id");
}

/** Capacity per unit, summed (a cooperative's members together). */
function sumCapacities(lists: ListingData["capacities"][]): { unit: CapacityUnit; quantity: number }[] {
  const totals = new Map<CapacityUnit, number>();
  for (const list of lists) for (const c of list) totals.set(c.unit, (totals.get(c.unit) ?? 0) + c.quantity);
  return [...totals].map(([unit, quantity]) => ({ unit, quantity }));
}

/**
 * A supplier's public page: 404 unless its live version is approved. For a cooperative, its active members
 * with their approved listings, their combined capacity, workforce and capabilities.
 */
export async function getSupplierProfile(db: DbOrTrx, slug: string, today: string) {
  const row = await publicListings(db)
    .select([
      "organizations.id",
      "organizations.slug",
      "organizations.legal_name",
      "organizations.kind",
      "organizations.address",
      "organizations.phone",
      "organizations.website",
      "listing_versions.data",
      "listing_versions.decided_at",
    ])
    .where("organizations.slug", "=", slug)
    .executeTakeFirst();
  if (!row) throw new DomainError("error.notFound", 404);
  const data = parseListingData(row.data);

  const memberRows =
    row.kind === "cooperative"
      ? await activeMembersWithLiveListing(db, row.id)
      : [];
  const members = memberRows.map((m) => {
    const memberData = m.data ? parseListingData(m.data) : null;
    return { slug: m.slug, legalName: m.legal_name, listed: memberData !== null, data: memberData };
  });
  const listed = members.flatMap((m) => (m.data ? [m.data] : []));
  const combined =
    row.kind === "cooperative"
      ? {
          processes: [...new Set([...data.processes, ...listed.flatMap((d) => d.processes)])],
          materials: [...new Set([...data.materials, ...listed.flatMap((d) => d.materials)])],
          capacities: sumCapacities(listed.map((d) => d.capacities)),
          workforce: listed.reduce((sum, d) => sum + (d.workforce ?? 0), 0),
          memberCount: members.length,
        }
      : null;

  return {
    organization: {
      slug: row.slug,
      legalName: row.legal_name,
      kind: row.kind,
      address: row.address,
      phone: row.phone,
      website: row.website,
    },
    data,
    approvedAt: row.decided_at,
    certificates: data.certificates.map((c) => ({ ...c, state: certificateState(c, today) })),
    members: members.map((m) => ({
      slug: m.slug,
      legalName: m.legalName,
      listed: m.listed,
      processes: m.data?.processes ?? [],
      capacities: m.data?.capacities ?? [],
      workforce: m.data?.workforce ?? null,
    })),
    combined,
  };
}
