import type { z } from "zod";
import type { Db, DbOrTrx, Trx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit, writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { allowedEvents } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { storeListingFile } from "../suppliers/listing-files.server";
import { shiftDate } from "../time";
import { applyEnrolmentEvent } from "./apply-enrolment-event.server";
import { applyLadderEvent } from "./apply-ladder-event.server";
import type { EvidenceSchema, ProgrammeSchema, VisitSchema } from "./development-schemas";
import { ENROLMENT_EVENT_ACTORS, enrolmentTransitions, type EnrolmentEvent, type EnrolmentSide } from "./enrolment-states";
import { evaluateStage } from "./ladder-criteria";
import { currentStages, ladderFacts, listStages } from "./ladder.server";
import { LADDER_EVENT_ACTORS, type LadderEvent, type LadderSide } from "./ladder-states";

// Mentors and the IKMs they coach: programmes, enrolment, what a mentor may see, visits and assessments
// with follow-up actions, ladder evidence and the ladder's steps. Every query is scoped by organization.

export const IKM_KINDS = ["supplier", "cooperative"] as const;

export async function createProgramme(db: Db, options: { mentorId: number; actorUserId: number; input: z.output<typeof ProgrammeSchema>; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("programmes")
      .values({
        mentor_id: options.mentorId,
        name: options.input.name,
        cohort: options.input.cohort ?? "",
        starts_on: options.input.startsOn,
        ends_on: options.input.endsOn,
        description: options.input.description ?? "",
        created_by_user_id: options.actorUserId,
        created_at: toTimestamp(options.now),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorUserId: options.actorUserId, organizationId: options.mentorId, entityType: "programme", entityId: id, action: "create", detail: { name: options.input.name }, now: options.now });
    return id;
  });
}

/** A mentor enrols an IKM or cooperative in one of its own programmes; the IKM is asked to accept. */
export async function enrolOrganization(db: Db, options: { mentorId: number; programmeId: number; organizationId: number; actorUserId: number; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const programme = await trx.selectFrom("programmes").select(["id", "name"]).where("id", "=", options.programmeId).where("mentor_id", "=", options.mentorId).executeTakeFirst();
    if (!programme) throw new DomainError("error.notFound", 404);
    const ikm = await trx.selectFrom("organizations").select(["id", "kind"]).where("id", "=", options.organizationId).executeTakeFirst();
    if (!ikm || !(IKM_KINDS as readonly string[]).includes(ikm.kind)) throw new DomainError("error.enrolIkmOnly", 422, "organizationId");
    const existing = await trx.selectFrom("programme_enrolments").select(["id", "status"]).where("programme_id", "=", programme.id).where("organization_id", "=", ikm.id).executeTakeFirst();
    if (existing) {
      if (existing.status === "invited" || existing.status === "active") throw new DomainError("error.alreadyEnrolled", 409, "organizationId");
      await applyEnrolmentEvent(trx, { enrolmentId: existing.id, event: "reinvite", side: "mentor", actorUserId: options.actorUserId, now: options.now });
      return existing.id;
    }
    const at = toTimestamp(options.now);
    const { id } = await trx
      .insertInto("programme_enrolments")
      .values({ programme_id: programme.id, mentor_id: options.mentorId, organization_id: ikm.id, status: "invited", invited_by_user_id: options.actorUserId, created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAuditForEach(trx, [ikm.id, options.mentorId], {
      actorUserId: options.actorUserId,
      entityType: "enrolment",
      entityId: id,
      action: "invite",
      toState: "invited",
      detail: { programmeId: programme.id, programme: programme.name, organizationId: ikm.id },
      now: options.now,
    });
    await notify(trx, { recipients: { organizationId: ikm.id }, kind: "enrolment_invited", params: { programme: programme.name }, link: "/development", organizationId: ikm.id, now: options.now });
    return id;
  });
}

/** A step on an enrolment by its IKM (accept, decline, leave) or its mentor (reinvite), scoped to that side. */
export async function takeEnrolmentStep(db: Db, options: { organizationId: number; side: EnrolmentSide; enrolmentId: number; event: EnrolmentEvent; actorUserId: number; now: Date }) {
  if (!ENROLMENT_EVENT_ACTORS[options.event].includes(options.side)) throw new DomainError("error.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("programme_enrolments")
      .select("id")
      .where("id", "=", options.enrolmentId)
      .where(options.side === "ikm" ? "organization_id" : "mentor_id", "=", options.organizationId)
      .executeTakeFirst();
    if (!row) throw new DomainError("error.notFound", 404);
    return applyEnrolmentEvent(trx, { enrolmentId: row.id, event: options.event, side: options.side, actorUserId: options.actorUserId, now: options.now });
  });
}

