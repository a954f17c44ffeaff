import type { Db, DbOrTrx, Trx } from "../../../db/client";
import type { WorkOrder } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit, writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { requireMembership } from "../organizations/memberships.server";
import { orderActionAllowed } from "../orders/order-states";
import { groupBy } from "../group-by";
import { shiftDate } from "../time";
import { applyWorkOrderEvent } from "./apply-work-order-event.server";
import { handoverTransitions } from "./handover-states";
import { handoverReplacement, splitSchedule, workLineProgress, type HandoverLineProgress } from "./work-order-math";
import type { HandoverInput, HandoverInspectionInput, ReallocationInput, SplitInput } from "./work-order-schemas";
import {
  WORK_ORDER_EVENTS_WITH_REASON,
  WORK_ORDER_EVENT_ACTORS,
  LIVE_WORK_ORDER_STATES,
  workOrderActionAllowed,
  workOrderTransitions,
  type WorkOrderEvent,
  type WorkOrderSide,
} from "./work-order-states";

/**
 * The work order, if the acting organization is its cooperative or its member, and which side that is. The
 * query is scoped by the organization: the buyer, another member or another cooperative's member get the
 * same 404 as for a work order that does not exist.
 */
export async function requireWorkOrderParty(
  db: DbOrTrx,
  options: { workOrderId: number; organizationId: number; actorUserId: number; side?: WorkOrderSide },
): Promise<{ workOrder: WorkOrder; side: WorkOrderSide }> {
  await requireMembership(db, options.actorUserId, options.organizationId);
  const workOrder = await db
    .selectFrom("work_orders")
    .selectAll()
    .where("id", "=", options.workOrderId)
    .where((eb) => eb.or([eb("cooperative_id", "=", options.organizationId), eb("member_id", "=", options.organizationId)]))
    .executeTakeFirst();
  if (!workOrder) throw new DomainError("error.workOrderNotFound", 404);
  const side: WorkOrderSide = workOrder.cooperative_id === options.organizationId ? "cooperative" : "member";
  if (options.side && options.side !== side) throw new DomainError(options.side === "member" ? "error.memberOnly" : "error.cooperativeOnly", 403);
  return { workOrder, side };
}

/** The cooperative's own terms (its fee on payouts, its QC lead time), with the defaults until it sets them. */
export async function cooperativeSettings(db: DbOrTrx, cooperativeId: number): Promise<{ memberFeeBp: number; qcLeadDays: number }> {
  const row = await db.selectFrom("cooperative_settings").select(["member_fee_bp", "qc_lead_days"]).where("cooperative_id", "=", cooperativeId).executeTakeFirst();
  return { memberFeeBp: row?.member_fee_bp ?? 0, qcLeadDays: row?.qc_lead_days ?? 7 };
}

export async function saveCooperativeSettings(
  db: Db,
  options: { cooperativeId: number; actorUserId: number; memberFeeBp: number; qcLeadDays: number; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const coop = await requireMembership(trx, options.actorUserId, options.cooperativeId, "owner");
    if (coop.kind !== "cooperative") throw new DomainError("error.cooperativeOnly", 403);
    const at = toTimestamp(options.now);
    const values = { member_fee_bp: options.memberFeeBp, qc_lead_days: options.qcLeadDays, updated_at: at };
    await trx
      .insertInto("cooperative_settings")
      .values({ cooperative_id: options.cooperativeId, ...values })
      .onConflict((oc) => oc.column("cooperative_id").doUpdateSet(values))
      .execute();
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.cooperativeId,
      entityType: "cooperative_settings",
      entityId: options.cooperativeId,
      action: "update",
      detail: { memberFeeBp: options.memberFeeBp, qcLeadDays: options.qcLeadDays },
      now: options.now,
    });
  });
}

async function activeMemberIds(db: DbOrTrx, cooperativeId: number): Promise<Set<number>> {
  const rows = await db.selectFrom("cooperative_memberships").select("member_id").where("cooperative_id", "=", cooperativeId).where("status", "=", "active").execute();
  return new Set(rows.map((r) => r.member_id));
}

