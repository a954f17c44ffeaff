import { mkdirSync, rmSync } from "node:fs";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { BASE_DB_PATH, TMP_DIR } from "./paths";

/** Once per Vitest run: one migrated database that every test file copies. */
export default async function setup() {
  rmSync(TMP_DIR, { recursive: true, force: true });
  mkdirSync(TMP_DIR, { recursive: true });
  const db = createDb(BASE_DB_PATH);
  await migrateToLatest(db);
  await db.destroy();
}
