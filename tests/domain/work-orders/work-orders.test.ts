import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { DomainError } from "../../../app/domain/errors";
import { TransitionError } from "../../../app/domain/lifecycle";
import { ShipmentSchema } from "../../../app/domain/orders/schemas";
import { recordShipment } from "../../../app/domain/orders/shipments.server";
import { applyWorkOrderEvent } from "../../../app/domain/work-orders/apply-work-order-event.server";
import { confirmPayout, memberStatements, recordPayout, statementFor } from "../../../app/domain/work-orders/member-money.server";
import { loadBoard, memberRecords, shareHeadroom } from "../../../app/domain/work-orders/member-records.server";
import { earningsOf, netOfFee, splitSchedule } from "../../../app/domain/work-orders/work-order-math";
import { HandoverInspectionSchema, HandoverSchema, PayoutSchema, ReallocationSchema } from "../../../app/domain/work-orders/work-order-schemas";
import { WORK_ORDER_EVENTS, WORK_ORDER_STATES, workOrderTransitions } from "../../../app/domain/work-orders/work-order-states";
import { getWorkOrderPage, listWorkOrders } from "../../../app/domain/work-orders/work-order-views.server";
import {
  attributeBuyerRejection,
  availableLots,
  inspectHandover,
  reallocateWorkOrder,
  recordHandover,
  requireWorkOrderParty,
  saveCooperativeSettings,
} from "../../../app/domain/work-orders/work-orders.server";
import type { WorkOrderStatus } from "../../../db/schema";
import { decidePayment, inspect, invoice, reportPayment } from "../../support/orders";
import { cooperativeWithMembers, countRows, createBuyer } from "../../support/rfqs";
import { cooperativeOrder, split, type CooperativeOrder } from "../../support/work-orders";

const db = () => getDb();

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

async function refusedWith(run: () => Promise<unknown>, messageKey: string, field?: string) {
  const error = await caught(run);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).messageKey).toBe(messageKey);
  if (field !== undefined) expect((error as DomainError).field).toBe(field);
}

const workOrdersOf = (orderId: number) => db().selectFrom("work_orders").selectAll().where("order_id", "=", orderId).orderBy("id").execute();
const linesOfWorkOrder = (workOrderId: number) => db().selectFrom("work_order_lines").selectAll().where("work_order_id", "=", workOrderId).execute();

async function handOver(setup: CooperativeOrder, memberIndex: number, quantity: number, lotNumber: string, handedOverOn = "2027-01-15") {
  const member = setup.members[memberIndex]!;
  const [workOrder] = (await workOrdersOf(setup.order.id)).filter((w) => w.member_id === member.organizationId && w.status !== "reallocated");
  const [line] = await linesOfWorkOrder(workOrder!.id);
  return recordHandover(db(), {
    workOrderId: workOrder!.id,
    memberId: member.organizationId,
    actorUserId: member.userId,
    input: HandoverSchema.parse({ handedOverOn, lotNumber, lines: [{ workOrderLineId: line!.id, quantity }] }),
    now: new Date(),
  });
}

async function qc(setup: CooperativeOrder, handoverId: number, accepted: number, rejected = 0) {
  const [line] = await db().selectFrom("handover_lines").selectAll().where("handover_id", "=", handoverId).execute();
  await inspectHandover(db(), {
    cooperativeId: setup.supplier.organizationId,
    actorUserId: setup.supplier.userId,
    input: HandoverInspectionSchema.parse({ handoverId, lines: [{ handoverLineId: line!.id, accepted, rejected, reason: rejected ? "Porositas" : undefined }] }),
    now: new Date(),
  });
}

async function step(setup: CooperativeOrder, memberIndex: number, event: "accept" | "start_production" | "decline", reason?: string) {
  const member = setup.members[memberIndex]!;
  const [workOrder] = (await workOrdersOf(setup.order.id)).filter((w) => w.member_id === member.organizationId);
  const { takeWorkOrderStep } = await import("../../../app/domain/work-orders/work-orders.server");
  await takeWorkOrderStep(db(), { workOrderId: workOrder!.id, organizationId: member.organizationId, actorUserId: member.userId, event, reason, expectedRevision: workOrder!.revision, now: new Date() });
}