/** The cooperative's order with its lines and schedules, if it is the order's supplier and a cooperative. */
async function cooperativeOrder(trx: DbOrTrx, orderId: number, cooperativeId: number) {
  const order = await trx.selectFrom("orders").selectAll().where("id", "=", orderId).where("supplier_id", "=", cooperativeId).executeTakeFirst();
  if (!order) throw new DomainError("error.orderNotFound", 404);
  const coop = await trx.selectFrom("organizations").select("kind").where("id", "=", cooperativeId).executeTakeFirstOrThrow();
  if (coop.kind !== "cooperative") throw new DomainError("error.cooperativeOnly", 403);
  const lines = await trx.selectFrom("order_lines").select(["id", "quantity", "unit_price", "part_name"]).where("order_id", "=", order.id).orderBy("position").execute();
  const schedules = lines.length
    ? await trx
        .selectFrom("delivery_schedules")
        .select(["id", "order_line_id", "sequence", "due_on", "quantity"])
        .where(
          "order_line_id",
          "in",
          lines.map((l) => l.id),
        )
        .orderBy("order_line_id")
        .orderBy("sequence")
        .execute()
    : [];
  return { order, lines, schedules };
}

/** The joint bid's member shares behind a cooperative's order, per order line: the split the award implies. */
export async function awardedShares(db: DbOrTrx, orderId: number): Promise<{ orderLineId: number; memberId: number; quantity: number }[]> {
  const rows = await db
    .selectFrom("order_lines")
    .innerJoin("orders", "orders.id", "order_lines.order_id")
    .innerJoin("bids", (join) => join.onRef("bids.rfq_id", "=", "orders.rfq_id").onRef("bids.supplier_id", "=", "orders.supplier_id"))
    .innerJoin("bid_versions", (join) => join.onRef("bid_versions.bid_id", "=", "bids.id").onRef("bid_versions.number", "=", "bids.version"))
    .innerJoin("bid_lines", (join) => join.onRef("bid_lines.bid_version_id", "=", "bid_versions.id").onRef("bid_lines.rfq_line_id", "=", "order_lines.rfq_line_id"))
    .innerJoin("bid_line_shares", "bid_line_shares.bid_line_id", "bid_lines.id")
    .select(["order_lines.id as order_line_id", "order_lines.quantity as line_quantity", "bid_line_shares.member_id", "bid_line_shares.quantity"])
    .where("order_lines.order_id", "=", orderId)
    .orderBy("order_lines.position")
    .orderBy("bid_line_shares.id")
    .execute();
  // An award of part of a line scales the shares to the awarded quantity (largest remainder, whole pieces).
  const result: { orderLineId: number; memberId: number; quantity: number }[] = [];
  for (const [orderLineId, shares] of groupBy(rows, (r) => r.order_line_id)) {
    if (shares.reduce((s, r) => s + r.quantity, 0) === 0) continue;
    const scaled = scaleTo(
      shares.map((r) => r.quantity),
      shares[0]!.line_quantity,
    );
    shares.forEach((r, i) => result.push({ orderLineId, memberId: r.member_id, quantity: scaled[i]! }));
  }
  return result;
}

