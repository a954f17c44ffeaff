import { sql } from "kysely";
import { createDb, type Db } from "../db/client";

let db: Db | undefined;

/** The process's one database handle (DATABASE_PATH, default ./data/pasok.db). */
export function getDb(): Db {
  db ??= createDb();
  return db;
}

/** Whether the database answers a trivial query (the server's /readyz). */
export async function isDatabaseReady(): Promise<boolean> {
  try {
    await sql`select 1`.execute(getDb());
    return true;
  } catch {
    return false;
  }
}

/** Closes the handle (graceful shutdown); the next getDb() would open a new one. */
export async function closeDb(): Promise<void> {
  const current = db;
  db = undefined;
  await current?.destroy();
}
