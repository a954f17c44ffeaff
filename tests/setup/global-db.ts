import { mkdirSync, readdirSync, rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { TMP_DIR, runDir } from "./paths";

declare module "vitest" {
  export interface ProvidedContext {
    baseDbPath: string;
    runDir: string;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Once per Vitest run: one migrated database, in this run's own folder, that every test file copies. */
export default async function setup(project: TestProject) {
  mkdirSync(TMP_DIR, { recursive: true });
  // Folders of runs that were killed before their teardown.
  for (const entry of readdirSync(TMP_DIR)) {
    const pid = /^vitest-(\d+)$/.exec(entry)?.[1];
    if (pid && Number(pid) !== process.pid && !isAlive(Number(pid))) rmSync(`${TMP_DIR}${entry}`, { recursive: true, force: true });
  }
  const dir = runDir(process.pid);
  mkdirSync(dir, { recursive: true });
  const baseDbPath = `${dir}base.db`;
  const db = createDb(baseDbPath);
  await migrateToLatest(db);
  await db.destroy();
  project.provide("baseDbPath", baseDbPath);
  project.provide("runDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