/** Whole numbers proportional to `parts` that add up to `total` (largest remainder). */
export function scaleTo(parts: readonly number[], total: number): number[] {
  const sum = parts.reduce((s, x) => s + x, 0);
  if (sum === total) return [...parts];
  const exact = parts.map((p) => (p * total) / sum);
  const whole = exact.map(Math.floor);
  let rest = total - whole.reduce((s, x) => s + x, 0);
  const order = exact.map((e, i) => ({ i, f: e - whole[i]! })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (const { i } of order) {
    if (rest-- <= 0) break;
    whole[i]!++;
  }
  return whole;
}

/**
 * The cooperative shares its order among members: one work order per member, with its quantity and price per
 * line and its part of every scheduled delivery, due `leadDays` before the buyer's date. Once per order, while
 * the contract is agreed and nothing is shipped yet; every line's shares must add up to the line.
 */
export async function splitOrder(db: Db, options: { orderId: number; cooperativeId: number; actorUserId: number; input: SplitInput; now: Date }): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    await requireMembership(trx, options.actorUserId, options.cooperativeId, "owner");
    const { order, lines, schedules } = await cooperativeOrder(trx, options.orderId, options.cooperativeId);
    if (!orderActionAllowed("splitToMembers", order.status)) throw new DomainError("error.orderNotSplittable", 409);
    const existing = await trx.selectFrom("work_orders").select("id").where("order_id", "=", order.id).executeTakeFirst();
    if (existing) throw new DomainError("error.alreadySplit", 409);
    const shipped = await trx.selectFrom("shipments").select("id").where("order_id", "=", order.id).executeTakeFirst();
    if (shipped) throw new DomainError("error.splitAfterShipping", 409);
    const members = await activeMemberIds(trx, options.cooperativeId);
    const rows = options.input.members.map((m, index) => ({ ...m, index })).filter((m) => m.lines.some((l) => (l.quantity ?? 0) > 0));
    if (rows.length === 0) throw new DomainError("error.splitNobody", 422, "members");
    const seen = new Set<number>();
    for (const m of rows) {
      if (!members.has(m.memberId)) throw new DomainError("error.notActiveMember", 422, `members[${m.index}].memberId`);
      if (seen.has(m.memberId)) throw new DomainError("error.memberTwice", 422, `members[${m.index}].memberId`);
      seen.add(m.memberId);
      for (const [j, l] of m.lines.entries()) {
        if (!lines.some((x) => x.id === l.orderLineId)) throw new DomainError("error.invalid", 422, `members[${m.index}].lines[${j}].quantity`);
        if ((l.quantity ?? 0) > 0 && l.memberUnitPrice === undefined) throw new DomainError("error.required", 422, `members[${m.index}].lines[${j}].memberUnitPrice`);
      }
    }
    for (const line of lines) {
      const sum = rows.reduce((s, m) => s + (m.lines.find((l) => l.orderLineId === line.id)?.quantity ?? 0), 0);
      if (sum !== line.quantity) throw new DomainError("error.sharesAddUp", 422, "members", { quantity: line.quantity, sum, part: line.part_name });
    }
    const at = toTimestamp(options.now);
    const ids: number[] = [];
    // Each line's schedule split among the members that have a share of it, in the form's order.
    const parts = new Map<string, number[]>();
    for (const line of lines) {
      const slots = schedules.filter((s) => s.order_line_id === line.id).map((s) => ({ id: s.id, sequence: s.sequence, dueOn: s.due_on, quantity: s.quantity }));
      const holders = rows.filter((m) => (m.lines.find((l) => l.orderLineId === line.id)?.quantity ?? 0) > 0);
      const split = splitSchedule(
        slots,
        holders.map((m) => m.lines.find((l) => l.orderLineId === line.id)!.quantity!),
      );
      holders.forEach((m, i) => parts.set(`${m.memberId}:${line.id}`, split[i]!));
    }
    for (const [k, m] of rows.entries()) {
      const { id } = await trx
        .insertInto("work_orders")
        .values({
          number: `${order.number}/M${k + 1}`,
          order_id: order.id,
          cooperative_id: options.cooperativeId,
          member_id: m.memberId,
          show_buyer_price: options.input.showBuyerPrice ? 1 : 0,
          created_by_user_id: options.actorUserId,
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const l of m.lines.filter((x) => (x.quantity ?? 0) > 0)) {
        const { id: lineId } = await trx
          .insertInto("work_order_lines")
          .values({ work_order_id: id, order_line_id: l.orderLineId, quantity: l.quantity!, member_unit_price: l.memberUnitPrice! })
          .returning("id")
          .executeTakeFirstOrThrow();
        const slots = schedules.filter((s) => s.order_line_id === l.orderLineId);
        const split = parts.get(`${m.memberId}:${l.orderLineId}`)!;
        const values = slots
          .map((s, i) => ({ work_order_line_id: lineId, delivery_schedule_id: s.id, sequence: s.sequence, due_on: shiftDate(s.due_on, -options.input.leadDays), quantity: split[i]! }))
          .filter((v) => v.quantity > 0);
        if (values.length) await trx.insertInto("work_order_schedules").values(values).execute();
      }
      await writeAuditForEach(trx, [options.cooperativeId, m.memberId], {
        actorUserId: options.actorUserId,
        entityType: "work_order",
        entityId: id,
        action: "assign",
        toState: "assigned",
        detail: { orderId: order.id, number: `${order.number}/M${k + 1}`, lines: m.lines.filter((x) => (x.quantity ?? 0) > 0) },
        now: options.now,
      });
      await notify(trx, {
        recipients: { organizationId: m.memberId },
        kind: "work_order_assigned",
        params: { number: `${order.number}/M${k + 1}` },
        link: `/work-orders/${id}`,
        organizationId: m.memberId,
        now: options.now,
      });
      ids.push(id);
    }
    return ids;
  });
}

