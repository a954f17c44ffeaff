import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { DomainError } from "../../../app/domain/errors";
import { awardRfq, type Allocation } from "../../../app/domain/rfqs/award-rfq.server";
import { cloneRfq } from "../../../app/domain/rfqs/clone-rfq.server";
import { closeDueRfqs } from "../../../app/domain/rfqs/close-due-rfqs.server";
import { buildComparison, comparisonCsv } from "../../../app/domain/rfqs/comparison.server";
import { createRfq } from "../../../app/domain/rfqs/save-rfq.server";
import { detectDrawingType } from "../../../app/domain/rfqs/rfq-files.server";
import { submitBid, withdrawBid } from "../../../app/domain/rfqs/submit-bid.server";
import { pdfFile } from "../../support/listings";
import {
  approvedSupplier,
  bidInput,
  countRows,
  createBuyer,
  minuteFromNow,
  notificationsOf,
  publishedRfq,
  rfqInput,
  type BidLineOverride,
  type TestOrganization,
} from "../../support/rfqs";

const SECOND = 1000;
const db = () => getDb();
// No digits in the title, so a notification's params can be checked for any figure at all.
const TITLE = "Sleeve dan flange pompa air";

function bid(supplier: TestOrganization, rfqId: number, lines: BidLineOverride[], now = new Date()) {
  return submitBid(db(), { rfqId, supplierId: supplier.organizationId, actorUserId: supplier.userId, input: bidInput(lines), now });
}

/**
 * A buyer's RFQ with two lines (100 sleeves, 50 flanges) and three bids, closed at its deadline:
 *   Alpha: 100 × 150.000 + 50 × 82.000  = 19.100.000  (lowest flange)
 *   Beta:   60 × 139.500 + 50 × 85.500  = 12.645.000  (lowest sleeve)
 *   Gamma: 100 × 162.000                = 16.200.000
 * and a fourth supplier whose bid was withdrawn before the deadline.
 */
async function closedRfqWithBids() {
  const buyer = await createBuyer();
  const suffix = Math.random().toString(36).slice(2, 6);
  const alpha = await approvedSupplier({ tkdnPercent: 40, legalName: `CV Alpha Presisi ${suffix}` });
  const beta = await approvedSupplier({ tkdnPercent: 65, legalName: `CV Beta Cor ${suffix}` });
  const gamma = await approvedSupplier({ tkdnPercent: 30, legalName: `CV Gamma Teknik ${suffix}` });
  const delta = await approvedSupplier({ legalName: `CV Delta Mundur ${suffix}` });
  const rfq = await publishedRfq(buyer, {
    title: TITLE,
    deadline: minuteFromNow(1),
    lines: [
      { partName: "Cylinder sleeve", partNumber: "CS-80", quantity: 100, unit: "pcs" },
      { partName: "Flange", partNumber: "FL-4", quantity: 50, unit: "pcs" },
    ],
  });
  const [sleeve, flange] = rfq.lineIds as [number, number];
  const a = await bid(alpha, rfq.rfqId, [
    { rfqLineId: sleeve, quantity: 100, unitPrice: 150_000 },
    { rfqLineId: flange, quantity: 50, unitPrice: 82_000 },
  ]);
  const b = await bid(beta, rfq.rfqId, [
    { rfqLineId: sleeve, quantity: 60, unitPrice: 139_500 },
    { rfqLineId: flange, quantity: 50, unitPrice: 85_500 },
  ]);
  const c = await bid(gamma, rfq.rfqId, [{ rfqLineId: sleeve, quantity: 100, unitPrice: 162_000 }]);
  const d = await bid(delta, rfq.rfqId, [{ rfqLineId: sleeve, quantity: 100, unitPrice: 120_000 }]);
  await withdrawBid(db(), { rfqId: rfq.rfqId, bidId: d.bidId, supplierId: delta.organizationId, actorUserId: delta.userId, now: new Date() });
  const afterDeadline = new Date(rfq.deadline.getTime() + SECOND);
  return {
    buyer,
    suppliers: { alpha, beta, gamma, delta },
    bids: { alpha: a.bidId, beta: b.bidId, gamma: c.bidId, delta: d.bidId },
    rfqId: rfq.rfqId,
    deadline: rfq.deadline,
    afterDeadline,
    sleeve,
    flange,
    prices: [150_000, 82_000, 139_500, 85_500, 162_000, 120_000, 19_100_000, 12_645_000, 16_200_000],
    close: () => closeDueRfqs(db(), afterDeadline),
  };
}

