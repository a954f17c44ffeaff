import { beforeAll, describe, expect, it } from "vitest";
import { API_OPERATIONS } from "../../app/api/operations";
import { getDb } from "../../app/db.server";
import { revokeApiKey } from "../../app/domain/api-keys/api-keys.server";
import { inviteSuppliers } from "../../app/domain/rfqs/invite-suppliers.server";
import { storeRfqFile } from "../../app/domain/rfqs/rfq-files.server";
import type { ApiScope } from "../../app/domain/api-keys/scopes";
import { jakartaDate } from "../../app/domain/time";
import { apiKeyFor, callApi } from "../support/api";
import { awardedOrder, type AwardedOrder } from "../support/orders";
import { approvedSupplier, createBuyer, publishedRfq, rfqForm, type TestOrganization } from "../support/rfqs";

// Issue 21: every operation of API v1 × (no key, a revoked key, the key of another organization, a key without
// the scope) is refused with the right status, and nothing changes (no audit row, no row in the tables the
// operation writes). Each call carries a valid body, so the refusal is authorization's, not validation's. The
// list of cases must name every operation: a new one without its row fails here.

interface Case {
  /** Which party's document the call is about (its key would be allowed). */
  party: "buyer" | "supplier" | "any";
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A collection a key of any organization may use for itself: its answer must hold none of the others' rows. */
  own?: (body: unknown) => boolean;
}

let setup: AwardedOrder;
let openRfq: { rfqId: number; lineIds: number[] };
/** Open, for invited suppliers only (the setup's supplier is invited): nobody else may see it. */
let invitedRfq: { rfqId: number; lineIds: number[] };
/** A drawing on the invited RFQ's first line (the invited supplier may read it; other organizations' keys may not). */
let drawingId: number;
let outsider: TestOrganization;
let outsiderSupplier: TestOrganization;
const tokens: Record<string, string> = {};

async function changes(): Promise<string> {
  const db = getDb();
  const counts = await Promise.all(
    (["audit_log", "rfqs", "rfq_questions", "bids", "bid_versions", "awards", "orders", "shipments", "basts", "invoices", "invoice_payments", "rfq_invitations", "api_idempotency"] as const).map(async (t) => {
      const row = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      return `${t}=${row.n}`;
    }),
  );
  const order = await db.selectFrom("orders").select(["status", "revision"]).where("id", "=", setup.order.id).executeTakeFirstOrThrow();
  const rfq = await db.selectFrom("rfqs").select(["status", "updated_at", "title"]).where("id", "=", openRfq.rfqId).executeTakeFirstOrThrow();
  return [...counts, JSON.stringify(order), JSON.stringify(rfq)].join(" ");
}