/** The IKM lets its mentor see its bids and orders (or stops): on an active enrolment, audited. */
export async function setSharing(db: Db, options: { organizationId: number; enrolmentId: number; share: boolean; actorUserId: number; now: Date }) {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("programme_enrolments").selectAll().where("id", "=", options.enrolmentId).where("organization_id", "=", options.organizationId).executeTakeFirst();
    if (!row) throw new DomainError("error.notFound", 404);
    if (row.status !== "active") throw new DomainError("error.conflict", 409);
    await trx
      .updateTable("programme_enrolments")
      .set({ shares_orders: options.share ? 1 : 0, revision: row.revision + 1, updated_at: toTimestamp(options.now) })
      .where("id", "=", row.id)
      .execute();
    await writeAuditForEach(trx, [row.organization_id, row.mentor_id], {
      actorUserId: options.actorUserId,
      entityType: "enrolment",
      entityId: row.id,
      action: options.share ? "share_orders" : "stop_sharing",
      detail: { programmeId: row.programme_id },
      now: options.now,
    });
  });
}

/**
 * A mentor's view of an IKM exists only while the IKM is actively enrolled in one of its programmes: anything
 * else is a 404 (the IKM's existence is not confirmed). `sharesOrders`: whether the IKM shares bids and orders.
 */
export async function requireCoached(db: DbOrTrx, mentorId: number, organizationId: number): Promise<{ sharesOrders: boolean; programmeIds: number[] }> {
  const rows = await db
    .selectFrom("programme_enrolments")
    .select(["programme_id", "shares_orders"])
    .where("mentor_id", "=", mentorId)
    .where("organization_id", "=", organizationId)
    .where("status", "=", "active")
    .execute();
  if (rows.length === 0) throw new DomainError("error.notFound", 404);
  return { sharesOrders: rows.some((r) => r.shares_orders === 1), programmeIds: rows.map((r) => r.programme_id) };
}

/** A mentor's programmes with their enrolments (every status), for its home page. */
export async function mentorProgrammes(db: DbOrTrx, mentorId: number) {
  const programmes = await db.selectFrom("programmes").selectAll().where("mentor_id", "=", mentorId).orderBy("starts_on", "desc").orderBy("id", "desc").execute();
  const enrolments = programmes.length
    ? await db
        .selectFrom("programme_enrolments")
        .innerJoin("organizations", "organizations.id", "programme_enrolments.organization_id")
        .select([
          "programme_enrolments.id",
          "programme_enrolments.programme_id",
          "programme_enrolments.organization_id",
          "programme_enrolments.status",
          "programme_enrolments.shares_orders",
          "organizations.legal_name",
          "organizations.kind",
        ])
        .where("programme_enrolments.mentor_id", "=", mentorId)
        .orderBy("organizations.legal_name")
        .execute()
    : [];
  // The highest stage signed off, for the IKMs the mentor coaches now (an accepted, active enrolment) only.
  const stages = await currentStages(db, [...new Set(enrolments.filter((e) => e.status === "active").map((e) => e.organization_id))]);
  return programmes.map((p) => ({
    ...p,
    enrolments: enrolments
      .filter((e) => e.programme_id === p.id)
      .map((e) => ({
        ...e,
        stage: e.status === "active" ? (stages.get(e.organization_id) ?? null) : null,
        events: allowedEvents(enrolmentTransitions, e.status, { table: ENROLMENT_EVENT_ACTORS, side: "mentor" }),
      })),
  }));
}

