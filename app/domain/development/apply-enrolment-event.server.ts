import type { Trx } from "../../../db/client";
import type { EnrolmentStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { enrolmentTransitions, type EnrolmentEvent, type EnrolmentSide } from "./enrolment-states";

/**
 * The only code that changes an enrolment's status: re-reads it, asks the table, updates only if status and
 * revision are unchanged, writes an audit row for the IKM and the mentor, and tells the other side.
 */
export async function applyEnrolmentEvent(
  trx: Trx,
  options: { enrolmentId: number; event: EnrolmentEvent; side: EnrolmentSide; actorUserId: number | null; now: Date },
): Promise<{ from: EnrolmentStatus; to: EnrolmentStatus }> {
  const row = await trx
    .selectFrom("programme_enrolments")
    .innerJoin("programmes", "programmes.id", "programme_enrolments.programme_id")
    .selectAll("programme_enrolments")
    .select("programmes.name as programme_name")
    .where("programme_enrolments.id", "=", options.enrolmentId)
    .executeTakeFirst();
  if (!row) throw new DomainError("error.notFound", 404);
  const to = nextState(enrolmentTransitions, row.status, options.event);
  if (!to) throw new TransitionError("enrolment", row.status, options.event);
  const at = toTimestamp(options.now);
  const result = await trx
    .updateTable("programme_enrolments")
    .set({ status: to, revision: row.revision + 1, updated_at: at, ...(to === "active" ? { accepted_at: at } : {}), ...(to !== "active" ? { shares_orders: 0 } : {}) })
    .where("id", "=", row.id)
    .where("status", "=", row.status)
    .where("revision", "=", row.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("enrolment", row.status, options.event, "error.conflict");
  await writeAuditForEach(trx, [row.organization_id, row.mentor_id], {
    actorUserId: options.actorUserId,
    entityType: "enrolment",
    entityId: row.id,
    action: options.event,
    fromState: row.status,
    toState: to,
    detail: { programmeId: row.programme_id, programme: row.programme_name, organizationId: row.organization_id, side: options.side },
    now: options.now,
  });
  const recipient = options.side === "ikm" ? row.mentor_id : row.organization_id;
  await notify(trx, {
    recipients: { organizationId: recipient },
    kind: options.event === "reinvite" ? "enrolment_invited" : `enrolment_${options.event}`,
    params: { programme: row.programme_name },
    link: options.side === "ikm" ? `/mentor/ikm/${row.organization_id}` : "/development",
    organizationId: recipient,
    now: options.now,
  });
  return { from: row.status, to };
}
