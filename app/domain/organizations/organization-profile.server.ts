import type { DbOrTrx } from "../../../db/client";
import { DomainError } from "../errors";

export async function getOrganizationProfile(db: DbOrTrx, organizationId: number) {
  const organization = await db.selectFrom("organizations").selectAll().where("id", "=", organizationId).executeTakeFirst();
  if (!organization) throw new DomainError("error.notFound", 404);
  return organization;
}
