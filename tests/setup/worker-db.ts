import { copyFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { postgresUrlFor, testEngine } from "./engine";

// Before each test file: a fresh database of its own, which the app's getDb() opens — on SQLite a copy of the
// migrated base file (DATABASE_PATH), on PostgreSQL a database created from the migrated template
// (DATABASE_URL). Nothing is shared between files, workers or runs.
const dir = inject("runDir");
const unique = `${process.env.VITEST_POOL_ID ?? "0"}_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
process.env.UPLOADS_DIR = `${dir}uploads`;
if (testEngine() === "postgres") {
  const name = inject("postgresTemplate").replace(/_template$/, `_${unique}`);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database "${name}" template "${inject("postgresTemplate")}"`);
  await admin.end();
  process.env.DATABASE_URL = postgresUrlFor(name);
  delete process.env.DATABASE_PATH;
} else {
  const path = `${dir}worker-${unique}.db`;
  copyFileSync(inject("baseDbPath"), path);
  process.env.DATABASE_PATH = path;
  delete process.env.DATABASE_URL;
}
