import { createDb, type Db } from "../db/client";

let db: Db | undefined;

/** The process's one database handle (DATABASE_PATH, default ./data/pasok.db). */
export function getDb(): Db {
  db ??= createDb();
  return db;
}
