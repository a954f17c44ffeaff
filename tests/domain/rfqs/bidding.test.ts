import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { DomainError } from "../../../app/domain/errors";
import { cancelRfq } from "../../../app/domain/rfqs/cancel-rfq.server";
import { closeDueRfqs } from "../../../app/domain/rfqs/close-due-rfqs.server";
import { buildComparison } from "../../../app/domain/rfqs/comparison.server";
import { inviteSuppliers } from "../../../app/domain/rfqs/invite-suppliers.server";
import { answerQuestion, askQuestion } from "../../../app/domain/rfqs/questions.server";
import { loadRfqFor } from "../../../app/domain/rfqs/rfq-access.server";
import { getRfqPage, listSupplierRfqs } from "../../../app/domain/rfqs/rfq-views.server";
import { createRfq, publishRfq, updateRfq } from "../../../app/domain/rfqs/save-rfq.server";
import { RfqSchema } from "../../../app/domain/rfqs/schemas";
import { rollUpTkdn, submitBid, withdrawBid } from "../../../app/domain/rfqs/submit-bid.server";
import {
  DAY,
  approvedSupplier,
  bidInput,
  cooperativeWithMembers,
  countRows,
  createBuyer,
  minuteFromNow,
  notificationsOf,
  publishedRfq,
  rfqForm,
  rfqInput,
  unapprovedSupplier,
  viewerOf,
  type BidLineOverride,
  type TestOrganization,
} from "../../support/rfqs";

const SECOND = 1000;
const db = () => getDb();

function bid(supplier: TestOrganization, rfqId: number, lines: BidLineOverride[], now: Date, overrides: Record<string, unknown> = {}) {
  return submitBid(db(), { rfqId, supplierId: supplier.organizationId, actorUserId: supplier.userId, input: bidInput(lines, overrides), now });
}

/** Row counts of everything a bid or an RFQ change writes. */
async function written() {
  return {
    rfqs: await countRows("rfqs"),
    bids: await countRows("bids"),
    bidVersions: await countRows("bid_versions"),
    bidLines: await countRows("bid_lines"),
    shares: await countRows("bid_line_shares"),
    audit: await countRows("audit_log"),
    notifications: await countRows("notifications"),
    rfqVersions: await countRows("rfq_versions"),
  };
}

async function bidRows(rfqId: number) {
  return db().selectFrom("bids").selectAll().where("rfq_id", "=", rfqId).orderBy("id").execute();
}

async function versionsOf(bidId: number) {
  return db().selectFrom("bid_versions").selectAll().where("bid_id", "=", bidId).orderBy("number").execute();
}

async function rfqRow(rfqId: number) {
  return db().selectFrom("rfqs").selectAll().where("id", "=", rfqId).executeTakeFirstOrThrow();
}

describe("the bid deadline (server time)", () => {
  it("accepts a bid one second before the deadline", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const { rfqId, deadline, lineIds } = await publishedRfq(buyer, { deadline: minuteFromNow(1) });

    const result = await bid(supplier, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }], new Date(deadline.getTime() - SECOND));

    expect(result).toMatchObject({ version: 1, duplicate: false });
    expect(await bidRows(rfqId)).toMatchObject([{ id: result.bidId, supplier_id: supplier.organizationId, status: "submitted", version: 1 }]);
    expect((await rfqRow(rfqId)).status).toBe("open");
  });

  it("refuses a bid exactly at the deadline (error.deadlinePassed, 409) and writes no bid", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const { rfqId, deadline, lineIds } = await publishedRfq(buyer, { deadline: minuteFromNow(1) });
    const before = await written();

    await expect(bid(supplier, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }], deadline)).rejects.toMatchObject({
      messageKey: "error.deadlinePassed",
      status: 409,
    });

    const after = await written();
    expect({ bids: after.bids, bidVersions: after.bidVersions, bidLines: after.bidLines }).toEqual({
      bids: before.bids,
      bidVersions: before.bidVersions,
      bidLines: before.bidLines,
    });
    expect(await bidRows(rfqId)).toEqual([]);
  });

  it("refuses a bid one second after the deadline, and a revision of an earlier bid too, writing nothing", async () => {
    const buyer = await createBuyer();
    const early = await approvedSupplier();
    const late = await approvedSupplier();
    const { rfqId, deadline, lineIds } = await publishedRfq(buyer, { deadline: minuteFromNow(1) });
    const line = { rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 };
    const first = await bid(early, rfqId, [line], new Date(deadline.getTime() - 60 * SECOND));
    const before = await written();
    const afterDeadline = new Date(deadline.getTime() + SECOND);

    const refusal = await bid(late, rfqId, [line], afterDeadline).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ messageKey: "error.deadlinePassed", status: 409 });
    await expect(bid(early, rfqId, [{ ...line, unitPrice: 99_000 }], afterDeadline)).rejects.toMatchObject({
      messageKey: "error.deadlinePassed",
      status: 409,
    });
    await expect(withdrawBid(db(), { rfqId, bidId: first.bidId, supplierId: early.organizationId, actorUserId: early.userId, now: afterDeadline })).rejects.toMatchObject({
      messageKey: "error.deadlinePassed",
    });

    const after = await written();
    expect([after.bids, after.bidVersions, after.bidLines]).toEqual([before.bids, before.bidVersions, before.bidLines]);
    expect(await bidRows(rfqId)).toMatchObject([{ supplier_id: early.organizationId, status: "submitted", version: 1 }]);
    expect((await versionsOf(first.bidId)).map((v) => v.total_amount)).toEqual([200 * 150_000]);
  });
});

