import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { DomainError } from "../../../app/domain/errors";
import { BAST_EVENTS, BAST_STATES, bastTransitions } from "../../../app/domain/orders/bast-states";
import { applyBastEvent, confirmBast, openBastsOf } from "../../../app/domain/orders/basts.server";
import { CREDIT_NOTE_EVENTS, CREDIT_NOTE_STATES, creditNoteTransitions } from "../../../app/domain/orders/credit-note-states";
import { decideCreditNote, issueCreditNote } from "../../../app/domain/orders/credit-notes.server";
import { outstandingOf } from "../../../app/domain/orders/invoice-states";
import { cancelInvoice, decideTransfer, issueInvoice, recordFaktur, reportTransfer } from "../../../app/domain/orders/invoices.server";
import { canReadListingFile } from "../../../app/domain/suppliers/read-listing-file.server";
import { ppnRuleOn, savePpnRule } from "../../../app/domain/tax/ppn-rules.server";
import { checkFakturNumber, checkNitku, nextFakturStatus, npwp16 } from "../../../app/domain/tax/tax-ids";
import { addBusinessPlace, decideTaxRegistration, submitTaxRegistration, taxStatusOf, withdrawTaxRegistration } from "../../../app/domain/tax/tax-identity.server";
import { TAX_REGISTRATION_EVENTS, TAX_REGISTRATION_STATES, taxRegistrationTransitions } from "../../../app/domain/tax/tax-registration-states";
import { coretaxXml } from "../../../app/domain/tax/coretax-export.server";
import { bastDocument, creditNoteDocument, invoiceDocument } from "../../../app/domain/orders/trade-documents.server";
import { renderTradeDocumentPdf } from "../../../app/domain/orders/trade-documents-pdf.server";
import { pdfText } from "../../support/pdf";
import { createOrganizationWithOwner } from "../../support/factories";
import { pdfFile } from "../../support/listings";
import { awardedOrder, deliverAll, handOver, inspect, invoice, invoiceOf, refusal, sendAndAccept, ship, type AwardedOrder } from "../../support/orders";
import { createBuyer, testAdminId } from "../../support/rfqs";
import { verifiedTaxRegistration } from "../../support/tax";

// Issue 18: tax identity, the dated PPN rule table, PKP and collector invoices, faktur numbers, BASTs gating
// invoices, partial payments, credit notes and corrections — each against a real database.

const db = () => getDb();
const _ = undefined;

async function report(setup: AwardedOrder, invoiceId: number, amount?: number) {
  const { revision } = await invoiceOf(invoiceId);
  await reportTransfer(db(), { orderId: setup.order.id, buyerId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, invoiceId, revision, reference: "TRF-BRI-77", transferDate: "2027-01-05", amount, now: new Date() });
}
async function confirm(setup: AwardedOrder, invoiceId: number) {
  const { revision } = await invoiceOf(invoiceId);
  await decideTransfer(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, invoiceId, revision, decision: "confirm", now: new Date() });
}
async function delivered(options: Parameters<typeof awardedOrder>[0] = {}) {
  const setup = await awardedOrder(options);
  await sendAndAccept(setup);
  await deliverAll(setup);
  return setup;
}

