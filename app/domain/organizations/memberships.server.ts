import type { DbOrTrx } from "../../../db/client";
import { DomainError } from "../errors";

/** Loads the organization if the user is one of its owners; otherwise refuses with 403. */
/** The organization, if the user is one of its members (any role); 403 otherwise. */
export async function requireMembership(db: DbOrTrx, userId: number, organizationId: number) {
  const organization = await db
    .selectFrom("organizations")
    .innerJoin("memberships", "memberships.organization_id", "organizations.id")
    .selectAll("organizations")
    .where("organizations.id", "=", organizationId)
    .where("memberships.user_id", "=", userId)
    .executeTakeFirst();
  if (!organization) throw new DomainError("error.forbidden", 403);
  return organization;
}

export async function requireOwnerMembership(db: DbOrTrx, userId: number, organizationId: number) {
  const organization = await db
    .selectFrom("organizations")
    .innerJoin("memberships", "memberships.organization_id", "organizations.id")
    .selectAll("organizations")
    .where("organizations.id", "=", organizationId)
    .where("memberships.user_id", "=", userId)
    .where("memberships.role", "=", "owner")
    .executeTakeFirst();
  if (!organization) throw new DomainError("error.forbidden", 403);
  return organization;
}

export async function listMembers(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id as userId", "users.name", "users.email", "memberships.role", "memberships.created_at"])
    .where("memberships.organization_id", "=", organizationId)
    .orderBy("memberships.id")
    .execute();
}

export async function listUserMemberships(db: DbOrTrx, userId: number) {
  return db
    .selectFrom("memberships")
    .innerJoin("organizations", "organizations.id", "memberships.organization_id")
    .select([
      "organizations.id",
      "organizations.slug",
      "organizations.legal_name",
      "organizations.kind",
      "organizations.buys",
      "memberships.role",
    ])
    .where("memberships.user_id", "=", userId)
    .orderBy("memberships.id")
    .execute();
}
