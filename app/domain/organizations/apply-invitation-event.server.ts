import type { Trx } from "../../../db/client";
import type { InvitationStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { invitationTransitions, type InvitationEvent } from "./invitation-states";

/**
 * The only code that changes an invitation's status. Call it inside a transaction: it re-reads the row,
 * asks the transition table, updates only if the status is still the one it read, and writes an audit row.
 */
export async function applyInvitationEvent(
  trx: Trx,
  options: { invitationId: number; event: InvitationEvent; actorUserId: number; now: Date },
): Promise<{ from: InvitationStatus; to: InvitationStatus; organizationId: number }> {
  const invitation = await trx
    .selectFrom("invitations")
    .select(["id", "status", "expires_at", "organization_id", "role"])
    .where("id", "=", options.invitationId)
    .executeTakeFirst();
  if (!invitation) throw new DomainError("error.invitationNotFound", 404);

  const to = nextState(invitationTransitions, invitation.status, options.event);
  if (!to) throw new TransitionError("invitation", invitation.status, options.event);
  if (options.event === "accept" && toTimestamp(options.now) >= invitation.expires_at) {
    throw new DomainError("error.invitationExpired", 410);
  }

  const at = toTimestamp(options.now);
  const result = await trx
    .updateTable("invitations")
    .set({
      status: to,
      ...(options.event === "accept" ? { accepted_at: at, accepted_by_user_id: options.actorUserId } : {}),
      ...(options.event === "revoke" ? { revoked_at: at } : {}),
    })
    .where("id", "=", invitation.id)
    .where("status", "=", invitation.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("invitation", invitation.status, options.event);

  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: invitation.organization_id,
    entityType: "invitation",
    entityId: invitation.id,
    action: options.event,
    fromState: invitation.status,
    toState: to,
    now: options.now,
  });
  return { from: invitation.status, to, organizationId: invitation.organization_id };
}