describe("closing at the deadline", () => {
  it("closeDueRfqs closes the open RFQs whose deadline has passed and leaves every other RFQ as it was", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const deadline = minuteFromNow(2);
    const due = await publishedRfq(buyer, { deadline });
    const later = await publishedRfq(buyer, { deadline: new Date(deadline.getTime() + DAY) });
    const cancelled = await publishedRfq(buyer, { deadline });
    await cancelRfq(db(), { rfqId: cancelled.rfqId, buyerId: buyer.organizationId, actorUserId: buyer.userId, reason: "Anggaran dipotong", now: new Date() });
    // A draft may keep a past deadline: only publishing checks it.
    const draftId = await createRfq(db(), {
      buyerId: buyer.organizationId,
      actorUserId: buyer.userId,
      input: rfqInput({ intent: "save", deadline: new Date(Math.floor(Date.now() / 60_000) * 60_000 - DAY) }),
      now: new Date(),
    });
    await bid(supplier, due.rfqId, [{ rfqLineId: due.lineIds[0]!, quantity: 200, unitPrice: 150_000 }], new Date());

    const now = new Date(deadline.getTime() + SECOND);
    const dueBefore = await db()
      .selectFrom("rfqs")
      .select("id")
      .where("status", "=", "open")
      .where("bid_deadline", "<=", now.toISOString())
      .execute();
    expect(dueBefore.map((r) => r.id)).toContain(due.rfqId);

    expect(await closeDueRfqs(db(), now)).toBe(dueBefore.length);

    expect(await rfqRow(due.rfqId)).toMatchObject({ status: "closed", closed_at: now.toISOString() });
    expect((await rfqRow(later.rfqId)).status).toBe("open");
    expect((await rfqRow(cancelled.rfqId)).status).toBe("cancelled");
    expect((await rfqRow(draftId)).status).toBe("draft");
    // Nothing is left to close at that moment, so a second run (or a parallel job) does nothing.
    expect(await closeDueRfqs(db(), now)).toBe(0);

    const closedNotes = await notificationsOf(buyer.userId, "rfq_closed");
    expect(closedNotes).toHaveLength(1);
    expect(closedNotes[0]).toMatchObject({ link: `/rfqs/${due.rfqId}/compare`, organization_id: buyer.organizationId });
    expect(closedNotes[0]!.parsed).toMatchObject({ count: 1 });
  });

  it("a read after the deadline shows the RFQ closed even when the job has not run, and tells the buyer once", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const { rfqId, deadline } = await publishedRfq(buyer, { deadline: minuteFromNow(3) });

    const beforeDeadline = await getRfqPage(db(), rfqId, viewerOf(supplier, true), new Date(deadline.getTime() - SECOND));
    expect(beforeDeadline.rfq.status).toBe("open");
    expect(await notificationsOf(buyer.userId, "rfq_closed")).toEqual([]);

    const page = await getRfqPage(db(), rfqId, viewerOf(supplier, true), new Date(deadline.getTime() + SECOND));
    expect(page.rfq.status).toBe("closed");
    expect(page.role).toBe("supplier");
    const { rfq, role } = await loadRfqFor(db(), rfqId, viewerOf(buyer, false), new Date(deadline.getTime() + 2 * SECOND));
    expect(rfq.status).toBe("closed");
    expect(role).toBe("buyer");

    const closedNotes = await notificationsOf(buyer.userId, "rfq_closed");
    expect(closedNotes).toHaveLength(1);
    expect(closedNotes[0]!.parsed).toMatchObject({ count: 0 });
  });
});