describe("splitting a schedule among members", () => {
  it("gives every member its proportion of every delivery, each delivery and each share adding up exactly", () => {
    const months = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, sequence: i + 1, dueOn: `2027-${String(i + 1).padStart(2, "0")}-25`, quantity: 200 }));
    expect(splitSchedule(months, [1440, 960]).map((m) => [...new Set(m)])).toEqual([[120], [80]]);
    expect(splitSchedule(months, [1200, 720, 480]).map((m) => [...new Set(m)])).toEqual([[100], [60], [40]]);
    // Uneven: 7 pieces a delivery for 3 members of 1 / 1 / 1 over three deliveries.
    const uneven = splitSchedule(
      [1, 2, 3].map((i) => ({ id: i, sequence: i, dueOn: "", quantity: 7 })),
      [7, 7, 7],
    );
    for (const [i] of uneven.entries()) expect(uneven[i]!.reduce((s, x) => s + x, 0)).toBe(7);
    for (const d of [0, 1, 2]) expect(uneven.reduce((s, m) => s + m[d]!, 0)).toBe(7);
    expect(() => splitSchedule(months, [100])).toThrow();
  });
});

describe("payout arithmetic", () => {
  it("pays each member for its kept pieces that paid invoices cover, first shipped first paid, less the fee", () => {
    const lots = [
      { orderLineId: 1, memberId: 10, kept: 114, memberUnitPrice: 80_000 },
      { orderLineId: 1, memberId: 20, kept: 84, memberUnitPrice: 78_000 },
    ];
    const earnings = earningsOf(lots, [{ invoiceId: 5, invoiceNumber: "INV-1", paidOn: "2027-02-01", orderLineId: 1, quantity: 150 }]);
    expect(earnings.map((e) => [e.memberId, e.quantity, e.gross])).toEqual([
      [10, 114, 9_120_000],
      [20, 36, 2_808_000],
    ]);
    expect(netOfFee(9_120_000, 250)).toEqual({ fee: 228_000, net: 8_892_000 });
  });
});

describe("work-order lifecycle: every state × event through the one writer", () => {
  let setup: CooperativeOrder;
  beforeAll(async () => {
    setup = await cooperativeOrder({ shares: [1200, 1200] });
    await split(setup);
  });

  it("applies every allowed pair and refuses every other with nothing written", async () => {
    const [workOrder] = await workOrdersOf(setup.order.id);
    let allowed = 0;
    for (const state of WORK_ORDER_STATES) {
      for (const event of WORK_ORDER_EVENTS) {
        await db().updateTable("work_orders").set({ status: state, revision: 3 }).where("id", "=", workOrder!.id).execute();
        const audits = await countRows("audit_log");
        const to = workOrderTransitions[state][event];
        const run = () =>
          db()
            .transaction()
            .execute((trx) => applyWorkOrderEvent(trx, { workOrderId: workOrder!.id, event, actorUserId: setup.supplier.userId, side: "cooperative", now: new Date(), expectedRevision: 3, reason: "uji" }));
        if (to) {
          const result = await run();
          expect(result.to, `${state} × ${event}`).toBe(to);
          const after = await db().selectFrom("work_orders").selectAll().where("id", "=", workOrder!.id).executeTakeFirstOrThrow();
          expect(after.status).toBe(to);
          expect(after.revision).toBe(4);
          expect(await countRows("audit_log"), `${state} × ${event}: an audit row for the cooperative and the member`).toBe(audits + 2);
          allowed++;
        } else {
          const error = await caught(run);
          expect(error, `${state} × ${event}`).toBeInstanceOf(TransitionError);
          const after = await db().selectFrom("work_orders").selectAll().where("id", "=", workOrder!.id).executeTakeFirstOrThrow();
          expect(after.status).toBe(state);
          expect(after.revision).toBe(3);
          expect(await countRows("audit_log")).toBe(audits);
        }
      }
    }
    const expected = Object.values(workOrderTransitions).reduce((s, events) => s + Object.keys(events).length, 0);
    expect(allowed).toBe(expected);
    expect(expected).toBe(15);
  });

  it("refuses a step confirmed on another revision", async () => {
    const [, other] = await workOrdersOf(setup.order.id);
    await refusedWith(
      () =>
        db()
          .transaction()
          .execute((trx) => applyWorkOrderEvent(trx, { workOrderId: other!.id, event: "accept", actorUserId: null, side: "member", now: new Date(), expectedRevision: other!.revision + 1 })),
      "error.workOrderChanged",
    );
  });
});

