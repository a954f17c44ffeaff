import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { requireOwnerMembership } from "../organizations/memberships.server";
import { applyCooperativeMembershipEvent } from "./apply-cooperative-membership-event.server";

/** A cooperative's owner invites a supplier IKM to join; the IKM's owners are told and decide. */
export async function inviteCooperativeMember(
  db: Db,
  options: { cooperativeId: number; memberId: number; actorUserId: number; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const cooperative = await requireOwnerMembership(trx, options.actorUserId, options.cooperativeId);
    if (cooperative.kind !== "cooperative") throw new DomainError("error.forbidden", 403);
    const member = await trx
      .selectFrom("organizations")
      .select(["id", "legal_name"])
      .where("id", "=", options.memberId)
      .where("kind", "=", "supplier")
      .executeTakeFirst();
    if (!member) throw new DomainError("error.memberNotSupplier", 422, "memberId");
    const existing = await trx
      .selectFrom("cooperative_memberships")
      .select(["id", "status"])
      .where("cooperative_id", "=", options.cooperativeId)
      .where("member_id", "=", member.id)
      .executeTakeFirst();
    if (existing && (existing.status === "active" || existing.status === "invited")) {
      throw new DomainError("error.alreadyInvited", 409, "memberId");
    }
    if (existing) {
      await applyCooperativeMembershipEvent(trx, { membershipId: existing.id, event: "reinvite", actorUserId: options.actorUserId, now: options.now });
    } else {
      const at = toTimestamp(options.now);
      const { id } = await trx
        .insertInto("cooperative_memberships")
        .values({ cooperative_id: options.cooperativeId, member_id: member.id, status: "invited", created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actorUserId: options.actorUserId,
        organizationId: options.cooperativeId,
        entityType: "cooperative_membership",
        entityId: id,
        action: "invite",
        toState: "invited",
        detail: { cooperativeId: options.cooperativeId, memberId: member.id },
        now: options.now,
      });
    }
    await notify(trx, {
      recipients: { organizationId: member.id, role: "owner" },
      kind: "cooperative_invitation",
      params: { cooperative: cooperative.legal_name },
      link: "/supplier/cooperative",
      organizationId: member.id,
      now: options.now,
    });
  });
}