function award(setup: Awaited<ReturnType<typeof closedRfqWithBids>>, allocations: Allocation[], reason = "Harga dan waktu kirim terbaik") {
  return awardRfq(db(), {
    rfqId: setup.rfqId,
    buyerId: setup.buyer.organizationId,
    actorUserId: setup.buyer.userId,
    reason,
    allocations,
    now: setup.afterDeadline,
  });
}

/** What an award writes, to show a refused one wrote nothing. */
async function awardState(rfqId: number) {
  return {
    rfq: await db().selectFrom("rfqs").select(["status", "version", "updated_at"]).where("id", "=", rfqId).executeTakeFirstOrThrow(),
    bids: await db().selectFrom("bids").select(["id", "status", "version"]).where("rfq_id", "=", rfqId).orderBy("id").execute(),
    awards: await countRows("awards"),
    awardLines: await countRows("award_lines"),
    audit: await countRows("audit_log"),
    notifications: await countRows("notifications"),
  };
}

const LABELS = {
  line: "Baris",
  partName: "Nama part",
  partNumber: "No. part",
  quantityRequested: "Jumlah diminta",
  supplier: "Pemasok",
  quantityBid: "Jumlah ditawar",
  unitPrice: "Harga satuan",
  amount: "Jumlah harga",
  lowest: "Terendah",
  leadTime: "Waktu kirim",
  tkdn: "TKDN",
  certificates: "Sertifikat",
  bidTotal: "Total penawaran",
  coverage: "Cakupan",
  wholeNeed: "Seluruh kebutuhan",
  outdated: "Versi lama",
  awarded: "Dimenangkan",
  yes: "ya",
};