describe("revising, withdrawing and submitting twice", () => {
  it("a revision makes version 2 and keeps version 1 with its own lines and total", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier({ tkdnPercent: 45 });
    const { rfqId, lineIds } = await publishedRfq(buyer);
    const now = new Date();

    const first = await bid(supplier, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: "Rp 150.000" }], now);
    const second = await bid(supplier, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 180, unitPrice: 140_000 }], new Date(now.getTime() + 60 * SECOND), {
      leadTimeDays: 14,
    });

    expect(second).toEqual({ bidId: first.bidId, version: 2, duplicate: false });
    expect(await bidRows(rfqId)).toMatchObject([{ id: first.bidId, status: "submitted", version: 2 }]);
    const versions = await versionsOf(first.bidId);
    expect(versions.map((v) => [v.number, v.total_amount, v.lead_time_days, v.tkdn_percent, v.rfq_version])).toEqual([
      [1, 200 * 150_000, 21, 45, 1],
      [2, 180 * 140_000, 14, 45, 1],
    ]);
    const lines = await db()
      .selectFrom("bid_lines")
      .select(["bid_version_id", "quantity", "unit_price"])
      .where(
        "bid_version_id",
        "in",
        versions.map((v) => v.id),
      )
      .orderBy("id")
      .execute();
    expect(lines).toEqual([
      { bid_version_id: versions[0]!.id, quantity: 200, unit_price: 150_000 },
      { bid_version_id: versions[1]!.id, quantity: 180, unit_price: 140_000 },
    ]);
    // The buyer hears about the first bid only, not about each revision.
    expect(await notificationsOf(buyer.userId, "rfq_bid_received")).toHaveLength(1);
  });

  it("a withdrawn bid drops out of the buyer's count and can be submitted again before the deadline as a new version", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const { rfqId, lineIds } = await publishedRfq(buyer);
    const now = new Date();
    const { bidId } = await bid(supplier, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }], now);

    await withdrawBid(db(), { rfqId, bidId, supplierId: supplier.organizationId, actorUserId: supplier.userId, now });
    expect(await bidRows(rfqId)).toMatchObject([{ id: bidId, status: "withdrawn", version: 1 }]);
    const buyerPage = await getRfqPage(db(), rfqId, viewerOf(buyer, false), now);
    expect(buyerPage.buyerView?.bidCount).toBe(0);
    // Withdrawing twice is an illegal transition.
    await expect(withdrawBid(db(), { rfqId, bidId, supplierId: supplier.organizationId, actorUserId: supplier.userId, now })).rejects.toMatchObject({
      name: "TransitionError",
    });

    const again = await bid(supplier, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 145_000 }], now);
    expect(again).toEqual({ bidId, version: 2, duplicate: false });
    expect(await bidRows(rfqId)).toMatchObject([{ id: bidId, status: "submitted", version: 2 }]);
    expect((await versionsOf(bidId)).map((v) => v.number)).toEqual([1, 2]);
    expect((await getRfqPage(db(), rfqId, viewerOf(buyer, false), now)).buyerView?.bidCount).toBe(1);
  });

  it("the same form submitted twice (same submissionKey) makes one version; the second answer says duplicate", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const { rfqId, lineIds } = await publishedRfq(buyer);
    const input = bidInput([{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }]);
    const send = () => submitBid(db(), { rfqId, supplierId: supplier.organizationId, actorUserId: supplier.userId, input, now: new Date() });

    const first = await send();
    const before = await written();
    const second = await send();

    expect(first).toMatchObject({ version: 1, duplicate: false });
    expect(second).toEqual({ bidId: first.bidId, version: 1, duplicate: true });
    expect(await written()).toEqual(before);
    expect(await versionsOf(first.bidId)).toHaveLength(1);
  });

  it("the same form submitted twice at once (Promise.all) still makes exactly one bid and one version", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const { rfqId, lineIds } = await publishedRfq(buyer);
    const input = bidInput([{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }]);
    const send = () => submitBid(db(), { rfqId, supplierId: supplier.organizationId, actorUserId: supplier.userId, input, now: new Date() });

    const results = await Promise.all([send(), send()]);

    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(results[0]!.bidId).toBe(results[1]!.bidId);
    expect(results.every((r) => r.version === 1)).toBe(true);
    expect(await bidRows(rfqId)).toHaveLength(1);
    expect(await versionsOf(results[0]!.bidId)).toHaveLength(1);
    expect(await notificationsOf(buyer.userId, "rfq_bid_received")).toHaveLength(1);
  });
});