function cases(): Record<string, Case> {
  const rfq = openRfq.rfqId;
  const order = setup.order.id;
  const today = jakartaDate(new Date());
  const etag = { "If-Match": "*" };
  return {
    getMe: { party: "any", path: "/me", own: (b) => (b as { organization: { id: number } }).organization.id !== setup.buyer.organizationId },
    listRfqs: { party: "buyer", path: "/rfqs", own: (b) => !(b as { data: { id: number }[] }).data.some((r) => r.id === rfq) },
    createRfq: { party: "buyer", path: "/rfqs", body: { ...rfqForm(), intent: "save" }, own: () => true },
    getRfq: { party: "buyer", path: `/rfqs/${invitedRfq.rfqId}` },
    updateRfq: { party: "buyer", path: `/rfqs/${rfq}`, body: { ...rfqForm(), intent: "amend", amendNote: "Revisi" }, headers: etag },
    publishRfq: { party: "buyer", path: `/rfqs/${rfq}/publish` },
    cancelRfq: { party: "buyer", path: `/rfqs/${rfq}/cancel`, body: { reason: "Batal" } },
    listFeed: { party: "supplier", path: "/feed", own: () => true },
    listCooperativeMembers: { party: "supplier", path: "/cooperative/members", own: () => true },
    askQuestion: { party: "supplier", path: `/rfqs/${invitedRfq.rfqId}/questions`, body: { question: "Apa?" } },
    answerQuestion: { party: "buyer", path: `/rfqs/${rfq}/questions/1/answer`, body: { answer: "Ini." } },
    inviteSuppliers: { party: "buyer", path: `/rfqs/${rfq}/invitations`, body: { supplierIds: [outsiderSupplier.organizationId] } },
    submitBid: { party: "supplier", path: `/rfqs/${invitedRfq.rfqId}/bids`, body: { submissionKey: "authz-matrix-000001", leadTimeDays: 10, validUntil: today, lines: [{ rfqLineId: invitedRfq.lineIds[0], quantity: 1, unitPrice: "1000" }] } },
    withdrawBid: { party: "supplier", path: `/rfqs/${setup.rfqId}/bids/1/withdraw` },
    listBids: { party: "buyer", path: `/rfqs/${setup.rfqId}/bids` },
    awardRfq: { party: "buyer", path: `/rfqs/${setup.rfqId}/award`, body: { reason: "Lagi", allocations: [] } },
    listOrders: { party: "any", path: "/orders", own: (b) => !(b as { data: { id: number }[] }).data.some((o) => o.id === order) },
    getOrder: { party: "buyer", path: `/orders/${order}` },
    updateContract: { party: "buyer", path: `/orders/${order}/contract`, body: { revision: 1, paymentDueDays: 45 }, headers: etag },
    takeOrderStep: { party: "buyer", path: `/orders/${order}/steps`, body: { revision: 1, event: "send" }, headers: etag },
    recordShipment: { party: "supplier", path: `/orders/${order}/shipments`, body: { shippedOn: today, lines: [{ orderLineId: setup.lines[0]!.id, quantity: 1 }] } },
    inspectShipment: { party: "buyer", path: `/orders/${order}/shipments/1/inspection`, body: { receivedOn: today, lines: [{ shipmentLineId: 1, accepted: 1 }] } },
    confirmBast: { party: "buyer", path: `/orders/${order}/basts/1/confirm`, body: { revision: 1 } },
    issueInvoice: { party: "supplier", path: `/orders/${order}/invoices`, body: {} },
    recordFaktur: { party: "supplier", path: `/orders/${order}/invoices/1/faktur`, body: { revision: 1, fakturNumber: "04002700000000001", file: { name: "f.pdf", contentType: "application/pdf", data: "JVBERi0xLjcK" } } },
    reportTransfer: { party: "buyer", path: `/orders/${order}/invoices/1/transfers`, body: { revision: 1, reference: "X", transferDate: today } },
    decideTransfer: { party: "supplier", path: `/orders/${order}/invoices/1/transfer-decision`, body: { revision: 1, decision: "confirm" } },
    searchSuppliers: { party: "any", path: "/directory/suppliers?q=cor", own: () => true },
    cancelInvoice: { party: "supplier", path: `/orders/${order}/invoices/1/cancel`, body: { revision: 1, reason: "Salah" } },
    issueCreditNote: { party: "buyer", path: `/orders/${order}/invoices/1/credit-notes`, body: { reason: "Retur", lines: [] } },
    decideCreditNote: { party: "supplier", path: `/orders/${order}/credit-notes/1/decision`, body: { revision: 1, decision: "accept" } },
    addDrawing: { party: "buyer", path: `/rfqs/${rfq}/lines/${openRfq.lineIds[0]}/drawings`, body: { file: { name: "a.pdf", contentType: "application/pdf", data: "JVBERi0xLjcK" } } },
    getRfqFile: { party: "buyer", path: `/rfqs/${invitedRfq.rfqId}/files/${drawingId}` },
    listAgreements: { party: "any", path: "/agreements", own: () => true },
    updateAgreementDraft: {
      party: "buyer",
      path: "/agreements/1",
      body: { revision: 1, title: "Kontrak uji", startsOn: today, endsOn: today, paymentDueDays: 30, items: [{ itemId: 1, unitPrice: 1000 }] },
      headers: etag,
    },
    getAgreement: { party: "buyer", path: "/agreements/1" },
    takeAgreementStep: { party: "buyer", path: "/agreements/1/steps", body: { revision: 1, event: "send" }, headers: etag },
    callOff: { party: "buyer", path: "/agreements/1/call-offs", body: { revision: 1, deliverOn: today, lines: [] } },
    splitOrder: { party: "supplier", path: `/orders/${order}/split`, body: { leadDays: 3, members: [] } },
    listWorkOrders: { party: "any", path: "/work-orders", own: () => true },
    getWorkOrder: { party: "supplier", path: "/work-orders/1" },
    takeWorkOrderStep: { party: "supplier", path: "/work-orders/1/steps", body: { revision: 1, event: "accept" }, headers: etag },
    reallocateWorkOrder: { party: "supplier", path: "/work-orders/1/reallocations", body: { toMemberId: 1, reason: "Pindah", lines: [{ workOrderLineId: 1, quantity: 1 }] }, headers: etag },
    recordHandover: { party: "supplier", path: "/work-orders/1/handovers", body: { handedOverOn: today, lotNumber: "L-1", lines: [] } },
    inspectHandover: { party: "supplier", path: "/work-orders/1/handovers/1/inspection", body: { lines: [{ handoverLineId: 1, accepted: 1 }] } },
    getMemberStatement: { party: "supplier", path: `/cooperative/statements/${order}` },
    recordPayout: { party: "supplier", path: "/cooperative/payouts", body: { memberId: 1, amount: "1000", paidOn: today, reference: "X" }, own: () => true },
    confirmPayout: { party: "supplier", path: "/cooperative/payouts/1/confirm", body: {} },
  };
}

