import type { z } from "zod";
import type { Db, DbOrTrx, Trx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { allowedEvents } from "../lifecycle";
import { scheduleStates } from "../orders/order-progress";
import { inviteSuppliers } from "../rfqs/invite-suppliers.server";
import { supplierScorecard } from "../scorecards/scorecard.server";
import { jakartaDate } from "../time";
import { applyRelationshipEvent } from "./apply-relationship-event.server";
import type { InviteTrialSchema, RequirementsSchema } from "./development-schemas";
import { evaluateCriterion, type LadderFacts } from "./ladder-criteria";
import { ladderFacts, listStages, progressOf } from "./ladder.server";
import { probationCap, probationComplete, trialVerdict } from "./probation";
import { RELATIONSHIP_EVENT_ACTORS, relationshipTransitions, type RelationshipState } from "./relationship-states";

// What "approved supplier" means to a buyer, where any IKM stands against it, and probation: trial
// invitations with a capped award size, trial orders and their verdict, approval after the buyer's number.

export interface BuyerRequirements {
  stageCodes: string[];
  certificates: string[];
  ppapLevel: number | null;
  trialOrders: number;
  trialCapQuantity: number;
  note: string;
  saved: boolean;
}

const parseList = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

export async function buyerRequirements(db: DbOrTrx, buyerId: number): Promise<BuyerRequirements> {
  const row = await db.selectFrom("buyer_requirements").selectAll().where("buyer_id", "=", buyerId).executeTakeFirst();
  if (!row) return { stageCodes: [], certificates: [], ppapLevel: null, trialOrders: 3, trialCapQuantity: 100, note: "", saved: false };
  return { stageCodes: parseList(row.stage_codes), certificates: parseList(row.certificates), ppapLevel: row.ppap_level, trialOrders: row.trial_orders, trialCapQuantity: row.trial_cap_quantity, note: row.note, saved: true };
}

export async function saveRequirements(db: Db, options: { buyerId: number; actorUserId: number; input: z.output<typeof RequirementsSchema>; now: Date }) {
  const stages = new Set((await listStages(db)).map((s) => s.code));
  const unknown = options.input.stageCodes.find((c) => !stages.has(c));
  if (unknown) throw new DomainError("error.invalid", 422, "stageCodes");
  const values = {
    stage_codes: JSON.stringify([...new Set(options.input.stageCodes)]),
    certificates: JSON.stringify([...new Set(options.input.certificates)]),
    ppap_level: options.input.ppapLevel === "" || options.input.ppapLevel === undefined ? null : options.input.ppapLevel,
    trial_orders: options.input.trialOrders,
    trial_cap_quantity: options.input.trialCapQuantity,
    note: options.input.note ?? "",
    updated_by_user_id: options.actorUserId,
    updated_at: toTimestamp(options.now),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("buyer_requirements")
      .values({ buyer_id: options.buyerId, ...values })
      .onConflict((oc) => oc.column("buyer_id").doUpdateSet(values))
      .execute();
    await writeAudit(trx, { actorUserId: options.actorUserId, organizationId: options.buyerId, entityType: "buyer_requirements", entityId: options.buyerId, action: "save", detail: values, now: options.now });
  });
}

/** One requirement of the buyer and whether the IKM meets it now. */
export interface ReadinessItem {
  kind: "stage" | "certificate" | "ppap" | "trial_orders";
  code: string;
  met: boolean;
  /** The level or count reached, when there is one. */
  value: number | null;
  required: number | null;
}

/** Where an IKM stands against one buyer's meaning of "approved supplier" (and its probation with that buyer). */
export async function readinessFor(db: DbOrTrx, options: { buyerId: number; supplierId: number; today: string }) {
  const [requirements, facts, progress, relationship, stages] = await Promise.all([
    buyerRequirements(db, options.buyerId),
    ladderFacts(db, options.supplierId, options.today),
    progressOf(db, [options.supplierId]),
    relationshipOf(db, options.buyerId, options.supplierId),
    listStages(db),
  ]);
  const signed = new Set(progress.filter((p) => p.status === "signed_off").map((p) => p.stage_id));
  const items: ReadinessItem[] = [];
  for (const code of requirements.stageCodes) {
    const stage = stages.find((s) => s.code === code);
    items.push({ kind: "stage", code, met: stage !== undefined && signed.has(stage.id), value: null, required: null });
  }
  for (const code of requirements.certificates) items.push({ kind: "certificate", code, met: hasCertificate(facts, code, stages), value: null, required: null });
  if (requirements.ppapLevel !== null) {
    const level = bestPpap(facts);
    items.push({ kind: "ppap", code: "ppap", met: level !== null && level >= requirements.ppapLevel, value: level, required: requirements.ppapLevel });
  }
  const passedHere = relationship?.trial_orders_passed ?? 0;
  if (requirements.trialOrders > 0) items.push({ kind: "trial_orders", code: "trial_orders", met: passedHere >= requirements.trialOrders, value: passedHere, required: requirements.trialOrders });
  const state: RelationshipState = relationship?.status ?? "none";
  return {
    requirements,
    items,
    met: items.filter((i) => i.met).length,
    ready: items.every((i) => i.met),
    relationship,
    state,
    events: allowedEvents(relationshipTransitions, state, { table: RELATIONSHIP_EVENT_ACTORS, side: "buyer" }),
  };
}

