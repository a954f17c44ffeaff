import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { BASE_DB_PATH, TMP_DIR } from "./paths";

/** Once per Vitest run: one migrated database that every test file copies. */
export default async function setup() {
  mkdirSync(TMP_DIR, { recursive: true });
  // Only Vitest's own files: the e2e database in the same folder may be in use.
  for (const file of readdirSync(TMP_DIR)) {
    if (/^(base|worker-.+)\.db(-wal|-shm)?$/.test(file)) rmSync(`${TMP_DIR}${file}`, { force: true });
  }
  const db = createDb(BASE_DB_PATH);
  await migrateToLatest(db);
  await db.destroy();
  return () => {
    for (const file of readdirSync(TMP_DIR)) {
      if (/^worker-.+\.db(-wal|-shm)?$/.test(file)) rmSync(`${TMP_DIR}${file}`, { force: true });
    }
  };
}
