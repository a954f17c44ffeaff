import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { awardRfq } from "../../../app/domain/rfqs/award-rfq.server";
import { buildComparison } from "../../../app/domain/rfqs/comparison.server";
import { rollUpTkdn, submitBid } from "../../../app/domain/rfqs/submit-bid.server";
import { ListingSchema } from "../../../app/domain/suppliers/schemas";
import { validProductTkdn } from "../../../app/domain/suppliers/listing-data";
import { warnExpiringCertificates } from "../../../app/domain/suppliers/warn-expiring-certificates.server";
import { perpresRule } from "../../../app/domain/tax/local-content";
import { jakartaDate } from "../../../app/domain/time";
import { createOrganizationWithOwner } from "../../support/factories";
import { approve, completeListingInput, pdfFile, submitListing } from "../../support/listings";
import { refusal } from "../../support/orders";
import { bidInput, createBuyer, DAY, publishedRfq, testAdminId, type TestOrganization } from "../../support/rfqs";
import { verifiedTaxRegistration } from "../../support/tax";

// Issue 18 #6: TKDN and BMP per product — certified or self-declared, counted only while valid — RFQ lines that
// require (or prefer) a minimum, and Perpres 46/2025's rule across the bids for a government or BUMN buyer.

const db = () => getDb();
const today = () => jakartaDate(new Date());
const inDays = (days: number) => jakartaDate(new Date(Date.now() + days * DAY));

/** An approved supplier whose one product "Blok rem komposit" has this TKDN and BMP, valid until `validUntil`. */
async function supplierWithProduct(tkdn: number, bmp: number, validUntil = inDays(365)): Promise<TestOrganization> {
  const org = await createOrganizationWithOwner({ kind: "supplier" });
  const { versionId } = await submitListing(org.organizationId, org.userId, {
    products: [
      {
        name: "Blok rem komposit",
        materialCode: "fc250",
        processCode: "sand_casting",
        tkdnPercent: tkdn,
        bmpPercent: bmp,
        tkdnNumber: `TKDN-${tkdn}-${bmp}`,
        tkdnVerifier: "PT Surveyor Indonesia",
        tkdnIssuedOn: "2024-01-10",
        tkdnValidUntil: validUntil,
        tkdnFile: pdfFile("tkdn-produk.pdf"),
      },
    ],
  });
  await approve(versionId, await testAdminId());
  return org;
}

async function rfqWithLine(buyer: TestOrganization, line: { minTkdnPercent?: number; minTkdnBmpPercent?: number; tkdnRule: "hard" | "preference" }) {
  const publishedAt = new Date(Date.now() - 3 * DAY);
  return publishedRfq(buyer, { now: publishedAt, deadline: new Date(Date.now() - DAY), lines: [{ partName: "Blok rem komposit", quantity: 1000, unit: "pcs", materialCode: "fc250", processCode: "sand_casting", ...line }] });
}

const bid = (rfq: { rfqId: number; lineIds: number[] }, supplier: TestOrganization, unitPrice: number, productName: string | undefined, at: Date) =>
  submitBid(db(), { rfqId: rfq.rfqId, supplierId: supplier.organizationId, actorUserId: supplier.userId, input: bidInput([{ rfqLineId: rfq.lineIds[0]!, quantity: 1000, unitPrice, productName }]), now: at });