function hasCertificate(facts: LadderFacts, code: string, stages: Awaited<ReturnType<typeof listStages>>): boolean {
  if (facts.listingCertificates.has(code)) return true;
  // A certificate criterion of the ladder evidenced by an uploaded, valid document counts too.
  return stages.some((s) => s.criteriaList.some((c) => c.kind === "certificate" && c.certificate === code && evaluateCriterion(s.id, c, facts).met));
}

function bestPpap(facts: LadderFacts): number | null {
  const levels = facts.evidence.filter((e) => e.kind === "ppap" && e.fileId !== null).map((e) => e.ppapLevel ?? 0);
  return levels.length ? Math.max(...levels) : null;
}

export function relationshipOf(db: DbOrTrx, buyerId: number, supplierId: number) {
  return db.selectFrom("supplier_relationships").selectAll().where("buyer_id", "=", buyerId).where("supplier_id", "=", supplierId).executeTakeFirst();
}

/** A buyer's suppliers on trial or approved, by name. */
export async function relationshipsOf(db: DbOrTrx, buyerId: number) {
  return db
    .selectFrom("supplier_relationships")
    .innerJoin("organizations", "organizations.id", "supplier_relationships.supplier_id")
    .selectAll("supplier_relationships")
    .select(["organizations.legal_name", "organizations.slug"])
    .where("supplier_relationships.buyer_id", "=", buyerId)
    .orderBy("organizations.legal_name")
    .execute();
}

/** The buyer invites an IKM on trial with a cap (pieces per award), and to one of its open RFQs if it names one. */
export async function inviteOnTrial(db: Db, options: { buyerId: number; actorUserId: number; input: z.output<typeof InviteTrialSchema>; now: Date }) {
  const supplier = await db.selectFrom("organizations").select(["id", "kind"]).where("id", "=", options.input.supplierId).executeTakeFirst();
  if (!supplier || (supplier.kind !== "supplier" && supplier.kind !== "cooperative")) throw new DomainError("error.notFound", 404);
  const requirements = await buyerRequirements(db, options.buyerId);
  await db.transaction().execute(async (trx) => {
    await applyRelationshipEvent(trx, {
      buyerId: options.buyerId,
      supplierId: supplier.id,
      event: "invite_trial",
      actorUserId: options.actorUserId,
      now: options.now,
      set: { baseCap: options.input.capQuantity, cap: options.input.capQuantity, required: Math.max(1, requirements.trialOrders), passed: 0 },
    });
  });
  if (options.input.rfqId) {
    await inviteSuppliers(db, { rfqId: options.input.rfqId, buyerId: options.buyerId, supplierIds: [supplier.id], actorUserId: options.actorUserId, now: options.now });
  }
}

/** The buyer approves a supplier (before its trial orders are done) or ends the relationship. */
export async function relationshipStep(db: Db, options: { buyerId: number; supplierId: number; event: "approve" | "end"; reason?: string; actorUserId: number; now: Date }) {
  await db.transaction().execute(async (trx) => {
    // Approving a supplier never on trial: its row starts from the buyer's own trial terms.
    const existing = await relationshipOf(trx, options.buyerId, options.supplierId);
    const requirements = existing ? null : await buyerRequirements(trx, options.buyerId);
    const set = requirements ? { baseCap: requirements.trialCapQuantity, cap: requirements.trialCapQuantity, required: Math.max(1, requirements.trialOrders), passed: 0 } : {};
    await applyRelationshipEvent(trx, { buyerId: options.buyerId, supplierId: options.supplierId, event: options.event, actorUserId: options.actorUserId, reason: options.reason ?? null, now: options.now, set });
  });
}

/**
 * Called by the award inside its transaction: which winners are on trial with this buyer (their orders become
 * trial orders) — every winner still on trial, and when the buyer marks the award a trial, every winner not yet
 * approved (invited on trial now, at the buyer's base cap). Refuses an award over a trial supplier's cap.
 */