describe("the comparison is sealed until the deadline", () => {
  it("refuses the buyer before the deadline (error.bidsSealed, 403) and any other buyer at any time (404)", async () => {
    const setup = await closedRfqWithBids();
    const otherBuyer = await createBuyer();

    await expect(
      buildComparison(db(), { rfqId: setup.rfqId, buyerId: setup.buyer.organizationId, now: new Date(setup.deadline.getTime() - SECOND) }),
    ).rejects.toMatchObject({ messageKey: "error.bidsSealed", status: 403 });
    await expect(
      buildComparison(db(), { rfqId: setup.rfqId, buyerId: otherBuyer.organizationId, now: new Date(setup.deadline.getTime() - SECOND) }),
    ).rejects.toMatchObject({ messageKey: "error.rfqNotFound", status: 404 });
    await expect(buildComparison(db(), { rfqId: setup.rfqId, buyerId: otherBuyer.organizationId, now: setup.afterDeadline })).rejects.toMatchObject({
      messageKey: "error.rfqNotFound",
      status: 404,
    });
    // A supplier that bid is not the buyer either.
    await expect(
      buildComparison(db(), { rfqId: setup.rfqId, buyerId: setup.suppliers.alpha.organizationId, now: setup.afterDeadline }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("after the deadline shows every non-withdrawn bid by total, each line's lowest price flagged, amounts and totals", async () => {
    const setup = await closedRfqWithBids();
    const { alpha, beta, gamma } = setup.bids;

    const comparison = await buildComparison(db(), { rfqId: setup.rfqId, buyerId: setup.buyer.organizationId, now: setup.afterDeadline });

    expect(comparison.rfq.status).toBe("closed");
    expect(comparison.lines.map((l) => [l.id, l.part_name, l.quantity])).toEqual([
      [setup.sleeve, "Cylinder sleeve", 100],
      [setup.flange, "Flange", 50],
    ]);
    expect(comparison.bids.map((b) => [b.id, b.total, b.tkdnPercent])).toEqual([
      [beta, 12_645_000, 65],
      [gamma, 16_200_000, 30],
      [alpha, 19_100_000, 40],
    ]);
    const cell = (bidId: number, lineId: number) => comparison.bids.find((b) => b.id === bidId)!.cells[lineId];
    expect(cell(beta, setup.sleeve)).toMatchObject({ quantity: 60, unitPrice: 139_500, amount: 8_370_000, lowest: true, awarded: 0 });
    expect(cell(alpha, setup.sleeve)).toMatchObject({ quantity: 100, unitPrice: 150_000, amount: 15_000_000, lowest: false });
    expect(cell(gamma, setup.sleeve)).toMatchObject({ quantity: 100, unitPrice: 162_000, amount: 16_200_000, lowest: false });
    expect(cell(alpha, setup.flange)).toMatchObject({ quantity: 50, unitPrice: 82_000, amount: 4_100_000, lowest: true });
    expect(cell(beta, setup.flange)).toMatchObject({ quantity: 50, unitPrice: 85_500, amount: 4_275_000, lowest: false });
    expect(cell(gamma, setup.flange)).toBeUndefined();
    // The withdrawn bid (the cheapest!) is not compared.
    expect(comparison.bids.map((b) => b.id)).not.toContain(setup.bids.delta);
    expect(comparison.award).toBeNull();
  });

  it("comparisonCsv has one row per line and bid with the supplier names and prices", async () => {
    const setup = await closedRfqWithBids();
    const { alpha, beta, gamma } = setup.suppliers;
    const comparison = await buildComparison(db(), { rfqId: setup.rfqId, buyerId: setup.buyer.organizationId, now: setup.afterDeadline });

    const csv = comparisonCsv(comparison, LABELS);

    const rows = csv
      .trim()
      .split(/\r?\n/)
      .map((r) => r.split(","));
    expect(rows[0]).toEqual(Object.values(LABELS).slice(0, 17));
    const body = rows.slice(1).map((r) => [r[0], r[4], r[5], r[6], r[7], r[8], r[12]]);
    expect(body).toEqual([
      ["1", beta.legalName, "60", "139500", "8370000", "ya", "12645000"],
      ["1", gamma.legalName, "100", "162000", "16200000", "", "16200000"],
      ["1", alpha.legalName, "100", "150000", "15000000", "", "19100000"],
      ["2", beta.legalName, "50", "85500", "4275000", "", "12645000"],
      ["2", alpha.legalName, "50", "82000", "4100000", "ya", "19100000"],
    ]);
    expect(csv).not.toContain(setup.suppliers.delta.legalName);
  });
});

describe("awarding a closed RFQ", () => {
  it("splits lines across suppliers with partial quantities, marks bids won or lost, and tells the losers no price", async () => {
    const setup = await closedRfqWithBids();
    await setup.close();
    const { alpha, beta, gamma, delta } = setup.suppliers;

    const result = await award(setup, [
      { bidId: setup.bids.alpha, rfqLineId: setup.sleeve, quantity: 40 },
      { bidId: setup.bids.beta, rfqLineId: setup.sleeve, quantity: 60 },
      { bidId: setup.bids.alpha, rfqLineId: setup.flange, quantity: 50 },
      { bidId: setup.bids.gamma, rfqLineId: setup.sleeve, quantity: 0 },
    ]);

    expect(result.winners.sort()).toEqual([alpha.organizationId, beta.organizationId].sort());
    const rfq = await db().selectFrom("rfqs").select("status").where("id", "=", setup.rfqId).executeTakeFirstOrThrow();
    expect(rfq.status).toBe("awarded");
    const awards = await db().selectFrom("awards").selectAll().where("rfq_id", "=", setup.rfqId).execute();
    expect(awards).toMatchObject([{ id: result.awardId, reason: "Harga dan waktu kirim terbaik", decided_by_user_id: setup.buyer.userId }]);
    const lines = await db()
      .selectFrom("award_lines")
      .select(["rfq_line_id", "bid_id", "supplier_id", "quantity", "unit_price"])
      .where("award_id", "=", result.awardId)
      .orderBy("id")
      .execute();
    expect(lines).toEqual([
      { rfq_line_id: setup.sleeve, bid_id: setup.bids.alpha, supplier_id: alpha.organizationId, quantity: 40, unit_price: 150_000 },
      { rfq_line_id: setup.sleeve, bid_id: setup.bids.beta, supplier_id: beta.organizationId, quantity: 60, unit_price: 139_500 },
      { rfq_line_id: setup.flange, bid_id: setup.bids.alpha, supplier_id: alpha.organizationId, quantity: 50, unit_price: 82_000 },
    ]);

    const statuses = Object.fromEntries(
      (await db().selectFrom("bids").select(["id", "status"]).where("rfq_id", "=", setup.rfqId).execute()).map((b) => [b.id, b.status]),
    );
    expect(statuses).toEqual({
      [setup.bids.alpha]: "awarded",
      [setup.bids.beta]: "awarded",
      [setup.bids.gamma]: "lost",
      [setup.bids.delta]: "withdrawn",
    });

    for (const winner of [alpha, beta]) {
      expect((await notificationsOf(winner.userId)).filter((n) => n.kind === "rfq_won" || n.kind === "rfq_lost").map((n) => n.kind)).toEqual(["rfq_won"]);
    }
    const lost = await notificationsOf(gamma.userId, "rfq_lost");
    expect(lost).toHaveLength(1);
    expect(lost[0]!.parsed).toEqual({ title: TITLE });
    expect(lost[0]!.params).not.toMatch(/\d/);
    for (const price of setup.prices) {
      expect(lost[0]!.params).not.toContain(String(price));
      expect(lost[0]!.params).not.toContain(price.toLocaleString("id-ID"));
    }
    expect(await notificationsOf(gamma.userId, "rfq_won")).toEqual([]);
    // A withdrawn bid takes no part in the award.
    expect((await notificationsOf(delta.userId)).filter((n) => n.kind === "rfq_won" || n.kind === "rfq_lost")).toEqual([]);

    const comparison = await buildComparison(db(), { rfqId: setup.rfqId, buyerId: setup.buyer.organizationId, now: setup.afterDeadline });
    const cell = (bidId: number, lineId: number) => comparison.bids.find((b) => b.id === bidId)!.cells[lineId]!;
    expect([cell(setup.bids.alpha, setup.sleeve).awarded, cell(setup.bids.beta, setup.sleeve).awarded, cell(setup.bids.alpha, setup.flange).awarded]).toEqual([
      40, 60, 50,
    ]);
    expect(comparison.award).toMatchObject({ id: result.awardId, reason: "Harga dan waktu kirim terbaik" });
  });

  it("closes a due RFQ itself and awards it even when no job or read has closed it yet", async () => {
    const setup = await closedRfqWithBids();

    await award(setup, [{ bidId: setup.bids.gamma, rfqLineId: setup.sleeve, quantity: 100 }]);

    const rfq = await db().selectFrom("rfqs").select(["status", "closed_at"]).where("id", "=", setup.rfqId).executeTakeFirstOrThrow();
    expect(rfq).toEqual({ status: "awarded", closed_at: setup.afterDeadline.toISOString() });
  });
});

describe("a refused award writes nothing", () => {
  it("refuses more than a line's quantity in total (error.awardMoreThanLine)", async () => {
    const setup = await closedRfqWithBids();
    await setup.close();
    const before = await awardState(setup.rfqId);

    await expect(
      award(setup, [
        { bidId: setup.bids.alpha, rfqLineId: setup.sleeve, quantity: 60 },
        { bidId: setup.bids.beta, rfqLineId: setup.sleeve, quantity: 60 },
      ]),
    ).rejects.toMatchObject({ messageKey: "error.awardMoreThanLine", status: 422, field: "allocations[1].quantity", params: { line: 1, max: 100 } });

    expect(await awardState(setup.rfqId)).toEqual(before);
    expect(before.rfq.status).toBe("closed");
  });

  it("refuses more than the bid offered on that line (error.awardMoreThanBid)", async () => {
    const setup = await closedRfqWithBids();
    await setup.close();
    const before = await awardState(setup.rfqId);

    await expect(award(setup, [{ bidId: setup.bids.beta, rfqLineId: setup.sleeve, quantity: 70 }])).rejects.toMatchObject({
      messageKey: "error.awardMoreThanBid",
      status: 422,
      field: "allocations[0].quantity",
      params: { max: 60 },
    });

    expect(await awardState(setup.rfqId)).toEqual(before);
  });

  it("refuses a line the bid did not price, and an award with nothing allocated", async () => {
    const setup = await closedRfqWithBids();
    await setup.close();
    const before = await awardState(setup.rfqId);

    await expect(award(setup, [{ bidId: setup.bids.gamma, rfqLineId: setup.flange, quantity: 10 }])).rejects.toMatchObject({
      messageKey: "error.awardNoBidLine",
      status: 422,
    });
    await expect(award(setup, [{ bidId: setup.bids.gamma, rfqLineId: setup.sleeve, quantity: 0 }])).rejects.toMatchObject({
      messageKey: "error.awardEmpty",
      field: "allocations",
    });

    expect(await awardState(setup.rfqId)).toEqual(before);
  });

  it("refuses to award before the RFQ closes (error.awardBeforeClose, 409)", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const { rfqId, lineIds, deadline } = await publishedRfq(buyer, { title: TITLE });
    const { bidId } = await bid(supplier, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }]);
    const before = await awardState(rfqId);

    await expect(
      awardRfq(db(), {
        rfqId,
        buyerId: buyer.organizationId,
        actorUserId: buyer.userId,
        reason: "Terburu-buru",
        allocations: [{ bidId, rfqLineId: lineIds[0]!, quantity: 200 }],
        now: new Date(deadline.getTime() - SECOND),
      }),
    ).rejects.toMatchObject({ messageKey: "error.awardBeforeClose", status: 409 });

    expect(await awardState(rfqId)).toEqual(before);
    expect(before.rfq.status).toBe("open");
  });

  it("refuses a bid of a different RFQ in the allocations (404)", async () => {
    const setup = await closedRfqWithBids();
    const elsewhere = await publishedRfq(setup.buyer, { title: TITLE, deadline: setup.deadline });
    const foreign = await bid(setup.suppliers.alpha, elsewhere.rfqId, [{ rfqLineId: elsewhere.lineIds[0]!, quantity: 100, unitPrice: 1_000 }]);
    await setup.close();
    const before = await awardState(setup.rfqId);

    await expect(
      award(setup, [
        { bidId: setup.bids.beta, rfqLineId: setup.sleeve, quantity: 60 },
        { bidId: foreign.bidId, rfqLineId: setup.sleeve, quantity: 40 },
      ]),
    ).rejects.toMatchObject({ messageKey: "error.bidNotFound", status: 404 });
    // Nor the other RFQ's line against this RFQ's bid.
    await expect(award(setup, [{ bidId: setup.bids.alpha, rfqLineId: elsewhere.lineIds[0]!, quantity: 10 }])).rejects.toBeInstanceOf(DomainError);

    expect(await awardState(setup.rfqId)).toEqual(before);
    expect(before.rfq.status).toBe("closed");
  });

  // Allocations are summed per bid and line: two rows for the same pair (60 + 40 for a bid of 60) must be
  // refused as a DomainError, not reach the award_lines unique constraint as a 500.
  it("refuses two allocations of the same bid and line that together exceed the bid with a DomainError", async () => {
    const setup = await closedRfqWithBids();
    await setup.close();
    const before = await awardState(setup.rfqId);

    const error = await award(setup, [
      { bidId: setup.bids.beta, rfqLineId: setup.sleeve, quantity: 60 },
      { bidId: setup.bids.beta, rfqLineId: setup.sleeve, quantity: 40 },
    ]).catch((e: unknown) => e);

    expect(await awardState(setup.rfqId)).toEqual(before);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 422 });
  });
});

