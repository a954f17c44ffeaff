import type { Trx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { ladderTransitions, type LadderEvent, type LadderState } from "./ladder-states";

/**
 * The only code that changes an IKM's progress on a ladder stage. Inside a transaction: reads the row (none =
 * not_started), asks the table, refuses a step confirmed on another revision, inserts or updates only if the
 * state is still the one it read, writes an audit row (the stage's history) for the IKM — and the mentor — and
 * tells the other side. A sign-off records the mentor organization and person that gave it.
 */
export async function applyLadderEvent(
  trx: Trx,
  options: {
    organizationId: number;
    stageId: number;
    event: LadderEvent;
    actorUserId: number | null;
    /** The mentor organization acting, or null when the IKM acts. */
    mentorId: number | null;
    now: Date;
    expectedRevision?: number;
    note?: string;
  },
): Promise<{ from: LadderState; to: LadderState }> {
  const stage = await trx.selectFrom("ladder_stages").select(["id", "code", "name_id", "name_en"]).where("id", "=", options.stageId).executeTakeFirst();
  if (!stage) throw new DomainError("error.notFound", 404);
  const row = await trx.selectFrom("ladder_progress").selectAll().where("organization_id", "=", options.organizationId).where("stage_id", "=", stage.id).executeTakeFirst();
  const from: LadderState = row?.status ?? "not_started";
  if (options.expectedRevision !== undefined && options.expectedRevision !== (row?.revision ?? 0)) throw new DomainError("error.ladderChanged", 409);
  const to = nextState(ladderTransitions, from, options.event);
  if (!to || to === "not_started") throw new TransitionError("ladder stage", from, options.event);
  const at = toTimestamp(options.now);
  const signed =
    to === "signed_off"
      ? { signed_off_by_user_id: options.actorUserId, signed_off_mentor_id: options.mentorId, signed_off_at: at }
      : { signed_off_by_user_id: null, signed_off_mentor_id: null, signed_off_at: null };
  const note = options.note?.trim() ?? "";
  if (!row) {
    await trx
      .insertInto("ladder_progress")
      .values({ organization_id: options.organizationId, stage_id: stage.id, status: to, revision: 1, note, created_at: at, updated_at: at, ...signed })
      .execute();
  } else {
    const result = await trx
      .updateTable("ladder_progress")
      .set({ status: to, revision: row.revision + 1, updated_at: at, ...(note ? { note } : {}), ...signed })
      .where("id", "=", row.id)
      .where("status", "=", row.status)
      .where("revision", "=", row.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("ladder stage", from, options.event, "error.ladderChanged");
  }
  const entry = {
    actorUserId: options.actorUserId,
    entityType: "ladder_stage",
    entityId: `${options.organizationId}:${stage.code}`,
    action: options.event,
    fromState: from,
    toState: to,
    detail: { organizationId: options.organizationId, stage: stage.code, note, mentorId: options.mentorId },
    now: options.now,
  };
  await writeAudit(trx, { ...entry, organizationId: options.organizationId });
  if (options.mentorId !== null) await writeAudit(trx, { ...entry, organizationId: options.mentorId });
  if (options.event === "sign_off" || options.event === "return" || options.event === "reopen") {
    await notify(trx, {
      recipients: { organizationId: options.organizationId },
      kind: `ladder_${options.event}`,
      params: { stage: bilingualName(stage), note },
      link: "/development",
      organizationId: options.organizationId,
      now: options.now,
    });
  } else if (options.event === "submit") {
    const mentors = await trx
      .selectFrom("programme_enrolments")
      .select("mentor_id")
      .distinct()
      .where("organization_id", "=", options.organizationId)
      .where("status", "=", "active")
      .execute();
    for (const m of mentors) {
      await notify(trx, {
        recipients: { organizationId: m.mentor_id },
        kind: "ladder_submit",
        params: { stage: bilingualName(stage) },
        link: `/mentor/ikm/${options.organizationId}`,
        organizationId: m.mentor_id,
        now: options.now,
      });
    }
  }
  return { from, to };
}

/** A stage's name for a notification read in either language: "Manajemen mutu (Quality management)". */
function bilingualName(stage: { name_id: string; name_en: string }): string {
  return stage.name_id === stage.name_en ? stage.name_id : `${stage.name_id} (${stage.name_en})`;
}
