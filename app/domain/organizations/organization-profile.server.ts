import { listInvitations } from "./invitations.server";
import { listMembers } from "./memberships.server";
import { regionNames } from "./regions.server";
import type { DbOrTrx } from "../../../db/client";
import { DomainError } from "../errors";

export async function getOrganizationProfile(db: DbOrTrx, organizationId: number) {
  const organization = await db.selectFrom("organizations").selectAll().where("id", "=", organizationId).executeTakeFirst();
  if (!organization) throw new DomainError("error.notFound", 404);
  return organization;
}

/** The organization page: its profile and region, its members, and for an owner its latest invitations. */
export async function getOrganizationPage(db: DbOrTrx, options: { organizationId: number; isOwner: boolean; now: Date }) {
  const profile = await getOrganizationProfile(db, options.organizationId);
  return {
    profile,
    region: await regionNames(profile.province_code, profile.regency_code),
    isOwner: options.isOwner,
    members: await listMembers(db, options.organizationId),
    invitations: options.isOwner ? await listInvitations(db, options.organizationId, options.now) : [],
  };
}
export type OrganizationPage = Awaited<ReturnType<typeof getOrganizationPage>>;