describe("refused input changes nothing", () => {
  it("publishing with a deadline in the past is refused on the bidDeadline field and no RFQ is saved", async () => {
    const buyer = await createBuyer();
    const now = new Date();
    const past = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 5 * 60_000);
    const before = await written();

    const error = await createRfq(db(), { buyerId: buyer.organizationId, actorUserId: buyer.userId, input: rfqInput({ deadline: past }), now }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ messageKey: "error.deadlinePast", status: 422, field: "bidDeadline" });
    expect(await written()).toEqual(before);
  });

  it("a needed-by date that has passed is refused where it is typed, in a draft too (issue 13 #6)", async () => {
    const buyer = await createBuyer();
    const now = new Date("2026-12-01T05:00:00.000Z"); // 12.00 WIB on 1 December
    const before = await written();
    for (const intent of ["save", "publish"] as const) {
      await expect(
        createRfq(db(), { buyerId: buyer.organizationId, actorUserId: buyer.userId, input: rfqInput({ intent, neededBy: "2026-11-30", deadline: new Date(now.getTime() + 3 * DAY) }), now }),
      ).rejects.toMatchObject({ messageKey: "error.neededByPast", status: 422, field: "neededBy" });
    }
    expect(await written()).toEqual(before);
    // Today (in Jakarta) is fine for a draft.
    await expect(
      createRfq(db(), { buyerId: buyer.organizationId, actorUserId: buyer.userId, input: rfqInput({ intent: "save", neededBy: "2026-12-01", deadline: new Date(now.getTime() + 3 * DAY) }), now }),
    ).resolves.toBeGreaterThan(0);
  });

  it("publishing a saved draft whose deadline has meanwhile passed is refused on bidDeadline and it stays a draft", async () => {
    const buyer = await createBuyer();
    const deadline = minuteFromNow(1);
    const draftId = await createRfq(db(), {
      buyerId: buyer.organizationId,
      actorUserId: buyer.userId,
      input: rfqInput({ intent: "save", deadline }),
      now: new Date(),
    });
    const before = await written();

    await expect(
      publishRfq(db(), { rfqId: draftId, buyerId: buyer.organizationId, actorUserId: buyer.userId, now: new Date(deadline.getTime() + SECOND) }),
    ).rejects.toMatchObject({ messageKey: "error.deadlinePast", status: 422, field: "bidDeadline" });

    expect(await written()).toEqual(before);
    expect((await rfqRow(draftId)).status).toBe("draft");
  });

  it("RfqSchema refuses a line quantity of 0 on lines[0].quantity", () => {
    const result = RfqSchema.safeParse(rfqForm({ lines: [{ partName: "Bushing", quantity: 0, unit: "pcs" }] }));

    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join(".") === "lines.0.quantity");
    expect(issue?.message).toBe("error.quantityPositive");
    expect(RfqSchema.safeParse(rfqForm({ lines: [{ partName: "Bushing", quantity: 1, unit: "pcs" }] })).success).toBe(true);
  });

  // The zero-quantity check runs per form row, before blank rows are dropped, so the message sits next to
  // the row it was typed in even with a blank row above it.
  it("reports a zero quantity on the form row it was typed in, even below a blank row", () => {
    const result = RfqSchema.safeParse(rfqForm({ lines: [{ partName: "" }, { partName: "Bushing", quantity: 0, unit: "pcs" }] }));

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["lines.1.quantity"]);
  });

  it("a bid quantity above the line's quantity is refused on that line and nothing is written", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const { rfqId, lineIds } = await publishedRfq(buyer, { lines: [{ partName: "Cylinder sleeve", quantity: 200, unit: "pcs" }] });
    const before = await written();

    await expect(bid(supplier, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 201, unitPrice: 150_000 }], new Date())).rejects.toMatchObject({
      messageKey: "error.bidQuantityTooLarge",
      status: 422,
      field: "lines[0].quantity",
      params: { max: 200 },
    });

    expect(await written()).toEqual(before);
  });

  it("a bid on a cancelled RFQ is refused with error.rfqCancelled (409) and nothing is written", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const { rfqId, lineIds } = await publishedRfq(buyer);
    await cancelRfq(db(), { rfqId, buyerId: buyer.organizationId, actorUserId: buyer.userId, reason: "Desain berubah", now: new Date() });
    const before = await written();

    await expect(bid(supplier, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }], new Date())).rejects.toMatchObject({
      messageKey: "error.rfqCancelled",
      status: 409,
    });

    expect(await written()).toEqual(before);
  });

  it("a supplier whose listing is not approved cannot bid (403) and nothing is written", async () => {
    const buyer = await createBuyer();
    const pending = await unapprovedSupplier();
    const { rfqId, lineIds } = await publishedRfq(buyer);
    const before = await written();

    await expect(bid(pending, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }], new Date())).rejects.toMatchObject({
      messageKey: "error.supplierNotApproved",
      status: 403,
    });

    expect(await written()).toEqual(before);
  });

  it("an invited-only RFQ does not exist (404) for a supplier that was not invited, while the invited one sees it and bids", async () => {
    const buyer = await createBuyer();
    const invited = await approvedSupplier();
    const outsider = await approvedSupplier();
    const { rfqId, lineIds } = await publishedRfq(buyer, { visibility: "invited" });
    expect(
      await inviteSuppliers(db(), { rfqId, buyerId: buyer.organizationId, supplierIds: [invited.organizationId], actorUserId: buyer.userId, now: new Date() }),
    ).toBe(1);
    const now = new Date();
    const before = await written();

    await expect(getRfqPage(db(), rfqId, viewerOf(outsider, true), now)).rejects.toMatchObject({ messageKey: "error.rfqNotFound", status: 404 });
    await expect(bid(outsider, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }], now)).rejects.toMatchObject({
      messageKey: "error.rfqNotFound",
      status: 404,
    });
    await expect(
      askQuestion(db(), { rfqId, supplierId: outsider.organizationId, actorUserId: outsider.userId, question: "Boleh ikut?", now }),
    ).rejects.toMatchObject({ status: 404 });
    expect((await listSupplierRfqs(db(), viewerOf(outsider, true), now)).map((r) => r.id)).not.toContain(rfqId);
    expect(await written()).toEqual(before);

    expect((await getRfqPage(db(), rfqId, viewerOf(invited, true), now)).rfq.id).toBe(rfqId);
    expect((await listSupplierRfqs(db(), viewerOf(invited, true), now)).find((r) => r.id === rfqId)).toMatchObject({ visibility: "invited" });
    await expect(bid(invited, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }], now)).resolves.toMatchObject({ version: 1 });
    expect(await notificationsOf(invited.userId, "rfq_invited")).toHaveLength(1);
  });

  it("a buyer cannot bid on its own RFQ (403), whether it is a pure buyer or a supplier that also buys", async () => {
    const buyer = await createBuyer();
    const { rfqId, lineIds } = await publishedRfq(buyer);
    const sellingBuyer = await approvedSupplier({ buys: true });
    const own = await publishedRfq(sellingBuyer);
    const before = await written();

    await expect(bid(buyer, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }], new Date())).rejects.toMatchObject({
      messageKey: "error.forbidden",
      status: 403,
    });
    await expect(bid(sellingBuyer, own.rfqId, [{ rfqLineId: own.lineIds[0]!, quantity: 200, unitPrice: 150_000 }], new Date())).rejects.toMatchObject({
      messageKey: "error.forbidden",
      status: 403,
    });

    expect(await written()).toEqual(before);
  });
});

