import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { decideListing } from "../../app/domain/suppliers/decide-listing.server";
import { jakartaDate } from "../../app/domain/time";
import { rfqDocument, supplierDocument } from "../../app/domain/search/documents.server";
import { createDatabaseSearchEngine } from "../../search/database-engine.server";
import { backoffMs, drainSearchOutbox, enqueueAllSearchDocuments, enqueueSearchUpdate, searchBacklog } from "../../app/domain/search/outbox.server";
import type { SearchEngine } from "../../search/types";
import { currentRevision } from "../support/listings";
import { approvedSupplier, cooperativeWithMembers, createBuyer, publishedRfq, testAdminId, unapprovedSupplier } from "../support/rfqs";

// The outbox keeps the index fresh without losing a change: rows are written inside the change's transaction,
// documents are built at drain time, rows are deleted only once the engine accepted the work, and a failing
// engine keeps them with backoff. (The lifecycle writers may queue rows of their own too: these tests count
// only what they look at.)

const db = () => getDb();
const engine = () => createDatabaseSearchEngine(getDb());

/** An engine that fails every write while `failing` is true (reads go to the real one). */
function flaky(inner: SearchEngine) {
  const state = { failing: true, calls: 0 };
  const fail = async () => {
    state.calls++;
    if (state.failing) throw new Error("search engine unreachable (test)");
  };
  const wrapped: SearchEngine = {
    ...inner,
    upsertSuppliers: async (docs) => (await fail(), inner.upsertSuppliers(docs)),
    deleteSuppliers: async (ids) => (await fail(), inner.deleteSuppliers(ids)),
    upsertRfqs: async (docs) => (await fail(), inner.upsertRfqs(docs)),
    deleteRfqs: async (ids) => (await fail(), inner.deleteRfqs(ids)),
  };
  return { engine: wrapped, state };
}

async function outboxRows(type: "supplier" | "rfq", id: number) {
  return db().selectFrom("search_outbox").selectAll().where("entity_type", "=", type).where("entity_id", "=", id).orderBy("id").execute();
}

async function drainAll(target: SearchEngine, now = new Date()) {
  const total = { indexed: 0, deleted: 0, failed: 0 };
  for (let i = 0; i < 20; i++) {
    const r = await drainSearchOutbox(db(), target, { now, batch: 50 });
    total.indexed += r.indexed;
    total.deleted += r.deleted;
    total.failed += r.failed;
    if (r.indexed + r.deleted + r.failed === 0 || r.failed > 0) break;
  }
  return total;
}

function uniqueName(prefix: string) {
  return `${prefix} ${randomBytes(3).toString("hex")}x`;
}

async function findsSupplier(name: string): Promise<string[]> {
  const result = await engine().searchSuppliers({ q: name });
  return result.hits.filter((h) => h.doc.name === name).map((h) => h.doc.id);
}

/** Empties the outbox: what the lifecycle writers queued while a test made its fixtures is not its business. */
async function clearOutbox() {
  await db().deleteFrom("search_outbox").execute();
}

