import { allowedEvents, allows } from "../lifecycle";
import { COOPERATIVE_MEMBERSHIP_EVENT_ACTORS, cooperativeMembershipTransitions } from "./cooperative-membership-states";
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
  // An IKM can be invited unless its membership is one the table does not invite again (invited, active).
  const busy = new Set(members.filter((m) => !allows(cooperativeMembershipTransitions, m.status, "reinvite")).map((m) => m.organizationId));
  const candidates = (
    await db.selectFrom("organizations").select(["id", "legal_name"]).where("kind", "=", "supplier").orderBy("legal_name").limit(1000).execute()
  ).filter((o) => !busy.has(o.id));
  return { members, candidates };
}

/** The cooperatives an IKM was invited to or belongs to, each with what the IKM may do (the table's events). */
export async function getMemberCooperatives(db: DbOrTrx, memberId: number) {
  const rows = await db
    .selectFrom("cooperative_memberships")
    .innerJoin("organizations", "organizations.id", "cooperative_memberships.cooperative_id")
    .select(["cooperative_memberships.id", "cooperative_memberships.status", "cooperative_memberships.updated_at", "organizations.legal_name", "organizations.slug"])
    .where("cooperative_memberships.member_id", "=", memberId)
    .orderBy("cooperative_memberships.id", "desc")
    .execute();
  return rows.map((row) => ({
    ...row,
    allowed: allowedEvents(cooperativeMembershipTransitions, row.status, { table: COOPERATIVE_MEMBERSHIP_EVENT_ACTORS, side: "member" }),
  }));
}