describe("two staff awarding at once", () => {
  it("exactly one award succeeds; the other is told error.alreadyAwarded (409) and one awards row exists", async () => {
    const setup = await closedRfqWithBids();
    await setup.close();

    const results = await Promise.allSettled([
      award(setup, [{ bidId: setup.bids.alpha, rfqLineId: setup.sleeve, quantity: 100 }], "Semua ke Alpha"),
      award(setup, [{ bidId: setup.bids.gamma, rfqLineId: setup.sleeve, quantity: 100 }], "Semua ke Gamma"),
    ]);

    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(DomainError);
    expect(rejected[0]!.reason).toMatchObject({ messageKey: "error.alreadyAwarded", status: 409 });
    const awards = await db().selectFrom("awards").select(["id", "reason"]).where("rfq_id", "=", setup.rfqId).execute();
    expect(awards).toHaveLength(1);
    const winner = await db().selectFrom("award_lines").select(["bid_id"]).where("award_id", "=", awards[0]!.id).execute();
    expect(winner).toEqual([{ bid_id: awards[0]!.reason === "Semua ke Alpha" ? setup.bids.alpha : setup.bids.gamma }]);
    expect(await db().selectFrom("bids").select("status").where("status", "=", "awarded").where("rfq_id", "=", setup.rfqId).execute()).toHaveLength(1);
  });
});