describe("a product's TKDN", () => {
  it("is a certificate (number, verifier, end date) or a small industry's self-declaration above 40 %, valid five years", async () => {
    const row = (product: Record<string, unknown>) => ListingSchema.safeParse(completeListingInput({ products: [{ name: "Bushing", ...product }] }));
    const issues = (product: Record<string, unknown>) => {
      const r = row(product);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    };
    expect(issues({ tkdnPercent: 45 })).toEqual(expect.arrayContaining(["products.0.tkdnIssuedOn:error.required", "products.0.tkdnNumber:error.required", "products.0.tkdnVerifier:error.required", "products.0.tkdnValidUntil:error.required"]));
    expect(issues({ tkdnPercent: 35, tkdnSelfDeclared: "on", tkdnIssuedOn: "2025-12-15" })).toEqual(["products.0.tkdnPercent:error.selfDeclareAbove40"]);
    expect(issues({ tkdnPercent: 45, bmpPercent: 16, tkdnSelfDeclared: "on", tkdnIssuedOn: "2025-12-15" })).toEqual(["products.0.bmpPercent:error.bmpRange"]);
    expect(issues({ tkdnPercent: 45, tkdnSelfDeclared: "on", tkdnIssuedOn: "2025-12-15" })).toEqual([]);
    // Saved, the self-declaration counts five years from its date.
    const org = await createOrganizationWithOwner({ kind: "supplier" });
    const { versionId } = await submitListing(org.organizationId, org.userId, { products: [{ name: "Bushing", tkdnPercent: 45, tkdnSelfDeclared: "on", tkdnIssuedOn: "2025-12-15" }] });
    const version = await db().selectFrom("listing_versions").select("data").where("id", "=", Number(versionId)).executeTakeFirstOrThrow();
    expect(JSON.parse(version.data).products[0].tkdn).toMatchObject({ percent: 45, selfDeclared: true, issuedOn: "2025-12-15", validUntil: "2030-12-15" });
  });

  it("stops counting when it ends, and its owner is warned 30 days before, once", async () => {
    expect(validProductTkdn({ tkdn: { percent: 50, bmpPercent: 5, selfDeclared: false, number: "X", verifier: "Y", issuedOn: "2024-01-01", validUntil: "2026-01-01", fileId: null } }, "2026-01-02")).toBeNull();
    const supplier = await supplierWithProduct(50, 5, inDays(20));
    const warned = async () =>
      Number((await db().selectFrom("notifications").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", supplier.userId).where("kind", "=", "certificate_expiring").executeTakeFirstOrThrow()).n);
    await warnExpiringCertificates(db(), { now: new Date() });
    await warnExpiringCertificates(db(), { now: new Date() });
    const notes = await db().selectFrom("notifications").select("params").where("user_id", "=", supplier.userId).where("kind", "=", "certificate_expiring").execute();
    const certificates = notes.map((n) => (JSON.parse(n.params) as { certificate: string }).certificate);
    // Warned once for the product's TKDN, however often the job runs (its other certificates end later).
    expect(certificates.filter((c) => c.startsWith("TKDN Blok rem komposit"))).toHaveLength(1);
    expect(await warned()).toBe(notes.length);
  });
});

describe("an RFQ line's TKDN requirement at bid time", () => {
  it("hard: a bid below the minimum, without a product, or with an expired TKDN is refused next to the product; one above it is taken", async () => {
    const buyer = await createBuyer();
    const rfq = await rfqWithLine(buyer, { minTkdnPercent: 40, tkdnRule: "hard" });
    const at = new Date(Date.now() - 2 * DAY);
    const low = await supplierWithProduct(30, 10);
    const high = await supplierWithProduct(45, 5);
    const expired = await supplierWithProduct(60, 5, "2025-01-01");
    const refusedLow = await refusal(bid(rfq, low, 90_000, "Blok rem komposit", at));
    expect(refusedLow).toMatchObject({ status: 422, messageKey: "error.tkdnBelowMinimum", field: "lines[0].productName" });
    expect((refusedLow!.error as { params?: unknown }).params).toEqual({ minimum: 40, actual: 30 });
    expect(await refusal(bid(rfq, low, 90_000, undefined, at))).toMatchObject({ status: 422, messageKey: "error.tkdnBelowMinimum" });
    expect(await refusal(bid(rfq, expired, 90_000, "Blok rem komposit", at))).toMatchObject({ status: 422, messageKey: "error.tkdnBelowMinimum" });
    expect(await refusal(bid(rfq, high, 95_000, "Tidak terdaftar", at))).toMatchObject({ status: 422, messageKey: "error.unknownProduct" });
    await bid(rfq, high, 95_000, "Blok rem komposit", at);
    const line = await db().selectFrom("bid_lines").innerJoin("bid_versions", "bid_versions.id", "bid_lines.bid_version_id").innerJoin("bids", "bids.id", "bid_versions.bid_id").select(["bid_lines.product_name", "bid_lines.tkdn_percent", "bid_lines.bmp_percent"]).where("bids.supplier_id", "=", high.organizationId).executeTakeFirstOrThrow();
    expect(line).toEqual({ product_name: "Blok rem komposit", tkdn_percent: 45, bmp_percent: 5 });
    // TKDN + BMP as a hard minimum.
    const rfq2 = await rfqWithLine(buyer, { minTkdnBmpPercent: 52, tkdnRule: "hard" });
    expect(await refusal(bid(rfq2, high, 95_000, "Blok rem komposit", at))).toMatchObject({ status: 422, messageKey: "error.tkdnBmpBelowMinimum" });
  });

  it("preference: a bid below it is taken and flagged in the comparison", async () => {
    const buyer = await createBuyer();
    const rfq = await rfqWithLine(buyer, { minTkdnPercent: 40, tkdnRule: "preference" });
    const at = new Date(Date.now() - 2 * DAY);
    const low = await supplierWithProduct(30, 10);
    const high = await supplierWithProduct(45, 5);
    await bid(rfq, low, 90_000, "Blok rem komposit", at);
    await bid(rfq, high, 95_000, "Blok rem komposit", at);
    const comparison = await buildComparison(db(), { rfqId: rfq.rfqId, buyerId: buyer.organizationId, now: new Date() });
    const cellOf = (org: TestOrganization) => comparison.bids.find((b) => b.supplier.id === org.organizationId)!.cells[rfq.lineIds[0]!]!;
    expect(cellOf(low)).toMatchObject({ tkdnPercent: 30, bmpPercent: 10, belowMinimum: true });
    expect(cellOf(high)).toMatchObject({ tkdnPercent: 45, belowMinimum: false });
    // A private buyer: Perpres 46/2025 does not bind it.
    expect(comparison.lines[0]!.perpres).toBeNull();
  });
});

describe("Perpres 46/2025 across the bids of a line", () => {
  const policy = { applies: true, tkdnBmpThreshold: 40, tkdnMinimum: 25 };
  it("binds once some offer reaches TKDN + BMP ≥ 40 %: then only TKDN ≥ 25 % may be chosen; otherwise every offer may", () => {
    expect(perpresRule([{ bidId: 1, tkdnPercent: 30, bmpPercent: 12 }, { bidId: 2, tkdnPercent: 20, bmpPercent: 5 }, { bidId: 3, tkdnPercent: 25, bmpPercent: null }], policy)).toEqual({
      binding: true,
      eligible: [1, 3],
      ineligible: [{ bidId: 2, tkdnPercent: 20 }],
    });
    expect(perpresRule([{ bidId: 1, tkdnPercent: 30, bmpPercent: 9 }, { bidId: 2, tkdnPercent: null, bmpPercent: null }], policy)).toEqual({ binding: false, eligible: [1, 2], ineligible: [] });
    expect(perpresRule([{ bidId: 1, tkdnPercent: 30, bmpPercent: 12 }], { ...policy, applies: false })).toBeNull();
  });

  it("a BUMN buyer (verified collector) sees which bids it may award to; an award breaking the rule is warned, and audited when it goes on", async () => {
    const kai = await createBuyer();
    await verifiedTaxRegistration(kai, "collector", "appointed");
    const rfq = await rfqWithLine(kai, { tkdnRule: "preference" });
    const at = new Date(Date.now() - 2 * DAY);
    const local = await supplierWithProduct(30, 12);
    const cheap = await supplierWithProduct(20, 5);
    await bid(rfq, local, 95_000, "Blok rem komposit", at);
    const { bidId: cheapBid } = await bid(rfq, cheap, 80_000, "Blok rem komposit", at);
    const comparison = await buildComparison(db(), { rfqId: rfq.rfqId, buyerId: kai.organizationId, now: new Date() });
    const localBid = comparison.bids.find((b) => b.supplier.id === local.organizationId)!.id;
    expect(comparison.lines[0]!.perpres).toEqual({ binding: true, eligible: [localBid], ineligible: [{ bidId: cheapBid, tkdnPercent: 20 }] });
    const award = (acknowledgeLocalContent: boolean) =>
      awardRfq(db(), { rfqId: rfq.rfqId, buyerId: kai.organizationId, actorUserId: kai.userId, reason: "Harga terendah", allocations: [{ bidId: cheapBid, rfqLineId: rfq.lineIds[0]!, quantity: 1000 }], acknowledgeLocalContent, now: new Date() });
    expect(await refusal(award(false))).toMatchObject({ status: 422, messageKey: "error.perpresWarning", field: "acknowledgeLocalContent" });
    expect((await db().selectFrom("rfqs").select("status").where("id", "=", rfq.rfqId).executeTakeFirstOrThrow()).status).toBe("closed");
    const { awardId } = await award(true);
    const audit = await db().selectFrom("audit_log").select("detail").where("entity_type", "=", "award").where("entity_id", "=", String(awardId)).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail).localContentOverride).toEqual([{ line: 1, bidId: cheapBid, tkdnPercent: 20 }]);
  });

  it("a joint bid's TKDN and BMP roll up by the quantity each member makes", () => {
    expect(rollUpTkdn([{ quantity: 600, tkdnPercent: 50 }, { quantity: 400, tkdnPercent: 25 }])).toBe(40);
    expect(rollUpTkdn([{ quantity: 600, tkdnPercent: 10 }, { quantity: 400, tkdnPercent: null }])).toBe(6);
  });
});
