import { copyFileSync } from "node:fs";
import { inject } from "vitest";

// Before each test file: a fresh copy of the migrated base database, named for the worker, which the app's
// getDb() opens through DATABASE_PATH. Nothing is shared between files, workers or runs.
const dir = inject("runDir");
const path = `${dir}worker-${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.db`;
copyFileSync(inject("baseDbPath"), path);
process.env.DATABASE_PATH = path;
process.env.UPLOADS_DIR = `${dir}uploads`;