/** An IKM's enrolments (every mentor), with the steps it may take, for its development page. */
export async function enrolmentsOf(db: DbOrTrx, organizationId: number) {
  const rows = await db
    .selectFrom("programme_enrolments")
    .innerJoin("programmes", "programmes.id", "programme_enrolments.programme_id")
    .innerJoin("organizations as mentor", "mentor.id", "programme_enrolments.mentor_id")
    .select([
      "programme_enrolments.id",
      "programme_enrolments.status",
      "programme_enrolments.shares_orders",
      "programmes.name",
      "programmes.cohort",
      "programmes.starts_on",
      "programmes.ends_on",
      "mentor.legal_name as mentor_name",
    ])
    .where("programme_enrolments.organization_id", "=", organizationId)
    .orderBy("programme_enrolments.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, events: allowedEvents(enrolmentTransitions, r.status, { table: ENROLMENT_EVENT_ACTORS, side: "ikm" }) }));
}

/** Whether any mentor coaches this IKM now (its development page then shows the ladder's mentor side). */
export async function hasActiveMentor(db: DbOrTrx, organizationId: number): Promise<boolean> {
  const row = await db.selectFrom("programme_enrolments").select("id").where("organization_id", "=", organizationId).where("status", "=", "active").executeTakeFirst();
  return row !== undefined;
}

/**
 * A step on an IKM's ladder stage: the IKM submits, the mentor (of a coached IKM) signs off, returns or reopens.
 * A sign-off is refused while the stage's criteria are not met.
 */
export async function takeLadderStep(
  db: Db,
  options: { organizationId: number; side: LadderSide; mentorId: number | null; stageId: number; event: LadderEvent; revision: number; note?: string; actorUserId: number; now: Date; today: string },
) {
  if (!LADDER_EVENT_ACTORS[options.event].includes(options.side)) throw new DomainError("error.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    if (options.side === "mentor") await requireCoached(trx, options.mentorId!, options.organizationId);
    if (options.event === "sign_off") {
      const stage = (await listStages(trx)).find((s) => s.id === options.stageId);
      if (!stage) throw new DomainError("error.notFound", 404);
      const { ready } = evaluateStage({ id: stage.id, rule: stage.rule, criteria: stage.criteriaList }, await ladderFacts(trx, options.organizationId, options.today));
      if (!ready) throw new DomainError("error.criteriaNotMet", 422, "event");
    }
    return applyLadderEvent(trx, {
      organizationId: options.organizationId,
      stageId: options.stageId,
      event: options.event,
      actorUserId: options.actorUserId,
      mentorId: options.side === "mentor" ? options.mentorId : null,
      expectedRevision: options.revision,
      note: options.note,
      now: options.now,
    });
  });
}

async function startStageIfNew(trx: Trx, options: { organizationId: number; stageId: number; actorUserId: number; mentorId: number | null; now: Date }) {
  const row = await trx.selectFrom("ladder_progress").select("id").where("organization_id", "=", options.organizationId).where("stage_id", "=", options.stageId).executeTakeFirst();
  if (!row) await applyLadderEvent(trx, { ...options, event: "start" });
}

