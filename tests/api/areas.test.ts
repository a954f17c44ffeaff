import { describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { submitBid } from "../../app/domain/rfqs/submit-bid.server";
import { jakartaDate } from "../../app/domain/time";
import { apiKeyFor, callApi } from "../support/api";
import { approvedSupplier, bidInput, createBuyer, publishedRfq } from "../support/rfqs";
import { cooperativeOrder } from "../support/work-orders";

// Issue 21: the cooperative's and the continuity areas over API v1 — a won order shared among members as work
// orders, a member accepting and handing a lot over, the cooperative inspecting it, the member's statement; an
// award made as a framework agreement, sent and accepted, and a call-off against it. Every answer is checked
// against the OpenAPI document (tests/support/api.ts); each side sees only its own.

const DAY = 86_400_000;
const ALL = ["rfqs:write", "bids:write", "orders:write", "work_orders:write", "directory:read"] as const;

describe("work orders through API v1", () => {
  it("shares a cooperative's order among members, who accept and hand over, and the cooperative inspects", async () => {
    const setup = await cooperativeOrder();
    const coop = (await apiKeyFor(setup.supplier, { scopes: [...ALL], role: "owner" })).token;
    // The key's role counts as a member's would: sharing the order is an owner's.
    const coopMemberRole = (await apiKeyFor(setup.supplier, { scopes: [...ALL], role: "member" })).token;
    const member = (await apiKeyFor(setup.members[0]!, { scopes: [...ALL] })).token;
    const buyer = (await apiKeyFor(setup.buyer, { scopes: [...ALL] })).token;

    const members = await callApi("GET", "/cooperative/members", { token: coop });
    expect(members.body.data.map((m: { id: number }) => m.id).sort()).toEqual(setup.members.map((m) => m.organizationId).sort());
    const splitBody = { leadDays: 7, members: setup.members.map((m, i) => ({ memberId: m.organizationId, lines: [{ orderLineId: setup.lines[0]!.id, quantity: setup.shares[i], memberUnitPrice: "80.000" }] })) };
    expect((await callApi("POST", `/orders/${setup.order.id}/split`, { token: coopMemberRole, body: splitBody })).status).toBe(403);
    const split = await callApi("POST", `/orders/${setup.order.id}/split`, { token: coop, body: splitBody });
    expect(split.status, JSON.stringify(split.body)).toBe(201);
    expect(split.body.ids).toHaveLength(3);
    expect((await callApi("GET", "/work-orders", { token: coop })).body.data).toHaveLength(3);
    const own = await callApi("GET", "/work-orders", { token: member });
    expect(own.body.data).toHaveLength(1);
    const workOrderId = own.body.data[0].id as number;
    // The buyer never reaches a work order; another member neither.
    expect((await callApi("GET", `/work-orders/${workOrderId}`, { token: buyer })).status).toBe(404);
    const otherMember = (await apiKeyFor(setup.members[1]!, { scopes: [...ALL] })).token;
    expect((await callApi("GET", `/work-orders/${workOrderId}`, { token: otherMember })).status).toBe(404);

    const read = await callApi("GET", `/work-orders/${workOrderId}`, { token: member });
    expect(read.body).toMatchObject({ side: "member", lines: [{ quantity: 1200, memberUnitPrice: 80_000, buyerUnitPrice: null }] });
    const step = read.body.steps.find((s: string) => s === "accept") as string;
    expect(step).toBe("accept");
    const stale = await callApi("POST", `/work-orders/${workOrderId}/steps`, { token: member, body: { revision: read.body.revision, event: step }, headers: { "If-Match": '"work-order-1-0000000000000000"' } });
    expect(stale.status).toBe(412);
    const accepted = await callApi("POST", `/work-orders/${workOrderId}/steps`, { token: member, body: { revision: read.body.revision, event: step }, headers: { "If-Match": read.headers.get("ETag")! } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).not.toBe(read.body.status);

    const handover = await callApi("POST", `/work-orders/${workOrderId}/handovers`, {
      token: member,
      body: { handedOverOn: jakartaDate(new Date()), lotNumber: "SB-0001", lines: [{ workOrderLineId: read.body.lines[0].id, quantity: 200 }] },
    });
    expect(handover.status, JSON.stringify(handover.body)).toBe(201);
    const withLot = await callApi("GET", `/work-orders/${workOrderId}`, { token: coop });
    const lotLine = withLot.body.handovers[0].lines[0];
    const inspected = await callApi("POST", `/work-orders/${workOrderId}/handovers/${handover.body.id}/inspection`, { token: coop, body: { lines: [{ handoverLineId: lotLine.id, accepted: 198, rejected: 2, reason: "Retak" }] } });
    expect(inspected.status, JSON.stringify(inspected.body)).toBe(204);
    expect((await callApi("GET", `/work-orders/${workOrderId}`, { token: member })).body.lines[0]).toMatchObject({ accepted: 198, rejected: 2 });
    // A member cannot inspect; the statement reads from both sides.
    expect((await callApi("POST", `/work-orders/${workOrderId}/handovers/${handover.body.id}/inspection`, { token: member, body: { lines: [{ handoverLineId: lotLine.id, accepted: 1 }] } })).status).toBe(403);
    const statement = await callApi("GET", `/cooperative/statements/${setup.members[0]!.organizationId}`, { token: coop });
    expect(statement.status, JSON.stringify(statement.body)).toBe(200);
    expect(statement.body).toMatchObject({ side: "cooperative", member: { id: setup.members[0]!.organizationId } });
    expect((await callApi("GET", `/cooperative/statements/${setup.supplier.organizationId}`, { token: member })).body.side).toBe("member");
  });
});

describe("framework agreements through API v1", () => {
  it("awards as an agreement, sends and accepts it, and calls off against it", async () => {
    const buyerOrg = await createBuyer();
    const supplierOrg = await approvedSupplier();
    const buyer = (await apiKeyFor(buyerOrg, { scopes: [...ALL] })).token;
    const supplier = (await apiKeyFor(supplierOrg, { scopes: [...ALL] })).token;
    const publishedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * DAY);
    const rfq = await publishedRfq(buyerOrg, { now: publishedAt, deadline: new Date(publishedAt.getTime() + DAY) });
    const { bidId } = await submitBid(getDb(), { rfqId: rfq.rfqId, supplierId: supplierOrg.organizationId, actorUserId: supplierOrg.userId, input: bidInput([{ rfqLineId: rfq.lineIds[0]!, quantity: 200, unitPrice: 150_000 }]), now: new Date(publishedAt.getTime() + 60_000) });
    const award = await callApi("POST", `/rfqs/${rfq.rfqId}/award`, { token: buyer, body: { reason: "Kontrak setahun", asAgreement: "on", agreementMonths: 12, allocations: [{ bidId, rfqLineId: rfq.lineIds[0], quantity: 200 }] } });
    expect(award.status, JSON.stringify(award.body)).toBe(201);
    const agreementId = award.body.agreementIds[0] as number;
    expect(award.body.orderIds).toEqual([]);

    const listed = await callApi("GET", "/agreements", { token: supplier });
    expect(listed.body.data.map((a: { id: number }) => a.id)).toContain(agreementId);
    const draft = await callApi("GET", `/agreements/${agreementId}`, { token: buyer });
    expect(draft.body).toMatchObject({ status: "draft", side: "buyer", items: [{ unitPrice: 150_000 }] });
    const sent = await callApi("POST", `/agreements/${agreementId}/steps`, { token: buyer, body: { revision: draft.body.revision, event: "send" }, headers: { "If-Match": draft.headers.get("ETag")! } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const offer = await callApi("GET", `/agreements/${agreementId}`, { token: supplier });
    expect(offer.body.steps).toContain("accept");
    const active = await callApi("POST", `/agreements/${agreementId}/steps`, { token: supplier, body: { revision: offer.body.revision, event: "accept" }, headers: { "If-Match": offer.headers.get("ETag")! } });
    expect(active.status, JSON.stringify(active.body)).toBe(200);
    expect(active.body.status).toBe("active");

    // A supplier may not call off; the buyer does, and the order appears on both sides.
    const body = { revision: active.body.revision, deliverOn: jakartaDate(new Date(Date.now() + 10 * DAY)), lines: [{ itemId: active.body.items[0].id, quantity: 50 }] };
    expect((await callApi("POST", `/agreements/${agreementId}/call-offs`, { token: supplier, body })).status).toBe(403);
    const called = await callApi("POST", `/agreements/${agreementId}/call-offs`, { token: buyer, body });
    expect(called.status, JSON.stringify(called.body)).toBe(201);
    expect(called.headers.get("Location")).toBe(`/api/v1/orders/${called.body.id}`);
    const order = await callApi("GET", `/orders/${called.body.id}`, { token: supplier });
    expect(order.body.lines[0]).toMatchObject({ quantity: 50, unitPrice: 150_000 });
    expect((await callApi("GET", `/agreements/${agreementId}`, { token: buyer })).body.callOffs).toMatchObject([{ orderId: called.body.id, quantity: 50 }]);
  });
});
