import type { Trx } from "../../../db/client";
import type { TaxRegistrationStatus, TaxRegistrationsTable } from "../../../db/schema";
import type { Updateable } from "kysely";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { taxRegistrationTransitions, type TaxRegistrationEvent } from "./tax-registration-states";

/**
 * The only code that changes a tax registration's status: re-reads it, asks the table, refuses a decision made
 * on a revision other than the current one, updates only if status and revision are unchanged, writes an audit
 * row and tells the organization of an admin's decision.
 */
export async function applyTaxRegistrationEvent(
  trx: Trx,
  options: {
    registrationId: number;
    event: TaxRegistrationEvent;
    actorUserId: number;
    now: Date;
    expectedRevision?: number;
    reason?: string | null;
    set?: Omit<Updateable<TaxRegistrationsTable>, "status" | "revision" | "updated_at">;
  },
): Promise<{ from: TaxRegistrationStatus; to: TaxRegistrationStatus }> {
  const row = await trx.selectFrom("tax_registrations").selectAll().where("id", "=", options.registrationId).executeTakeFirst();
  if (!row) throw new DomainError("error.notFound", 404);
  if (options.expectedRevision !== undefined && options.expectedRevision !== row.revision) throw new DomainError("error.taxRegistrationChanged", 409);
  const to = nextState(taxRegistrationTransitions, row.status, options.event);
  if (!to) throw new TransitionError("tax_registration", row.status, options.event, "error.taxRegistrationChanged");
  const at = toTimestamp(options.now);
  const decided = options.event === "verify" || options.event === "reject" || options.event === "revoke";
  const result = await trx
    .updateTable("tax_registrations")
    .set({
      ...options.set,
      status: to,
      revision: row.revision + 1,
      updated_at: at,
      reason: options.reason ?? null,
      ...(decided ? { decided_by_user_id: options.actorUserId, decided_at: at } : {}),
      ...(options.event === "submit" ? { submitted_by_user_id: options.actorUserId, decided_by_user_id: null, decided_at: null } : {}),
    })
    .where("id", "=", row.id)
    .where("status", "=", row.status)
    .where("revision", "=", row.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("tax_registration", row.status, options.event, "error.taxRegistrationChanged");
  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: row.organization_id,
    entityType: "tax_registration",
    entityId: row.id,
    action: options.event,
    fromState: row.status,
    toState: to,
    detail: { kind: row.kind, collectorKind: options.set?.collector_kind ?? row.collector_kind, documentNumber: options.set?.document_number ?? row.document_number, reason: options.reason ?? null },
    now: options.now,
  });
  if (decided) {
    await notify(trx, {
      recipients: { organizationId: row.organization_id },
      kind: `tax_registration_${options.event as "verify" | "reject" | "revoke"}`,
      params: { document: row.document_number, reason: options.reason ?? "" },
      link: "/organization/tax",
      organizationId: row.organization_id,
      now: options.now,
    });
  }
  return { from: row.status, to };
}
