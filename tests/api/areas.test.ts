import { describe, expect, it, vi } from "vitest";
import { getDb } from "../../app/db.server";
import { closeDueRfqs } from "../../app/domain/rfqs/close-due-rfqs.server";
import { submitBid } from "../../app/domain/rfqs/submit-bid.server";
import { jakartaDate } from "../../app/domain/time";
import { apiKeyFor, callApi } from "../support/api";
import { approvedSupplier, bidInput, createBuyer, publishedRfq } from "../support/rfqs";
import { cooperativeOrder } from "../support/work-orders";

// Issue 21: the cooperative's and the continuity areas over API v1 — a won order shared among members as work
// orders, a member accepting and handing a lot over, the cooperative inspecting it, the member's statement, open
// pieces moved to another member; an award made as a framework agreement, its draft edited, sent and accepted,
// and a call-off against it; a bid's attachment, sealed with the bid until the deadline. Every answer is checked
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

    // The cooperative moves 100 open pieces to the second member: a new work order, the first one smaller.
    const before = await callApi("GET", `/work-orders/${workOrderId}`, { token: coop });
    const lineId = before.body.lines[0].id as number;
    expect(before.body.lines[0].open).toBe(1002); // 2 rejected pieces are open again
    const move = (token: string, quantity: number, etag = before.headers.get("ETag")!) =>
      callApi("POST", `/work-orders/${workOrderId}/reallocations`, { token, body: { toMemberId: setup.members[1]!.organizationId, reason: "Tungku anggota rusak", lines: [{ workOrderLineId: lineId, quantity }] }, headers: { "If-Match": etag } });
    expect((await move(member, 100)).status).toBe(403);
    expect((await move(coopMemberRole, 100)).status).toBe(403);
    const tooMany = await move(coop, 1003);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/lines/0/quantity"]);
    const moved = await move(coop, 100);
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    expect(moved.headers.get("Location")).toBe(`/api/v1/work-orders/${moved.body.id}`);
    const after = await callApi("GET", `/work-orders/${workOrderId}`, { token: coop });
    expect(after.body.lines[0]).toMatchObject({ quantity: 1100, open: 902 });
    expect(after.headers.get("ETag")).not.toBe(before.headers.get("ETag"));
    // The old ETag no longer matches: a second system moving the same pieces is stopped.
    expect((await move(coop, 100)).status).toBe(412);
    const theirs = await callApi("GET", `/work-orders/${moved.body.id}`, { token: otherMember });
    expect(theirs.body).toMatchObject({ side: "member", member: { id: setup.members[1]!.organizationId }, lines: [{ quantity: 100, memberUnitPrice: 80_000 }] });
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
    const first = await callApi("GET", `/agreements/${agreementId}`, { token: buyer });
    expect(first.body).toMatchObject({ status: "draft", side: "buyer", items: [{ unitPrice: 150_000 }] });

    // The buyer edits the draft: a lower price and a quantity limit; a stale ETag or the supplier is refused.
    const edit = (revision: number) => ({
      revision,
      title: "Selongsong FC250 — 2027",
      startsOn: first.body.startsOn,
      endsOn: first.body.endsOn,
      maxValue: 300_000_000,
      paymentDueDays: 45,
      paymentTerms: "45 hari setelah BAST",
      deliveryTerms: "Franco Cikarang",
      items: [{ itemId: first.body.items[0].id, unitPrice: 148_500, maxQuantity: 2000 }],
    });
    const etag = first.headers.get("ETag")!;
    expect((await callApi("PUT", `/agreements/${agreementId}`, { token: buyer, body: edit(first.body.revision), headers: { "If-Match": '"agreement-1-0000000000000000"' } })).status).toBe(412);
    expect([403, 404]).toContain((await callApi("PUT", `/agreements/${agreementId}`, { token: supplier, body: edit(first.body.revision), headers: { "If-Match": etag } })).status);
    const badDates = await callApi("PUT", `/agreements/${agreementId}`, { token: buyer, body: { ...edit(first.body.revision), endsOn: "2020-01-01" }, headers: { "If-Match": etag } });
    expect([badDates.status, badDates.body.errors?.[0]?.pointer]).toEqual([422, "/endsOn"]);
    const edited = await callApi("PUT", `/agreements/${agreementId}`, { token: buyer, body: edit(first.body.revision), headers: { "If-Match": etag } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ title: "Selongsong FC250 — 2027", maxValue: 300_000_000, paymentDueDays: 45, revision: first.body.revision + 1, items: [{ unitPrice: 148_500, maxQuantity: 2000 }] });
    expect(edited.headers.get("ETag")).not.toBe(etag);
    const draft = await callApi("GET", `/agreements/${agreementId}`, { token: buyer });
    const sent = await callApi("POST", `/agreements/${agreementId}/steps`, { token: buyer, body: { revision: draft.body.revision, event: "send" }, headers: { "If-Match": draft.headers.get("ETag")! } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    // Sent, the draft is no longer the buyer's to edit.
    expect((await callApi("PUT", `/agreements/${agreementId}`, { token: buyer, body: edit(sent.body.revision), headers: { "If-Match": sent.headers.get("ETag")! } })).status).toBe(409);
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
    expect(order.body.lines[0]).toMatchObject({ quantity: 50, unitPrice: 148_500 });
    expect((await callApi("GET", `/agreements/${agreementId}`, { token: buyer })).body.callOffs).toMatchObject([{ orderId: called.body.id, quantity: 50 }]);
  });
});

