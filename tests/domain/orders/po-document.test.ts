import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { updateContract } from "../../../app/domain/orders/contract.server";
import { takeOrderStep } from "../../../app/domain/orders/order-steps.server";
import { getPurchaseOrder, type PurchaseOrder } from "../../../app/domain/orders/po-document.server";
import { renderPurchaseOrderPdf } from "../../../app/domain/orders/po-pdf.server";
import { ContractSchema } from "../../../app/domain/orders/schemas";
import { awardRfq } from "../../../app/domain/rfqs/award-rfq.server";
import { submitBid } from "../../../app/domain/rfqs/submit-bid.server";
import * as poPage from "../../../app/routes/orders.$id_.po";
import * as poPdf from "../../../app/routes/orders.$id_.po[.]pdf";
import { cookieFor, getRequest, settle } from "../../support/factories";
import { pdfText } from "../../support/pdf";
import { approvedSupplier, bidInput, createBuyer, minuteFromNow, publishedRfq, type TestOrganization } from "../../support/rfqs";

const db = () => getDb();
const SECOND = 1000;

/**
 * A real order: the buyer's RFQ for 5 sleeves and 10 flanges, one bid (5 × 200.001 + 10 × 25.000 =
 * 1.250.005; DPP 11/12 1.145.838, whose 12 % PPN is 137.500,56 → 137.501), awarded after the deadline; the flanges on a monthly
 * schedule (5 on the 25th, two months). `draft` is the document before anyone accepted; then the buyer sends
 * and the supplier accepts.
 */
let buyer: TestOrganization;
let supplier: TestOrganization;
let outsider: TestOrganization;
let orderId: number;
let draft: PurchaseOrder;
let rfqId: number;

beforeAll(async () => {
  const suffix = Math.random().toString(36).slice(2, 6);
  buyer = await createBuyer(`PT Pompa Air Uji ${suffix}`);
  supplier = await approvedSupplier({ legalName: `CV Cor Ceper ${suffix}` });
  outsider = await createBuyer(`PT Pihak Ketiga ${suffix}`);
  const rfq = await publishedRfq(buyer, {
    title: "Sleeve dan flange pompa",
    deadline: minuteFromNow(1),
    deliveryTerms: "Franco gudang pembeli",
    lines: [
      { partName: "Cylinder sleeve", partNumber: "CS-80", quantity: 5, unit: "pcs" },
      { partName: "Flange", partNumber: "FL-4", quantity: 10, unit: "pcs" },
    ],
  });
  rfqId = rfq.rfqId;
  const [sleeve, flange] = rfq.lineIds as [number, number];
  const { bidId } = await submitBid(db(), {
    rfqId,
    supplierId: supplier.organizationId,
    actorUserId: supplier.userId,
    input: bidInput([
      { rfqLineId: sleeve, quantity: 5, unitPrice: 200_001 },
      { rfqLineId: flange, quantity: 10, unitPrice: 25_000 },
    ]),
    now: new Date(),
  });
  const afterDeadline = new Date(rfq.deadline.getTime() + SECOND);
  const { orderIds } = await awardRfq(db(), {
    rfqId,
    buyerId: buyer.organizationId,
    actorUserId: buyer.userId,
    reason: "Harga dan TKDN terbaik",
    allocations: [
      { bidId, rfqLineId: sleeve, quantity: 5 },
      { bidId, rfqLineId: flange, quantity: 10 },
    ],
    now: afterDeadline,
  });
  orderId = orderIds[0]!;
  const flangeLine = await db().selectFrom("order_lines").select("id").where("order_id", "=", orderId).where("position", "=", 2).executeTakeFirstOrThrow();
  await updateContract(db(), {
    orderId,
    buyerId: buyer.organizationId,
    actorUserId: buyer.userId,
    input: ContractSchema.parse({
      revision: 1,
      paymentDueDays: 45,
      paymentTerms: "Transfer bank",
      deliveryTerms: "Franco gudang pembeli",
      schedules: [{ orderLineId: flangeLine.id, perDelivery: 5, day: 25, months: 2, firstMonth: "2027-01" }],
    }),
    now: new Date(),
  });
  draft = await getPurchaseOrder(db(), { orderId, organizationId: buyer.organizationId, actorUserId: buyer.userId });
  await takeOrderStep(db(), { orderId, organizationId: buyer.organizationId, actorUserId: buyer.userId, event: "send", expectedRevision: 2, now: new Date() });
  await takeOrderStep(db(), { orderId, organizationId: supplier.organizationId, actorUserId: supplier.userId, event: "accept", expectedRevision: 3, now: new Date() });
});

