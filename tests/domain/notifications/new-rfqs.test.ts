import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { deleteSavedSearch, notifyNewRfqs, saveSearch } from "../../../app/domain/notifications/new-rfqs.server";
import { getSearchEngine } from "../../../app/domain/search/engine.server";
import { drainSearchOutbox } from "../../../app/domain/search/outbox.server";
import { inviteSuppliers } from "../../../app/domain/rfqs/invite-suppliers.server";
import { createOrganizationWithOwner } from "../../support/factories";
import { approve, submitListing } from "../../support/listings";
import { refusal } from "../../support/orders";
import { createBuyer, minuteFromNow, publishedRfq, testAdminId } from "../../support/rfqs";

// When an RFQ is published, the suppliers the matching engine ranks as fitting it (hard requirements met) are
// told, with the feed's reasons, at most a set number, and nobody else; a saved search that finds it tells its
// owner. Each person once per RFQ, however often the job runs.

const db = () => getDb();

async function listedSupplier(legalName: string, overrides: Record<string, unknown> = {}) {
  const org = await createOrganizationWithOwner({ legalName });
  const { versionId } = await submitListing(org.organizationId, org.userId, overrides);
  await approve(versionId, await testAdminId());
  return org;
}

async function indexAll() {
  await drainSearchOutbox(db(), getSearchEngine(), { now: new Date() });
}

async function toldOf(kind: string, userId: number, rfqId: number) {
  const rows = await db().selectFrom("notifications").select(["params", "link"]).where("kind", "=", kind).where("user_id", "=", userId).where("link", "=", `/rfqs/${rfqId}`).execute();
  return rows.map((r) => JSON.parse(r.params) as Record<string, string>);
}

describe("a published RFQ finds its suppliers", () => {
  it("tells the fitting suppliers with the reasons, not the ones that miss a hard requirement, the invited, or the buyer", async () => {
    const fits = await listedSupplier("CV Sleeve Cocok", { tkdnPercent: 60 });
    const alsoFits = await listedSupplier("CV Sleeve Juga Cocok", { tkdnPercent: 70 });
    const lowTkdn = await listedSupplier("CV Sleeve TKDN Rendah", { tkdnPercent: 20 });
    const unrelated = await listedSupplier("CV Tempa Baut", {
      headlineId: "Tempa baut baja karbon",
      headlineEn: "Forged carbon steel bolts",
      processes: ["forging"],
      materials: ["s45c"],
      products: [{ name: "Baut tempa", materialCode: "s45c", processCode: "forging" }],
      capacities: [{ subject: "Baut", quantity: 5000, unit: "pcs" }],
      tkdnPercent: 60,
    });
    const invited = await listedSupplier("CV Sleeve Diundang", { tkdnPercent: 60 });
    const buyer = await createBuyer();
    const { rfqId } = await publishedRfq(buyer, {
      title: "Cylinder sleeve FC250 sentrifugal",
      deadline: minuteFromNow(7),
      minTkdnPercent: 40,
      lines: [{ partName: "Cylinder sleeve", quantity: 200, unit: "pcs", materialCode: "fc250", processCode: "centrifugal_casting" }],
    });
    await inviteSuppliers(db(), { rfqId, buyerId: buyer.organizationId, supplierIds: [invited.organizationId], actorUserId: buyer.userId, now: new Date() });

    // Not in the index yet: the job waits for it.
    expect(await notifyNewRfqs(db(), new Date())).toBe(0);
    await indexAll();
    const told = await notifyNewRfqs(db(), new Date());
    expect(told).toBe(2);
    for (const s of [fits, alsoFits]) {
      const [params] = await toldOf("rfq_matched", s.userId, rfqId);
      expect(params).toMatchObject({ title: "Cylinder sleeve FC250 sentrifugal" });
      expect(params!.reasons_id).toContain("FC250");
      expect(params!.reasons_en).toContain("TKDN");
    }
    for (const s of [lowTkdn, unrelated, invited]) expect(await toldOf("rfq_matched", s.userId, rfqId)).toEqual([]);
    expect(await toldOf("rfq_matched", buyer.userId, rfqId)).toEqual([]);
    // The invited supplier was told by its invitation.
    expect(await db().selectFrom("notifications").select("id").where("kind", "=", "rfq_invited").where("user_id", "=", invited.userId).execute()).toHaveLength(1);

    // Again, as another server would: nobody is told twice.
    await db().updateTable("rfqs").set({ matches_notified_at: null }).where("id", "=", rfqId).execute();
    expect(await notifyNewRfqs(db(), new Date())).toBe(0);
    expect(await toldOf("rfq_matched", fits.userId, rfqId)).toHaveLength(1);
  });

  it("tells at most the set number, the best ranked first", async () => {
    for (let i = 0; i < 3; i++) await listedSupplier(`CV Bushing Perunggu ${i}`, { headlineId: "Bushing perunggu", tkdnPercent: 60 });
    const buyer = await createBuyer();
    const { rfqId } = await publishedRfq(buyer, { title: "Cylinder sleeve FC250 batas", deadline: minuteFromNow(7), lines: [{ partName: "Cylinder sleeve", quantity: 100, unit: "pcs", materialCode: "fc250", processCode: "centrifugal_casting" }] });
    await indexAll();
    expect(await notifyNewRfqs(db(), new Date(), { limit: 2 })).toBe(2);
    const rows = await db().selectFrom("notices_sent").select("user_id").where("kind", "=", "rfq_matched").where("entity_id", "=", rfqId).execute();
    expect(rows).toHaveLength(2);
  });

  it("tells nobody but the invited of an RFQ by invitation only", async () => {
    await listedSupplier("CV Sleeve Publik", { tkdnPercent: 60 });
    const buyer = await createBuyer();
    const { rfqId } = await publishedRfq(buyer, { title: "Cylinder sleeve FC250 tertutup", visibility: "invited", deadline: minuteFromNow(7), lines: [{ partName: "Cylinder sleeve", quantity: 100, unit: "pcs", materialCode: "fc250", processCode: "centrifugal_casting" }] });
    await indexAll();
    await notifyNewRfqs(db(), new Date());
    expect(await db().selectFrom("notices_sent").select("id").where("entity_id", "=", rfqId).execute()).toEqual([]);
    expect((await db().selectFrom("rfqs").select("matches_notified_at").where("id", "=", rfqId).executeTakeFirstOrThrow()).matches_notified_at).not.toBeNull();
  });
});