export async function trialWinners(trx: Trx, options: { buyerId: number; markTrial: boolean; awarded: readonly { supplierId: number; quantity: number }[]; actorUserId: number; now: Date }): Promise<Set<number>> {
  const totals = new Map<number, number>();
  for (const a of options.awarded) totals.set(a.supplierId, (totals.get(a.supplierId) ?? 0) + a.quantity);
  const trial = new Set<number>();
  const requirements = options.markTrial ? await buyerRequirements(trx, options.buyerId) : null;
  for (const [supplierId, quantity] of totals) {
    let relationship = await relationshipOf(trx, options.buyerId, supplierId);
    if (options.markTrial && requirements && (!relationship || relationship.status === "ended")) {
      relationship = (
        await applyRelationshipEvent(trx, {
          buyerId: options.buyerId,
          supplierId,
          event: "invite_trial",
          actorUserId: options.actorUserId,
          now: options.now,
          set: { baseCap: requirements.trialCapQuantity, cap: requirements.trialCapQuantity, required: Math.max(1, requirements.trialOrders), passed: 0 },
        })
      ).relationship;
    }
    if (relationship?.status !== "trial") continue;
    if (quantity > relationship.cap_quantity) throw new DomainError("error.trialCapExceeded", 422, "allocations", { cap: relationship.cap_quantity });
    trial.add(supplierId);
  }
  return trial;
}

/**
 * A trial order was completed: its verdict (on time and accepted at quality) is stored on the order, and a pass
 * moves the supplier's probation on — the cap grows with its scorecard; at the buyer's number it is approved.
 */
export async function settleTrialOrder(trx: Trx, options: { orderId: number; now: Date }): Promise<void> {
  const order = await trx.selectFrom("orders").select(["id", "number", "buyer_id", "supplier_id", "is_trial", "trial_passed", "needed_by"]).where("id", "=", options.orderId).executeTakeFirstOrThrow();
  if (order.is_trial !== 1 || order.trial_passed !== null) return;
  const today = jakartaDate(options.now);
  const lines = await trx.selectFrom("order_lines").select(["id", "quantity"]).where("order_id", "=", order.id).execute();
  const lineIds = lines.map((l) => l.id);
  const shipments = lineIds.length
    ? await trx
        .selectFrom("shipment_lines")
        .innerJoin("shipments", "shipments.id", "shipment_lines.shipment_id")
        .select(["shipment_lines.order_line_id", "shipments.shipped_on", "shipment_lines.quantity", "shipment_lines.replacement_quantity", "shipment_lines.accepted_quantity", "shipment_lines.rejected_quantity"])
        .where("shipment_lines.order_line_id", "in", lineIds)
        .execute()
    : [];
  const schedules = lineIds.length
    ? await trx.selectFrom("delivery_schedules").select(["id", "order_line_id", "sequence", "due_on", "quantity"]).where("order_line_id", "in", lineIds).execute()
    : [];
  const progressShipments = shipments.map((s) => ({
    orderLineId: s.order_line_id,
    shippedOn: s.shipped_on,
    quantity: s.quantity,
    replacementQuantity: s.replacement_quantity,
    accepted: s.accepted_quantity,
    rejected: s.rejected_quantity,
  }));
  const dueSchedules =
    schedules.length > 0
      ? schedules.map((s) => ({ id: s.id, orderLineId: s.order_line_id, sequence: s.sequence, dueOn: s.due_on, quantity: s.quantity }))
      : lines.map((l) => ({ id: -l.id, orderLineId: l.id, sequence: 1, dueOn: order.needed_by ?? "9999-12-31", quantity: l.quantity }));
  const passed = trialVerdict({
    deliveries: scheduleStates(dueSchedules, progressShipments, today).map((s) => s.state),
    ordered: lines.reduce((sum, l) => sum + l.quantity, 0),
    accepted: progressShipments.reduce((sum, s) => sum + (s.accepted ?? 0), 0),
    rejected: progressShipments.reduce((sum, s) => sum + (s.rejected ?? 0), 0),
  });
  await trx.updateTable("orders").set({ trial_passed: passed ? 1 : 0 }).where("id", "=", order.id).execute();
  await writeAudit(trx, { actorUserId: null, organizationId: order.buyer_id, entityType: "order", entityId: order.id, action: passed ? "trial_passed" : "trial_failed", detail: { number: order.number }, now: options.now });
  const relationship = await relationshipOf(trx, order.buyer_id, order.supplier_id);
  if (!passed || relationship?.status !== "trial") return;
  const count = relationship.trial_orders_passed + 1;
  const scorecard = await supplierScorecard(trx, order.supplier_id, today);
  const cap = probationCap({ baseCap: relationship.base_cap_quantity, passed: count, onTimePercent: scorecard.onTimePercent, firstPassPercent: scorecard.firstPassPercent });
  await applyRelationshipEvent(trx, { buyerId: order.buyer_id, supplierId: order.supplier_id, event: "pass_trial", actorUserId: null, now: options.now, set: { passed: count, cap }, detail: { orderId: order.id, number: order.number } });
  if (probationComplete(count, relationship.trial_orders_required)) {
    await applyRelationshipEvent(trx, { buyerId: order.buyer_id, supplierId: order.supplier_id, event: "approve", actorUserId: null, now: options.now, set: {}, detail: { orderId: order.id } });
  }
}
