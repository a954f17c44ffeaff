import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { feedForSupplier, matchSuppliersForRfq } from "../../../app/domain/matching/matching.server";
import { getSearchEngine } from "../../../app/domain/search/engine.server";
import { drainSearchOutbox } from "../../../app/domain/search/outbox.server";
import { createOrganizationWithOwner } from "../../support/factories";
import { approve, pdfFile, submitListing } from "../../support/listings";
import { createBuyer, minuteFromNow, publishedRfq, testAdminId } from "../../support/rfqs";

// Matching an RFQ to suppliers (and a supplier to RFQs) through the real search index: hard filters first,
// then the ranking, and every result explains itself.

async function listedSupplier(legalName: string, overrides: Record<string, unknown>) {
  const org = await createOrganizationWithOwner({ legalName });
  const { versionId } = await submitListing(org.organizationId, org.userId, overrides);
  await approve(versionId, await testAdminId());
  return org;
}

const iso = (validUntil: string) => ({
  typeCode: "iso9001",
  number: `QMS-${validUntil}`,
  issuer: "PT Sucofindo",
  validFrom: "2024-01-01",
  validUntil,
  file: pdfFile("iso.pdf"),
});

async function indexAll() {
  await drainSearchOutbox(getDb(), getSearchEngine(), { now: new Date() });
}

describe("matching an RFQ to suppliers", () => {
  it("keeps only suppliers meeting certificates (valid on the needed-by date), TKDN and capacity, and explains each", async () => {
    const good = await listedSupplier("CV Sleeve Andal", { tkdnPercent: 60, certificates: [iso("2030-01-01")] });
    // ISO 9001 still valid today but not on the needed-by date (37 days from now).
    await listedSupplier("CV Sleeve Kedaluwarsa", {
      tkdnPercent: 60,
      certificates: [iso(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10))],
    });
    await listedSupplier("CV Sleeve TKDN Rendah", { tkdnPercent: 20, certificates: [iso("2030-01-01")] });
    await listedSupplier("CV Sleeve Kecil", {
      tkdnPercent: 60,
      certificates: [iso("2030-01-01")],
      capacities: [{ subject: "Cylinder sleeve", quantity: 50, unit: "pcs" }],
    });
    const buyer = await createBuyer();
    const { rfqId } = await publishedRfq(buyer, {
      deadline: minuteFromNow(7),
      requiredCertificates: ["iso9001"],
      minTkdnPercent: 40,
      lines: [{ partName: "Cylinder sleeve", quantity: 200, unit: "pcs", materialCode: "fc250", processCode: "centrifugal_casting" }],
    });
    await indexAll();

    const { matches } = await matchSuppliersForRfq(getDb(), { rfqId, buyerId: buyer.organizationId, now: new Date() });
    const names = matches.map((m) => m.supplier.name);
    expect(names).toContain("CV Sleeve Andal");
    for (const refused of ["CV Sleeve Kedaluwarsa", "CV Sleeve TKDN Rendah", "CV Sleeve Kecil"]) expect(names).not.toContain(refused);

    const reasons = matches.find((m) => m.supplier.id === String(good.organizationId))!.reasons;
    expect(reasons).toContainEqual({ kind: "process", code: "centrifugal_casting", met: true });
    expect(reasons).toContainEqual({ kind: "material", code: "fc250", met: true });
    expect(reasons).toContainEqual({ kind: "certificate", code: "iso9001", met: true, validUntil: "2030-01-01" });
    expect(reasons).toContainEqual({ kind: "tkdn", met: true, percent: 60, minimum: 40 });
    expect(reasons).toContainEqual({ kind: "capacity", met: true, capacity: 500, needed: 200 });
  });

  it("is the buyer's own: another buyer gets 404", async () => {
    const buyer = await createBuyer();
    const other = await createBuyer();
    const { rfqId } = await publishedRfq(buyer, { deadline: minuteFromNow(7) });
    await expect(matchSuppliersForRfq(getDb(), { rfqId, buyerId: other.organizationId, now: new Date() })).rejects.toMatchObject({ status: 404 });
  });
});

describe("a supplier's feed", () => {
  it("lists open public RFQs that fit its listing, explained, and not those it cannot meet", async () => {
    const supplier = await listedSupplier("CV Feed Sleeve", { tkdnPercent: 60, certificates: [iso("2030-01-01")] });
    const buyer = await createBuyer();
    const fits = await publishedRfq(buyer, { title: "Cylinder sleeve FC250 untuk pompa", deadline: minuteFromNow(7), requiredCertificates: ["iso9001"] });
    const tooMuchTkdn = await publishedRfq(buyer, { title: "Cylinder sleeve FC250 TKDN tinggi", deadline: minuteFromNow(7), minTkdnPercent: 90 });
    await indexAll();
    const { matches } = await feedForSupplier(getDb(), { supplierId: supplier.organizationId, now: new Date() });
    const ids = matches.map((m) => m.rfq.id);
    expect(ids).toContain(String(fits.rfqId));
    expect(ids).not.toContain(String(tooMuchTkdn.rfqId));
    expect(matches.find((m) => m.rfq.id === String(fits.rfqId))!.reasons).toContainEqual({ kind: "certificate", code: "iso9001", met: true, validUntil: "2030-01-01" });
  });
});