describe("the KBJ → TPR flow: split, hand-over, QC, consolidated shipment, buyer rejection, payout", () => {
  let setup: CooperativeOrder;
  beforeAll(async () => {
    setup = await cooperativeOrder();
  });

  it("refuses shares that do not add up, then issues one work order per member with the schedule split and dates ahead of the buyer's", async () => {
    const workOrdersBefore = await countRows("audit_log");
    await refusedWith(() => split(setup, { quantities: [1200, 720, 400] }), "error.sharesAddUp", "members");
    expect(await workOrdersOf(setup.order.id)).toHaveLength(0);
    expect(await countRows("audit_log")).toBe(workOrdersBefore);

    const ids = await split(setup, { leadDays: 7 });
    expect(ids).toHaveLength(3);
    const workOrders = await workOrdersOf(setup.order.id);
    expect(workOrders.map((w) => w.status)).toEqual(["assigned", "assigned", "assigned"]);
    const schedules = await db()
      .selectFrom("work_order_schedules")
      .innerJoin("work_order_lines", "work_order_lines.id", "work_order_schedules.work_order_line_id")
      .innerJoin("delivery_schedules", "delivery_schedules.id", "work_order_schedules.delivery_schedule_id")
      .select(["work_order_lines.work_order_id", "work_order_schedules.quantity", "work_order_schedules.due_on", "delivery_schedules.due_on as buyer_due_on"])
      .where("work_order_lines.work_order_id", "in", ids)
      .execute();
    expect(schedules).toHaveLength(36);
    expect(new Set(schedules.filter((s) => s.work_order_id === ids[0]).map((s) => s.quantity))).toEqual(new Set([100]));
    expect(new Set(schedules.filter((s) => s.work_order_id === ids[1]).map((s) => s.quantity))).toEqual(new Set([60]));
    expect(schedules.find((s) => s.buyer_due_on === "2027-01-25")!.due_on).toBe("2027-01-18");
    // The member is told; the buyer is not.
    const told = await db().selectFrom("notifications").select("kind").where("user_id", "=", setup.members[0]!.userId).where("kind", "=", "work_order_assigned").execute();
    expect(told).toHaveLength(1);
    await refusedWith(() => split(setup), "error.alreadySplit");
  });

  it("keeps work orders from the buyer, other members and another cooperative's members (404)", async () => {
    const [first] = await workOrdersOf(setup.order.id);
    const asParty = (organizationId: number, userId: number) => requireWorkOrderParty(db(), { workOrderId: first!.id, organizationId, actorUserId: userId });
    expect((await asParty(setup.members[0]!.organizationId, setup.members[0]!.userId)).side).toBe("member");
    expect((await asParty(setup.supplier.organizationId, setup.supplier.userId)).side).toBe("cooperative");
    await refusedWith(() => asParty(setup.buyer.organizationId, setup.buyer.userId), "error.workOrderNotFound");
    await refusedWith(() => asParty(setup.members[1]!.organizationId, setup.members[1]!.userId), "error.workOrderNotFound");
    const other = await cooperativeWithMembers([30]);
    await refusedWith(() => asParty(other.members[0]!.organizationId, other.members[0]!.userId), "error.workOrderNotFound");
    expect(await listWorkOrders(db(), setup.buyer.organizationId)).toHaveLength(0);
    expect((await listWorkOrders(db(), setup.members[0]!.organizationId)).map((w) => w.id)).toEqual([first!.id]);
    expect(await listWorkOrders(db(), setup.supplier.organizationId)).toHaveLength(3);
    // The member sees its price, not the buyer's (the cooperative did not show it).
    const page = await getWorkOrderPage(db(), { workOrderId: first!.id, organizationId: setup.members[0]!.organizationId, actorUserId: setup.members[0]!.userId, today: "2027-01-01" });
    expect(page.lines[0]!.memberUnitPrice).toBe(80_000);
    expect(page.lines[0]!.buyerUnitPrice).toBeNull();
    expect(page.order.buyerName).toBeTruthy();
    expect(page.steps).toEqual(["accept", "decline"]);
  });

  it("takes hand-overs up to the open quantity with a unique lot; QC rejections stay open; a member cannot act on another's", async () => {
    await step(setup, 0, "accept");
    await step(setup, 1, "accept");
    const [, second] = await workOrdersOf(setup.order.id);
    const [secondLine] = await linesOfWorkOrder(second!.id);
    await refusedWith(
      () =>
        recordHandover(db(), {
          workOrderId: second!.id,
          memberId: setup.members[0]!.organizationId,
          actorUserId: setup.members[0]!.userId,
          input: HandoverSchema.parse({ handedOverOn: "2027-01-10", lotNumber: "X-1", lines: [{ workOrderLineId: secondLine!.id, quantity: 10 }] }),
          now: new Date(),
        }),
      "error.workOrderNotFound",
    );
    await refusedWith(() => handOver(setup, 0, 1201, "CLC-2601"), "error.handOverMoreThanOpen", "lines[0].quantity");
    const handoverId = await handOver(setup, 0, 120, "CLC-2601");
    await refusedWith(() => handOver(setup, 0, 10, "CLC-2601"), "error.lotNumberUsed", "lotNumber");
    expect((await workOrdersOf(setup.order.id))[0]!.status).toBe("partly_handed_over");
    await refusedWith(() => qc(setup, handoverId, 110, 5), "error.inspectAddUp");
    await qc(setup, handoverId, 116, 4);
    const [first] = await workOrdersOf(setup.order.id);
    const [line] = await linesOfWorkOrder(first!.id);
    const page = await getWorkOrderPage(db(), { workOrderId: first!.id, organizationId: setup.members[0]!.organizationId, actorUserId: setup.members[0]!.userId, today: "2027-01-20" });
    expect(page.lines[0]!.progress).toMatchObject({ handedOver: 120, accepted: 116, rejected: 4, pending: 0, open: line!.quantity - 116 });
    await refusedWith(() => qc(setup, handoverId, 120), "error.alreadyInspected");
    const sinarBaja = await handOver(setup, 1, 84, "SBK-0107", "2027-01-20");
    await qc(setup, sinarBaja, 84);
  });

  it("ships a consolidated 200 from two members' lots, refuses more than a lot holds, and attributes the buyer's rejection to the lot", async () => {
    const lots = await availableLots(db(), setup.order.id);
    expect(lots.map((l) => [l.lotNumber, l.available])).toEqual([
      ["CLC-2601", 116],
      ["SBK-0107", 84],
    ]);
    const ship = (quantities: number[]) =>
      recordShipment(db(), {
        orderId: setup.order.id,
        supplierId: setup.supplier.organizationId,
        actorUserId: setup.supplier.userId,
        input: ShipmentSchema.parse({ shippedOn: "2027-01-24", lots: lots.map((l, i) => ({ handoverLineId: l.handoverLineId, quantity: quantities[i] })) }),
        now: new Date(),
      });
    await refusedWith(() => ship([117, 84]), "error.shipMoreThanLot", "lots[0].quantity");
    const shipmentId = await ship([116, 84]);
    const [shipmentLine] = await db().selectFrom("shipment_lines").selectAll().where("shipment_id", "=", shipmentId).execute();
    expect(shipmentLine!.quantity).toBe(200);
    await inspect(setup, shipmentId, [{ accepted: 198, rejected: 2, reason: "Retak rambut" }]);
    const shipmentLots = await db().selectFrom("shipment_lots").selectAll().where("shipment_line_id", "=", shipmentLine!.id).orderBy("id").execute();
    const attribute = (rows: { shipmentLotId: number; rejected: number }[]) =>
      attributeBuyerRejection(db(), { orderId: setup.order.id, cooperativeId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { shipmentLineId: shipmentLine!.id, lots: rows }, now: new Date() });
    await refusedWith(() => attribute([{ shipmentLotId: shipmentLots[0]!.id, rejected: 1 }]), "error.attributeAddUp", "lots");
    // A lot from another shipment line (here: a made-up id) is not one the member supplied in it.
    await refusedWith(() => attribute([{ shipmentLotId: shipmentLots[1]!.id + 1000, rejected: 2 }]), "error.lotNotInShipment", "lots[0].rejected");
    await attribute([{ shipmentLotId: shipmentLots[0]!.id, rejected: 2 }]);
    await refusedWith(() => attribute([{ shipmentLotId: shipmentLots[0]!.id, rejected: 2 }]), "error.alreadyAttributed");

    // The rejection lands on CV Cor Logam Ceper's record, not on the other member's.
    const records = await memberRecords(db(), setup.supplier.organizationId, "2027-01-31");
    const clc = records.find((r) => r.memberId === setup.members[0]!.organizationId)!;
    const sbk = records.find((r) => r.memberId === setup.members[1]!.organizationId)!;
    expect(clc.buyer).toEqual({ kept: 114, inspected: 116, percent: 98.3 });
    expect(sbk.buyer).toEqual({ kept: 84, inspected: 84, percent: 100 });
    expect(clc.cooperativeQc).toEqual({ accepted: 116, inspected: 120, percent: 96.7 });
    // Due 2027-01-18 (the buyer's 25th less 7 days): CV Cor Logam Ceper handed 120 of 100 over on the 15th, Sinar Baja 84 of 60 on the 20th.
    expect(clc.onTime).toEqual({ met: 1, due: 1, percent: 100 });
    expect(sbk.onTime).toEqual({ met: 0, due: 1, percent: 0 });
    // The member's history shows its hand-over, the QC and the buyer's rejection of its lot.
    const [clcWorkOrder] = await workOrdersOf(setup.order.id);
    const page = await getWorkOrderPage(db(), { workOrderId: clcWorkOrder!.id, organizationId: setup.members[0]!.organizationId, actorUserId: setup.members[0]!.userId, today: "2027-01-31" });
    expect(page.history.map((h) => h.action)).toEqual(["assign", "accept", "hand_over", "inspect", "attribute_rejection"]);
  });

  it("owes members for paid pieces less the fee, refuses a payout above it, and the member confirms", async () => {
    await saveCooperativeSettings(db(), { cooperativeId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, memberFeeBp: 250, qcLeadDays: 7, now: new Date() });
    expect((await memberStatements(db(), setup.supplier.organizationId)).every((s) => s.owed === 0)).toBe(true);
    const invoiceId = await invoice(setup);
    await reportPayment(setup, invoiceId);
    await decidePayment(setup, invoiceId, "confirm");
    const [clc] = await memberStatements(db(), setup.supplier.organizationId, setup.members[0]!.organizationId);
    // 114 kept × Rp 80.000 = Rp 9.120.000, less 2,5 % = Rp 8.892.000.
    expect(clc!.earnings.map((e) => [e.quantity, e.gross, e.fee, e.net])).toEqual([[114, 9_120_000, 228_000, 8_892_000]]);
    const pay = (amount: string) =>
      recordPayout(db(), {
        cooperativeId: setup.supplier.organizationId,
        actorUserId: setup.supplier.userId,
        input: PayoutSchema.parse({ memberId: setup.members[0]!.organizationId, amount, paidOn: "2027-02-03", reference: "TRF-KBJ-001" }),
        now: new Date(),
      });
    const payouts = await db().selectFrom("member_payouts").select("id").execute();
    await refusedWith(() => pay("8.892.001"), "error.payoutMoreThanOwed", "amount");
    expect(await db().selectFrom("member_payouts").select("id").execute()).toHaveLength(payouts.length);
    const payoutId = await pay("8.892.000");
    const [after] = await memberStatements(db(), setup.supplier.organizationId, setup.members[0]!.organizationId);
    expect([after!.owed, after!.paid, after!.outstanding]).toEqual([8_892_000, 8_892_000, 0]);
    await refusedWith(() => confirmPayout(db(), { memberId: setup.members[1]!.organizationId, actorUserId: setup.members[1]!.userId, payoutId, now: new Date() }), "error.notFound");
    await confirmPayout(db(), { memberId: setup.members[0]!.organizationId, actorUserId: setup.members[0]!.userId, payoutId, now: new Date() });
    await refusedWith(() => confirmPayout(db(), { memberId: setup.members[0]!.organizationId, actorUserId: setup.members[0]!.userId, payoutId, now: new Date() }), "error.alreadyConfirmed");
  });

  it("shows a statement to its member and its cooperative only", async () => {
    const coopId = setup.supplier.organizationId;
    const own = await statementFor(db(), { organizationId: setup.members[0]!.organizationId, actorUserId: setup.members[0]!.userId, cooperativeId: coopId });
    expect(own.statement.memberId).toBe(setup.members[0]!.organizationId);
    const asCoop = await statementFor(db(), { organizationId: coopId, actorUserId: setup.supplier.userId, memberId: setup.members[1]!.organizationId });
    expect(asCoop.statement.memberId).toBe(setup.members[1]!.organizationId);
    // A member asking for another member's statement gets its own (the member is always the one acting).
    const sneaky = await statementFor(db(), { organizationId: setup.members[0]!.organizationId, actorUserId: setup.members[0]!.userId, cooperativeId: coopId, memberId: setup.members[1]!.organizationId });
    expect(sneaky.statement.memberId).toBe(setup.members[0]!.organizationId);
    await refusedWith(() => statementFor(db(), { organizationId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, cooperativeId: coopId }), "error.notFound");
    const other = await cooperativeWithMembers([30]);
    await refusedWith(() => statementFor(db(), { organizationId: other.members[0]!.organizationId, actorUserId: other.members[0]!.userId, cooperativeId: coopId }), "error.notFound");
    await refusedWith(() => statementFor(db(), { organizationId: other.cooperative.organizationId, actorUserId: other.cooperative.userId, memberId: setup.members[0]!.organizationId }), "error.notFound");
  });

  it("reallocates open quantity to another member, both told, and shows the load per month", async () => {
    const workOrders = await workOrdersOf(setup.order.id);
    const third = workOrders[2]!;
    const [line] = await linesOfWorkOrder(third.id);
    const move = (toMemberId: number, quantity: number) =>
      reallocateWorkOrder(db(), {
        workOrderId: third.id,
        cooperativeId: setup.supplier.organizationId,
        actorUserId: setup.supplier.userId,
        input: ReallocationSchema.parse({ toMemberId, reason: "Tungku rusak", lines: [{ workOrderLineId: line!.id, quantity }] }),
        now: new Date(),
      });
    await refusedWith(() => move(third.member_id, 10), "error.reallocateSameMember", "toMemberId");
    await refusedWith(() => move(setup.members[1]!.organizationId, 481), "error.reallocateMoreThanOpen", "lines[0].quantity");
    const newId = await move(setup.members[1]!.organizationId, 480);
    const after = await db().selectFrom("work_orders").selectAll().where("id", "in", [third.id, newId]).orderBy("id").execute();
    expect(after.map((w) => [w.status, w.member_id])).toEqual([
      ["reallocated", third.member_id],
      ["assigned", setup.members[1]!.organizationId],
    ]);
    expect(after[1]!.reallocated_from_id).toBe(third.id);
    const board = await loadBoard(db(), setup.supplier.organizationId, "2027-01", 3);
    const sbk = board.members.find((m) => m.memberId === setup.members[1]!.organizationId)!;
    expect(sbk.months[0]!.committed).toBe(100); // 60 + the 40 moved to it
    const gone = board.members.find((m) => m.memberId === third.member_id)!;
    expect(gone.months[0]!.committed).toBe(0);
    // The joint-bid warning's figures: January to March, the busiest month's committed pieces per member.
    const headroom = await shareHeadroom(db(), setup.supplier.organizationId, "2027-01-05", "2027-03-31");
    expect(headroom.find((h) => h.memberId === setup.members[1]!.organizationId)).toMatchObject({ months: 3, busiestMonth: "2027-01", committed: 100 });
    expect(headroom.find((h) => h.memberId === setup.members[0]!.organizationId)).toMatchObject({ months: 3, committed: 100 });
  });
});

describe("statuses in the table and in the database agree", () => {
  it("lists every state the CHECK allows", async () => {
    const setup = await cooperativeOrder({ shares: [200] });
    const [id] = await split(setup);
    for (const status of WORK_ORDER_STATES) await db().updateTable("work_orders").set({ status: status as WorkOrderStatus }).where("id", "=", id!).execute();
    await expect(
      db()
        .updateTable("work_orders")
        .set({ status: "lost" as WorkOrderStatus })
        .where("id", "=", id!)
        .execute(),
    ).rejects.toThrow();
    expect(await createBuyer()).toBeTruthy();
  });

  it("shows the buyer's price to the member when the cooperative chooses to", async () => {
    const setup = await cooperativeOrder({ shares: [200] });
    const [id] = await split(setup, { showBuyerPrice: true });
    const page = await getWorkOrderPage(db(), { workOrderId: id!, organizationId: setup.members[0]!.organizationId, actorUserId: setup.members[0]!.userId, today: "2027-01-01" });
    expect(page.lines[0]!.buyerUnitPrice).toBe(89_500);
    expect(page.schedules[0]!.buyer_due_on).toBeNull();
  });
});