/** A member's or the cooperative's step on a work order from its buttons (accept, decline, start, cancel). */
export async function takeWorkOrderStep(
  db: Db,
  options: { workOrderId: number; organizationId: number; actorUserId: number; event: WorkOrderEvent; reason?: string | null; expectedRevision: number; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { workOrder, side } = await requireWorkOrderParty(trx, options);
    if (!WORK_ORDER_EVENT_ACTORS[options.event].includes(side) || options.event === "reallocate") throw new DomainError("error.forbidden", 403);
    if (WORK_ORDER_EVENTS_WITH_REASON.includes(options.event) && !options.reason) throw new DomainError("error.reasonRequired", 422, "reason");
    await applyWorkOrderEvent(trx, { workOrderId: workOrder.id, event: options.event, actorUserId: options.actorUserId, side, now: options.now, expectedRevision: options.expectedRevision, reason: options.reason });
  });
}

/** A work order's lines with their hand-over lines (the progress functions' shape). */
export async function workOrderProgress(db: DbOrTrx, workOrderId: number) {
  const lines = await db
    .selectFrom("work_order_lines")
    .innerJoin("order_lines", "order_lines.id", "work_order_lines.order_line_id")
    .select([
      "work_order_lines.id",
      "work_order_lines.order_line_id",
      "work_order_lines.quantity",
      "work_order_lines.member_unit_price",
      "order_lines.part_name",
      "order_lines.part_number",
      "order_lines.unit",
      "order_lines.unit_price",
      "order_lines.rfq_line_id",
    ])
    .where("work_order_lines.work_order_id", "=", workOrderId)
    .orderBy("order_lines.position")
    .execute();
  const handoverLines = lines.length
    ? await db
        .selectFrom("handover_lines")
        .innerJoin("handovers", "handovers.id", "handover_lines.handover_id")
        .select([
          "handover_lines.id",
          "handover_lines.handover_id",
          "handover_lines.work_order_line_id",
          "handover_lines.quantity",
          "handover_lines.replacement_quantity",
          "handover_lines.accepted_quantity",
          "handover_lines.rejected_quantity",
          "handover_lines.rejection_reason",
          "handovers.handed_over_on",
          "handovers.lot_number",
        ])
        .where(
          "handover_lines.work_order_line_id",
          "in",
          lines.map((l) => l.id),
        )
        .orderBy("handovers.number")
        .execute()
    : [];
  const own = (lineId: number): HandoverLineProgress[] =>
    handoverLines
      .filter((h) => h.work_order_line_id === lineId)
      .map((h) => ({ quantity: h.quantity, replacementQuantity: h.replacement_quantity, accepted: h.accepted_quantity, rejected: h.rejected_quantity }));
  return { lines: lines.map((l) => ({ ...l, progress: workLineProgress(l.quantity, own(l.id)), handovers: own(l.id) })), handoverLines };
}

/**
 * The member hands pieces over to its cooperative: quantity per line (at most what is still open), the date
 * and its lot or heat number (one lot per hand-over, unique on the work order). The work order moves to
 * partly handed over; the cooperative is told to inspect.
 */
export async function recordHandover(db: Db, options: { workOrderId: number; memberId: number; actorUserId: number; input: HandoverInput; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { workOrder } = await requireWorkOrderParty(trx, { ...options, organizationId: options.memberId, side: "member" });
    if (!workOrderActionAllowed("handOver", workOrder.status)) throw new DomainError("error.workOrderNotOpen", 409);
    const { lines } = await workOrderProgress(trx, workOrder.id);
    const wanted = options.input.lines.map((l, index) => ({ ...l, index })).filter((l) => (l.quantity ?? 0) > 0);
    if (wanted.length === 0) throw new DomainError("error.handOverNothing", 422, "lines");
    for (const l of wanted) {
      const line = lines.find((x) => x.id === l.workOrderLineId);
      if (!line) throw new DomainError("error.invalid", 422, `lines[${l.index}].quantity`);
      if (l.quantity! > line.progress.open) throw new DomainError("error.handOverMoreThanOpen", 422, `lines[${l.index}].quantity`, { open: line.progress.open });
    }
    const lot = await trx.selectFrom("handovers").select("id").where("work_order_id", "=", workOrder.id).where("lot_number", "=", options.input.lotNumber).executeTakeFirst();
    if (lot) throw new DomainError("error.lotNumberUsed", 422, "lotNumber");
    const { next } = await trx
      .selectFrom("handovers")
      .select((eb) => eb(eb.fn.coalesce(eb.fn.max("number"), eb.lit(0)), "+", 1).as("next"))
      .where("work_order_id", "=", workOrder.id)
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto("handovers")
      .values({
        work_order_id: workOrder.id,
        number: Number(next),
        handed_over_on: options.input.handedOverOn,
        lot_number: options.input.lotNumber,
        notes: options.input.notes ?? "",
        created_by_user_id: options.actorUserId,
        created_at: toTimestamp(options.now),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const l of wanted) {
      const line = lines.find((x) => x.id === l.workOrderLineId)!;
      await trx
        .insertInto("handover_lines")
        .values({ handover_id: id, work_order_line_id: line.id, quantity: l.quantity!, replacement_quantity: handoverReplacement(l.quantity!, line.handovers) })
        .execute();
    }
    await applyWorkOrderEvent(trx, {
      workOrderId: workOrder.id,
      event: "hand_over",
      actorUserId: options.actorUserId,
      side: "member",
      now: options.now,
      detail: { handoverId: id, lotNumber: options.input.lotNumber, lines: wanted.map((l) => ({ workOrderLineId: l.workOrderLineId, quantity: l.quantity })) },
    });
    await notify(trx, {
      recipients: { organizationId: workOrder.cooperative_id },
      kind: "handover_recorded",
      params: { number: workOrder.number, lot: options.input.lotNumber },
      link: `/work-orders/${workOrder.id}#handovers`,
      organizationId: workOrder.cooperative_id,
      now: options.now,
    });
    return id;
  });
}

