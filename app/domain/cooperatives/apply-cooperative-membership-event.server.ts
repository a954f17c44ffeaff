import type { Trx } from "../../../db/client";
import type { CooperativeMembershipStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { enqueueSearchUpdate } from "../search/outbox.server";
import { cooperativeMembershipTransitions, type CooperativeMembershipEvent } from "./cooperative-membership-states";

/** The only code that changes a cooperative membership's status (inside the caller's transaction). */
export async function applyCooperativeMembershipEvent(
  trx: Trx,
  options: { membershipId: number; event: CooperativeMembershipEvent; actorUserId: number; now: Date },
): Promise<{ from: CooperativeMembershipStatus; to: CooperativeMembershipStatus; cooperativeId: number; memberId: number }> {
  const row = await trx
    .selectFrom("cooperative_memberships")
    .select(["id", "status", "cooperative_id", "member_id"])
    .where("id", "=", options.membershipId)
    .executeTakeFirst();
  if (!row) throw new DomainError("error.notFound", 404);
  const to = nextState(cooperativeMembershipTransitions, row.status, options.event);
  if (!to) throw new TransitionError("cooperative_membership", row.status, options.event);
  const result = await trx
    .updateTable("cooperative_memberships")
    .set({ status: to, updated_at: toTimestamp(options.now) })
    .where("id", "=", row.id)
    .where("status", "=", row.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("cooperative_membership", row.status, options.event);
  for (const organizationId of [row.cooperative_id, row.member_id]) {
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId,
      entityType: "cooperative_membership",
      entityId: row.id,
      action: options.event,
      fromState: row.status,
      toState: to,
      detail: { cooperativeId: row.cooperative_id, memberId: row.member_id },
      now: options.now,
    });
  }
  // The cooperative's search document lists its active members.
  await enqueueSearchUpdate(trx, { type: "supplier", id: row.cooperative_id, now: options.now });
  return { from: row.status, to, cooperativeId: row.cooperative_id, memberId: row.member_id };
}
