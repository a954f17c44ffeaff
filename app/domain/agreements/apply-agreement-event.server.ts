import type { DbOrTrx } from "../../../db/client";
import type { Agreement, AgreementStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { requireMembership } from "../organizations/memberships.server";
import { agreementTransitions, type AgreementEvent } from "./agreement-states";

export type AgreementSide = "buyer" | "supplier";

/**
 * The agreement, if the acting user belongs to one of its two parties, and which side that is. Scoped by the
 * organization in the query; anyone else gets the same 404 as for an agreement that does not exist.
 */
export async function requireAgreementParty(
  db: DbOrTrx,
  options: { agreementId: number; organizationId: number; actorUserId: number; side?: AgreementSide },
): Promise<{ agreement: Agreement; side: AgreementSide }> {
  if (!Number.isSafeInteger(options.agreementId) || options.agreementId <= 0) throw new DomainError("error.agreementNotFound", 404);
  await requireMembership(db, options.actorUserId, options.organizationId);
  const agreement = await db
    .selectFrom("agreements")
    .selectAll()
    .where("id", "=", options.agreementId)
    .where((eb) => eb.or([eb("buyer_id", "=", options.organizationId), eb("supplier_id", "=", options.organizationId)]))
    .executeTakeFirst();
  if (!agreement) throw new DomainError("error.agreementNotFound", 404);
  const side: AgreementSide = agreement.buyer_id === options.organizationId ? "buyer" : "supplier";
  if (options.side && options.side !== side) throw new DomainError(options.side === "buyer" ? "error.buyerOnly" : "error.supplierOnly", 403);
  return { agreement, side };
}

/**
 * The only code that changes an agreement's status. Call it inside a transaction: it re-reads the row, asks the
 * transition table, refuses a stale revision, updates only if status and revision are still the ones it read,
 * writes an audit row for both parties and tells the other one (both, for the daily job's expiry).
 */
export async function applyAgreementEvent(
  trx: DbOrTrx,
  options: {
    agreementId: number;
    event: AgreementEvent;
    actorUserId: number | null;
    side: AgreementSide | null;
    now: Date;
    expectedRevision?: number;
    reason?: string | null;
    /** For propose_extension: the new end date and value limit. */
    extension?: { endsOn: string; maxValue: number | null };
  },
): Promise<{ from: AgreementStatus; to: AgreementStatus }> {
  const agreement = await trx.selectFrom("agreements").selectAll().where("id", "=", options.agreementId).executeTakeFirst();
  if (!agreement) throw new DomainError("error.agreementNotFound", 404);
  if (options.expectedRevision !== undefined && options.expectedRevision !== agreement.revision) throw new DomainError("error.agreementChanged", 409);
  const to = nextState(agreementTransitions, agreement.status, options.event);
  if (!to) throw new TransitionError("agreement", agreement.status, options.event, "error.agreementChanged");
  const at = toTimestamp(options.now);
  const reason = options.reason ?? null;
  const event = options.event;
  const result = await trx
    .updateTable("agreements")
    .set({
      status: to,
      revision: agreement.revision + 1,
      updated_at: at,
      ...(event === "send" || event === "revise" ? { sent_at: at, buyer_accepted_by: options.actorUserId, change_request: null } : {}),
      ...(event === "accept" ? { supplier_accepted_at: at, supplier_accepted_by: options.actorUserId } : {}),
      ...(event === "request_change" ? { change_request: reason } : {}),
      ...(event === "propose_extension"
        ? { proposed_ends_on: options.extension!.endsOn, proposed_max_value: options.extension!.maxValue, reason }
        : {}),
      ...(event === "accept_extension"
        ? { ends_on: agreement.proposed_ends_on ?? agreement.ends_on, max_value: agreement.proposed_max_value ?? agreement.max_value, proposed_ends_on: null, proposed_max_value: null }
        : {}),
      ...(event === "decline_extension" ? { proposed_ends_on: null, proposed_max_value: null, reason } : {}),
      ...(event === "end" || event === "cancel" ? { reason, ended_at: at } : {}),
      ...(event === "expire" ? { ended_at: at } : {}),
    })
    .where("id", "=", agreement.id)
    .where("status", "=", agreement.status)
    .where("revision", "=", agreement.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("agreement", agreement.status, event, "error.agreementChanged");

  for (const organizationId of [agreement.buyer_id, agreement.supplier_id]) {
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId,
      entityType: "agreement",
      entityId: agreement.id,
      action: event,
      fromState: agreement.status,
      toState: to,
      detail: {
        number: agreement.number,
        reason,
        side: options.side,
        ...(event === "propose_extension" ? { endsOn: options.extension!.endsOn, maxValue: options.extension!.maxValue } : {}),
        ...(event === "accept_extension" ? { endsOn: agreement.proposed_ends_on, maxValue: agreement.proposed_max_value } : {}),
      },
      now: options.now,
    });
    if (options.side === "buyer" && organizationId === agreement.buyer_id) continue;
    if (options.side === "supplier" && organizationId === agreement.supplier_id) continue;
    await notify(trx, {
      recipients: { organizationId },
      kind: `agreement_${event}`,
      params: { number: agreement.number, title: agreement.title, reason: reason ?? "" },
      link: `/agreements/${agreement.id}`,
      organizationId,
      now: options.now,
    });
  }
  return { from: agreement.status, to };
}