describe("search outbox", () => {
  it("an update queued in a transaction that rolls back leaves nothing", async () => {
    const supplier = await approvedSupplier({ legalName: uniqueName("CV Batal") });
    await clearOutbox();
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await enqueueSearchUpdate(trx, { type: "supplier", id: supplier.organizationId, now: new Date() });
          expect((await trx.selectFrom("search_outbox").selectAll().execute()).length).toBe(1);
          throw new Error("the change failed");
        }),
    ).rejects.toThrow("the change failed");
    expect(await db().selectFrom("search_outbox").selectAll().execute()).toEqual([]);
  });

  it("drain builds the document from the database, indexes it and deletes the rows (duplicates collapsed)", async () => {
    const name = uniqueName("CV Kilat Cor");
    const supplier = await approvedSupplier({ legalName: name });
    await clearOutbox();
    const now = new Date();
    for (let i = 0; i < 3; i++) await enqueueSearchUpdate(db(), { type: "supplier", id: supplier.organizationId, now });
    expect(await findsSupplier(name)).toEqual([]);

    const result = await drainSearchOutbox(db(), engine(), { now });
    expect(result).toMatchObject({ indexed: 1, deleted: 0, failed: 0 });
    expect(await findsSupplier(name)).toEqual([String(supplier.organizationId)]);
    expect(await outboxRows("supplier", supplier.organizationId)).toEqual([]);
    expect(await searchBacklog(db())).toEqual({ pending: 0, failing: 0, oldestAt: null, lastError: null });
  });

  it("a row not yet due waits; a row queued while the engine works stays for the next drain", async () => {
    const supplier = await approvedSupplier({ legalName: uniqueName("CV Antri") });
    await clearOutbox();
    const now = new Date();
    await enqueueSearchUpdate(db(), { type: "supplier", id: supplier.organizationId, now: new Date(now.getTime() + 60_000) });
    expect(await drainSearchOutbox(db(), engine(), { now })).toEqual({ indexed: 0, deleted: 0, failed: 0, rows: [] });
    await clearOutbox();

    await enqueueSearchUpdate(db(), { type: "supplier", id: supplier.organizationId, now });
    const inner = engine();
    const racing: SearchEngine = {
      ...inner,
      upsertSuppliers: async (docs) => {
        // Another change of the same supplier commits while this drain is indexing.
        await enqueueSearchUpdate(db(), { type: "supplier", id: supplier.organizationId, now });
        return inner.upsertSuppliers(docs);
      },
    };
    await drainSearchOutbox(db(), racing, { now });
    expect(await outboxRows("supplier", supplier.organizationId)).toHaveLength(1);
    await drainSearchOutbox(db(), inner, { now });
    expect(await outboxRows("supplier", supplier.organizationId)).toEqual([]);
  });

  it("a failing engine keeps the rows with exponential backoff; a later drain succeeds", async () => {
    const name = uniqueName("CV Tahan Uji");
    const supplier = await approvedSupplier({ legalName: name });
    await clearOutbox();
    const { engine: failing, state } = flaky(engine());
    const t0 = new Date();
    await enqueueSearchUpdate(db(), { type: "supplier", id: supplier.organizationId, now: t0 });
    await enqueueSearchUpdate(db(), { type: "supplier", id: supplier.organizationId, now: t0 });

    expect(await drainSearchOutbox(db(), failing, { now: t0 })).toMatchObject({ indexed: 0, deleted: 0, failed: 1 });
    let rows = await outboxRows("supplier", supplier.organizationId);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.attempts).toBe(1);
      expect(row.last_error).toContain("unreachable");
      expect(row.next_attempt_at).toBe(new Date(t0.getTime() + backoffMs(1)).toISOString());
    }
    expect(await searchBacklog(db())).toMatchObject({ pending: 2, failing: 2, lastError: "search engine unreachable (test)" });

    // Not due yet: nothing is tried.
    const calls = state.calls;
    await drainSearchOutbox(db(), failing, { now: new Date(t0.getTime() + 1000) });
    expect(state.calls).toBe(calls);

    // Due again, still failing: the backoff doubles.
    const t1 = new Date(t0.getTime() + backoffMs(1));
    await drainSearchOutbox(db(), failing, { now: t1 });
    rows = await outboxRows("supplier", supplier.organizationId);
    expect(rows.map((r) => r.attempts)).toEqual([2, 2]);
    expect(rows[0]!.next_attempt_at).toBe(new Date(t1.getTime() + backoffMs(2)).toISOString());
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    expect(await findsSupplier(name)).toEqual([]);

    // The engine is back.
    state.failing = false;
    const t2 = new Date(t1.getTime() + backoffMs(2));
    expect(await drainSearchOutbox(db(), failing, { now: t2 })).toMatchObject({ indexed: 1, deleted: 0, failed: 0 });
    expect(await outboxRows("supplier", supplier.organizationId)).toEqual([]);
    expect(await findsSupplier(name)).toEqual([String(supplier.organizationId)]);
    expect((await searchBacklog(db())).pending).toBe(0);
  });

  it("the backoff never drops a row and is capped at an hour", () => {
    expect(backoffMs(1)).toBe(30_000);
    expect(backoffMs(30)).toBe(60 * 60_000);
  });

  it("a supplier whose listing is suspended is deleted from the index", async () => {
    const name = uniqueName("CV Ditangguhkan");
    const supplier = await approvedSupplier({ legalName: name });
    await clearOutbox();
    await enqueueSearchUpdate(db(), { type: "supplier", id: supplier.organizationId, now: new Date() });
    await drainAll(engine());
    expect(await findsSupplier(name)).toEqual([String(supplier.organizationId)]);

    const { live_version_id } = await db()
      .selectFrom("listings")
      .select("live_version_id")
      .where("organization_id", "=", supplier.organizationId)
      .executeTakeFirstOrThrow();
    await decideListing(db(), {
      actor: { userId: await testAdminId(), isAdmin: true },
      versionId: live_version_id!,
      revision: await currentRevision(live_version_id!),
      event: "suspend",
      reason: "Dokumen palsu",
      now: new Date(),
    });
    expect(await supplierDocument(db(), supplier.organizationId, jakartaDate(new Date()))).toBeNull();
    await enqueueSearchUpdate(db(), { type: "supplier", id: supplier.organizationId, now: new Date() });
    expect(await drainAll(engine())).toMatchObject({ deleted: 1, failed: 0 });
    expect(await findsSupplier(name)).toEqual([]);
  });

  it("a supplier that was never approved is not indexed", async () => {
    const supplier = await unapprovedSupplier();
    await clearOutbox();
    expect(await supplierDocument(db(), supplier.organizationId, jakartaDate(new Date()))).toBeNull();
    await enqueueSearchUpdate(db(), { type: "supplier", id: supplier.organizationId, now: new Date() });
    expect(await drainAll(engine())).toMatchObject({ indexed: 0, deleted: 1 });
  });

  it("a cooperative's document lists its active members and their products, and is found by them", async () => {
    const { cooperative, members } = await cooperativeWithMembers([40]);
    const member = members[0]!;
    await clearOutbox();
    const doc = await supplierDocument(db(), cooperative.organizationId, jakartaDate(new Date()));
    expect(doc?.kind).toBe("cooperative");
    expect(doc?.memberNames).toEqual(expect.arrayContaining([member.legalName, "Cylinder sleeve"]));
    for (const id of [cooperative.organizationId, member.organizationId]) await enqueueSearchUpdate(db(), { type: "supplier", id, now: new Date() });
    await drainAll(engine());
    const found = await engine().searchSuppliers({ q: member.legalName });
    expect(found.hits.map((h) => h.doc.id)).toEqual(expect.arrayContaining([String(cooperative.organizationId), String(member.organizationId)]));
  });

  it("open public RFQs are indexed; invited-only ones are not (and are deleted)", async () => {
    const buyer = await createBuyer();
    const open = await publishedRfq(buyer, { title: `Selongsong pompa ${randomBytes(2).toString("hex")}x` });
    const invited = await publishedRfq(buyer, { title: "Selongsong rahasia", visibility: "invited" });
    await clearOutbox();
    expect(await rfqDocument(db(), invited.rfqId)).toBeNull();
    expect(await rfqDocument(db(), invited.rfqId, { includeUnpublished: true })).not.toBeNull();
    for (const id of [open.rfqId, invited.rfqId]) await enqueueSearchUpdate(db(), { type: "rfq", id, now: new Date() });
    expect(await drainAll(engine())).toMatchObject({ indexed: 1, deleted: 1, failed: 0 });
    const result = await engine().searchRfqs({ q: "cylinder liner", limit: 100 });
    const ids = result.hits.map((h) => h.doc.id);
    expect(ids).toContain(String(open.rfqId));
    expect(ids).not.toContain(String(invited.rfqId));
  });

  it("enqueueAllSearchDocuments queues every approved supplier and open public RFQ", async () => {
    const supplier = await approvedSupplier();
    await clearOutbox();
    const counts = await enqueueAllSearchDocuments(db(), { now: new Date() });
    expect(counts.suppliers).toBeGreaterThan(0);
    expect(await outboxRows("supplier", supplier.organizationId)).toHaveLength(1);
  });
});

