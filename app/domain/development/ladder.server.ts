import type { DbOrTrx } from "../../../db/client";
import type { LadderStage } from "../../../db/schema";
import { allowedEvents } from "../lifecycle";
import { certificateState, parseListingData } from "../suppliers/listing-data";
import { liveListings } from "../suppliers/live-listings.server";
import { HISTORY_ENTITIES, type HistoryEntity } from "./history-entities";
import { evaluateStage, parseCriteria, type LadderCriterion, type LadderFacts } from "./ladder-criteria";
import { LADDER_EVENT_ACTORS, ladderTransitions, type LadderSide, type LadderState } from "./ladder-states";

export type StageWithCriteria = LadderStage & { criteriaList: LadderCriterion[] };

/** The ladder as the admin has it: active stages in order (all of them for the admin's editor). */
export async function listStages(db: DbOrTrx, options: { includeInactive?: boolean } = {}): Promise<StageWithCriteria[]> {
  let query = db.selectFrom("ladder_stages").selectAll().orderBy("position").orderBy("id");
  if (!options.includeInactive) query = query.where("active", "=", 1);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, criteriaList: parseCriteria(r.criteria) }));
}

/** Everything the criteria are judged on, for one IKM, in a handful of queries. */
export async function ladderFacts(db: DbOrTrx, organizationId: number, today: string): Promise<LadderFacts> {
  const [listing, evidence, visits, trials, approved] = await Promise.all([
    liveListings(db).select("listing_versions.data").where("listings.organization_id", "=", organizationId).executeTakeFirst(),
    db
      .selectFrom("ladder_evidence")
      .select(["stage_id", "criterion_code", "kind", "ppap_level", "file_id", "valid_until"])
      .where("organization_id", "=", organizationId)
      .execute(),
    db.selectFrom("mentor_visits").select(["stage_id", "kind", "scores", "visited_on", "id"]).where("organization_id", "=", organizationId).orderBy("visited_on").orderBy("id").execute(),
    db
      .selectFrom("orders")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("supplier_id", "=", organizationId)
      .where("is_trial", "=", 1)
      .where("trial_passed", "=", 1)
      .executeTakeFirst(),
    db
      .selectFrom("supplier_relationships")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("supplier_id", "=", organizationId)
      .where("status", "=", "approved")
      .executeTakeFirst(),
  ]);
  const data = listing ? parseListingData(listing.data) : null;
  const latestScores = new Map<number, Record<string, number>>();
  const gapAssessed = new Set<number>();
  for (const v of visits) {
    if (v.stage_id === null) continue;
    if (v.kind === "gap_assessment") gapAssessed.add(v.stage_id);
    const scores = safeScores(v.scores);
    if (Object.keys(scores).length > 0) latestScores.set(v.stage_id, scores);
  }
  return {
    today,
    listingCertificates: new Set((data?.certificates ?? []).filter((c) => certificateState(c, today) === "valid").map((c) => c.typeCode)),
    evidence: evidence.map((e) => ({ stageId: e.stage_id, criterionCode: e.criterion_code, kind: e.kind, ppapLevel: e.ppap_level, fileId: e.file_id, validUntil: e.valid_until })),
    latestScores,
    gapAssessed,
    trialOrdersPassed: Number(trials?.n ?? 0),
    approvedBuyers: Number(approved?.n ?? 0),
  };
}

function safeScores(json: string): Record<string, number> {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== "object") return {};
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "number")) as Record<string, number>;
  } catch {
    return {};
  }
}

export async function progressOf(db: DbOrTrx, organizationIds: readonly number[]) {
  if (organizationIds.length === 0) return [];
  return db.selectFrom("ladder_progress").selectAll().where("organization_id", "in", [...organizationIds]).execute();
}

/**
 * An IKM's ladder as a page shows it: each stage with its state, its criteria (met or not), whether it is
 * ready for sign-off, and the steps the viewing side may take (asked of the table).
 */
export async function ladderView(db: DbOrTrx, options: { organizationId: number; today: string; side: LadderSide | null }) {
  const [stages, facts, progress] = await Promise.all([listStages(db), ladderFacts(db, options.organizationId, options.today), progressOf(db, [options.organizationId])]);
  const byStage = new Map(progress.map((p) => [p.stage_id, p]));
  return stages.map((stage) => {
    const row = byStage.get(stage.id);
    const state: LadderState = row?.status ?? "not_started";
    const { states, ready } = evaluateStage({ id: stage.id, rule: stage.rule, criteria: stage.criteriaList }, facts);
    const events = options.side ? allowedEvents(ladderTransitions, state, { table: LADDER_EVENT_ACTORS, side: options.side }) : [];
    return {
      id: stage.id,
      code: stage.code,
      nameId: stage.name_id,
      nameEn: stage.name_en,
      descriptionId: stage.description_id,
      descriptionEn: stage.description_en,
      rule: stage.rule,
      state,
      revision: row?.revision ?? 0,
      signedOffAt: row?.signed_off_at ?? null,
      criteria: states.map((s) => ({ ...s.criterion, met: s.met, value: s.value })),
      ready,
      // A sign-off needs the criteria met; the other steps do not.
      events: events.filter((e) => e !== "sign_off" || ready),
    };
  });
}
export type LadderView = Awaited<ReturnType<typeof ladderView>>;

/**
 * The highest stage each IKM has signed off (by position), or null: its place on the ladder. An RFQ open only
 * to a stage lets in IKMs whose highest signed-off stage is at that position or above.
 */
export async function currentStages(db: DbOrTrx, organizationIds: readonly number[]): Promise<Map<number, { code: string; position: number; nameId: string; nameEn: string }>> {
  const result = new Map<number, { code: string; position: number; nameId: string; nameEn: string }>();
  if (organizationIds.length === 0) return result;
  const rows = await db
    .selectFrom("ladder_progress")
    .innerJoin("ladder_stages", "ladder_stages.id", "ladder_progress.stage_id")
    .select(["ladder_progress.organization_id", "ladder_stages.code", "ladder_stages.position", "ladder_stages.name_id", "ladder_stages.name_en"])
    .where("ladder_progress.organization_id", "in", [...organizationIds])
    .where("ladder_progress.status", "=", "signed_off")
    .execute();
  for (const r of rows) {
    const best = result.get(r.organization_id);
    if (!best || r.position > best.position) result.set(r.organization_id, { code: r.code, position: r.position, nameId: r.name_id, nameEn: r.name_en });
  }
  return result;
}

/** Whether the IKM stands at the stage or above it (see currentStages); a stage code that no longer exists lets nobody in. */
export async function reachedStage(db: DbOrTrx, organizationId: number, stageCode: string): Promise<boolean> {
  const stage = await db.selectFrom("ladder_stages").select("position").where("code", "=", stageCode).executeTakeFirst();
  if (!stage) return false;
  const current = (await currentStages(db, [organizationId])).get(organizationId);
  return current !== undefined && current.position >= stage.position;
}

/** The ladder's history for one IKM, from the audit log: every step, evidence, visit and enrolment answer, newest first. */
export async function ladderHistory(db: DbOrTrx, organizationId: number) {
  return db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_user_id")
    .select(["audit_log.id", "audit_log.entity_type", "audit_log.action", "audit_log.from_state", "audit_log.to_state", "audit_log.detail", "audit_log.created_at", "users.name as actor_name"])
    .where("audit_log.organization_id", "=", organizationId)
    .where("audit_log.entity_type", "in", HISTORY_ENTITIES)
    .orderBy("audit_log.id", "desc")
    .limit(60)
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, entity_type: r.entity_type as HistoryEntity })));
}
