import type { DbOrTrx } from "../../../db/client";

/** A cooperative's members (all states) and the supplier IKMs it could still invite. */
export async function getCooperativeMembers(db: DbOrTrx, cooperativeId: number) {
  const members = await db
    .selectFrom("cooperative_memberships")
    .innerJoin("organizations", "organizations.id", "cooperative_memberships.member_id")
    .select(["cooperative_memberships.id", "cooperative_memberships.status", "cooperative_memberships.updated_at", "organizations.id as organizationId", "organizations.legal_name", "organizations.slug"])
    .where("cooperative_memberships.cooperative_id", "=", cooperativeId)
    .orderBy("organizations.legal_name")
    .execute();
  const busy = new Set(members.filter((m) => m.status === "active" || m.status === "invited").map((m) => m.organizationId));
  const candidates = (
    await db.selectFrom("organizations").select(["id", "legal_name"]).where("kind", "=", "supplier").orderBy("legal_name").limit(1000).execute()
  ).filter((o) => !busy.has(o.id));
  return { members, candidates };
}

/** The cooperatives an IKM was invited to or belongs to. */
export async function getMemberCooperatives(db: DbOrTrx, memberId: number) {
  return db
    .selectFrom("cooperative_memberships")
    .innerJoin("organizations", "organizations.id", "cooperative_memberships.cooperative_id")
    .select(["cooperative_memberships.id", "cooperative_memberships.status", "cooperative_memberships.updated_at", "organizations.legal_name", "organizations.slug"])
    .where("cooperative_memberships.member_id", "=", memberId)
    .orderBy("cooperative_memberships.id", "desc")
    .execute();
}
