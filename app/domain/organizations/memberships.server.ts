import type { DbOrTrx } from "../../../db/client";
import { DomainError } from "../errors";

/** The organization, if the user is one of its members (an owner, when `role` says so); 403 otherwise. */
export async function requireMembership(db: DbOrTrx, userId: number, organizationId: number, role?: "owner") {
  const organization = await db
    .selectFrom("organizations")
    .innerJoin("memberships", "memberships.organization_id", "organizations.id")
    .selectAll("organizations")
    .where("organizations.id", "=", organizationId)
    .where("memberships.user_id", "=", userId)
    .$if(role !== undefined, (q) => q.where("memberships.role", "=", role!))
    .executeTakeFirst();
  if (!organization) throw new DomainError("error.forbidden", 403);
  return organization;
}

/** Loads the organization if the user is one of its owners; otherwise refuses with 403. */
export function requireOwnerMembership(db: DbOrTrx, userId: number, organizationId: number) {
  return requireMembership(db, userId, organizationId, "owner");
}

export async function listMembers(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id as userId", "users.name", "users.email", "users.kind", "memberships.role", "memberships.created_at"])
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