describe("a cooperative's joint bid", () => {
  it("refuses shares that do not add up to the line quantity (error.sharesMustAddUp on lines[0].shares) and writes nothing", async () => {
    const buyer = await createBuyer();
    const { cooperative, members } = await cooperativeWithMembers([40, 60, 80]);
    const { rfqId, lineIds } = await publishedRfq(buyer, { lines: [{ partName: "Cylinder sleeve", quantity: 200, unit: "pcs" }] });
    const before = await written();

    const shares = [
      { memberId: members[0]!.organizationId, quantity: 100 },
      { memberId: members[1]!.organizationId, quantity: 60 },
      { memberId: members[2]!.organizationId, quantity: 30 },
    ];
    await expect(bid(cooperative, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000, shares }], new Date())).rejects.toMatchObject({
      messageKey: "error.sharesMustAddUp",
      status: 422,
      field: "lines[0].shares",
      params: { sum: 190, quantity: 200 },
    });

    expect(await written()).toEqual(before);
  });

  it("refuses a share for an organization that is not an active member, and writes nothing", async () => {
    const buyer = await createBuyer();
    const { cooperative, members } = await cooperativeWithMembers([40, 60]);
    const outsider = await approvedSupplier({ tkdnPercent: 90 });
    const { rfqId, lineIds } = await publishedRfq(buyer, { lines: [{ partName: "Cylinder sleeve", quantity: 200, unit: "pcs" }] });
    const before = await written();

    const shares = [
      { memberId: members[0]!.organizationId, quantity: 100 },
      { memberId: outsider.organizationId, quantity: 100 },
    ];
    await expect(bid(cooperative, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000, shares }], new Date())).rejects.toMatchObject({
      messageKey: "error.notActiveMember",
      status: 422,
      field: "lines[0].shares",
    });

    expect(await written()).toEqual(before);
  });

  it("the joint bid's TKDN is the quantity-weighted mean of its members' TKDN, not the cooperative's own", async () => {
    const buyer = await createBuyer();
    const { cooperative, members } = await cooperativeWithMembers([40, 60, 80], { coopTkdnPercent: 10 });
    const [a, b, c] = members.map((m) => m.organizationId) as [number, number, number];
    const { rfqId, lineIds } = await publishedRfq(buyer, { lines: [{ partName: "Cylinder sleeve", quantity: 200, unit: "pcs" }] });

    const result = await bid(
      cooperative,
      rfqId,
      [
        {
          rfqLineId: lineIds[0]!,
          quantity: 200,
          unitPrice: 150_000,
          shares: [
            { memberId: a, quantity: 100 },
            { memberId: b, quantity: 60 },
            { memberId: c, quantity: 40 },
          ],
        },
      ],
      new Date(),
    );

    // (100 × 40 + 60 × 60 + 40 × 80) / 200 = (4000 + 3600 + 3200) / 200 = 54
    const [version] = await versionsOf(result.bidId);
    expect(version!.tkdn_percent).toBe(54);
    expect(version!.total_amount).toBe(200 * 150_000);
    const shares = await db()
      .selectFrom("bid_line_shares")
      .innerJoin("bid_lines", "bid_lines.id", "bid_line_shares.bid_line_id")
      .select(["bid_line_shares.member_id", "bid_line_shares.quantity", "bid_line_shares.tkdn_percent"])
      .where("bid_lines.bid_version_id", "=", version!.id)
      .orderBy("bid_line_shares.quantity", "desc")
      .execute();
    expect(shares).toEqual([
      { member_id: a, quantity: 100, tkdn_percent: 40 },
      { member_id: b, quantity: 60, tkdn_percent: 60 },
      { member_id: c, quantity: 40, tkdn_percent: 80 },
    ]);
  });

  it("weights the TKDN over every line of the bid", async () => {
    const buyer = await createBuyer();
    const { cooperative, members } = await cooperativeWithMembers([40, 60, 80]);
    const [a, b, c] = members.map((m) => m.organizationId) as [number, number, number];
    const { rfqId, lineIds } = await publishedRfq(buyer, {
      lines: [
        { partName: "Cylinder sleeve", quantity: 200, unit: "pcs" },
        { partName: "Flange", quantity: 50, unit: "pcs" },
      ],
    });

    const result = await bid(
      cooperative,
      rfqId,
      [
        {
          rfqLineId: lineIds[0]!,
          quantity: 200,
          unitPrice: 150_000,
          shares: [
            { memberId: a, quantity: 100 },
            { memberId: b, quantity: 60 },
            { memberId: c, quantity: 40 },
          ],
        },
        { rfqLineId: lineIds[1]!, quantity: 50, unitPrice: 80_000, shares: [{ memberId: c, quantity: 50 }] },
      ],
      new Date(),
    );

    // (100 × 40 + 60 × 60 + 40 × 80 + 50 × 80) / 250 = 14800 / 250 = 59.2
    const [version] = await versionsOf(result.bidId);
    expect(version!.tkdn_percent).toBe(59.2);
    expect(version!.total_amount).toBe(200 * 150_000 + 50 * 80_000);
  });

  it("a plain supplier cannot split its bid into shares", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const other = await approvedSupplier();
    const { rfqId, lineIds } = await publishedRfq(buyer);

    await expect(
      bid(supplier, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000, shares: [{ memberId: other.organizationId, quantity: 200 }] }], new Date()),
    ).rejects.toMatchObject({ messageKey: "error.sharesOnlyCooperative", field: "lines[0].shares" });
  });
});