/**
 * The cooperative's QC of a hand-over, once: accepted and rejected pieces per line, adding up to what was
 * handed over, with a reason for rejections. Rejected pieces stay open on the member's work order until it
 * replaces them; once every piece is accepted the work order is handed over.
 */
export async function inspectHandover(db: Db, options: { cooperativeId: number; actorUserId: number; input: HandoverInspectionInput; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const handover = await trx
      .selectFrom("handovers")
      .innerJoin("work_orders", "work_orders.id", "handovers.work_order_id")
      .select(["handovers.id", "handovers.status", "handovers.work_order_id", "handovers.lot_number"])
      .where("handovers.id", "=", options.input.handoverId)
      .where("work_orders.cooperative_id", "=", options.cooperativeId)
      .executeTakeFirst();
    if (!handover) throw new DomainError("error.notFound", 404);
    const { workOrder } = await requireWorkOrderParty(trx, { workOrderId: handover.work_order_id, organizationId: options.cooperativeId, actorUserId: options.actorUserId, side: "cooperative" });
    const to = nextState(handoverTransitions, handover.status, "inspect");
    if (!to) throw new DomainError("error.alreadyInspected", 409);
    const lines = await trx.selectFrom("handover_lines").selectAll().where("handover_id", "=", handover.id).execute();
    const named = new Set(options.input.lines.map((l) => l.handoverLineId));
    if (named.size !== options.input.lines.length || named.size !== lines.length || lines.some((l) => !named.has(l.id))) throw new DomainError("error.inspectEveryLine", 422, "lines");
    for (const [i, row] of options.input.lines.entries()) {
      const line = lines.find((l) => l.id === row.handoverLineId)!;
      if (row.accepted + row.rejected !== line.quantity) {
        throw new DomainError(row.accepted + row.rejected > line.quantity ? "error.inspectMoreThanReceived" : "error.inspectAddUp", 422, `lines[${i}].accepted`, { quantity: line.quantity });
      }
      if (row.rejected > 0 && !row.reason) throw new DomainError("error.rejectionReason", 422, `lines[${i}].reason`);
    }
    const at = toTimestamp(options.now);
    const updated = await trx
      .updateTable("handovers")
      .set({ status: to, inspected_at: at, inspected_by_user_id: options.actorUserId, inspection_notes: options.input.notes ?? null })
      .where("id", "=", handover.id)
      .where("status", "=", handover.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new DomainError("error.alreadyInspected", 409);
    for (const row of options.input.lines) {
      await trx
        .updateTable("handover_lines")
        .set({ accepted_quantity: row.accepted, rejected_quantity: row.rejected, rejection_reason: row.rejected > 0 ? row.reason! : null })
        .where("id", "=", row.handoverLineId)
        .where("handover_id", "=", handover.id)
        .execute();
    }
    const accepted = options.input.lines.reduce((s, l) => s + l.accepted, 0);
    const rejected = options.input.lines.reduce((s, l) => s + l.rejected, 0);
    await writeAuditForEach(trx, [workOrder.cooperative_id, workOrder.member_id], {
      actorUserId: options.actorUserId,
      entityType: "handover",
      entityId: handover.id,
      action: "inspect",
      fromState: handover.status,
      toState: to,
      detail: { workOrderId: workOrder.id, lotNumber: handover.lot_number, accepted, rejected },
      now: options.now,
    });
    await notify(trx, {
      recipients: { organizationId: workOrder.member_id },
      kind: "handover_inspected",
      params: { number: workOrder.number, lot: handover.lot_number, accepted, rejected },
      link: `/work-orders/${workOrder.id}#handovers`,
      organizationId: workOrder.member_id,
      now: options.now,
    });
    await completeIfDone(trx, workOrder.id, options.actorUserId, options.now);
  });
}

