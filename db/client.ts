import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type Transaction } from "kysely";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
/** A database handle or an open transaction: query functions accept either. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;
/** An open transaction: every lifecycle writer takes one, so it cannot be called outside a transaction. */
export type Trx = Transaction<Database>;

export const DEFAULT_DATABASE_PATH = "./data/pasok.db";

export function databasePath(): string {
  return process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

/** Opens the SQLite file with the pragmas the whole app relies on. */
export function openSqlite(path: string): SQLite.Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return sqlite;
}

export function createDb(path: string = databasePath()): Db {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(path) }) });
}