const ALL: ApiScope[] = ["rfqs:write", "bids:write", "orders:write", "work_orders:write", "directory:read"];

beforeAll(async () => {
  setup = await awardedOrder();
  openRfq = await publishedRfq(setup.buyer);
  invitedRfq = await publishedRfq(setup.buyer, { visibility: "invited" });
  await inviteSuppliers(getDb(), { rfqId: invitedRfq.rfqId, buyerId: setup.buyer.organizationId, supplierIds: [setup.supplier.organizationId], actorUserId: setup.buyer.userId, now: new Date() });
  drawingId = await storeRfqFile(getDb(), {
    rfqId: invitedRfq.rfqId,
    rfqLineId: invitedRfq.lineIds[0],
    organizationId: setup.buyer.organizationId,
    actorUserId: setup.buyer.userId,
    file: new File([Buffer.from("%PDF-1.4\n%%EOF\n")], "gambar.pdf", { type: "application/pdf" }),
    field: "file",
    now: new Date(),
  });
  await getDb().insertInto("rfq_questions").values({ rfq_id: openRfq.rfqId, supplier_id: setup.supplier.organizationId, asked_by_user_id: setup.supplier.userId, question: "?", asked_at: new Date().toISOString() }).execute();
  outsider = await createBuyer("PT Lain Sekali");
  outsiderSupplier = await approvedSupplier({ legalName: "CV Lain Sekali" });
  tokens.outsider = (await apiKeyFor(outsider, { scopes: ALL, role: "owner" })).token;
  tokens.outsiderSupplier = (await apiKeyFor(outsiderSupplier, { scopes: ALL, role: "owner" })).token;
  for (const party of ["buyer", "supplier"] as const) {
    const org = party === "buyer" ? setup.buyer : setup.supplier;
    const revoked = await apiKeyFor(org, { scopes: ALL, role: "owner" });
    await revokeApiKey(getDb(), { keyId: revoked.id, organizationId: org.organizationId, actorUserId: org.userId, now: new Date() });
    tokens[`${party}Revoked`] = revoked.token;
    // Keys of the right party holding one other scope each (a test picks one its operation does not take).
    for (const scope of ["work_orders:read", "directory:read"] as const) tokens[`${party}Only:${scope}`] = (await apiKeyFor(org, { scopes: [scope], role: "owner" })).token;
  }
});