describe("identifiers: NPWP, NITKU, faktur pajak numbers", () => {
  it("an NPWP is 16 digits; a 15-digit one is shown as its 16-digit form; anything else is refused", () => {
    expect(npwp16("01.234.567.8-901.000")).toBe("0012345678901000");
    expect(npwp16("3374 0123 4567 8901")).toBe("3374012345678901");
    expect(npwp16("12345")).toBeNull();
    expect(npwp16("0123456789012345678")).toBeNull();
  });

  it("a NITKU is 22 digits starting with the organization's NPWP", () => {
    expect(checkNitku("0012345678901000000000", "012345678901000")).toBeNull();
    expect(checkNitku("0012345678901000000001", "0012345678901000")).toBeNull();
    expect(checkNitku("001234567890100000000", "012345678901000")).toBe("format");
    expect(checkNitku("9912345678901000000000", "012345678901000")).toBe("npwp");
  });

  it("a faktur number: 17 digits, the invoice's kode transaksi, the expected kode status, the year where the setting says", () => {
    const expected = { kodeTransaksi: "03", statusCode: "00", date: "2026-12-03", yearPosition: 5 };
    expect(checkFakturNumber("03.00.26.00000001234", expected)).toEqual({ digits: "03002600000001234" });
    expect(checkFakturNumber("0300260000000123", expected)).toEqual({ problem: "format" });
    expect(checkFakturNumber("04002600000001234", expected)).toEqual({ problem: "kode" });
    expect(checkFakturNumber("03012600000001234", expected)).toEqual({ problem: "status" });
    expect(checkFakturNumber("03002500000001234", expected)).toEqual({ problem: "year" });
    // With the year check off (an admin's setting), the serial is not read.
    expect(checkFakturNumber("03002500000001234", { ...expected, yearPosition: null })).toEqual({ digits: "03002500000001234" });
    expect(nextFakturStatus(null)).toBe("00");
    expect(nextFakturStatus("03002600000001234")).toBe("01");
    expect(nextFakturStatus("03012600000001234")).toBe("02");
  });
});

describe("tax registrations: one table, one writer; only verified ones count", () => {
  it("has the expected table (5 states × 5 events)", () => {
    // prettier-ignore
    const expected = {
      pending:   { submit: "pending", verify: "verified", reject: "rejected", withdraw: "withdrawn", revoke: _ },
      verified:  { submit: "pending", verify: _,          reject: _,          withdraw: "withdrawn", revoke: "revoked" },
      rejected:  { submit: "pending", verify: _,          reject: _,          withdraw: _,           revoke: _ },
      withdrawn: { submit: "pending", verify: _,          reject: _,          withdraw: _,           revoke: _ },
      revoked:   { submit: "pending", verify: _,          reject: _,          withdraw: _,           revoke: _ },
    };
    expect([...TAX_REGISTRATION_STATES]).toEqual(Object.keys(expected));
    for (const state of TAX_REGISTRATION_STATES) for (const event of TAX_REGISTRATION_EVENTS) expect(taxRegistrationTransitions[state][event], `${state} × ${event}`).toBe(expected[state][event]);
  });

  it("a PKP counts once verified, not while pending, and no longer after a new document or a withdrawal; each step audited", async () => {
    const supplier = await createOrganizationWithOwner({ kind: "supplier" });
    const submit = (documentNumber: string) =>
      submitTaxRegistration(db(), { organizationId: supplier.organizationId, actorUserId: supplier.userId, input: { kind: "pkp", documentNumber, documentDate: "2024-06-01", file: pdfFile() }, now: new Date() });
    const id = await submit("S-1/PKP/2024");
    expect(await taxStatusOf(db(), supplier.organizationId)).toEqual({ pkp: false, collector: "none" });
    const revision = async () => (await db().selectFrom("tax_registrations").select("revision").where("id", "=", id).executeTakeFirstOrThrow()).revision;
    const admin = await testAdminId();
    expect(await refusal(decideTaxRegistration(db(), { registrationId: id, adminUserId: admin, event: "reject", revision: await revision(), now: new Date() }))).toMatchObject({ status: 422, field: "reason" });
    expect(await refusal(decideTaxRegistration(db(), { registrationId: id, adminUserId: admin, event: "verify", revision: (await revision()) - 1, now: new Date() }))).toMatchObject({ status: 409 });
    await decideTaxRegistration(db(), { registrationId: id, adminUserId: admin, event: "verify", revision: await revision(), now: new Date() });
    expect((await taxStatusOf(db(), supplier.organizationId)).pkp).toBe(true);
    // A new SPPKP is checked again before it counts.
    await submit("S-2/PKP/2025");
    expect((await taxStatusOf(db(), supplier.organizationId)).pkp).toBe(false);
    await decideTaxRegistration(db(), { registrationId: id, adminUserId: admin, event: "verify", revision: await revision(), now: new Date() });
    await withdrawTaxRegistration(db(), { organizationId: supplier.organizationId, actorUserId: supplier.userId, kind: "pkp", revision: await revision(), now: new Date() });
    expect((await taxStatusOf(db(), supplier.organizationId)).pkp).toBe(false);
    const audit = await db().selectFrom("audit_log").select("action").where("entity_type", "=", "tax_registration").where("entity_id", "=", String(id)).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["submit", "verify", "submit", "verify", "withdraw"]);
    // A buyer cannot be PKP here, a supplier that does not buy cannot be a collector.
    const buyer = await createBuyer();
    expect(
      await refusal(submitTaxRegistration(db(), { organizationId: buyer.organizationId, actorUserId: buyer.userId, input: { kind: "pkp", documentNumber: "X", documentDate: "2024-01-01", file: pdfFile() }, now: new Date() })),
    ).toMatchObject({ status: 422, messageKey: "error.pkpSellersOnly" });
    expect(
      await refusal(submitTaxRegistration(db(), { organizationId: supplier.organizationId, actorUserId: supplier.userId, input: { kind: "collector", collectorKind: "appointed", documentNumber: "X", documentDate: "2024-01-01", file: pdfFile() }, now: new Date() })),
    ).toMatchObject({ status: 422, messageKey: "error.collectorBuyersOnly" });
  });

  it("a place of business needs a NITKU of the organization's own NPWP, once", async () => {
    const supplier = await createOrganizationWithOwner({ kind: "supplier" });
    const { npwp } = await db().selectFrom("organizations").select("npwp").where("id", "=", supplier.organizationId).executeTakeFirstOrThrow();
    const add = (nitku: string) => addBusinessPlace(db(), { organizationId: supplier.organizationId, actorUserId: supplier.userId, input: { name: "Pabrik Ceper", address: "Jl. Raya Ceper", nitku }, now: new Date() });
    expect(await refusal(add("1234"))).toMatchObject({ status: 422, messageKey: "error.nitkuFormat", field: "nitku" });
    expect(await refusal(add("9".repeat(22)))).toMatchObject({ status: 422, messageKey: "error.nitkuNpwp", field: "nitku" });
    await add(`${npwp16(npwp)}000000`);
    expect(await refusal(add(`${npwp16(npwp)}000000`))).toMatchObject({ status: 422, messageKey: "error.nitkuTaken" });
    const places = await db().selectFrom("business_places").selectAll().where("organization_id", "=", supplier.organizationId).execute();
    expect(places).toMatchObject([{ nitku: `${npwp16(npwp)}000000`, is_head_office: 1 }]);
  });
});