describe("saved searches", () => {
  it("a saved search that finds a new RFQ tells its owner; one that does not stays silent; a deleted one is gone", async () => {
    const supplier = await listedSupplier("CV Pencari", { tkdnPercent: 10 });
    const now = new Date();
    const finds = await saveSearch(db(), { userId: supplier.userId, organizationId: supplier.organizationId, name: "Propeller Jawa Tengah", search: { q: "propeller", province: "33" }, now });
    await saveSearch(db(), { userId: supplier.userId, organizationId: supplier.organizationId, name: "Propeller Jawa Timur", search: { q: "propeller", province: "35" }, now });
    expect(await refusal(saveSearch(db(), { userId: supplier.userId, organizationId: supplier.organizationId, name: "Kosong", search: {}, now }))).toMatchObject({ status: 422, messageKey: "error.savedSearchEmpty" });
    const other = await createOrganizationWithOwner();
    expect(await refusal(deleteSavedSearch(db(), { userId: other.userId, organizationId: other.organizationId, id: finds, now }))).toMatchObject({ status: 404 });

    const buyer = await createBuyer();
    const { rfqId } = await publishedRfq(buyer, {
      title: "Propeller perunggu kapal nelayan",
      deadline: minuteFromNow(7),
      deliveryProvinceCode: "33",
      deliveryRegencyCode: "33.10",
      lines: [{ partName: "Propeller perunggu", quantity: 20, unit: "pcs", materialCode: "brass_bronze", processCode: "sand_casting" }],
    });
    await indexAll();
    await notifyNewRfqs(db(), new Date());
    const told = await toldOf("rfq_saved_search", supplier.userId, rfqId);
    expect(told).toEqual([{ title: "Propeller perunggu kapal nelayan", search: "Propeller Jawa Tengah" }]);

    await deleteSavedSearch(db(), { userId: supplier.userId, organizationId: supplier.organizationId, id: finds, now });
    const again = await publishedRfq(buyer, { title: "Propeller perunggu kedua", deadline: minuteFromNow(7), deliveryProvinceCode: "33", deliveryRegencyCode: "33.10", lines: [{ partName: "Propeller", quantity: 20, unit: "pcs", materialCode: "brass_bronze", processCode: "sand_casting" }] });
    await indexAll();
    await notifyNewRfqs(db(), new Date());
    expect(await toldOf("rfq_saved_search", supplier.userId, again.rfqId)).toEqual([]);
  });
});