describe("API v1 authorization matrix", () => {
  it("has a case for every operation", () => {
    expect(Object.keys(cases()).sort()).toEqual(API_OPERATIONS.map((o) => o.operationId).sort());
  });

  for (const operation of API_OPERATIONS) {
    it(`${operation.method.toUpperCase()} ${operation.path} refuses without a valid key, for another organization and without its scope`, async () => {
      const c = cases()[operation.operationId]!;
      const method = operation.method.toUpperCase();
      const call = (token: string | null) => callApi(method, c.path, { token, body: c.body, headers: c.headers });
      const party = c.party === "supplier" ? "supplier" : "buyer";

      let before = await changes();
      const missing = await call(null);
      expect(missing.status).toBe(401);
      const revoked = await call(tokens[`${party}Revoked`]!);
      expect([revoked.status, revoked.body.messageKey]).toEqual([401, "error.apiKeyRevoked"]);
      expect(await changes()).toBe(before);

      if (operation.scope !== null) {
        const needed = typeof operation.scope === "string" ? [operation.scope] : operation.scope;
        const other = (["work_orders:read", "directory:read"] as const).find((s) => !needed.includes(s))!;
        const unscoped = await call(tokens[`${party}Only:${other}`]!);
        expect([unscoped.status, unscoped.body.messageKey]).toEqual([403, "error.apiScope"]);
        expect(await changes()).toBe(before);
      }

      for (const other of [tokens.outsider!, tokens.outsiderSupplier!]) {
        before = await changes();
        const answer = await call(other);
        if (c.own) {
          // A collection: the other organization acts for itself only (or is refused for its kind).
          if (answer.status < 300) expect(c.own(answer.body), JSON.stringify(answer.body).slice(0, 300)).toBe(true);
          else expect([403]).toContain(answer.status);
        } else {
          expect([403, 404], `${operation.operationId}: ${JSON.stringify(answer.body)}`).toContain(answer.status);
          expect(await changes()).toBe(before);
        }
      }
    });
  }

  it("keeps sealed bids sealed from the bidders' competitors and from the buyer before the deadline", async () => {
    const buyerKey = (await apiKeyFor(setup.buyer)).token;
    const rival = (await apiKeyFor(outsiderSupplier)).token;
    const rfq = await publishedRfq(setup.buyer);
    const bidder = (await apiKeyFor(setup.supplier)).token;
    const bid = await callApi("POST", `/rfqs/${rfq.rfqId}/bids`, {
      token: bidder,
      body: { submissionKey: "sealed-check-000001", leadTimeDays: 10, validUntil: jakartaDate(new Date(Date.now() + 40 * 86_400_000)), lines: [{ rfqLineId: rfq.lineIds[0], quantity: 200, unitPrice: "987654" }] },
    });
    expect(bid.status).toBe(200);
    for (const [token, path] of [
      [buyerKey, `/rfqs/${rfq.rfqId}/bids`],
      [rival, `/rfqs/${rfq.rfqId}/bids`],
      [buyerKey, `/rfqs/${rfq.rfqId}`],
      [rival, `/rfqs/${rfq.rfqId}`],
      [rival, "/feed"],
    ] as const) {
      const answer = await callApi("GET", path, { token });
      expect(JSON.stringify(answer.body)).not.toContain("987654");
      expect(JSON.stringify(answer.body)).not.toContain("sealed-check-000001");
    }
    expect((await callApi("GET", `/rfqs/${rfq.rfqId}/bids`, { token: buyerKey })).status).toBe(403);
    expect((await callApi("GET", `/rfqs/${rfq.rfqId}`, { token: rival })).body.myBid).toBeNull();
  });
});