describe("PPN from the dated rule table, frozen on each order", () => {
  it("the rule in force by date and kind of goods", async () => {
    expect(await ppnRuleOn(db(), "2024-12-31", "non_luxury")).toMatchObject({ rate_bp: 1100, dpp_numerator: 1, dpp_denominator: 1, kode_transaksi: "01" });
    expect(await ppnRuleOn(db(), "2025-01-02", "non_luxury")).toMatchObject({ rate_bp: 1200, dpp_numerator: 11, dpp_denominator: 12, kode_transaksi: "04" });
    // Luxury goods: 11/12 only in January 2025, the full price from February.
    expect(await ppnRuleOn(db(), "2025-01-15", "luxury")).toMatchObject({ rate_bp: 1200, dpp_numerator: 11, dpp_denominator: 12 });
    expect(await ppnRuleOn(db(), "2025-02-01", "luxury")).toMatchObject({ rate_bp: 1200, dpp_numerator: 1, dpp_denominator: 1 });
    expect(await ppnRuleOn(db(), "2022-03-31", "non_luxury")).toMatchObject({ rate_bp: 1000, dpp_numerator: 1, dpp_denominator: 1 });
    expect(await refusal(ppnRuleOn(db(), "1980-01-01", "non_luxury"))).toMatchObject({ status: 409, messageKey: "error.noPpnRule" });
  });

  it("an order made on 2024-12-31 charges 11 % on the price; one made on 2025-01-02 12 % on 11/12; a later rule changes neither", async () => {
    const before = await awardedOrder({ quantity: 12, unitPrice: 100_000, awardAt: new Date("2024-12-31T03:00:00.000Z") });
    const after = await awardedOrder({ quantity: 12, unitPrice: 100_000, awardAt: new Date("2025-01-02T03:00:00.000Z") });
    expect(before.order).toMatchObject({ ppn_rate_bp: 1100, dpp_numerator: 1, dpp_denominator: 1, kode_transaksi: "01" });
    expect(after.order).toMatchObject({ ppn_rate_bp: 1200, dpp_numerator: 11, dpp_denominator: 12, kode_transaksi: "04" });
    // An admin adds a rule from 2027; the orders keep theirs, and so do their invoices.
    await savePpnRule(db(), { adminUserId: await testAdminId(), input: { validFrom: "2027-01-01", goodsKind: "non_luxury", ratePercent: 13, dppNumerator: 1, dppDenominator: 1, kodeTransaksi: "01", source: "uji" }, now: new Date() });
    try {
      for (const [setup, ppn, dpp] of [
        [before, 132_000, 1_200_000],
        [after, 132_000, 1_100_000],
      ] as const) {
        await sendAndAccept(setup);
        await deliverAll(setup);
        const row = await invoiceOf(await invoice(setup));
        expect(row).toMatchObject({ subtotal: 1_200_000, dpp_amount: dpp, ppn_amount: ppn, total: 1_332_000, ppn_rate_bp: setup.order.ppn_rate_bp });
      }
    } finally {
      await db().deleteFrom("ppn_rules").where("valid_from", "=", "2027-01-01").execute();
    }
  });

  it("a supplier that is not PKP invoices without PPN and records no faktur pajak", async () => {
    const setup = await delivered({ quantity: 10, unitPrice: 250_000, supplierPkp: false });
    const row = await invoiceOf(await invoice(setup));
    expect(row).toMatchObject({ subtotal: 2_500_000, ppn_amount: 0, total: 2_500_000, amount_due: 2_500_000, supplier_pkp: 0, kode_transaksi: null, ppn_rate_bp: 0 });
    expect(
      await refusal(recordFaktur(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { invoiceId: row.id, revision: row.revision, fakturNumber: "04002600000000001" }, now: new Date() })),
    ).toMatchObject({ status: 409, messageKey: "error.fakturNonPkp" });
  });

  it("a collector buyer withholds the PPN (kode 03, or 02 for a government treasurer) and pays the supplier the rest", async () => {
    const setup = await delivered({ quantity: 12, unitPrice: 100_000, buyerCollector: "appointed" });
    const id = await invoice(setup);
    const row = await invoiceOf(id);
    expect(row).toMatchObject({ subtotal: 1_200_000, dpp_amount: 1_100_000, ppn_amount: 132_000, total: 1_332_000, ppn_withheld: 132_000, amount_due: 1_200_000, kode_transaksi: "03", collector_kind: "appointed" });
    expect(await refusal(report(setup, id, 1_332_000))).toMatchObject({ status: 422, messageKey: "error.transferMoreThanDue", field: "amount" });
    await report(setup, id);
    await confirm(setup, id);
    expect(await invoiceOf(id)).toMatchObject({ status: "paid", amount_paid: 1_200_000 });
    const government = await delivered({ quantity: 12, unitPrice: 100_000, buyerCollector: "government" });
    expect(await invoiceOf(await invoice(government))).toMatchObject({ kode_transaksi: "02", ppn_withheld: 132_000, amount_due: 1_200_000 });
  });
});