/** Evidence for one criterion of a stage: a document (a certificate with its validity), a PPAP submission with its FAI report, a photo. */
export async function addEvidence(
  db: Db,
  options: { organizationId: number; side: LadderSide; mentorId: number | null; actorUserId: number; input: z.output<typeof EvidenceSchema>; now: Date },
): Promise<number> {
  const stage = (await listStages(db)).find((s) => s.id === options.input.stageId);
  const criterion = stage?.criteriaList.find((c) => c.code === options.input.criterionCode);
  if (!stage || !criterion) throw new DomainError("error.notFound", 404);
  const bytes = new Uint8Array(await options.input.file.arrayBuffer());
  const kind = criterion.kind === "ppap" ? "ppap" : "document";
  const ppapLevel = kind === "ppap" ? (options.input.ppapLevel === "" || options.input.ppapLevel === undefined ? null : options.input.ppapLevel) : null;
  if (kind === "ppap" && ppapLevel === null) throw new DomainError("error.ppapLevel", 422, "ppapLevel");
  return db.transaction().execute(async (trx) => {
    if (options.side === "mentor") await requireCoached(trx, options.mentorId!, options.organizationId);
    const fileId = await storeListingFile(trx, {
      organizationId: options.organizationId,
      actorUserId: options.actorUserId,
      label: `${stage.name_id} — ${criterion.labelId}`,
      originalName: options.input.file.name,
      bytes,
      field: "file",
      now: options.now,
    });
    const { id } = await trx
      .insertInto("ladder_evidence")
      .values({
        organization_id: options.organizationId,
        stage_id: stage.id,
        criterion_code: criterion.code,
        kind,
        file_id: fileId,
        ppap_level: ppapLevel,
        part_name: options.input.partName || null,
        valid_until: options.input.validUntil || null,
        note: options.input.note ?? "",
        created_by_user_id: options.actorUserId,
        created_by_org_id: options.side === "mentor" ? options.mentorId : options.organizationId,
        created_at: toTimestamp(options.now),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await startStageIfNew(trx, { organizationId: options.organizationId, stageId: stage.id, actorUserId: options.actorUserId, mentorId: options.side === "mentor" ? options.mentorId : null, now: options.now });
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.organizationId,
      entityType: "ladder_evidence",
      entityId: id,
      action: "add",
      detail: { stage: stage.code, criterion: criterion.code, kind, ppapLevel, fileId },
      now: options.now,
    });
    return id;
  });
}

/**
 * A mentor records a visit or assessment of a coached IKM: date, findings, a scored checklist for the stage
 * (5R), photos, and follow-up actions with due dates and owners (people of the IKM).
 */
