import cliProgress from "cli-progress";
import { approvedSuppliers } from "../app/domain/suppliers/approved-suppliers.server";
import { jakartaDate } from "../app/domain/time";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { rfqDocument, supplierDocument } from "../app/domain/search/documents.server";
import { createSearchEngine } from "../app/domain/search/engine.server";
import type { RfqDoc, SupplierDoc } from "../search/types";

// `npm run reindex`: rebuilds the search index from the database (DATABASE_PATH) with the configured engine
// (Meilisearch when MEILISEARCH_URL is set, else SQLite FTS5): applies the settings, empties both indexes,
// then indexes every approved supplier and every open public RFQ in batches. Outbox rows queued before the
// rebuild began are covered by it and removed; rows queued meanwhile stay for the indexer. Searches during the
// rebuild see a partial index.

const BATCH = 100;

const db = createDb();
try {
  await migrateToLatest(db);
  const engine = createSearchEngine(db);
  const started = Date.now();
  const now = new Date();
  const today = jakartaDate(now);
  const covered = await db.selectFrom("search_outbox").select((eb) => eb.fn.max("id").as("max")).executeTakeFirst();

  await engine.applySettings();
  await engine.clear();

  const supplierIds = (await approvedSuppliers(db).select("organizations.id").orderBy("organizations.id").execute()).map((r) => r.id);
  const rfqIds = (
    await db.selectFrom("rfqs").select("id").where("status", "=", "open").where("visibility", "=", "public").orderBy("id").execute()
  ).map((r) => r.id);

  console.log(`[pasok] reindexing with ${engine.name}: ${supplierIds.length} supplier(s), ${rfqIds.length} RFQ(s)`);
  const bar = new cliProgress.SingleBar(
    { format: "  {bar} {percentage}% | {value}/{total} {entity}", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(supplierIds.length + rfqIds.length, 0, { entity: "suppliers" });

  const totals = { suppliers: 0, rfqs: 0, skipped: 0 };
  for (let i = 0; i < supplierIds.length; i += BATCH) {
    const docs: SupplierDoc[] = [];
    for (const id of supplierIds.slice(i, i + BATCH)) {
      const doc = await supplierDocument(db, id, today);
      if (doc) docs.push(doc);
      else totals.skipped++;
    }
    await engine.upsertSuppliers(docs);
    totals.suppliers += docs.length;
    bar.increment(Math.min(BATCH, supplierIds.length - i), { entity: "suppliers" });
  }
  for (let i = 0; i < rfqIds.length; i += BATCH) {
    const docs: RfqDoc[] = [];
    for (const id of rfqIds.slice(i, i + BATCH)) {
      const doc = await rfqDocument(db, id);
      if (doc) docs.push(doc);
      else totals.skipped++;
    }
    await engine.upsertRfqs(docs);
    totals.rfqs += docs.length;
    bar.increment(Math.min(BATCH, rfqIds.length - i), { entity: "RFQs" });
  }
  bar.stop();

  const coveredId = Number(covered?.max ?? 0);
  const removed = coveredId > 0 ? await db.deleteFrom("search_outbox").where("id", "<=", coveredId).executeTakeFirst() : null;
  console.log(
    `[pasok] reindex done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${totals.suppliers} supplier(s) and ${totals.rfqs} RFQ(s) indexed` +
      `${totals.skipped ? `, ${totals.skipped} skipped (no longer approved / open)` : ""}` +
      `${removed ? `, ${Number(removed.numDeletedRows)} outbox row(s) covered` : ""}.`,
  );
} catch (error) {
  console.error("[pasok] reindex failed:", error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
