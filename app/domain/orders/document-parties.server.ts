import type { DbOrTrx } from "../../../db/client";
import { regionNames } from "../organizations/regions.server";
import { npwp16 } from "../tax/tax-ids";

// The parties as trade documents name them (PO, invoice, BAST, credit note): legal name, NIB, NPWP in its
// 16-digit form, the head office's NITKU (or the first place of business), address with regency and province.

export interface PurchaseOrderParty {
  legalName: string;
  nib: string;
  /** The 16-digit NPWP. */
  npwp: string;
  /** The head office's NITKU (22 digits), when the organization recorded its places of business. */
  nitku: string | null;
  address: string;
  regency: string;
  province: string;
}

export async function documentParties(db: DbOrTrx, organizationIds: number[]): Promise<Map<number, PurchaseOrderParty>> {
  const rows = await db
    .selectFrom("organizations")
    .select((eb) => [
      "id",
      "legal_name",
      "nib",
      "npwp",
      "address",
      "province_code",
      "regency_code",
      eb
        .selectFrom("business_places")
        .select("business_places.nitku")
        .whereRef("business_places.organization_id", "=", "organizations.id")
        .orderBy("business_places.is_head_office", "desc")
        .orderBy("business_places.id")
        .limit(1)
        .as("nitku"),
    ])
    .where("id", "in", organizationIds.length ? [...new Set(organizationIds)] : [0])
    .execute();
  const parties = new Map<number, PurchaseOrderParty>();
  for (const r of rows) {
    const region = await regionNames(r.province_code, r.regency_code);
    parties.set(r.id, { legalName: r.legal_name, nib: r.nib, npwp: npwp16(r.npwp) ?? r.npwp, nitku: r.nitku ?? null, address: r.address, regency: region.regency, province: region.province });
  }
  return parties;
}