describe("bid attachments through API v1", () => {
  it("takes a bid's attachment in base64, checks its content, and keeps it sealed with the bid until the deadline", async () => {
    const buyerOrg = await createBuyer();
    const supplierOrg = await approvedSupplier();
    const rivalOrg = await approvedSupplier({ legalName: "CV Pesaing Uji" });
    const buyer = (await apiKeyFor(buyerOrg, { scopes: [...ALL] })).token;
    const supplier = (await apiKeyFor(supplierOrg, { scopes: [...ALL] })).token;
    const rival = (await apiKeyFor(rivalOrg, { scopes: [...ALL] })).token;
    const rfq = await publishedRfq(buyerOrg);
    const pdf = Buffer.from("%PDF-1.4\n% penawaran harga CV uji\n%%EOF\n");
    const bid = (attachment: unknown, key: string) => ({
      submissionKey: key,
      leadTimeDays: 21,
      validUntil: jakartaDate(new Date(Date.now() + 40 * DAY)),
      lines: [{ rfqLineId: rfq.lineIds[0], quantity: 200, unitPrice: "151.000" }],
      attachment,
    });

    // Not a drawing type by its content (whatever its name says): refused next to the field, nothing stored.
    const text = await callApi("POST", `/rfqs/${rfq.rfqId}/bids`, { token: supplier, body: bid({ name: "penawaran.pdf", contentType: "application/pdf", data: Buffer.from("just text").toString("base64") }, "bid-attach-text-0001") });
    expect([text.status, text.body.errors?.map((e: { pointer: string }) => e.pointer)]).toEqual([422, ["/attachment"]]);
    const notBase64 = await callApi("POST", `/rfqs/${rfq.rfqId}/bids`, { token: supplier, body: bid({ name: "a.pdf", contentType: "application/pdf", data: "%%%" }, "bid-attach-b64-00001") });
    expect([notBase64.status, notBase64.body.errors?.map((e: { pointer: string }) => e.pointer)]).toEqual([422, ["/attachment/data"]]);
    expect((await callApi("GET", `/rfqs/${rfq.rfqId}`, { token: supplier })).body.myBid).toBeNull();

    const sent = await callApi("POST", `/rfqs/${rfq.rfqId}/bids`, { token: supplier, body: bid({ name: "penawaran-CV-uji.pdf", contentType: "application/pdf", data: pdf.toString("base64") }, "bid-attach-pdf-00001") });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.attachments).toMatchObject([{ name: "penawaran-CV-uji.pdf", size: pdf.byteLength, contentType: "application/pdf" }]);
    const fileId = sent.body.attachments[0].id as number;
    expect((await callApi("GET", `/rfqs/${rfq.rfqId}`, { token: supplier })).body.myBid.attachments).toEqual(sent.body.attachments);
    const own = await callApi("GET", `/rfqs/${rfq.rfqId}/files/${fileId}`, { token: supplier });
    expect(own.status).toBe(200);
    expect(Buffer.from(own.body.data, "base64").equals(pdf)).toBe(true);
    // Sealed: neither the buyer nor a rival reads it before the deadline.
    expect((await callApi("GET", `/rfqs/${rfq.rfqId}/files/${fileId}`, { token: buyer })).status).toBe(404);
    expect((await callApi("GET", `/rfqs/${rfq.rfqId}/files/${fileId}`, { token: rival })).status).toBe(404);

    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date(rfq.deadline.getTime() + 60_000));
      await closeDueRfqs(getDb(), new Date());
      const bids = await callApi("GET", `/rfqs/${rfq.rfqId}/bids`, { token: buyer });
      expect(bids.body.data[0].attachments).toEqual(sent.body.attachments);
      const opened = await callApi("GET", `/rfqs/${rfq.rfqId}/files/${fileId}`, { token: buyer });
      expect(opened.status).toBe(200);
      expect(Buffer.from(opened.body.data, "base64").equals(pdf)).toBe(true);
      expect((await callApi("GET", `/rfqs/${rfq.rfqId}/files/${fileId}`, { token: rival })).status).toBe(404);
    } finally {
      vi.useRealTimers();
    }
  });
});
