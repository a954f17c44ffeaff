import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../../app/db.server";
import { jakartaDate } from "../../app/domain/time";
import { apiKeyFor, callApi } from "../support/api";
import { pdfFile } from "../support/listings";
import { approvedSupplier, createBuyer, minuteFromNow, rfqForm } from "../support/rfqs";

// Issue 21: a buyer's and a supplier's ERPs run the whole procurement through API v1 alone — RFQ, question and
// answer, sealed bid, award, contract, shipment (ASN), inspection, BAST, invoice, faktur, transfer, payment —
// each POST retried once with its Idempotency-Key (the retry answers the same and changes nothing), every answer
// checked against the OpenAPI document. The same use cases as the pages: their rules hold here too.

afterEach(() => {
  vi.useRealTimers();
});

async function auditActors(entityType: string, entityId: number) {
  return getDb()
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_user_id")
    .select(["audit_log.action", "users.name", "users.kind"])
    .where("audit_log.entity_type", "=", entityType)
    .where("audit_log.entity_id", "=", String(entityId))
    .orderBy("audit_log.id")
    .execute();
}

describe("the KBJ → TPR journey through API v1", () => {
  it("goes from RFQ to payment with each POST retried safely", async () => {
    const tpr = await createBuyer("PT TPR Indonesia");
    const kbj = await approvedSupplier({ legalName: "Koperasi Batur Jaya Uji" });
    const buyer = (await apiKeyFor(tpr, { name: "TPR SAP", scopes: ["rfqs:write", "orders:write"] })).token;
    const supplier = (await apiKeyFor(kbj, { name: "KBJ Odoo", scopes: ["bids:write", "orders:write"] })).token;
    let n = 0;
    /** A POST sent twice with one Idempotency-Key: the second answer must be the first, replayed. */
    const post = async (token: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const key = `journey-${++n}`;
      const first = await callApi("POST", path, { token, body, headers: { ...headers, "Idempotency-Key": key } });
      const again = await callApi("POST", path, { token, body, headers: { ...headers, "Idempotency-Key": key } });
      expect(again.status, `${path} retried`).toBe(first.status);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("Idempotent-Replayed")).toBe("true");
      return first;
    };

    // TPR publishes an RFQ for 200 cylinder sleeves a month.
    const deadline = minuteFromNow(3);
    const created = await post(buyer, "/rfqs", rfqForm({ title: "Selongsong silinder FC250", deadline, lines: [{ partName: "Cylinder sleeve 0412", partNumber: "TPR-CS-0412", quantity: 200, unit: "pcs", targetUnitPrice: 185000 }] }));
    expect(created.status).toBe(201);
    const rfqId = created.body.id as number;
    expect(created.body).toMatchObject({ status: "open", role: "buyer", bidCount: 0, myBid: null });
    const rfqLineId = created.body.lines[0].id as number;

    // KBJ finds it in its feed, asks, and TPR answers.
    const feed = await callApi("GET", "/feed", { token: supplier });
    expect(feed.body.data.map((r: { id: number }) => r.id)).toContain(rfqId);
    const asked = await post(supplier, `/rfqs/${rfqId}/questions`, { question: "Toleransi diameter dalam?" });
    expect(asked.status).toBe(201);
    expect((await post(buyer, `/rfqs/${rfqId}/questions/${asked.body.id}/answer`, { answer: "±0,05 mm" })).status).toBe(204);
    const seen = await callApi("GET", `/rfqs/${rfqId}`, { token: supplier });
    expect(seen.body).toMatchObject({ role: "supplier", buyerName: "PT TPR Indonesia", bidCount: null, invitations: null, questions: [{ question: "Toleransi diameter dalam?", answer: "±0,05 mm", mine: true, askerName: null }] });

    // KBJ bids; the bid stays sealed: TPR sees a count, and reading the bids is refused before the deadline.
    const bid = await post(supplier, `/rfqs/${rfqId}/bids`, {
      submissionKey: "kbj-odoo-bid-000001",
      leadTimeDays: 30,
      validUntil: jakartaDate(new Date(deadline.getTime() + 60 * 86_400_000)),
      lines: [{ rfqLineId, quantity: 200, unitPrice: "176.000" }],
    });
    expect(bid.status).toBe(200);
    expect(bid.body).toMatchObject({ version: 1, duplicate: false });
    expect((await callApi("GET", `/rfqs/${rfqId}`, { token: buyer })).body.bidCount).toBe(1);
    const sealed = await callApi("GET", `/rfqs/${rfqId}/bids`, { token: buyer });
    expect(sealed.status).toBe(403);
    expect(sealed.body.messageKey).toBe("error.bidsSealed");
    expect(JSON.stringify(sealed.body)).not.toContain("176");

    // Past the deadline TPR compares and awards.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(deadline.getTime() + 60_000));
    const bids = await callApi("GET", `/rfqs/${rfqId}/bids`, { token: buyer });
    expect(bids.status).toBe(200);
    expect(bids.body.data).toMatchObject([{ id: bid.body.bidId, supplier: { name: "Koperasi Batur Jaya Uji" }, total: 35_200_000, lines: [{ rfqLineId, quantity: 200, unitPrice: 176_000 }] }]);
    const award = await post(buyer, `/rfqs/${rfqId}/award`, { reason: "Harga dan mutu terbaik", allocations: [{ bidId: bid.body.bidId, rfqLineId, quantity: 200 }] });
    expect(award.status).toBe(201);
    const orderId = award.body.orderIds[0] as number;

    // The contract: TPR sends it (If-Match), KBJ accepts.
    const draft = await callApi("GET", `/orders/${orderId}`, { token: buyer });
    expect(draft.body).toMatchObject({ status: "contract_draft", side: "buyer", steps: expect.arrayContaining(["send"]) });
    const sent = await post(buyer, `/orders/${orderId}/steps`, { revision: draft.body.revision, event: "send" }, { "If-Match": draft.headers.get("ETag")! });
    expect(sent.body.status).toBe("sent");
    const offer = await callApi("GET", `/orders/${orderId}`, { token: supplier });
    expect(offer.body).toMatchObject({ side: "supplier", steps: expect.arrayContaining(["accept"]) });
    const accepted = await post(supplier, `/orders/${orderId}/steps`, { revision: offer.body.revision, event: "accept" }, { "If-Match": offer.headers.get("ETag")! });
    expect(accepted.body.status).toBe("contracted");

    // The ASN, the inspection, both BAST confirmations.
    const orderLineId = accepted.body.lines[0].id as number;
    const shipped = await post(supplier, `/orders/${orderId}/shipments`, { shippedOn: jakartaDate(new Date()), vehicle: "AD 8123 KB", deliveryNote: "SJ-KBJ-0001", lines: [{ orderLineId, quantity: 200 }] });
    expect(shipped.status).toBe(201);
    const withShipment = await callApi("GET", `/orders/${orderId}`, { token: buyer });
    const shipmentLineId = withShipment.body.shipments[0].lines[0].id as number;
    expect((await post(buyer, `/orders/${orderId}/shipments/${shipped.body.id}/inspection`, { receivedOn: jakartaDate(new Date()), lines: [{ shipmentLineId, accepted: 200, rejected: 0 }] })).status).toBe(204);
    const delivered = await callApi("GET", `/orders/${orderId}`, { token: buyer });
    expect(delivered.body.status).toBe("delivered");
    const bastId = delivered.body.basts[0].id as number;
    expect((await post(buyer, `/orders/${orderId}/basts/${bastId}/confirm`, { revision: delivered.body.basts[0].revision })).status).toBe(204);
    const half = await callApi("GET", `/orders/${orderId}`, { token: supplier });
    expect((await post(supplier, `/orders/${orderId}/basts/${bastId}/confirm`, { revision: half.body.basts[0].revision })).status).toBe(204);

    // The invoice with its faktur number, TPR's transfer, KBJ's confirmation: paid, the order complete.
    const invoiced = await post(supplier, `/orders/${orderId}/invoices`, {});
    expect(invoiced.status).toBe(201);
    let order = (await callApi("GET", `/orders/${orderId}`, { token: supplier })).body;
    let invoice = order.invoices[0];
    expect(invoice).toMatchObject({ id: invoiced.body.id, dpp: expect.any(Number), total: 35_200_000 + invoice.ppn, status: "issued" });
    const year = invoice.issuedOn.slice(2, 4);
    const pdf = pdfFile("faktur.pdf");
    const file = { name: pdf.name, contentType: pdf.type, data: Buffer.from(await pdf.arrayBuffer()).toString("base64") };
    const faktur = await post(supplier, `/orders/${orderId}/invoices/${invoice.id}/faktur`, { revision: invoice.revision, fakturNumber: `${invoice.kodeTransaksi}00${year}00000004711`, file });
    expect(faktur.status, JSON.stringify(faktur.body)).toBe(204);
    invoice = (await callApi("GET", `/orders/${orderId}`, { token: buyer })).body.invoices[0];
    expect(invoice.fakturNumber).toBe(`${invoice.kodeTransaksi}00${year}00000004711`);

    // TPR returns 2 sleeves (porosity found at machining): a credit note (nota retur) KBJ accepts; what is
    // still owed falls by its amount. More than was invoiced is refused next to the line.
    const tooMany = await callApi("POST", `/orders/${orderId}/invoices/${invoice.id}/credit-notes`, { token: buyer, body: { reason: "Retur", lines: [{ invoiceLineId: invoice.lines[0].id, quantity: 201 }] } });
    expect([tooMany.status, tooMany.body.errors?.[0]?.pointer]).toEqual([422, "/lines/0/quantity"]);
    const note = await post(buyer, `/orders/${orderId}/invoices/${invoice.id}/credit-notes`, { reason: "2 pcs retur: porositas", lines: [{ invoiceLineId: invoice.lines[0].id, quantity: 2 }] });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    const credit = (await callApi("GET", `/orders/${orderId}`, { token: supplier })).body.invoices[0].creditNotes[0];
    expect(credit).toMatchObject({ id: note.body.id, status: "issued", allowed: expect.arrayContaining(["accept", "reject"]) });
    expect(credit.amountDue).toBeGreaterThan(2 * 176_000);
    expect((await callApi("POST", `/orders/${orderId}/credit-notes/${note.body.id}/decision`, { token: buyer, body: { revision: credit.revision, decision: "accept" } })).status).toBe(403);
    expect((await post(supplier, `/orders/${orderId}/credit-notes/${note.body.id}/decision`, { revision: credit.revision, decision: "accept" })).status).toBe(204);
    const owedBefore = invoice.outstanding as number;
    invoice = (await callApi("GET", `/orders/${orderId}`, { token: buyer })).body.invoices[0];
    expect(invoice.creditNotes[0].status).toBe("accepted");
    expect(invoice.outstanding).toBe(owedBefore - credit.amountDue);
    expect((await post(buyer, `/orders/${orderId}/invoices/${invoice.id}/transfers`, { revision: invoice.revision, reference: "BCA-TRF-0001", transferDate: jakartaDate(new Date()) })).status).toBe(204);
    invoice = (await callApi("GET", `/orders/${orderId}`, { token: supplier })).body.invoices[0];
    expect(invoice.transferAmount).toBe(owedBefore - credit.amountDue);
    expect((await post(supplier, `/orders/${orderId}/invoices/${invoice.id}/transfer-decision`, { revision: invoice.revision, decision: "confirm" })).status).toBe(204);
    order = (await callApi("GET", `/orders/${orderId}`, { token: buyer })).body;
    expect(order.invoices[0]).toMatchObject({ status: "paid", outstanding: 0 });
    expect(order.status).toBe("completed");

    // One of everything, though every POST was sent twice; the audit names the integrations.
    const db = getDb();
    expect((await db.selectFrom("rfqs").select("id").where("buyer_id", "=", tpr.organizationId).execute()).length).toBe(1);
    expect((await db.selectFrom("rfq_questions").select("id").where("rfq_id", "=", rfqId).execute()).length).toBe(1);
    expect((await db.selectFrom("bid_versions").innerJoin("bids", "bids.id", "bid_versions.bid_id").select("bid_versions.id").where("bids.rfq_id", "=", rfqId).execute()).length).toBe(1);
    expect((await db.selectFrom("shipments").select("id").where("order_id", "=", orderId).execute()).length).toBe(1);
    expect((await db.selectFrom("invoices").select("id").where("order_id", "=", orderId).execute()).length).toBe(1);
    expect((await db.selectFrom("invoice_payments").select("id").where("invoice_id", "=", invoice.id).execute()).length).toBe(1);
    expect((await db.selectFrom("credit_notes").select("id").where("invoice_id", "=", invoice.id).execute()).length).toBe(1);
    const rfqAudit = await auditActors("rfq", rfqId);
    expect(rfqAudit[0]).toEqual({ action: "create", name: "TPR SAP", kind: "integration" });
    const orderAudit = await auditActors("order", orderId);
    // One row for each party of the order, both naming KBJ's integration.
    const accepts = orderAudit.filter((a) => a.action === "accept");
    expect(accepts.length).toBeGreaterThan(0);
    expect(accepts.every((a) => a.name === "KBJ Odoo" && a.kind === "integration")).toBe(true);
  }, 30_000);
});
