import type { Db } from "../../../db/client";
import { DomainError } from "../errors";
import { TransitionError } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { requireOwnerMembership } from "../organizations/memberships.server";
import { applyCooperativeMembershipEvent } from "./apply-cooperative-membership-event.server";

/** The IKM's owner accepts or declines a cooperative's invitation, or leaves the cooperative. */
export async function respondCooperativeMembership(
  db: Db,
  options: { memberId: number; membershipId: number; event: "accept" | "decline" | "leave"; actorUserId: number; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const member = await requireOwnerMembership(trx, options.actorUserId, options.memberId);
    // Scoped by the member organization: another IKM's invitation is "not found".
    const row = await trx
      .selectFrom("cooperative_memberships")
      .select("id")
      .where("id", "=", options.membershipId)
      .where("member_id", "=", options.memberId)
      .executeTakeFirst();
    if (!row) throw new DomainError("error.notFound", 404);
    let cooperativeId: number;
    try {
      ({ cooperativeId } = await applyCooperativeMembershipEvent(trx, {
        membershipId: row.id,
        event: options.event,
        actorUserId: options.actorUserId,
        now: options.now,
      }));
    } catch (error) {
      if (error instanceof TransitionError) throw new DomainError("error.conflict", 409);
      throw error;
    }
    await notify(trx, {
      recipients: { organizationId: cooperativeId, role: "owner" },
      kind: `cooperative_member_${options.event}`,
      params: { member: member.legal_name },
      link: "/supplier/cooperative",
      organizationId: cooperativeId,
      now: options.now,
    });
  });
}