describe("rollUpTkdn", () => {
  it("is the quantity-weighted mean of the shares' TKDN", () => {
    expect(
      rollUpTkdn([
        { quantity: 100, tkdnPercent: 40 },
        { quantity: 60, tkdnPercent: 60 },
        { quantity: 40, tkdnPercent: 80 },
      ]),
    ).toBe(54);
    expect(rollUpTkdn([{ quantity: 7, tkdnPercent: 35.5 }])).toBe(35.5);
  });

  it("counts a member without a TKDN certificate as 0 %", () => {
    expect(
      rollUpTkdn([
        { quantity: 50, tkdnPercent: null },
        { quantity: 50, tkdnPercent: 80 },
      ]),
    ).toBe(40);
  });

  it("rounds to two decimals", () => {
    // (1 × 33 + 2 × 50) / 3 = 44.333…
    expect(
      rollUpTkdn([
        { quantity: 1, tkdnPercent: 33 },
        { quantity: 2, tkdnPercent: 50 },
      ]),
    ).toBe(44.33);
  });

  it("has no figure when there is no quantity at all", () => {
    expect(rollUpTkdn([])).toBeNull();
  });
});

describe("amending an open RFQ", () => {
  it("bumps the version, keeps a snapshot of each version, tells bidders and invitees, and flags bids on the older version", async () => {
    const buyer = await createBuyer();
    const earlyBidder = await approvedSupplier();
    const invitee = await approvedSupplier();
    const lateBidder = await approvedSupplier();
    const bystander = await approvedSupplier();
    const deadline = minuteFromNow(5);
    const { rfqId, lineIds } = await publishedRfq(buyer, { deadline, lines: [{ partName: "Cylinder sleeve", quantity: 200, unit: "pcs" }] });
    await inviteSuppliers(db(), { rfqId, buyerId: buyer.organizationId, supplierIds: [invitee.organizationId], actorUserId: buyer.userId, now: new Date() });
    const early = await bid(earlyBidder, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 200, unitPrice: 150_000 }], new Date());

    await updateRfq(db(), {
      rfqId,
      buyerId: buyer.organizationId,
      actorUserId: buyer.userId,
      input: rfqInput({
        intent: "amend",
        deadline,
        amendNote: "Jumlah naik menjadi 250 pcs",
        lines: [{ lineId: lineIds[0]!, partName: "Cylinder sleeve", quantity: 250, unit: "pcs" }],
      }),
      now: new Date(),
    });

    const rfq = await rfqRow(rfqId);
    expect(rfq).toMatchObject({ status: "open", version: 2 });
    const versions = await db().selectFrom("rfq_versions").selectAll().where("rfq_id", "=", rfqId).orderBy("number").execute();
    expect(versions.map((v) => [v.number, v.note])).toEqual([
      [1, ""],
      [2, "Jumlah naik menjadi 250 pcs"],
    ]);
    expect(JSON.parse(versions[0]!.data).lines[0].quantity).toBe(200);
    expect(JSON.parse(versions[1]!.data).lines[0].quantity).toBe(250);
    for (const told of [earlyBidder, invitee]) {
      const notes = await notificationsOf(told.userId, "rfq_amended");
      expect(notes).toHaveLength(1);
      expect(notes[0]!.parsed).toMatchObject({ version: 2 });
    }
    expect(await notificationsOf(bystander.userId, "rfq_amended")).toEqual([]);

    const late = await bid(lateBidder, rfqId, [{ rfqLineId: lineIds[0]!, quantity: 250, unitPrice: 148_000 }], new Date());
    await closeDueRfqs(db(), new Date(deadline.getTime() + SECOND));
    const comparison = await buildComparison(db(), { rfqId, buyerId: buyer.organizationId, now: new Date(deadline.getTime() + SECOND) });
    const byBid = new Map(comparison.bids.map((b) => [b.id, b]));
    expect(byBid.get(early.bidId)).toMatchObject({ outdated: true, rfqVersion: 1 });
    expect(byBid.get(late.bidId)).toMatchObject({ outdated: false, rfqVersion: 2 });
  });

  it("refuses an amendment without a note, and one moving the deadline into the past, changing nothing", async () => {
    const buyer = await createBuyer();
    const { rfqId, lineIds, deadline } = await publishedRfq(buyer);
    const line = { lineId: lineIds[0]!, partName: "Cylinder sleeve", quantity: 250, unit: "pcs" };

    expect(RfqSchema.safeParse(rfqForm({ intent: "amend", deadline, lines: [line] })).error?.issues.map((i) => i.path.join("."))).toContain("amendNote");

    const now = new Date();
    const before = await written();
    await expect(
      updateRfq(db(), {
        rfqId,
        buyerId: buyer.organizationId,
        actorUserId: buyer.userId,
        input: rfqInput({ intent: "amend", amendNote: "Mundur", deadline: new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 60_000), lines: [line] }),
        now,
      }),
    ).rejects.toMatchObject({ messageKey: "error.deadlinePast", field: "bidDeadline" });
    expect(await written()).toEqual(before);
    expect(await rfqRow(rfqId)).toMatchObject({ version: 1, bid_deadline: deadline.toISOString() });
  });

  // Even when nobody has read the RFQ since its deadline passed (it is still "open" in the table), an
  // amendment must not push the deadline out again: updateRfq closes a due RFQ first.
  it("refuses to amend an RFQ whose deadline has passed, even before anyone has read it", async () => {
    const buyer = await createBuyer();
    const { rfqId, lineIds, deadline } = await publishedRfq(buyer, { deadline: minuteFromNow(1) });
    const afterDeadline = new Date(deadline.getTime() + 60 * SECOND);

    const error = await updateRfq(db(), {
      rfqId,
      buyerId: buyer.organizationId,
      actorUserId: buyer.userId,
      input: rfqInput({
        intent: "amend",
        amendNote: "Tenggat diperpanjang",
        deadline: new Date(deadline.getTime() + 7 * DAY),
        lines: [{ lineId: lineIds[0]!, partName: "Cylinder sleeve", quantity: 200, unit: "pcs" }],
      }),
      now: afterDeadline,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DomainError);
    expect(await rfqRow(rfqId)).toMatchObject({ version: 1, bid_deadline: deadline.toISOString() });
  });
});