export async function recordVisit(
  db: Db,
  options: { mentorId: number; organizationId: number; actorUserId: number; input: z.output<typeof VisitSchema>; now: Date },
): Promise<number> {
  const { input } = options;
  const stage = input.stageId ? (await listStages(db)).find((s) => s.id === input.stageId) : undefined;
  if (input.stageId && !stage) throw new DomainError("error.notFound", 404, "stageId");
  if (input.kind !== "visit" && !stage) throw new DomainError("error.stageRequired", 422, "stageId");
  const scoreCriteria = stage?.criteriaList.filter((c) => c.kind === "score") ?? [];
  const scores: Record<string, number> = {};
  for (const c of scoreCriteria) {
    const value = input.scores?.[c.code];
    if (value === undefined || value === "") {
      if (input.kind === "assessment") throw new DomainError("error.required", 422, `scores.${c.code}`);
      continue;
    }
    if (value > (c.max ?? 5)) throw new DomainError("error.scoreTooHigh", 422, `scores.${c.code}`, { max: c.max ?? 5 });
    scores[c.code] = value;
  }
  const photos = (input.photos ?? []).filter((f) => f.size > 0).slice(0, 10);
  const photoBytes = await Promise.all(photos.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  return db.transaction().execute(async (trx) => {
    const coached = await requireCoached(trx, options.mentorId, options.organizationId);
    const owners = new Set(
      (await trx.selectFrom("memberships").select("user_id").where("organization_id", "=", options.organizationId).execute()).map((m) => m.user_id),
    );
    for (const [i, a] of input.actions.entries()) {
      if (a.ownerUserId && !owners.has(a.ownerUserId)) throw new DomainError("error.invalid", 422, `actions[${i}].ownerUserId`);
    }
    const at = toTimestamp(options.now);
    const { id } = await trx
      .insertInto("mentor_visits")
      .values({
        organization_id: options.organizationId,
        mentor_id: options.mentorId,
        programme_id: coached.programmeIds[0] ?? null,
        stage_id: stage?.id ?? null,
        kind: input.kind,
        visited_on: input.visitedOn,
        findings: input.findings,
        scores: JSON.stringify(scores),
        created_by_user_id: options.actorUserId,
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const a of input.actions) {
      await trx
        .insertInto("mentor_actions")
        .values({ visit_id: id, organization_id: options.organizationId, description: a.description!, owner_user_id: a.ownerUserId || null, due_on: a.dueOn!, created_at: at })
        .execute();
    }
    for (const photo of photoBytes) {
      const fileId = await storeListingFile(trx, { organizationId: options.organizationId, actorUserId: options.actorUserId, label: `Foto kunjungan ${input.visitedOn}`, originalName: photo.name, bytes: photo.bytes, field: "photos", photo: true, now: options.now });
      await trx
        .insertInto("ladder_evidence")
        .values({ organization_id: options.organizationId, stage_id: stage?.id ?? (await firstStageId(trx)), criterion_code: "visit_photo", kind: "photo", file_id: fileId, visit_id: id, created_by_user_id: options.actorUserId, created_by_org_id: options.mentorId, created_at: at })
        .execute();
    }
    if (stage) await startStageIfNew(trx, { organizationId: options.organizationId, stageId: stage.id, actorUserId: options.actorUserId, mentorId: options.mentorId, now: options.now });
    await writeAuditForEach(trx, [options.organizationId, options.mentorId], {
      actorUserId: options.actorUserId,
      entityType: "mentor_visit",
      entityId: id,
      action: input.kind,
      detail: { organizationId: options.organizationId, stage: stage?.code ?? null, scores, actions: input.actions.length, photos: photoBytes.length },
      now: options.now,
    });
    await notify(trx, { recipients: { organizationId: options.organizationId }, kind: "mentor_visit_recorded", params: { date: input.visitedOn, actions: input.actions.length }, link: "/development", organizationId: options.organizationId, now: options.now });
    return id;
  });
}

async function firstStageId(trx: DbOrTrx): Promise<number> {
  const row = await trx.selectFrom("ladder_stages").select("id").orderBy("position").limit(1).executeTakeFirstOrThrow();
  return row.id;
}

/** An action is done: by the IKM it belongs to, or by a mentor coaching it. */
export async function completeAction(db: Db, options: { actionId: number; organizationId: number; side: LadderSide; actorUserId: number; now: Date }) {
  await db.transaction().execute(async (trx) => {
    const action = await trx
      .selectFrom("mentor_actions")
      .innerJoin("mentor_visits", "mentor_visits.id", "mentor_actions.visit_id")
      .select(["mentor_actions.id", "mentor_actions.status", "mentor_actions.organization_id", "mentor_visits.mentor_id"])
      .where("mentor_actions.id", "=", options.actionId)
      .where(options.side === "ikm" ? "mentor_actions.organization_id" : "mentor_visits.mentor_id", "=", options.organizationId)
      .executeTakeFirst();
    if (!action) throw new DomainError("error.notFound", 404);
    if (options.side === "mentor") await requireCoached(trx, options.organizationId, action.organization_id);
    const result = await trx.updateTable("mentor_actions").set({ status: "done", done_at: toTimestamp(options.now) }).where("id", "=", action.id).where("status", "=", "open").executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new DomainError("error.conflict", 409);
    await writeAuditForEach(trx, [action.organization_id, action.mentor_id], { actorUserId: options.actorUserId, entityType: "mentor_action", entityId: action.id, action: "complete", fromState: "open", toState: "done", now: options.now });
  });
}

/** Visits, their photos and actions of one IKM, newest first. */
export async function visitsOf(db: DbOrTrx, organizationId: number) {
  const [visits, actions, photos] = await Promise.all([
    db
      .selectFrom("mentor_visits")
      .innerJoin("organizations as mentor", "mentor.id", "mentor_visits.mentor_id")
      .leftJoin("ladder_stages", "ladder_stages.id", "mentor_visits.stage_id")
      .leftJoin("users", "users.id", "mentor_visits.created_by_user_id")
      .select([
        "mentor_visits.id",
        "mentor_visits.kind",
        "mentor_visits.visited_on",
        "mentor_visits.findings",
        "mentor_visits.scores",
        "mentor_visits.stage_id",
        "ladder_stages.name_id as stage_name_id",
        "ladder_stages.name_en as stage_name_en",
        "mentor.legal_name as mentor_name",
        "users.name as mentor_person",
      ])
      .where("mentor_visits.organization_id", "=", organizationId)
      .orderBy("mentor_visits.visited_on", "desc")
      .orderBy("mentor_visits.id", "desc")
      .limit(50)
      .execute(),
    db
      .selectFrom("mentor_actions")
      .leftJoin("users", "users.id", "mentor_actions.owner_user_id")
      .select(["mentor_actions.id", "mentor_actions.visit_id", "mentor_actions.description", "mentor_actions.due_on", "mentor_actions.status", "mentor_actions.done_at", "users.name as owner_name"])
      .where("mentor_actions.organization_id", "=", organizationId)
      .orderBy("mentor_actions.due_on")
      .execute(),
    db.selectFrom("ladder_evidence").select(["id", "visit_id", "file_id"]).where("organization_id", "=", organizationId).where("kind", "=", "photo").execute(),
  ]);
  return visits.map((v) => ({
    ...v,
    scores: JSON.parse(v.scores) as Record<string, number>,
    actions: actions.filter((a) => a.visit_id === v.id),
    photoFileIds: photos.filter((p) => p.visit_id === v.id && p.file_id !== null).map((p) => p.file_id!),
  }));
}

/** Evidence of one IKM (documents, PPAP, photos), newest first, with the file's name. */
export async function evidenceOf(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom("ladder_evidence")
    .leftJoin("listing_files", "listing_files.id", "ladder_evidence.file_id")
    .leftJoin("users", "users.id", "ladder_evidence.created_by_user_id")
    .select([
      "ladder_evidence.id",
      "ladder_evidence.stage_id",
      "ladder_evidence.criterion_code",
      "ladder_evidence.kind",
      "ladder_evidence.file_id",
      "ladder_evidence.ppap_level",
      "ladder_evidence.part_name",
      "ladder_evidence.valid_until",
      "ladder_evidence.note",
      "ladder_evidence.created_at",
      "listing_files.original_name",
      "users.name as added_by",
    ])
    .where("ladder_evidence.organization_id", "=", organizationId)
    .where("ladder_evidence.kind", "!=", "photo")
    .orderBy("ladder_evidence.id", "desc")
    .execute();
}

/** Whether a file of the IKM is part of its ladder evidence (what a coaching mentor may open). */
export async function isEvidenceFile(db: DbOrTrx, organizationId: number, fileId: number): Promise<boolean> {
  const row = await db.selectFrom("ladder_evidence").select("id").where("organization_id", "=", organizationId).where("file_id", "=", fileId).executeTakeFirst();
  return row !== undefined;
}

/**
 * The daily reminder of follow-up actions: three days before the due date and once overdue, each once (the
 * `reminded_for` mark is set in the same conditional update that claims it, so two servers never both send).
 */
export async function remindDueActions(db: Db, options: { today: string; now: Date }): Promise<number> {
  const soon = shiftDate(options.today, 3);
  const due = await db
    .selectFrom("mentor_actions")
    .select(["id", "organization_id", "owner_user_id", "description", "due_on", "reminded_for"])
    .where("status", "=", "open")
    .where("due_on", "<=", soon)
    .execute();
  let sent = 0;
  for (const action of due) {
    const mark = action.due_on < options.today ? `overdue:${action.due_on}` : `due:${action.due_on}`;
    if (action.reminded_for === mark) continue;
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable("mentor_actions")
        .set({ reminded_for: mark })
        .where("id", "=", action.id)
        .where("status", "=", "open")
        .where((eb) => (action.reminded_for === null ? eb("reminded_for", "is", null) : eb("reminded_for", "=", action.reminded_for)))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      await notify(trx, {
        recipients: action.owner_user_id ? { userIds: [action.owner_user_id] } : { organizationId: action.organization_id },
        kind: mark.startsWith("overdue") ? "mentor_action_overdue" : "mentor_action_due",
        params: { action: action.description, due: action.due_on },
        link: "/development",
        organizationId: action.organization_id,
        now: options.now,
      });
      sent += 1;
    });
  }
  return sent;
}