/** Moves a work order to handed over once every line's pieces are accepted (the table decides if it may). */
async function completeIfDone(trx: Trx, workOrderId: number, actorUserId: number, now: Date): Promise<void> {
  const current = await trx.selectFrom("work_orders").select("status").where("id", "=", workOrderId).executeTakeFirstOrThrow();
  if (!nextState(workOrderTransitions, current.status, "complete")) return;
  const { lines } = await workOrderProgress(trx, workOrderId);
  if (lines.every((l) => l.progress.accepted >= l.quantity)) await applyWorkOrderEvent(trx, { workOrderId, event: "complete", actorUserId, side: null, now });
}

/**
 * The cooperative moves open quantity of a member's work order to another active member, with a reason: a
 * new work order for that member (same member price, the latest deliveries moved first). When nothing is
 * left on the first one it is reallocated; when what is left is all accepted it is handed over. Both
 * members are told.
 */
export async function reallocateWorkOrder(
  db: Db,
  options: { workOrderId: number; cooperativeId: number; actorUserId: number; input: ReallocationInput; now: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await requireMembership(trx, options.actorUserId, options.cooperativeId, "owner");
    const { workOrder } = await requireWorkOrderParty(trx, { workOrderId: options.workOrderId, organizationId: options.cooperativeId, actorUserId: options.actorUserId, side: "cooperative" });
    if (!workOrderActionAllowed("reallocate", workOrder.status)) throw new DomainError("error.workOrderNotOpen", 409);
    if (options.input.toMemberId === workOrder.member_id) throw new DomainError("error.reallocateSameMember", 422, "toMemberId");
    if (!(await activeMemberIds(trx, options.cooperativeId)).has(options.input.toMemberId)) throw new DomainError("error.notActiveMember", 422, "toMemberId");
    const { lines } = await workOrderProgress(trx, workOrder.id);
    const wanted = options.input.lines.map((l, index) => ({ ...l, index })).filter((l) => (l.quantity ?? 0) > 0);
    if (wanted.length === 0) throw new DomainError("error.reallocateNothing", 422, "lines");
    for (const l of wanted) {
      const line = lines.find((x) => x.id === l.workOrderLineId);
      if (!line) throw new DomainError("error.invalid", 422, `lines[${l.index}].quantity`);
      // Open and not handed over: pieces waiting for QC stay with the member who made them.
      if (l.quantity! > line.progress.open) throw new DomainError("error.reallocateMoreThanOpen", 422, `lines[${l.index}].quantity`, { open: line.progress.open });
    }
    const at = toTimestamp(options.now);
    const { n } = await trx.selectFrom("work_orders").select((eb) => eb.fn.countAll<number>().as("n")).where("order_id", "=", workOrder.order_id).executeTakeFirstOrThrow();
    const order = await trx.selectFrom("orders").select("number").where("id", "=", workOrder.order_id).executeTakeFirstOrThrow();
    const number = `${order.number}/M${Number(n) + 1}`;
    const { id } = await trx
      .insertInto("work_orders")
      .values({
        number,
        order_id: workOrder.order_id,
        cooperative_id: workOrder.cooperative_id,
        member_id: options.input.toMemberId,
        show_buyer_price: workOrder.show_buyer_price,
        reason: options.input.reason,
        reallocated_from_id: workOrder.id,
        created_by_user_id: options.actorUserId,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const l of wanted) {
      const line = lines.find((x) => x.id === l.workOrderLineId)!;
      const { id: newLineId } = await trx
        .insertInto("work_order_lines")
        .values({ work_order_id: id, order_line_id: line.order_line_id, quantity: l.quantity!, member_unit_price: line.member_unit_price })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.updateTable("work_order_lines").set({ quantity: line.quantity - l.quantity! }).where("id", "=", line.id).execute();
      // The latest deliveries move first: the member keeps what is due soonest.
      const slots = await trx.selectFrom("work_order_schedules").selectAll().where("work_order_line_id", "=", line.id).orderBy("sequence", "desc").execute();
      let left = l.quantity!;
      for (const slot of slots) {
        if (left <= 0) break;
        const take = Math.min(slot.quantity, left);
        left -= take;
        await trx.updateTable("work_order_schedules").set({ quantity: slot.quantity - take }).where("id", "=", slot.id).execute();
        await trx
          .insertInto("work_order_schedules")
          .values({ work_order_line_id: newLineId, delivery_schedule_id: slot.delivery_schedule_id, sequence: slot.sequence, due_on: slot.due_on, quantity: take })
          .execute();
      }
    }
    const moved = wanted.map((l) => ({ workOrderLineId: l.workOrderLineId, quantity: l.quantity }));
    await writeAuditForEach(trx, [workOrder.cooperative_id, options.input.toMemberId], {
      actorUserId: options.actorUserId,
      entityType: "work_order",
      entityId: id,
      action: "assign",
      toState: "assigned",
      detail: { orderId: workOrder.order_id, number, reallocatedFrom: workOrder.number, reason: options.input.reason, lines: moved },
      now: options.now,
    });
    await notify(trx, {
      recipients: { organizationId: options.input.toMemberId },
      kind: "work_order_assigned",
      params: { number },
      link: `/work-orders/${id}`,
      organizationId: options.input.toMemberId,
      now: options.now,
    });
    const after = await workOrderProgress(trx, workOrder.id);
    const nothingLeft = after.lines.every((l) => l.quantity === 0);
    if (nothingLeft) {
      await applyWorkOrderEvent(trx, { workOrderId: workOrder.id, event: "reallocate", actorUserId: options.actorUserId, side: "cooperative", now: options.now, reason: options.input.reason, detail: { to: number, lines: moved } });
    } else {
      await writeAuditForEach(trx, [workOrder.cooperative_id, workOrder.member_id], {
        actorUserId: options.actorUserId,
        entityType: "work_order",
        entityId: workOrder.id,
        action: "reallocate_part",
        detail: { number: workOrder.number, to: number, reason: options.input.reason, lines: moved },
        now: options.now,
      });
      await notify(trx, {
        recipients: { organizationId: workOrder.member_id },
        kind: "work_order_reduced",
        params: { number: workOrder.number, reason: options.input.reason },
        link: `/work-orders/${workOrder.id}`,
        organizationId: workOrder.member_id,
        now: options.now,
      });
      await completeIfDone(trx, workOrder.id, options.actorUserId, options.now);
    }
    return id;
  });
}

