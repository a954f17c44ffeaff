import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { applyLadderEvent } from "../../../app/domain/development/apply-ladder-event.server";
import { developmentPage } from "../../../app/domain/development/coached-view.server";
import { ProgrammeSchema, RequirementsSchema, VisitSchema } from "../../../app/domain/development/development-schemas";
import { LADDER_EVENTS, LADDER_EVENT_ACTORS, ladderTransitions, type LadderState } from "../../../app/domain/development/ladder-states";
import { createProgramme, enrolOrganization, recordVisit, setSharing, takeEnrolmentStep, takeLadderStep } from "../../../app/domain/development/mentoring.server";
import { listPartnerships, partnershipReport } from "../../../app/domain/development/partnerships.server";
import { reportCsv, reportPdf, reportXlsx } from "../../../app/domain/development/report-files.server";
import { probationCap, probationComplete, trialVerdict } from "../../../app/domain/development/probation";
import { inviteOnTrial, relationshipOf, saveRequirements } from "../../../app/domain/development/supplier-readiness.server";
import { DomainError } from "../../../app/domain/errors";
import { awardRfq } from "../../../app/domain/rfqs/award-rfq.server";
import { submitBid } from "../../../app/domain/rfqs/submit-bid.server";
import { jakartaDate } from "../../../app/domain/time";
import { cookieFor, createOrganizationWithOwner, getRequest, settle } from "../../support/factories";
import { inspect, invoice, payByTransfer, sendAndAccept, ship, type AwardedOrder } from "../../support/orders";
import { approvedSupplier, bidInput, createBuyer, DAY, publishedRfq, type TestOrganization } from "../../support/rfqs";

// Issue 17: supplier development — mentors and what they may see, the ladder's one table and one writer,
// probation arithmetic and trial orders, partnerships derived from orders and the report's totals.

type RouteModule = { loader?: (args: LoaderFunctionArgs) => Promise<unknown> };
const routes = import.meta.glob<RouteModule>("../../../app/routes/*.tsx", { eager: true });
const loaderOf = (name: string) => routes[`../../../app/routes/${name}.tsx`]!.loader!;
const db = () => getDb();
const today = () => jakartaDate(new Date());