const load = (org: TestOrganization) => getPurchaseOrder(db(), { orderId, organizationId: org.organizationId, actorUserId: org.userId });

describe("the purchase order document", () => {
  it("shows the lines, the subtotal, PPN rounded to the whole rupiah, the total and the total in words", async () => {
    const po = await load(buyer);
    expect(po.number).toMatch(/^PO-\d{4}-\d{5}$/);
    expect(po.rfq).toEqual({ id: rfqId, title: "Sleeve dan flange pompa" });
    expect(po.lines.map((l) => [l.position, l.partName, l.partNumber, l.quantity, l.unit, l.unitPrice, l.amount])).toEqual([
      [1, "Cylinder sleeve", "CS-80", 5, "pcs", 200_001, 1_000_005],
      [2, "Flange", "FL-4", 10, "pcs", 25_000, 250_000],
    ]);
    expect(po.subtotal).toBe(1_250_005);
    // Made under the rule of 2025-01-01: 12 % on a DPP of 11/12 (1.145.837,92 → 1.145.838; PPN 137.500,56 → 137.501).
    expect(po.ppnRateBp).toBe(1200);
    expect([po.dppNumerator, po.dppDenominator]).toEqual([11, 12]);
    expect(po.tax).toMatchObject({ dpp: 1_145_838, ppn: 137_501, supplierPkp: true, collector: "none", kodeTransaksi: "04", withheld: 0, amountDue: 1_387_506 });
    expect(po.ppnAmount).toBe(137_501);
    expect(po.total).toBe(1_387_506);
    expect(po.totalInWords).toBe("satu juta tiga ratus delapan puluh tujuh ribu lima ratus enam rupiah");
  });

  it("counts only amendments of the terms as revisions: saved, sent and accepted is revision 0 (issue 13 #3)", async () => {
    const po = await load(buyer);
    expect(po.revision).toBe(0);
    const order = await db().selectFrom("orders").select("revision").where("id", "=", orderId).executeTakeFirstOrThrow();
    expect(order.revision).toBeGreaterThan(2);
  });

  it("names both parties with NIB, NPWP and the address with regency and province names", async () => {
    const po = await load(supplier);
    expect(po.side).toBe("supplier");
    for (const [party, org] of [
      [po.buyer, buyer],
      [po.supplier, supplier],
    ] as const) {
      expect(party).toEqual({
        legalName: org.legalName,
        nib: "9120001234567",
        // The 15-digit NPWP as its 16-digit form; no place of business recorded, so no NITKU.
        npwp: "0012345678901000",
        nitku: null,
        address: "Jl. Raya Ceper No. 1",
        regency: "Kabupaten Klaten",
        province: "Jawa Tengah",
      });
    }
    expect(po.delivery).toMatchObject({ address: "Jl. Raya Ceper No. 9, Klaten", regency: "Kabupaten Klaten", province: "Jawa Tengah" });
  });

  it("carries the delivery schedule per line and the terms", async () => {
    const po = await load(buyer);
    expect(po.lines[0]!.schedule).toEqual([{ sequence: 1, dueOn: po.delivery.neededBy, quantity: 5 }]);
    expect(po.lines[1]!.schedule).toEqual([
      { sequence: 1, dueOn: "2027-01-25", quantity: 5 },
      { sequence: 2, dueOn: "2027-02-25", quantity: 5 },
    ]);
    expect(po).toMatchObject({ paymentTerms: "Transfer bank", paymentDueDays: 45, deliveryTerms: "Franco gudang pembeli" });
  });

  it("says when each side accepted, or not yet", async () => {
    expect(draft.buyerAccepted).toEqual({ at: null, by: null });
    expect(draft.supplierAccepted).toEqual({ at: null, by: null });
    expect(draft.agreed).toBe(false);
    const po = await load(buyer);
    expect(po.status).toBe("contracted");
    expect(po.buyerAccepted.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(po.buyerAccepted.by).toMatch(/^Pemilik /);
    expect(po.supplierAccepted.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(po.supplierAccepted.by).toMatch(/^Pemilik /);
    expect(po.supplierAccepted.by).not.toBe(po.buyerAccepted.by);
    expect(po.agreed).toBe(true);
  });

  it("is only for the two parties: a third organization gets the same 404 as for a missing order", async () => {
    await expect(load(outsider)).rejects.toMatchObject({ messageKey: "error.orderNotFound", status: 404 });
    await expect(
      getPurchaseOrder(db(), { orderId: orderId + 1000, organizationId: buyer.organizationId, actorUserId: buyer.userId }),
    ).rejects.toMatchObject({ status: 404 });
    // A user claiming to act for the buyer without being its member is refused.
    await expect(getPurchaseOrder(db(), { orderId, organizationId: buyer.organizationId, actorUserId: outsider.userId })).rejects.toMatchObject({ status: 403 });
  });
});

describe("the purchase order PDF", () => {
  it("is a PDF with the PO number, the amounts as Rp 1.250.000 and the total in words", async () => {
    const po = await load(buyer);
    const pdf = await renderPurchaseOrderPdf(po, "id", { compress: false, now: new Date("2026-11-23T03:00:00.000Z") });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = pdfText(pdf);
    expect(text).toContain(po.number);
    expect(text).toContain("PURCHASE ORDER");
    expect(text).toContain(po.buyer.legalName);
    expect(text).toContain(po.supplier.legalName);
    expect(text).toContain("Rp 200.001");
    expect(text).toContain("Rp 1.000.005");
    expect(text).toContain("Rp 1.250.005");
    expect(text).toContain("PPN 12%");
    expect(text).toContain("DPP 11/12");
    expect(text).toContain("Rp 1.145.838");
    expect(text).toContain("Kode transaksi 04");
    expect(text).toContain("Rp 137.501");
    expect(text).toContain("Rp 1.387.506");
    expect(text).toContain("Terbilang: Satu juta tiga ratus delapan puluh tujuh ribu lima ratus enam rupiah");
    expect(text).toContain("Jadwal pengiriman");
    expect(text).toContain("25 Januari 2027");
    expect(text).toContain("Jatuh tempo 45 hari sejak tanggal faktur");
    expect(text).toContain("Halaman 1 dari 1");
  });

  it("is labelled in the reader's language, and says when a side has not accepted yet", async () => {
    const pdf = await renderPurchaseOrderPdf(draft, "en", { compress: false });
    const text = pdfText(pdf);
    expect(text).toContain("Delivery schedule");
    expect(text).toContain("VAT (PPN) 12%");
    expect(text).toContain("In words (Terbilang): Satu juta");
    expect(text).toContain("Not yet accepted");
    expect(text).toContain("Not yet accepted by both parties");
    // Rupiah stay Rp 1.250.005 for an English reader too.
    expect(text).toContain("Rp 1.250.005");
  });

  it("is compressed by default and still names the PO in its metadata", async () => {
    const po = await load(buyer);
    const pdf = await renderPurchaseOrderPdf(po, "id");
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.toString("latin1")).toContain("/FlateDecode");
    expect(pdf.toString("latin1")).toContain(`(Purchase Order ${po.number})`);
  });
});

describe("the purchase order routes", () => {
  const args = (request: Request, id: number) => ({ request, params: { id: String(id) }, context: {} });

  it("downloads the PDF for the buyer and the supplier, named after the PO number", async () => {
    const { number } = await load(buyer);
    for (const org of [buyer, supplier]) {
      const cookie = await cookieFor(org.userId, org.organizationId);
      const result = await settle(() => poPdf.loader(args(getRequest(`/orders/${orderId}/po.pdf`, cookie), orderId)));
      expect(result.status).toBe(200);
      const response = result.value as Response;
      expect(response.headers.get("Content-Type")).toBe("application/pdf");
      expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${number}.pdf"`);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }
  });

  it("gives a third organization 404 on the page and on the PDF", async () => {
    const cookie = await cookieFor(outsider.userId, outsider.organizationId);
    expect((await settle(() => poPdf.loader(args(getRequest(`/orders/${orderId}/po.pdf`, cookie), orderId)))).status).toBe(404);
    expect((await settle(() => poPage.loader(args(getRequest(`/orders/${orderId}/po`, cookie), orderId)))).status).toBe(404);
  });

  it("shows the page to a party and sends a visitor who is not logged in to the login page", async () => {
    const cookie = await cookieFor(supplier.userId, supplier.organizationId);
    const page = await settle(() => poPage.loader(args(getRequest(`/orders/${orderId}/po`, cookie), orderId)));
    expect(page.status).toBe(200);
    expect((page.value as { po: PurchaseOrder }).po.total).toBe(1_387_506);
    const anonymous = await settle(() => poPdf.loader(args(getRequest(`/orders/${orderId}/po.pdf`), orderId)));
    expect(anonymous.status).toBe(302);
  });
});