describe("faktur pajak", () => {
  it("the supplier records the number Coretax gave, validated against the invoice, with its PDF; the buyer may open it, a stranger not", async () => {
    const setup = await delivered({ quantity: 12, unitPrice: 100_000, buyerCollector: "appointed" });
    const id = await invoice(setup);
    const record = async (fakturNumber: string, file?: File) => {
      const { revision } = await invoiceOf(id);
      return recordFaktur(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { invoiceId: id, revision, fakturNumber, file }, now: new Date() });
    };
    const year = (await invoiceOf(id)).issued_on.slice(2, 4);
    expect(await refusal(record("123"))).toMatchObject({ status: 422, messageKey: "error.faktur.format", field: "fakturNumber" });
    expect(await refusal(record(`0400${year}00000001234`))).toMatchObject({ status: 422, messageKey: "error.faktur.kode" });
    expect(await refusal(record(`0301${year}00000001234`))).toMatchObject({ status: 422, messageKey: "error.faktur.status" });
    expect(await refusal(record(`030099000000001234`.slice(0, 17)))).toMatchObject({ status: 422, messageKey: "error.faktur.year" });
    expect(await refusal(record(`0300${year}00000001234`))).toMatchObject({ status: 422, messageKey: "error.documentRequired", field: "file" });
    await record(`03.00.${year}.00000001234`, pdfFile("faktur.pdf"));
    const row = await invoiceOf(id);
    expect(row.faktur_number).toBe(`0300${year}00000001234`);
    const viewer = (org: { userId: number; organizationId: number }) => ({ userId: org.userId, isAdmin: false, organizationIds: [org.organizationId] });
    expect(await canReadListingFile(db(), row.faktur_file_id!, viewer(setup.buyer))).toBe(true);
    const stranger = await createBuyer();
    expect(await canReadListingFile(db(), row.faktur_file_id!, viewer(stranger))).toBe(false);
    // The supplier of another order cannot record a faktur on this one (the order's 404).
    const other = await awardedOrder();
    expect(
      await refusal(recordFaktur(db(), { orderId: setup.order.id, supplierId: other.supplier.organizationId, actorUserId: other.supplier.userId, input: { invoiceId: id, revision: row.revision, fakturNumber: `0300${year}00000001234` }, now: new Date() })),
    ).toMatchObject({ status: 404 });
  });

  it("the Coretax export lists the supplier's invoices with PPN, with TIN, kode, NITKU and per-line bases", async () => {
    const setup = await delivered({ quantity: 12, unitPrice: 100_000, buyerCollector: "appointed" });
    const id = await invoice(setup);
    const row = await invoiceOf(id);
    const { xml, count } = await coretaxXml(db(), { supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId });
    expect(count).toBe(1);
    const { npwp } = await db().selectFrom("organizations").select("npwp").where("id", "=", setup.supplier.organizationId).executeTakeFirstOrThrow();
    expect(xml).toContain(`<TIN>${npwp16(npwp)}</TIN>`);
    expect(xml).toContain("<TrxCode>03</TrxCode>");
    expect(xml).toContain(`<RefDesc>${row.number}</RefDesc>`);
    expect(xml).toContain(`<SellerIDTKU>${npwp16(npwp)}000000</SellerIDTKU>`);
    expect(xml).toContain("<TaxBase>1200000</TaxBase>");
    expect(xml).toContain("<OtherTaxBase>1100000</OtherTaxBase>");
    expect(xml).toContain("<VATRate>12</VATRate>");
    expect(xml).toContain("<VAT>132000</VAT>");
    // Not a member of that supplier: refused.
    expect(await refusal(coretaxXml(db(), { supplierId: setup.supplier.organizationId, actorUserId: setup.buyer.userId }))).toMatchObject({ status: 403 });
  });
});