async function stageId(code: string): Promise<number> {
  return (await db().selectFrom("ladder_stages").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

/** A mentor organization with a programme, and an IKM enrolled in it that accepted. */
async function coaching() {
  const mentor = await createOrganizationWithOwner({ kind: "mentor", legalName: `Yayasan Pembina Uji ${Math.random().toString(36).slice(2, 6)}` });
  const ikm = await approvedSupplier();
  const programmeId = await createProgramme(db(), {
    mentorId: mentor.organizationId,
    actorUserId: mentor.userId,
    input: ProgrammeSchema.parse({ name: "Program Uji", startsOn: "2026-01-01", endsOn: "2026-12-31" }),
    now: new Date(),
  });
  const enrolmentId = await enrolOrganization(db(), { mentorId: mentor.organizationId, programmeId, organizationId: ikm.organizationId, actorUserId: mentor.userId, now: new Date() });
  await takeEnrolmentStep(db(), { organizationId: ikm.organizationId, side: "ikm", enrolmentId, event: "accept", actorUserId: ikm.userId, now: new Date() });
  return { mentor, ikm, programmeId, enrolmentId };
}

/** A buyer's RFQ published 20 days ago, closed, with one bid of `quantity` pieces from `supplier`. */
async function closedRfqWithBid(buyer: TestOrganization, supplier: TestOrganization, quantity: number, publishedAt = new Date(Date.now() - 20 * DAY)) {
  const deadline = new Date(Math.floor(publishedAt.getTime() / 60_000) * 60_000 + DAY);
  const rfq = await publishedRfq(buyer, { title: "Cylinder sleeve FC250", now: publishedAt, deadline, lines: [{ partName: "Cylinder sleeve", quantity, unit: "pcs" }] });
  const { bidId } = await submitBid(db(), {
    rfqId: rfq.rfqId,
    supplierId: supplier.organizationId,
    actorUserId: supplier.userId,
    input: bidInput([{ rfqLineId: rfq.lineIds[0]!, quantity, unitPrice: 90_000 }]),
    now: new Date(publishedAt.getTime() + 60_000),
  });
  return { rfq, bidId, awardAt: new Date(deadline.getTime() + 1000) };
}

/** Ships everything today and the buyer accepts it all: on time, first pass. */
async function deliverOnTime(setup: AwardedOrder) {
  const shipmentId = await ship(setup, setup.lines.map((l) => l.quantity), { shippedOn: today() });
  await inspect(setup, shipmentId, [], { receivedOn: today() });
}

/** An award of everything bid, marked a trial or not; the order as the order helpers want it. */
async function award(buyer: TestOrganization, supplier: TestOrganization, quantity: number, options: { trial?: boolean; publishedAt?: Date } = {}): Promise<AwardedOrder> {
  const { rfq, bidId, awardAt } = await closedRfqWithBid(buyer, supplier, quantity, options.publishedAt);
  const { awardId, orderIds } = await awardRfq(db(), {
    rfqId: rfq.rfqId,
    buyerId: buyer.organizationId,
    actorUserId: buyer.userId,
    reason: "Harga terbaik",
    allocations: [{ bidId, rfqLineId: rfq.lineIds[0]!, quantity }],
    trial: options.trial,
    now: awardAt,
  });
  const order = await db().selectFrom("orders").selectAll().where("id", "=", orderIds[0]!).executeTakeFirstOrThrow();
  const lines = await db().selectFrom("order_lines").selectAll().where("order_id", "=", order.id).orderBy("position").execute();
  return { order, buyer, supplier, lines, orders: [order], suppliers: [supplier], rfqId: rfq.rfqId, awardId, awardedAt: awardAt };
}

describe("mentors see the IKMs they coach, and nothing of their bids or orders unless shared", () => {
  it("a coaching mentor gets the listing, certificates, scorecard and ladder; an IKM it does not coach is 404", async () => {
    const { mentor, ikm, enrolmentId } = await coaching();
    const stranger = await approvedSupplier();
    const buyer = await createBuyer();
    await award(buyer, ikm, 50);
    const cookie = await cookieFor(mentor.userId, mentor.organizationId);

    const seen = await settle(() => loaderOf("mentor.ikm.$id")({ request: getRequest(`/mentor/ikm/${ikm.organizationId}`, cookie), params: { id: String(ikm.organizationId) }, context: {} }));
    expect(seen.status).toBe(200);
    const page = (seen.value as { page: Awaited<ReturnType<typeof developmentPage>> }).page;
    expect(page.organization.id).toBe(ikm.organizationId);
    expect(page.listing?.certificates.map((c) => c.typeCode)).toEqual(["iso9001"]);
    expect(page.ladder.map((s) => s.code)).toEqual(["five_r", "quality", "environment", "automotive", "trial_order", "approved"]);
    expect(page.scorecard).toBeTruthy();
    expect(page.orders).toEqual([]);
    expect(page.bids).toEqual([]);

    const notCoached = await settle(() => loaderOf("mentor.ikm.$id")({ request: getRequest(`/mentor/ikm/${stranger.organizationId}`, cookie), params: { id: String(stranger.organizationId) }, context: {} }));
    expect(notCoached.status).toBe(404);
    // The IKM's own order page is not the mentor's either.
    const order = await db().selectFrom("orders").select("id").where("supplier_id", "=", ikm.organizationId).executeTakeFirstOrThrow();
    const orderPage = await settle(() => loaderOf("orders.$id")({ request: getRequest(`/orders/${order.id}`, cookie), params: { id: String(order.id) }, context: {} }));
    expect(orderPage.status).toBe(404);

    // Shared: the bids and orders appear; after leaving the programme the IKM is 404 again.
    await setSharing(db(), { organizationId: ikm.organizationId, enrolmentId, share: true, actorUserId: ikm.userId, now: new Date() });
    const shared = await developmentPage(db(), { organizationId: ikm.organizationId, today: today(), side: "mentor", mentorId: mentor.organizationId });
    expect(shared.orders.map((o) => o.id)).toEqual([order.id]);
    expect(shared.bids).toHaveLength(1);
    await takeEnrolmentStep(db(), { organizationId: ikm.organizationId, side: "ikm", enrolmentId, event: "leave", actorUserId: ikm.userId, now: new Date() });
    await expect(developmentPage(db(), { organizationId: ikm.organizationId, today: today(), side: "mentor", mentorId: mentor.organizationId })).rejects.toMatchObject({ status: 404 });
  });

  it("an IKM that has not accepted is not coached yet", async () => {
    const mentor = await createOrganizationWithOwner({ kind: "mentor" });
    const ikm = await approvedSupplier();
    const programmeId = await createProgramme(db(), { mentorId: mentor.organizationId, actorUserId: mentor.userId, input: ProgrammeSchema.parse({ name: "Program Undangan", startsOn: "2026-01-01", endsOn: "2026-12-31" }), now: new Date() });
    await enrolOrganization(db(), { mentorId: mentor.organizationId, programmeId, organizationId: ikm.organizationId, actorUserId: mentor.userId, now: new Date() });
    await expect(developmentPage(db(), { organizationId: ikm.organizationId, today: today(), side: "mentor", mentorId: mentor.organizationId })).rejects.toMatchObject({ status: 404 });
    // Only an IKM or a cooperative can be enrolled.
    const buyer = await createBuyer();
    await expect(enrolOrganization(db(), { mentorId: mentor.organizationId, programmeId, organizationId: buyer.organizationId, actorUserId: mentor.userId, now: new Date() })).rejects.toMatchObject({ messageKey: "error.enrolIkmOnly" });
  });
});

describe("the ladder: one table, one writer, an audit row per step", () => {
  const EXPECTED: Record<LadderState, Partial<Record<(typeof LADDER_EVENTS)[number], LadderState>>> = {
    not_started: { start: "in_progress", sign_off: "signed_off" },
    in_progress: { submit: "submitted", sign_off: "signed_off" },
    submitted: { sign_off: "signed_off", return: "in_progress" },
    signed_off: { reopen: "in_progress" },
  };

  it("has exactly the expected result for every state × event", () => {
    expect(Object.keys(ladderTransitions).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const state of Object.keys(EXPECTED) as LadderState[]) {
      for (const event of LADDER_EVENTS) expect(ladderTransitions[state][event], `${state} × ${event}`).toBe(EXPECTED[state][event]);
    }
    expect(LADDER_EVENT_ACTORS).toEqual({ start: ["ikm", "mentor"], submit: ["ikm"], sign_off: ["mentor"], return: ["mentor"], reopen: ["mentor"] });
  });

  it("applies every allowed pair on a real row (audited), and refuses every other leaving it untouched", async () => {
    const { ikm, mentor } = await coaching();
    const stage = await stageId("environment");
    const reach: Record<LadderState, (typeof LADDER_EVENTS)[number][]> = { not_started: [], in_progress: ["start"], submitted: ["start", "submit"], signed_off: ["start", "sign_off"] };
    for (const state of Object.keys(EXPECTED) as LadderState[]) {
      for (const event of LADDER_EVENTS) {
        await db().deleteFrom("ladder_progress").where("organization_id", "=", ikm.organizationId).where("stage_id", "=", stage).execute();
        for (const step of reach[state]) await db().transaction().execute((trx) => applyLadderEvent(trx, { organizationId: ikm.organizationId, stageId: stage, event: step, actorUserId: mentor.userId, mentorId: mentor.organizationId, now: new Date() }));
        const before = await db().selectFrom("ladder_progress").selectAll().where("organization_id", "=", ikm.organizationId).where("stage_id", "=", stage).executeTakeFirst();
        expect(before?.status ?? "not_started").toBe(state);
        const audits = Number((await db().selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("entity_type", "=", "ladder_stage").executeTakeFirstOrThrow()).n);
        const apply = () => db().transaction().execute((trx) => applyLadderEvent(trx, { organizationId: ikm.organizationId, stageId: stage, event, actorUserId: mentor.userId, mentorId: mentor.organizationId, now: new Date() }));
        const to = EXPECTED[state][event];
        if (to) {
          await apply();
          const after = await db().selectFrom("ladder_progress").selectAll().where("organization_id", "=", ikm.organizationId).where("stage_id", "=", stage).executeTakeFirstOrThrow();
          expect(after.status, `${state} × ${event}`).toBe(to);
          expect(after.revision).toBe((before?.revision ?? 0) + 1);
          const rows = await db().selectFrom("audit_log").selectAll().where("entity_type", "=", "ladder_stage").orderBy("id", "desc").limit(2).execute();
          // One row in the IKM's log and one in the mentor's.
          expect(rows.map((r) => [r.organization_id, r.action, r.from_state, r.to_state]).sort()).toEqual(
            [
              [ikm.organizationId, event, state, to],
              [mentor.organizationId, event, state, to],
            ].sort(),
          );
        } else {
          await expect(apply(), `${state} × ${event}`).rejects.toBeInstanceOf(DomainError);
          const after = await db().selectFrom("ladder_progress").selectAll().where("organization_id", "=", ikm.organizationId).where("stage_id", "=", stage).executeTakeFirst();
          expect(after).toEqual(before);
          expect(Number((await db().selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("entity_type", "=", "ladder_stage").executeTakeFirstOrThrow()).n)).toBe(audits);
        }
      }
    }
  });

  it("signs a stage off only once its criteria are met, only by a coaching mentor, and keeps each step as history", async () => {
    const { ikm, mentor } = await coaching();
    const fiveR = await stageId("five_r");
    const step = (side: "ikm" | "mentor", event: "submit" | "sign_off" | "start", revision: number) =>
      takeLadderStep(db(), { organizationId: ikm.organizationId, side, mentorId: side === "mentor" ? mentor.organizationId : null, stageId: fiveR, event, revision, actorUserId: side === "mentor" ? mentor.userId : ikm.userId, now: new Date(), today: today() });
    await expect(step("mentor", "sign_off", 0)).rejects.toMatchObject({ messageKey: "error.criteriaNotMet" });
    await expect(step("ikm", "sign_off", 0)).rejects.toMatchObject({ status: 403 });
    const assess = (scores: Record<string, number>) =>
      recordVisit(db(), { mentorId: mentor.organizationId, organizationId: ikm.organizationId, actorUserId: mentor.userId, input: VisitSchema.parse({ kind: "assessment", stageId: fiveR, visitedOn: today(), findings: "Penilaian 5R", scores, actions: [{ description: "Label rak bahan", dueOn: today() }] }), now: new Date() });
    await assess({ ringkas: 4, rapi: 3, resik: 2, rawat: 3, rajin: 3 });
    await expect(step("mentor", "sign_off", 1)).rejects.toMatchObject({ messageKey: "error.criteriaNotMet" });
    await expect(assess({ ringkas: 6, rapi: 3, resik: 3, rawat: 3, rajin: 3 })).rejects.toMatchObject({ messageKey: "error.scoreTooHigh", field: "scores.ringkas" });
    await assess({ ringkas: 4, rapi: 3, resik: 3, rawat: 3, rajin: 4 });
    // A stale revision is refused; the current one signs off.
    await expect(step("mentor", "sign_off", 0)).rejects.toMatchObject({ messageKey: "error.ladderChanged" });
    await step("mentor", "sign_off", 1);
    const view = await developmentPage(db(), { organizationId: ikm.organizationId, today: today(), side: "ikm", mentorId: null });
    expect(view.ladder.find((s) => s.code === "five_r")?.state).toBe("signed_off");
    expect(view.history.filter((h) => h.entity_type === "ladder_stage").map((h) => h.action)).toEqual(["sign_off", "start"]);
    expect(view.history.filter((h) => h.entity_type === "mentor_visit")).toHaveLength(2);
    // An unrelated mentor cannot sign it off or reopen it.
    const other = await createOrganizationWithOwner({ kind: "mentor" });
    await expect(takeLadderStep(db(), { organizationId: ikm.organizationId, side: "mentor", mentorId: other.organizationId, stageId: fiveR, event: "reopen", revision: 2, actorUserId: other.userId, now: new Date(), today: today() })).rejects.toMatchObject({ status: 404 });
  });
});

describe("probation", () => {
  it("grows the cap with each trial passed, faster with a better scorecard, rounded up", () => {
    expect(probationCap({ baseCap: 100, passed: 0, onTimePercent: null, firstPassPercent: null })).toBe(100);
    expect(probationCap({ baseCap: 100, passed: 1, onTimePercent: null, firstPassPercent: null })).toBe(200);
    expect(probationCap({ baseCap: 100, passed: 2, onTimePercent: 96, firstPassPercent: 99 })).toBe(500);
    expect(probationCap({ baseCap: 100, passed: 2, onTimePercent: 96, firstPassPercent: 90 })).toBe(300);
    expect(probationCap({ baseCap: 100, passed: 1, onTimePercent: 84.9, firstPassPercent: 100 })).toBe(150);
    expect(probationCap({ baseCap: 75, passed: 1, onTimePercent: 50, firstPassPercent: 50 })).toBe(113);
    expect(probationCap({ baseCap: 100, passed: -3, onTimePercent: 100, firstPassPercent: 100 })).toBe(100);
  });

  it("passes a trial order only when every delivery was on time and everything ordered was accepted", () => {
    expect(trialVerdict({ deliveries: ["on_time"], ordered: 100, accepted: 100, rejected: 0 })).toBe(true);
    expect(trialVerdict({ deliveries: ["on_time", "late_delivered"], ordered: 100, accepted: 100, rejected: 0 })).toBe(false);
    expect(trialVerdict({ deliveries: ["on_time"], ordered: 100, accepted: 99, rejected: 1 })).toBe(false);
    expect(trialVerdict({ deliveries: ["on_time"], ordered: 100, accepted: 90, rejected: 0 })).toBe(false);
    expect(trialVerdict({ deliveries: [], ordered: 100, accepted: 100, rejected: 0 })).toBe(false);
    expect(probationComplete(3, 3)).toBe(true);
    expect(probationComplete(2, 3)).toBe(false);
  });

  it("caps a trial supplier's award, passes a completed trial order, and approves it at the buyer's number", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    await saveRequirements(db(), { buyerId: buyer.organizationId, actorUserId: buyer.userId, input: RequirementsSchema.parse({ trialOrders: 2, trialCapQuantity: 100 }), now: new Date() });
    await inviteOnTrial(db(), { buyerId: buyer.organizationId, actorUserId: buyer.userId, input: { supplierId: supplier.organizationId, capQuantity: 100 }, now: new Date() });
    expect(await relationshipOf(db(), buyer.organizationId, supplier.organizationId)).toMatchObject({ status: "trial", cap_quantity: 100, trial_orders_required: 2, trial_orders_passed: 0 });

    // Over the cap: refused, nothing awarded.
    await expect(award(buyer, supplier, 150)).rejects.toMatchObject({ messageKey: "error.trialCapExceeded", params: { cap: 100 } });
    // At the cap: a trial order (whether or not the award was marked one — the supplier is on trial).
    const first = await award(buyer, supplier, 100);
    expect(first.order.is_trial).toBe(1);
    await sendAndAccept(first);
    await deliverOnTime(first);
    await payByTransfer(first, await invoice(first));
    const afterOne = await relationshipOf(db(), buyer.organizationId, supplier.organizationId);
    const order = await db().selectFrom("orders").select(["status", "trial_passed"]).where("id", "=", first.order.id).executeTakeFirstOrThrow();
    expect(order).toEqual({ status: "completed", trial_passed: 1 });
    // One pass, on-time and first-pass 100 %: the cap grows by twice the base.
    expect(afterOne).toMatchObject({ status: "trial", trial_orders_passed: 1, cap_quantity: 300 });
    const audits = await db().selectFrom("audit_log").select(["action", "to_state"]).where("entity_type", "=", "supplier_relationship").where("organization_id", "=", buyer.organizationId).orderBy("id").execute();
    expect(audits).toEqual([
      { action: "invite_trial", to_state: "trial" },
      { action: "pass_trial", to_state: "trial" },
    ]);

    const second = await award(buyer, supplier, 300);
    await sendAndAccept(second);
    await deliverOnTime(second);
    await payByTransfer(second, await invoice(second));
    expect(await relationshipOf(db(), buyer.organizationId, supplier.organizationId)).toMatchObject({ status: "approved", trial_orders_passed: 2 });
    const notifications = await db().selectFrom("notifications").innerJoin("memberships", "memberships.user_id", "notifications.user_id").select("notifications.kind").where("memberships.organization_id", "=", supplier.organizationId).where("notifications.kind", "like", "relationship_%").orderBy("notifications.id").execute();
    expect(notifications.map((n) => n.kind)).toEqual(["relationship_invite_trial", "relationship_pass_trial", "relationship_pass_trial", "relationship_approve"]);
    // Approved: no cap any more.
    const big = await award(buyer, supplier, 5000);
    expect(big.order.is_trial).toBe(0);
  });
});

describe("partnerships are derived from orders", () => {
  it("counts an IKM's first contracted order with each big buyer once, dated by the contract, and the report equals a direct count", async () => {
    const kai = await createBuyer("PT Kereta Uji");
    const tpr = await createBuyer("PT Ring Uji");
    const ikm = await approvedSupplier();
    const before = (await listPartnerships(db())).length;
    const publishedAt = new Date(Date.UTC(2019, 0, 8, 3));
    const firstKai = await award(kai, ikm, 10, { publishedAt });
    // Awarded but not contracted: not a partnership yet.
    expect((await listPartnerships(db())).filter((p) => p.supplierId === ikm.organizationId)).toEqual([]);
    await sendAndAccept(firstKai, new Date(Date.UTC(2019, 0, 15, 3)));
    // A second contracted order with the same buyer is repeat business.
    const again = await award(kai, ikm, 10);
    await sendAndAccept(again);
    const withTpr = await award(tpr, ikm, 10);
    await sendAndAccept(withTpr);
    const mine = (await listPartnerships(db())).filter((p) => p.supplierId === ikm.organizationId);
    expect(mine.map((p) => [p.buyerName, p.orderId, p.year])).toEqual([
      ["PT Ring Uji", withTpr.order.id, new Date().getUTCFullYear()],
      ["PT Kereta Uji", firstKai.order.id, 2019],
    ].sort((a, b) => Number(a[2]) - Number(b[2])));
    expect((await listPartnerships(db())).length).toBe(before + 2);

    // A cooperative that buys is not a big buyer: its orders are not partnerships.
    const cooperativeBuyer = await createOrganizationWithOwner({ kind: "cooperative", buys: true });
    const coopOrder = await award(cooperativeBuyer, ikm, 10);
    await sendAndAccept(coopOrder);
    expect((await listPartnerships(db())).length).toBe(before + 2);

    const report = await partnershipReport(db(), { from: 2000, to: 2100, by: "buyer", mentorId: null });
    const direct = await sql<{ n: number }>`
      select count(*) as n from (
        select o.supplier_id, o.buyer_id from orders o
        join organizations b on b.id = o.buyer_id
        join organizations s on s.id = o.supplier_id
        where o.supplier_accepted_at is not null and b.kind = 'buyer' and s.kind in ('supplier', 'cooperative')
        group by o.supplier_id, o.buyer_id
      ) pairs`.execute(db());
    expect(report.total).toBe(Number(direct.rows[0]!.n));
    expect(report.years.reduce((sum, y) => sum + y.count, 0)).toBe(report.total);
    expect(report.groups.reduce((sum, g) => sum + g.count, 0)).toBe(report.total);
    const in2019 = await partnershipReport(db(), { from: 2019, to: 2019, by: "buyer", mentorId: null });
    expect(in2019.rows.filter((r) => r.supplierId === ikm.organizationId).map((r) => r.contractedOn)).toEqual(["2019-01-15"]);
    // The ministry's targets come with the database: 15 over 2016–2018, 45 for 2019.
    expect(in2019.years).toEqual([{ year: 2019, count: in2019.total, target: 45, span: null }]);
    const early = await partnershipReport(db(), { from: 2016, to: 2018, by: "buyer", mentorId: null });
    expect(early.spans.map((s) => [s.yearFrom, s.yearTo, s.target])).toEqual([[2016, 2018, 15]]);

    // The files carry the same rows: the XLSX read back, the CSV counted, the PDF drawn.
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await reportXlsx(report, "id")) as never);
    const sheet = workbook.worksheets.at(-1)!;
    expect(sheet.rowCount).toBe(report.rows.length + 1);
    expect(sheet.getColumn(3).values).toContain(ikm.legalName);
    expect(reportCsv(report, "en").trim().split("\n")).toHaveLength(report.rows.length + 1);
    const pdf = await reportPdf(report, "id", new Date());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1").match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(1);
  });

  it("shows a mentor every count but only the rows of the IKMs it coaches", async () => {
    const { mentor, ikm } = await coaching();
    const other = await approvedSupplier();
    const buyer = await createBuyer();
    for (const supplier of [ikm, other]) await sendAndAccept(await award(buyer, supplier, 10));
    const report = await partnershipReport(db(), { from: 2000, to: 2100, by: "programme", mentorId: mentor.organizationId });
    expect(report.rows.map((r) => r.supplierId)).toEqual([ikm.organizationId]);
    expect(report.hiddenRows).toBe(report.total - 1);
    const funnel = report.funnel.find((f) => f.mentorName === mentor.legalName);
    expect(funnel).toMatchObject({ mentored: 1, partnered: 1 });
  });
});
