import { mkdirSync, readdirSync, rmSync } from "node:fs";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { postgresUrlFor, testEngine } from "./engine";
import { TMP_DIR, runDir } from "./paths";

declare module "vitest" {
  export interface ProvidedContext {
    baseDbPath: string;
    runDir: string;
    /** On PostgreSQL: the migrated template every test file's database is created from. */
    postgresTemplate: string;
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

/** Drops the databases of this run (prefix) or of runs that were killed before their teardown. */
async function dropRunDatabases(admin: pg.Client, keep: (pid: number) => boolean): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like 'pasok_test_%'");
  for (const { datname } of rows) {
    const pid = Number(/^pasok_test_(\d+)_/.exec(datname)?.[1]);
    if (pid && keep(pid)) continue;
    await admin.query(`drop database if exists "${datname}" with (force)`);
  }
}

/** Once per Vitest run: one migrated database, in this run's own folder (or PostgreSQL template), that every test file copies. */
export default async function setup(project: TestProject) {
  mkdirSync(TMP_DIR, { recursive: true });
  // Folders of runs that were killed before their teardown.
  for (const entry of readdirSync(TMP_DIR)) {
    const pid = /^vitest-(\d+)$/.exec(entry)?.[1];
    if (pid && Number(pid) !== process.pid && !isAlive(Number(pid))) rmSync(`${TMP_DIR}${entry}`, { recursive: true, force: true });
  }
  const dir = runDir(process.pid);
  mkdirSync(dir, { recursive: true });
  project.provide("runDir", dir);

  if (testEngine() === "postgres") {
    if (!process.env.TEST_DATABASE_URL) throw new Error("TEST_ENGINE=postgres needs TEST_DATABASE_URL (a PostgreSQL server where this user may create databases)");
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await dropRunDatabases(admin, (pid) => pid !== process.pid && isAlive(pid));
    const template = `pasok_test_${process.pid}_template`;
    // C collation: text sorts by code point on both engines (SQLite's BINARY), whatever the server's locale.
    await admin.query(`create database "${template}" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
    const db = createDb(postgresUrlFor(template), { poolSize: 1 });
    await migrateToLatest(db);
    await db.destroy();
    await admin.end();
    project.provide("postgresTemplate", template);
    project.provide("baseDbPath", "");
    return async () => {
      const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await client.connect();
      await dropRunDatabases(client, (pid) => pid !== process.pid);
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    };
  }

  const baseDbPath = `${dir}base.db`;
  const db = createDb(baseDbPath);
  await migrateToLatest(db);
  await db.destroy();
  project.provide("baseDbPath", baseDbPath);
  project.provide("postgresTemplate", "");
  return () => rmSync(dir, { recursive: true, force: true });
}