describe("BAST: the handover both parties confirm gates the invoice", () => {
  it("has the expected table", () => {
    const expected = {
      draft: { confirm_buyer: "buyer_confirmed", confirm_supplier: "supplier_confirmed" },
      buyer_confirmed: { confirm_buyer: _, confirm_supplier: "confirmed" },
      supplier_confirmed: { confirm_buyer: "confirmed", confirm_supplier: _ },
      confirmed: { confirm_buyer: _, confirm_supplier: _ },
    };
    expect([...BAST_STATES]).toEqual(Object.keys(expected));
    for (const state of BAST_STATES) for (const event of BAST_EVENTS) expect(bastTransitions[state][event], `${state} × ${event}`).toBe(expected[state][event]);
  });

  it("an inspection drafts a BAST of the accepted pieces; nothing is invoiceable until both confirm; each side confirms once", async () => {
    const setup = await awardedOrder({ quantity: 100, unitPrice: 10_000 });
    await sendAndAccept(setup);
    const shipmentId = await ship(setup, 60);
    await inspect(setup, shipmentId, [{ accepted: 55, rejected: 5, reason: "Porous" }]);
    const [bast] = await openBastsOf(db(), setup.order.id);
    expect(bast).toMatchObject({ status: "draft", shipment_id: shipmentId });
    expect(await db().selectFrom("bast_lines").select(["quantity"]).where("bast_id", "=", bast!.id).execute()).toEqual([{ quantity: 55 }]);
    const issue = () => issueInvoice(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, now: new Date() });
    expect(await refusal(issue())).toMatchObject({ status: 409, messageKey: "error.nothingToInvoice" });
    await confirmBast(db(), { orderId: setup.order.id, organizationId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, bastId: bast!.id, revision: bast!.revision, now: new Date() });
    expect(await refusal(issue())).toMatchObject({ status: 409, messageKey: "error.nothingToInvoice" });
    // The supplier's second confirmation (another tab) is refused; the buyer's confirms it.
    const after = (await db().selectFrom("basts").selectAll().where("id", "=", bast!.id).executeTakeFirstOrThrow()).revision;
    expect(
      await refusal(confirmBast(db(), { orderId: setup.order.id, organizationId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, bastId: bast!.id, revision: after, now: new Date() })),
    ).toMatchObject({ status: 409 });
    const stranger = await createBuyer();
    expect(await refusal(confirmBast(db(), { orderId: setup.order.id, organizationId: stranger.organizationId, actorUserId: stranger.userId, bastId: bast!.id, revision: after, now: new Date() }))).toMatchObject({ status: 404 });
    await confirmBast(db(), { orderId: setup.order.id, organizationId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, bastId: bast!.id, revision: after, now: new Date() });
    // Fewer than handed over may be invoiced, never more.
    expect(
      await refusal(issueInvoice(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { lines: [{ orderLineId: setup.lines[0]!.id, quantity: 56 }] }, now: new Date() })),
    ).toMatchObject({ status: 422, messageKey: "error.invoiceMoreThanHandedOver", field: "lines[0].quantity" });
    const id = await issueInvoice(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { lines: [{ orderLineId: setup.lines[0]!.id, quantity: 50 }] }, now: new Date() });
    expect(await db().selectFrom("invoice_lines").select("quantity").where("invoice_id", "=", id).execute()).toEqual([{ quantity: 50 }]);
    const again = await issue();
    expect(await db().selectFrom("invoice_lines").select("quantity").where("invoice_id", "=", again).execute()).toEqual([{ quantity: 5 }]);
    const audit = await db().selectFrom("audit_log").select("action").where("entity_type", "=", "bast").where("entity_id", "=", String(bast!.id)).where("organization_id", "=", setup.buyer.organizationId).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["draft", "confirm_supplier", "confirm_buyer"]);
  });

  it("applyBastEvent refuses what the table does not allow, changing nothing", async () => {
    const setup = await delivered({ quantity: 10, unitPrice: 10_000 });
    await handOver(setup);
    const bast = await db().selectFrom("basts").selectAll().where("order_id", "=", setup.order.id).executeTakeFirstOrThrow();
    expect(bast.status).toBe("confirmed");
    const error = await db()
      .transaction()
      .execute((trx) => applyBastEvent(trx, { bastId: bast.id, event: "confirm_buyer", actorUserId: setup.buyer.userId, now: new Date() }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(await db().selectFrom("basts").selectAll().where("id", "=", bast.id).executeTakeFirstOrThrow()).toEqual(bast);
  });
});