/** Whether the order is shared among members: its shipments are then made of their accepted lots. */
export async function hasWorkOrders(db: DbOrTrx, orderId: number): Promise<boolean> {
  const row = await db.selectFrom("work_orders").select("id").where("order_id", "=", orderId).where("status", "in", LIVE_WORK_ORDER_STATES).executeTakeFirst();
  return row !== undefined;
}

/** Accepted member lots of an order not yet shipped in full: what a consolidated shipment is made of. */
export async function availableLots(db: DbOrTrx, orderId: number) {
  const rows = await db
    .selectFrom("handover_lines")
    .innerJoin("handovers", "handovers.id", "handover_lines.handover_id")
    .innerJoin("work_order_lines", "work_order_lines.id", "handover_lines.work_order_line_id")
    .innerJoin("work_orders", "work_orders.id", "handovers.work_order_id")
    .innerJoin("organizations", "organizations.id", "work_orders.member_id")
    .select((eb) => [
      "handover_lines.id",
      "handover_lines.accepted_quantity",
      "handovers.lot_number",
      "handovers.handed_over_on",
      "work_order_lines.order_line_id",
      "work_orders.member_id",
      "work_orders.number as work_order_number",
      "organizations.legal_name as member_name",
      eb
        .selectFrom("shipment_lots")
        .select((s) => s.fn.coalesce(s.fn.sum<number>("shipment_lots.quantity"), s.lit(0)).as("q"))
        .whereRef("shipment_lots.handover_line_id", "=", "handover_lines.id")
        .as("shipped"),
    ])
    .where("work_orders.order_id", "=", orderId)
    .where("handovers.status", "=", "inspected")
    .where("handover_lines.accepted_quantity", ">", 0)
    .orderBy("handovers.handed_over_on")
    .orderBy("handover_lines.id")
    .execute();
  return rows
    .map((r) => ({
      handoverLineId: r.id,
      lotNumber: r.lot_number,
      handedOverOn: r.handed_over_on,
      orderLineId: r.order_line_id,
      memberId: r.member_id,
      memberName: r.member_name,
      workOrderNumber: r.work_order_number,
      available: (r.accepted_quantity ?? 0) - Number(r.shipped ?? 0),
    }))
    .filter((r) => r.available > 0);
}