describe("search documents", () => {
  it("a supplier's document: labels in both languages, valid certificates, capacity, region, no quality yet", async () => {
    const supplier = await approvedSupplier({ tkdnPercent: 62, legalName: uniqueName("PT Dokumen") });
    const today = jakartaDate(new Date());
    const doc = await supplierDocument(db(), supplier.organizationId, today);
    expect(doc).toMatchObject({
      id: String(supplier.organizationId),
      kind: "supplier",
      name: supplier.legalName,
      products: ["Cylinder sleeve"],
      processes: ["sand_casting", "centrifugal_casting"],
      materials: ["fc250"],
      certificates: ["iso9001"],
      certificateValidUntil: { iso9001: "2028-01-01" },
      tkdnPercent: 62,
      capacityPcsPerMonth: 500,
      capacityTonPerMonth: 0,
      provinceCode: "33",
      clusterCode: "ceper",
      memberNames: [],
      qualityScore: null,
    });
    expect(doc!.processLabels).toEqual(expect.arrayContaining(["Pengecoran pasir", "Sand casting", "Pengecoran sentrifugal", "Centrifugal casting"]));
    expect(doc!.materialLabels).toEqual(expect.arrayContaining(["Besi cor kelabu FC250", "Grey cast iron FC250"]));
    expect(doc!.provinceName).toMatch(/jawa tengah/i);
    expect(doc!.regencyName).toMatch(/klaten/i);
    expect(doc!.clusterLabel).toBe("Ceper, Klaten");
    expect(doc!.headline).toContain("Pengecoran FC250");

    // After the certificate's last day it is no longer valid (the daily job re-indexes).
    const later = await supplierDocument(db(), supplier.organizationId, "2028-01-02");
    expect(later!.certificates).toEqual([]);
    expect(later!.certificateValidUntil).toEqual({ iso9001: "2028-01-01" });
  });

  it("an RFQ's document: lines, capabilities in both languages, largest quantity in pieces", async () => {
    const buyer = await createBuyer("PT Pembeli Dokumen");
    const { rfqId } = await publishedRfq(buyer, {
      title: "Flange dan sleeve",
      requiredCertificates: ["iso9001"],
      lines: [
        { partName: "Cylinder sleeve", partNumber: "CS-80", quantity: 200, unit: "pcs" },
        { partName: "Serbuk besi", quantity: 900, unit: "kg" },
      ],
    });
    const doc = await rfqDocument(db(), rfqId);
    expect(doc).toMatchObject({
      id: String(rfqId),
      title: "Flange dan sleeve",
      buyerName: "PT Pembeli Dokumen",
      maxQuantity: 200,
      provinceCode: "33",
    });
    expect(doc!.lines[0]).toContain("Cylinder sleeve");
    expect(doc!.lines[0]).toContain("CS-80");
    expect(doc!.bidDeadline).toMatch(/Z$/);
  });
});