describe("the invoice, BAST and credit-note PDFs", () => {
  it("show both parties with NIB, NPWP and NITKU, the lines, DPP, PPN, the withheld PPN and what is due, the kode and faktur number", async () => {
    const setup = await delivered({ quantity: 12, unitPrice: 100_000, buyerCollector: "appointed" });
    // The test organizations share one NPWP: each gets its own 6-digit place number.
    const place = String(setup.supplier.organizationId).padStart(6, "0");
    const { npwp, address } = await db().selectFrom("organizations").select(["npwp", "address"]).where("id", "=", setup.supplier.organizationId).executeTakeFirstOrThrow();
    await addBusinessPlace(db(), { organizationId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { name: "Pabrik Ceper", address, nitku: `${npwp16(npwp)}${place}` }, now: new Date() });
    const id = await invoice(setup);
    const year = (await invoiceOf(id)).issued_on.slice(2, 4);
    await recordFaktur(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { invoiceId: id, revision: (await invoiceOf(id)).revision, fakturNumber: `0300${year}00000004321`, file: pdfFile() }, now: new Date() });
    const line = (await db().selectFrom("invoice_lines").select("id").where("invoice_id", "=", id).executeTakeFirstOrThrow()).id;
    const noteId = await issueCreditNote(db(), { orderId: setup.order.id, buyerId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, input: { invoiceId: id, reason: "Retak", lines: [{ invoiceLineId: line, quantity: 1 }] }, now: new Date() });
    const bast = await db().selectFrom("basts").select("id").where("order_id", "=", setup.order.id).executeTakeFirstOrThrow();
    const party = { orderId: setup.order.id, organizationId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, locale: "id" as const };
    const { npwp: supplierNpwp } = await db().selectFrom("organizations").select("npwp").where("id", "=", setup.supplier.organizationId).executeTakeFirstOrThrow();
    const text = async (document: Awaited<ReturnType<typeof invoiceDocument>>) => pdfText(await renderTradeDocumentPdf(document, "id", { now: new Date(), compress: false }));

    const invoicePdf = await text(await invoiceDocument(db(), { ...party, invoiceId: id }));
    for (const expected of [`NITKU: ${npwp16(supplierNpwp)}${place}`, "NIB: ", "Rp 1.200.000", "DPP 11/12", "Rp 1.100.000", "PPN 12%", "Rp 132.000", "Rp 1.332.000", "- Rp 132.000", "Dibayar ke pemasok", `03.00.${year}00000004321`, "03"]) {
      expect(invoicePdf, expected).toContain(expected);
    }
    const bastPdf = await text(await bastDocument(db(), { ...party, bastId: bast.id }));
    for (const expected of ["BERITA ACARA SERAH TERIMA BARANG", "Yang menyerahkan", "Penerima", `NITKU: ${npwp16(supplierNpwp)}${place}`, "Jumlah diterima", "12", "Dikonfirmasi"]) {
      expect(bastPdf, expected).toContain(expected);
    }
    const notePdf = await text(await creditNoteDocument(db(), { ...party, creditNoteId: noteId }));
    for (const expected of ["NOTA RETUR", "Retak", "Rp 100.000", "Rp 91.667", "Rp 11.000", "Rp 111.000"]) {
      expect(notePdf, expected).toContain(expected);
    }
    // Anyone but the order's two parties gets the order's 404.
    const stranger = await createBuyer();
    expect(await refusal(invoiceDocument(db(), { ...party, organizationId: stranger.organizationId, actorUserId: stranger.userId, invoiceId: id }))).toMatchObject({ status: 404 });
  });
});

