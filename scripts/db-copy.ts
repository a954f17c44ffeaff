import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { copyDatabase } from "../db/copy";
import { createDb, describeTarget, isPostgresUrl } from "../db/client";
import { databaseStorage } from "../app/domain/files/storage.server";
import { enqueueAllSearchDocuments } from "../app/domain/search/outbox.server";

// npm run db:copy -- --from ./data/pasok.db --to postgres://user:pass@host/pasok [--uploads ./data/uploads]
// Copies a SQLite database (stop the server first, or copy a backup: npm run db:backup) into a new PostgreSQL
// database, verifies every table (row count and checksum), sets the sequences, moves the uploads from the
// local folder into the database (FILE_STORAGE=database, the default on PostgreSQL) and queues every search
// document, which the first `npm start` (or `npm run reindex`) indexes. README, "Moving to PostgreSQL".

const { values } = parseArgs({
  options: { from: { type: "string" }, to: { type: "string" }, uploads: { type: "string" }, "skip-uploads": { type: "boolean" } },
});
const from = values.from ?? "";
const to = values.to ?? "";
if (!from || !existsSync(from) || isPostgresUrl(from)) {
  console.error(`--from must be an existing SQLite file (got ${JSON.stringify(from)}).`);
  process.exit(2);
}
if (!isPostgresUrl(to)) {
  console.error(`--to must be a postgres:// URL of an empty database (got ${JSON.stringify(to.replace(/:[^:@/]*@/, ":***@"))}).`);
  process.exit(2);
}
const uploadsDir = resolve(values.uploads ?? process.env.UPLOADS_DIR ?? "./data/uploads");

const source = createDb(from);
const target = createDb(to, { poolSize: 2 });
const bar = new SingleBar({ format: "  {table} |{bar}| {value}/{total} rows", hideCursor: true }, Presets.shades_classic);
let started = "";
try {
  console.log(`Copying ${from} → ${describeTarget(to)}`);
  const reports = await copyDatabase(source, target, {
    onProgress: ({ table, copiedRows, totalRows }) => {
      if (table !== started) {
        if (started) bar.stop();
        bar.start(Math.max(totalRows, 1), 0, { table: table.padEnd(28) });
        started = table;
      }
      bar.update(copiedRows);
    },
  });
  if (started) bar.stop();
  const rows = reports.reduce((n, r) => n + r.rows, 0);
  console.log(`Verified ${reports.length} tables, ${rows} rows: counts and checksums equal on both sides.`);

  let files = 0;
  let missing = 0;
  if (!values["skip-uploads"]) {
    const keys = [
      ...(await source.selectFrom("listing_files").select("storage_key").execute()),
      ...(await source.selectFrom("rfq_files").select("storage_key").execute()),
    ].map((r) => r.storage_key);
    const storage = databaseStorage(() => target);
    const already = new Set((await target.selectFrom("stored_file_chunks").select("storage_key").distinct().execute()).map((r) => r.storage_key));
    bar.start(Math.max(keys.length, 1), 0, { table: "uploads → database".padEnd(28) });
    for (const key of keys) {
      const path = join(uploadsDir, key);
      if (already.has(key)) files++;
      else if (existsSync(path)) {
        await storage.put(key, await readFile(path));
        files++;
      } else missing++;
      bar.increment();
    }
    bar.stop();
    console.log(`Uploads: ${files} file(s) from ${uploadsDir} now in the database${missing ? `; ${missing} missing from the folder (listed files whose bytes were not found)` : ""}.`);
  }

  const queued = await enqueueAllSearchDocuments(target, { now: new Date() });
  console.log(`Search: ${queued.suppliers} supplier(s) and ${queued.rfqs} RFQ(s) queued; the first start (or npm run reindex) indexes them.`);
  console.log(`Done. Start Pasok on it with DATABASE_URL=${describeTarget(to)}.`);
} catch (error) {
  bar.stop();
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await source.destroy();
  await target.destroy();
}