describe("posting an RFQ again (clone)", () => {
  it("makes a draft with the same content, lines and drawings, dates proposed in the future, and no invitations or bids", async () => {
    const setup = await closedRfqWithBids();
    const buyer = setup.buyer;
    const sourceId = await createRfq(db(), {
      buyerId: buyer.organizationId,
      actorUserId: buyer.userId,
      input: rfqInput({
        title: TITLE,
        minTkdnPercent: 40,
        requiredCertificates: ["iso9001"],
        lines: [
          { partName: "Cylinder sleeve", partNumber: "CS-80", quantity: 100, unit: "pcs", targetUnitPrice: "Rp 145.000", drawing: pdfFile("sleeve.pdf") },
          { partName: "Flange", partNumber: "FL-4", quantity: 50, unit: "set" },
        ],
      }),
      now: new Date(),
    });
    const source = await db().selectFrom("rfqs").selectAll().where("id", "=", sourceId).executeTakeFirstOrThrow();
    expect(source.status).toBe("open");

    const cloneId = await cloneRfq(db(), { rfqId: sourceId, buyerId: buyer.organizationId, actorUserId: buyer.userId, now: new Date() });

    const clone = await db().selectFrom("rfqs").selectAll().where("id", "=", cloneId).executeTakeFirstOrThrow();
    expect(clone).toMatchObject({
      status: "draft",
      version: 1,
      buyer_id: buyer.organizationId,
      title: source.title,
      description: source.description,
      required_certificates: '["iso9001"]',
      min_tkdn_percent: 40,
      delivery_address: source.delivery_address,
      visibility: source.visibility,
      payment_terms: source.payment_terms,
      // Dates are proposed from the original's (its bidding window from now; the same time to needed-by).
      bid_deadline: expect.any(String),
      needed_by: expect.any(String),
      published_at: null,
      closed_at: null,
      cloned_from_id: sourceId,
    });
    // The deadline lies ahead with the original's bidding window; needed-by keeps its distance after it.
    const deadline = new Date(clone.bid_deadline!).getTime();
    expect(deadline).toBeGreaterThan(Date.now());
    const window = (new Date(source.bid_deadline!).getTime() - new Date(source.published_at!).getTime()) / 86_400_000;
    expect(Math.round((deadline - Date.now()) / 86_400_000)).toBeGreaterThanOrEqual(Math.max(3, Math.round(window)) - 1);
    expect(clone.needed_by! > clone.bid_deadline!.slice(0, 10)).toBe(true);
    const linesOf = (rfqId: number) =>
      db()
        .selectFrom("rfq_lines")
        .select(["position", "part_name", "part_number", "description", "material_code", "process_code", "quantity", "unit", "target_unit_price"])
        .where("rfq_id", "=", rfqId)
        .orderBy("position")
        .execute();
    const cloneLines = await linesOf(cloneId);
    expect(cloneLines).toEqual(await linesOf(sourceId));
    expect(cloneLines.map((l) => [l.part_name, l.quantity, l.unit, l.target_unit_price])).toEqual([
      ["Cylinder sleeve", 100, "pcs", 145_000],
      ["Flange", 50, "set", null],
    ]);
    const drawings = await db()
      .selectFrom("rfq_files")
      .innerJoin("rfq_lines", "rfq_lines.id", "rfq_files.rfq_line_id")
      .select(["rfq_files.rfq_id", "rfq_lines.rfq_id as line_rfq_id", "rfq_files.storage_key", "rfq_files.content_type", "rfq_files.original_name"])
      .where("rfq_files.rfq_id", "in", [sourceId, cloneId])
      .orderBy("rfq_files.id")
      .execute();
    expect(drawings).toHaveLength(2);
    expect(drawings[1]).toMatchObject({ rfq_id: cloneId, line_rfq_id: cloneId, storage_key: drawings[0]!.storage_key, content_type: "application/pdf" });
    for (const table of ["rfq_versions", "rfq_invitations", "bids", "rfq_questions"] as const) {
      expect(await db().selectFrom(table).select("id").where("rfq_id", "=", cloneId).execute(), table).toEqual([]);
    }
    // Another buyer cannot copy it.
    const other = await createBuyer();
    await expect(cloneRfq(db(), { rfqId: sourceId, buyerId: other.organizationId, actorUserId: other.userId, now: new Date() })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("drawings are recognised by their content", () => {
  const text = (s: string) => new TextEncoder().encode(s);
  const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

  it("recognises PDF, PNG and JPEG by their signatures", async () => {
    expect(await detectDrawingType(new Uint8Array(await pdfFile().arrayBuffer()))).toBe("application/pdf");
    expect(await detectDrawingType(new Uint8Array(Buffer.from(ONE_PIXEL_PNG, "base64")))).toBe("image/png");
    expect(await detectDrawingType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...text("JFIF\0"), 0x01, 0x01, 0, 0, 1, 0, 1, 0, 0]))).toBe("image/jpeg");
  });

  it("recognises ASCII DXF ('0 / SECTION'), binary DXF and STEP (ISO-10303-21)", async () => {
    expect(await detectDrawingType(text("0\nSECTION\n  2\nHEADER\n  9\n$ACADVER\n  1\nAC1015\n0\nENDSEC\n0\nEOF\n"))).toBe("image/vnd.dxf");
    expect(await detectDrawingType(text("  0\r\nSECTION\r\n  2\r\nENTITIES\r\n"))).toBe("image/vnd.dxf");
    expect(await detectDrawingType(new Uint8Array([...text("AutoCAD Binary DXF\r\n"), 0x1a, 0x00]))).toBe("image/vnd.dxf");
    expect(await detectDrawingType(text("ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('flange'),'2;1');\nENDSEC;\n"))).toBe("model/step");
  });

  it("refuses a text file, and text that only mentions a drawing format later on", async () => {
    expect(await detectDrawingType(text("Mohon penawaran untuk 200 pcs cylinder sleeve.\n"))).toBeNull();
    expect(await detectDrawingType(text("catatan\nISO-10303-21;\n0\nSECTION\n"))).toBeNull();
    expect(await detectDrawingType(text("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;"))).toBeNull();
  });

  it("refuses a text file uploaded as a line drawing on the field of that line, saving no RFQ", async () => {
    const buyer = await createBuyer();
    const before = { rfqs: await countRows("rfqs"), files: await countRows("rfq_files") };

    await expect(
      createRfq(db(), {
        buyerId: buyer.organizationId,
        actorUserId: buyer.userId,
        input: rfqInput({ lines: [{ partName: "Flange", quantity: 5, unit: "pcs", drawing: new File(["bukan gambar"], "flange.pdf", { type: "application/pdf" }) }] }),
        now: new Date(),
      }),
    ).rejects.toMatchObject({ messageKey: "error.drawingType", status: 422, field: "lines[0].drawing" });

    expect({ rfqs: await countRows("rfqs"), files: await countRows("rfq_files") }).toEqual(before);
  });

  // CAD programs often write a UTF-8 byte order mark (EF BB BF) before a STEP or DXF header.
  it("recognises a STEP file that starts with a UTF-8 byte order mark", async () => {
    expect(await detectDrawingType(new Uint8Array([0xef, 0xbb, 0xbf, ...text("ISO-10303-21;\nHEADER;\n")]))).toBe("model/step");
  });
});
