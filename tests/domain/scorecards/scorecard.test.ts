import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { lastMonths, scorecardsFor, supplierScorecard, type Scorecard } from "../../../app/domain/scorecards/scorecard.server";
import type { BidStatus, OrderStatus, RfqStatus } from "../../../db/schema";
import { createOrganizationWithOwner } from "../../support/factories";
import type { TestOrganization } from "../../support/rfqs";

// Scorecards on fixed data: orders, schedules, shipments, inspections, invitations and bids are written
// straight into this file's database, so every figure is known exactly.

const db = () => getDb();
const TODAY = "2026-11-20";
const AT = "2026-06-01T00:00:00.000Z";
let sequence = 0;

let buyer: TestOrganization;

async function rfq(status: RfqStatus): Promise<number> {
  const { id } = await db()
    .insertInto("rfqs")
    .values({
      buyer_id: buyer.organizationId,
      status,
      title: `RFQ uji ${++sequence}`,
      delivery_province_code: "33",
      delivery_regency_code: "33.10",
      delivery_address: "Jl. Uji",
      created_at: AT,
      updated_at: AT,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** An order of the supplier with one line and its scheduled deliveries ([due on, quantity]). */
async function order(supplierId: number, status: OrderStatus, quantity: number, schedule: [string, number][]) {
  const rfqId = await rfq("awarded");
  const { id: rfqLineId } = await db()
    .insertInto("rfq_lines")
    .values({ rfq_id: rfqId, position: 1, part_name: "Sleeve", quantity, unit: "pcs" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: awardId } = await db().insertInto("awards").values({ rfq_id: rfqId, reason: "uji", created_at: AT }).returning("id").executeTakeFirstOrThrow();
  const { id: orderId } = await db()
    .insertInto("orders")
    .values({
      number: `PO-UJI-${++sequence}`,
      rfq_id: rfqId,
      award_id: awardId,
      buyer_id: buyer.organizationId,
      supplier_id: supplierId,
      status,
      delivery_address: "Jl. Uji",
      delivery_province_code: "33",
      delivery_regency_code: "33.10",
      ppn_rate_bp: 1100,
      created_at: AT,
      updated_at: AT,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: lineId } = await db()
    .insertInto("order_lines")
    .values({ order_id: orderId, rfq_line_id: rfqLineId, position: 1, part_name: "Sleeve", unit: "pcs", quantity, unit_price: 100_000 })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [i, [dueOn, qty]] of schedule.entries()) {
    await db().insertInto("delivery_schedules").values({ order_line_id: lineId, sequence: i + 1, due_on: dueOn, quantity: qty }).execute();
  }
  return { orderId, lineId, shipments: 0 };
}

/** A shipment of the order's line; with an inspection (accepted/rejected, recorded at `at`) or still uninspected. */
async function ship(
  o: { orderId: number; lineId: number; shipments: number },
  shippedOn: string,
  quantity: number,
  options: { replacement?: number; inspection?: { accepted: number; rejected: number; at: string } } = {},
) {
  const inspected = options.inspection;
  const { id } = await db()
    .insertInto("shipments")
    .values({
      order_id: o.orderId,
      number: ++o.shipments,
      status: inspected ? "inspected" : "shipped",
      shipped_on: shippedOn,
      received_on: inspected ? inspected.at.slice(0, 10) : null,
      inspected_at: inspected?.at ?? null,
      created_at: AT,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("shipment_lines")
    .values({
      shipment_id: id,
      order_line_id: o.lineId,
      quantity,
      replacement_quantity: options.replacement ?? 0,
      accepted_quantity: inspected?.accepted ?? null,
      rejected_quantity: inspected?.rejected ?? null,
      rejection_reason: inspected && inspected.rejected > 0 ? "Diameter di luar toleransi" : null,
    })
    .execute();
}

async function invite(rfqId: number, supplierId: number) {
  await db().insertInto("rfq_invitations").values({ rfq_id: rfqId, supplier_id: supplierId, created_at: AT }).execute();
}
async function bid(rfqId: number, supplierId: number, status: BidStatus) {
  await db().insertInto("bids").values({ rfq_id: rfqId, supplier_id: supplierId, status, created_at: AT, updated_at: AT }).execute();
}

/** The months series as { "YYYY-MM": [on-time, first-pass] } for the months that have any figure. */
function filled(card: Scorecard) {
  return Object.fromEntries(
    card.months.filter((m) => m.onTimePercent !== null || m.firstPassPercent !== null).map((m) => [m.month, [m.onTimePercent, m.firstPassPercent]]),
  );
}

let alpha: TestOrganization;
let beta: TestOrganization;
let newcomer: TestOrganization;

beforeAll(async () => {
  buyer = await createOrganizationWithOwner({ kind: "buyer" });
  alpha = await createOrganizationWithOwner({ kind: "supplier" });
  beta = await createOrganizationWithOwner({ kind: "cooperative" });
  newcomer = await createOrganizationWithOwner({ kind: "supplier" });
  const a = alpha.organizationId;

  // Order 1: 300 pieces in three monthly deliveries. September met on time; October covered three days
  // late; November's is due after today (not counted yet). Nothing inspected yet.
  const o1 = await order(a, "in_production", 300, [
    ["2026-09-25", 100],
    ["2026-10-25", 100],
    ["2026-11-25", 100],
  ]);
  await ship(o1, "2026-09-20", 100);
  await ship(o1, "2026-10-28", 100);

  // Order 2: 200 pieces due 10 November, shipped on the 5th: on time. 5 rejected at the inspection (recorded
  // 31 October 18:30 UTC = 1 November in Jakarta), then 5 replacements accepted: 195 / 200 first pass.
  const o2 = await order(a, "partially_delivered", 200, [["2026-11-10", 200]]);
  await ship(o2, "2026-11-05", 200, { inspection: { accepted: 195, rejected: 5, at: "2026-10-31T18:30:00.000Z" } });
  await ship(o2, "2026-11-12", 5, { replacement: 5, inspection: { accepted: 5, rejected: 0, at: "2026-11-13T02:00:00.000Z" } });

  // Not counted for on-time: a cancelled order long overdue, a delivery due today not yet shipped, and one
  // due in December already shipped early.
  await order(a, "cancelled", 50, [["2026-08-01", 50]]);
  await order(a, "contracted", 40, [[TODAY, 40]]);
  const early = await order(a, "in_production", 60, [["2026-12-10", 60]]);
  await ship(early, "2026-11-01", 60);

  // Invitations: bid on a closed RFQ (lost), no bid on an awarded one → 1 / 2. An open RFQ not bid on yet and a
  // cancelled one are not counted; a bid on a public RFQ without an invitation is not an answer to one.
  const closed = await rfq("closed");
  await invite(closed, a);
  await bid(closed, a, "lost");
  const awarded = await rfq("awarded");
  await invite(awarded, a);
  const open = await rfq("open");
  await invite(open, a);
  const cancelled = await rfq("cancelled");
  await invite(cancelled, a);
  const publicRfq = await rfq("closed");
  await bid(publicRfq, a, "submitted");

  // Beta (a cooperative): one delivery met, one late and still not covered; an open RFQ it already bid on
  // (withdrawn) counts as answered.
  const b = beta.organizationId;
  const o3 = await order(b, "partially_delivered", 100, [
    ["2026-07-15", 50],
    ["2026-11-01", 50],
  ]);
  await ship(o3, "2026-07-15", 50);
  const openForBeta = await rfq("open");
  await invite(openForBeta, b);
  await bid(openForBeta, b, "withdrawn");
});

describe("supplierScorecard", () => {
  it("counts scheduled deliveries due by today: on time 2 of 3 (one covered late; later, cancelled and due-today ones not counted)", async () => {
    const card = await supplierScorecard(db(), alpha.organizationId, TODAY);
    expect(card.onTimeCount).toEqual({ met: 2, due: 3 });
    expect(card.onTimePercent).toBe(66.7);
  });

  it("counts first-pass quality on first-time pieces only: 195 of 200 = 97.5 %, replacements not counted again", async () => {
    const card = await supplierScorecard(db(), alpha.organizationId, TODAY);
    expect(card.firstPass).toEqual({ accepted: 195, inspected: 200 });
    expect(card.firstPassPercent).toBe(97.5);
  });

  it("counts bid response on invitations whose bidding is over or that it answered: 1 of 2", async () => {
    const card = await supplierScorecard(db(), alpha.organizationId, TODAY);
    expect(card.bidResponse).toEqual({ bids: 1, invitations: 2 });
    expect(card.bidResponsePercent).toBe(50);
  });

  it("gives the last 12 months, oldest first, with each delivery in its due month and each inspection in its Jakarta month", async () => {
    const card = await supplierScorecard(db(), alpha.organizationId, TODAY);
    expect(card.months.map((m) => m.month)).toEqual(lastMonths(TODAY, 12));
    expect(card.months[0]!.month).toBe("2025-12");
    expect(card.months[11]!.month).toBe("2026-11");
    expect(filled(card)).toEqual({
      "2026-09": [100, null],
      "2026-10": [0, null],
      "2026-11": [100, 97.5],
    });
  });

  it("counts a delivery still not covered after its due date as missed, and an answered open RFQ as a response", async () => {
    const card = await supplierScorecard(db(), beta.organizationId, TODAY);
    expect(card.onTimeCount).toEqual({ met: 1, due: 2 });
    expect(card.onTimePercent).toBe(50);
    expect(filled(card)).toEqual({ "2026-07": [100, null], "2026-11": [0, null] });
    expect(card.firstPassPercent).toBeNull();
    expect(card.firstPass).toEqual({ accepted: 0, inspected: 0 });
    expect(card.bidResponse).toEqual({ bids: 1, invitations: 1 });
    expect(card.bidResponsePercent).toBe(100);
  });

  it("is null where there is nothing to count", async () => {
    const card = await supplierScorecard(db(), newcomer.organizationId, TODAY);
    expect(card).toMatchObject({
      onTimePercent: null,
      onTimeCount: { met: 0, due: 0 },
      firstPassPercent: null,
      bidResponsePercent: null,
      bidResponse: { bids: 0, invitations: 0 },
    });
    expect(card.months).toHaveLength(12);
    expect(card.months.every((m) => m.onTimePercent === null && m.firstPassPercent === null)).toBe(true);
  });

  it("moves with today: a month later, November's last delivery of order 1 is overdue and September is still in the window", async () => {
    const card = await supplierScorecard(db(), alpha.organizationId, "2026-12-20");
    // + the 25 November delivery (late), the one due 20 November (late), and the early December one (on time).
    expect(card.onTimeCount).toEqual({ met: 3, due: 6 });
    expect(card.months[0]!.month).toBe("2026-01");
    expect(filled(card)).toEqual({
      "2026-09": [100, null],
      "2026-10": [0, null],
      "2026-11": [33.3, 97.5],
      "2026-12": [100, null],
    });
  });
});

describe("scorecardsFor", () => {
  it("gives the same scorecards for many suppliers at once, and an empty map for none", async () => {
    const ids = [alpha.organizationId, beta.organizationId, newcomer.organizationId, alpha.organizationId];
    const cards = await scorecardsFor(db(), ids, TODAY);
    expect([...cards.keys()]).toEqual([alpha.organizationId, beta.organizationId, newcomer.organizationId]);
    for (const id of [alpha.organizationId, beta.organizationId, newcomer.organizationId]) {
      expect(cards.get(id)).toEqual(await supplierScorecard(db(), id, TODAY));
    }
    expect((await scorecardsFor(db(), [], TODAY)).size).toBe(0);
  });
});

describe("lastMonths", () => {
  it("crosses the year boundary", () => {
    expect(lastMonths("2027-02-01", 4)).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
  });
});
