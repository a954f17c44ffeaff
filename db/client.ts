import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Transaction } from "kysely";
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

/** How many prepared statements a connection keeps: the app runs a few hundred distinct ones. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * better-sqlite3 compiles a statement on every `prepare`; Kysely prepares each query it runs. The connection
 * handed to Kysely keeps its prepared statements by SQL text (least recently used dropped first), so a
 * statement the app runs again is bound and stepped, not compiled again. Statements are run synchronously
 * and never iterated concurrently, so sharing one is safe.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== "prepare") {
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (source: string) => {
        let statement = cache.get(source);
        if (statement) {
          cache.delete(source);
        } else {
          statement = prepare(source);
          if (cache.size >= size) cache.delete(cache.keys().next().value!);
        }
        cache.set(source, statement);
        return statement;
      };
    },
  });
}

/**
 * Transactions begin IMMEDIATE: they take SQLite's write lock at BEGIN, waiting up to busy_timeout for another
 * process's writer (`npm run jobs:daily`, a second tool) instead of reading first and then failing with
 * SQLITE_BUSY_SNAPSHOT when that writer committed in between.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SQLite.Database;
  constructor(database: SQLite.Database) {
    super({ database });
    this.#database = database;
  }
  override createDriver() {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

export function createDb(path: string = databasePath()): Db {
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(withStatementCache(openSqlite(path))) });
}
