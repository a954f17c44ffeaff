import { copyFileSync } from "node:fs";
import { BASE_DB_PATH, TMP_DIR } from "./paths";

// Before each test file: a fresh copy of the migrated base database, named for the worker, which the app's
// getDb() opens through DATABASE_PATH. Nothing is shared between files or workers.
const path = `${TMP_DIR}worker-${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.db`;
copyFileSync(BASE_DB_PATH, path);
process.env.DATABASE_PATH = path;
process.env.UPLOADS_DIR = `${TMP_DIR}uploads`;