describe("corrections: partial payments, credit notes, cancelling and replacing", () => {
  it("has the credit note's table", () => {
    expect([...CREDIT_NOTE_STATES]).toEqual(["issued", "accepted", "rejected"]);
    for (const state of CREDIT_NOTE_STATES)
      for (const event of CREDIT_NOTE_EVENTS) expect(creditNoteTransitions[state][event]).toBe(state === "issued" ? (event === "accept" ? "accepted" : "rejected") : undefined);
  });

  it("two partial payments and an accepted credit note add up to what was due; the order completes", async () => {
    const setup = await delivered({ quantity: 12, unitPrice: 100_000 });
    const id = await invoice(setup);
    expect(await invoiceOf(id)).toMatchObject({ total: 1_332_000, amount_due: 1_332_000 });
    await report(setup, id, 500_000);
    await confirm(setup, id);
    expect(await invoiceOf(id)).toMatchObject({ status: "partially_paid", amount_paid: 500_000 });
    // The buyer returns 2 invoiced pieces: 200.000 + PPN (DPP 183.333 × 12 % = 22.000) = 222.000 off.
    const line = (await db().selectFrom("invoice_lines").selectAll().where("invoice_id", "=", id).execute())[0]!;
    const credit = (quantity: number, reason = "Retak setelah pemasangan") =>
      issueCreditNote(db(), { orderId: setup.order.id, buyerId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, input: { invoiceId: id, reason, lines: [{ invoiceLineId: line.id, quantity }] }, now: new Date() });
    expect(await refusal(credit(13))).toMatchObject({ status: 422, messageKey: "error.creditMoreThanInvoiced", field: "lines[0].quantity" });
    const noteId = await credit(2);
    const note = await db().selectFrom("credit_notes").selectAll().where("id", "=", noteId).executeTakeFirstOrThrow();
    expect(note).toMatchObject({ status: "issued", subtotal: 200_000, dpp_amount: 183_333, ppn_amount: 22_000, total: 222_000, amount_due: 222_000 });
    // Only 10 more can be returned now, and only the supplier decides.
    expect(await refusal(credit(11))).toMatchObject({ status: 422, messageKey: "error.creditMoreThanInvoiced" });
    expect(
      await refusal(decideCreditNote(db(), { orderId: setup.order.id, supplierId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, input: { creditNoteId: noteId, revision: 1, decision: "accept" }, now: new Date() })),
    ).toMatchObject({ status: 403 });
    await decideCreditNote(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { creditNoteId: noteId, revision: 1, decision: "accept" }, now: new Date() });
    const partly = await invoiceOf(id);
    expect(partly).toMatchObject({ status: "partially_paid", amount_credited: 222_000 });
    expect(outstandingOf(partly)).toBe(1_332_000 - 500_000 - 222_000);
    await report(setup, id);
    await confirm(setup, id);
    const paid = await invoiceOf(id);
    expect(paid.status).toBe("paid");
    const payments = await db().selectFrom("invoice_payments").select("amount").where("invoice_id", "=", id).orderBy("id").execute();
    expect(payments.map((p) => p.amount)).toEqual([500_000, 610_000]);
    expect(payments.reduce((s, p) => s + p.amount, 0) + paid.amount_credited).toBe(paid.amount_due);
    expect((await db().selectFrom("orders").select("status").where("id", "=", setup.order.id).executeTakeFirstOrThrow()).status).toBe("completed");
  });

  it("an unpaid invoice is cancelled with a reason and replaced; the replacement's faktur is a pengganti (kode status 01)", async () => {
    const setup = await delivered({ quantity: 12, unitPrice: 100_000 });
    const id = await invoice(setup);
    const year = (await invoiceOf(id)).issued_on.slice(2, 4);
    const { revision } = await invoiceOf(id);
    await recordFaktur(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { invoiceId: id, revision, fakturNumber: `0400${year}00000000077`, file: pdfFile() }, now: new Date() });
    const cancel = async (reason: string) =>
      cancelInvoice(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { invoiceId: id, revision: (await invoiceOf(id)).revision, reason }, now: new Date() });
    await cancel("Harga satuan salah ketik");
    expect(await invoiceOf(id)).toMatchObject({ status: "cancelled", cancel_reason: "Harga satuan salah ketik" });
    // The pieces are invoiceable again; the corrected invoice names the one it replaces.
    const replacement = await issueInvoice(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { lines: [], replacesInvoiceId: id }, now: new Date() });
    expect(await invoiceOf(replacement)).toMatchObject({ replaces_invoice_id: id, subtotal: 1_200_000 });
    expect(
      await refusal(issueInvoice(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { lines: [], replacesInvoiceId: replacement }, now: new Date() })),
    ).toMatchObject({ status: 422, messageKey: "error.replaceCancelledOnly" });
    const record = async (fakturNumber: string) =>
      recordFaktur(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { invoiceId: replacement, revision: (await invoiceOf(replacement)).revision, fakturNumber, file: pdfFile() }, now: new Date() });
    expect(await refusal(record(`0400${year}00000000078`))).toMatchObject({ status: 422, messageKey: "error.faktur.status" });
    await record(`0401${year}00000000078`);
    // A paid invoice cannot be cancelled.
    await report(setup, replacement);
    await confirm(setup, replacement);
    const paidRevision = (await invoiceOf(replacement)).revision;
    expect(
      await refusal(cancelInvoice(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: { invoiceId: replacement, revision: paidRevision, reason: "x" }, now: new Date() })),
    ).toMatchObject({ status: 409 });
  });
});