/**
 * The buyer rejected pieces of a consolidated shipment line: the cooperative attributes them to the lots
 * that went into it (adding up to the buyer's rejection, each at most its lot's pieces), once, so each lands
 * on the member's record. The members concerned are told.
 */
export async function attributeBuyerRejection(
  db: Db,
  options: { orderId: number; cooperativeId: number; actorUserId: number; input: { shipmentLineId: number; lots: { shipmentLotId: number; rejected: number }[] }; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireMembership(trx, options.actorUserId, options.cooperativeId);
    const line = await trx
      .selectFrom("shipment_lines")
      .innerJoin("shipments", "shipments.id", "shipment_lines.shipment_id")
      .innerJoin("orders", "orders.id", "shipments.order_id")
      .select(["shipment_lines.id", "shipment_lines.rejected_quantity", "shipments.number as shipment_number", "orders.number as order_number", "orders.id as order_id"])
      .where("shipment_lines.id", "=", options.input.shipmentLineId)
      .where("orders.id", "=", options.orderId)
      .where("orders.supplier_id", "=", options.cooperativeId)
      .executeTakeFirst();
    if (!line) throw new DomainError("error.notFound", 404);
    if (!line.rejected_quantity) throw new DomainError("error.nothingToAttribute", 409);
    const lots = await trx
      .selectFrom("shipment_lots")
      .innerJoin("handover_lines", "handover_lines.id", "shipment_lots.handover_line_id")
      .innerJoin("handovers", "handovers.id", "handover_lines.handover_id")
      .innerJoin("work_orders", "work_orders.id", "handovers.work_order_id")
      .select(["shipment_lots.id", "shipment_lots.quantity", "shipment_lots.attributed_at", "handovers.lot_number", "work_orders.member_id", "work_orders.id as work_order_id", "work_orders.number"])
      .where("shipment_lots.shipment_line_id", "=", line.id)
      .execute();
    if (lots.some((l) => l.attributed_at !== null)) throw new DomainError("error.alreadyAttributed", 409);
    const rows = options.input.lots.map((l, index) => ({ ...l, index })).filter((l) => l.rejected > 0);
    for (const row of rows) {
      const lot = lots.find((l) => l.id === row.shipmentLotId);
      if (!lot) throw new DomainError("error.lotNotInShipment", 422, `lots[${row.index}].rejected`);
      if (row.rejected > lot.quantity) throw new DomainError("error.attributeMoreThanLot", 422, `lots[${row.index}].rejected`, { quantity: lot.quantity });
    }
    const sum = rows.reduce((s, r) => s + r.rejected, 0);
    if (sum !== line.rejected_quantity) throw new DomainError("error.attributeAddUp", 422, "lots", { rejected: line.rejected_quantity, sum });
    const at = toTimestamp(options.now);
    for (const lot of lots) {
      const rejected = rows.find((r) => r.shipmentLotId === lot.id)?.rejected ?? 0;
      await trx.updateTable("shipment_lots").set({ buyer_rejected_quantity: rejected, attributed_at: at, attributed_by_user_id: options.actorUserId }).where("id", "=", lot.id).execute();
      if (rejected === 0) continue;
      await writeAuditForEach(trx, [options.cooperativeId, lot.member_id], {
        actorUserId: options.actorUserId,
        entityType: "shipment_lot",
        entityId: lot.id,
        action: "attribute_rejection",
        detail: { orderId: line.order_id, shipment: line.shipment_number, lotNumber: lot.lot_number, workOrderId: lot.work_order_id, rejected },
        now: options.now,
      });
      await notify(trx, {
        recipients: { organizationId: lot.member_id },
        kind: "lot_rejected_by_buyer",
        params: { number: lot.number, lot: lot.lot_number, rejected },
        link: `/work-orders/${lot.work_order_id}#handovers`,
        organizationId: lot.member_id,
        now: options.now,
      });
    }
  });
}