describe("questions and answers", () => {
  it("hides who asked from other suppliers and their unanswered questions; the buyer sees the asker; an answer is visible to all", async () => {
    const buyer = await createBuyer();
    const asker = await approvedSupplier({ legalName: "CV Penanya Logam" });
    const other = await approvedSupplier({ legalName: "CV Pesaing Logam" });
    const { rfqId } = await publishedRfq(buyer);
    const now = new Date();

    const answeredId = await askQuestion(db(), { rfqId, supplierId: asker.organizationId, actorUserId: asker.userId, question: "Toleransi diameter dalam?", now });
    const openId = await askQuestion(db(), { rfqId, supplierId: asker.organizationId, actorUserId: asker.userId, question: "Boleh kirim bertahap?", now });
    expect(await notificationsOf(buyer.userId, "rfq_question")).toHaveLength(2);
    expect((await notificationsOf(buyer.userId, "rfq_question"))[0]!.params).not.toContain("CV Penanya Logam");

    await answerQuestion(db(), { rfqId, buyerId: buyer.organizationId, questionId: answeredId, actorUserId: buyer.userId, answer: "± 0,05 mm", now });

    const otherPage = await getRfqPage(db(), rfqId, viewerOf(other, true), now);
    expect(otherPage.questions).toEqual([
      expect.objectContaining({ id: answeredId, question: "Toleransi diameter dalam?", answer: "± 0,05 mm", askerName: null, mine: false }),
    ]);
    expect(JSON.stringify(otherPage.questions)).not.toContain("Penanya");

    const askerPage = await getRfqPage(db(), rfqId, viewerOf(asker, true), now);
    expect(askerPage.questions.map((q) => [q.id, q.mine, q.status])).toEqual([
      [answeredId, true, "answered"],
      [openId, true, "asked"],
    ]);

    const buyerPage = await getRfqPage(db(), rfqId, viewerOf(buyer, false), now);
    expect(buyerPage.questions.map((q) => [q.id, q.askerName, q.answer])).toEqual([
      [answeredId, "CV Penanya Logam", "± 0,05 mm"],
      [openId, "CV Penanya Logam", null],
    ]);

    expect(await notificationsOf(asker.userId, "rfq_answered")).toHaveLength(1);
  });

  it("the buyer cannot ask on its own RFQ and a question is answered only once", async () => {
    const buyer = await createBuyer();
    const supplier = await approvedSupplier();
    const { rfqId } = await publishedRfq(buyer);
    const now = new Date();
    await expect(askQuestion(db(), { rfqId, supplierId: buyer.organizationId, actorUserId: buyer.userId, question: "?", now })).rejects.toMatchObject({
      status: 403,
    });
    const questionId = await askQuestion(db(), { rfqId, supplierId: supplier.organizationId, actorUserId: supplier.userId, question: "Material pengganti?", now });
    await answerQuestion(db(), { rfqId, buyerId: buyer.organizationId, questionId, actorUserId: buyer.userId, answer: "Tidak.", now });

    await expect(
      answerQuestion(db(), { rfqId, buyerId: buyer.organizationId, questionId, actorUserId: buyer.userId, answer: "Ya.", now }),
    ).rejects.toMatchObject({ name: "TransitionError" });
    expect(await db().selectFrom("rfq_questions").select("answer").where("id", "=", questionId).executeTakeFirstOrThrow()).toEqual({ answer: "Tidak." });
  });
});
