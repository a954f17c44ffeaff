import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type KyselyConfig,
  type PostgresDialectConfig,
  type Transaction,
  type TransactionSettings,
} from "kysely";
import pg from "pg";
import { NulFreeTextPlugin } from "./dialect";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
/** A database handle or an open transaction: query functions accept either. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;
/** An open transaction: every lifecycle writer takes one, so it cannot be called outside a transaction. */
export type Trx = Transaction<Database>;

export const DEFAULT_DATABASE_PATH = "./data/pasok.db";

/** The SQLite file (DATABASE_PATH), the embedded default. */
export function databasePath(): string {
  return process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Where the app's data lives: DATABASE_URL (postgres://…) selects PostgreSQL; without it, the SQLite file at
 * DATABASE_PATH. Anything else in DATABASE_URL is refused at start, with the reason.
 */
export function databaseTarget(): string {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return databasePath();
  if (!isPostgresUrl(url)) {
    throw new Error(`DATABASE_URL must be a postgres:// URL (it starts with "${url.split(":")[0]}:"); leave it unset to use the SQLite file at DATABASE_PATH.`);
  }
  return url;
}

/** A target fit for logs: a PostgreSQL URL without its password. */
export function describeTarget(target: string): string {
  if (!isPostgresUrl(target)) return target;
  try {
    const url = new URL(target);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "postgres://(unparsable URL)";
  }
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

/**
 * PostgreSQL's 64-bit integers (every integer column, `count(*)`, `sum` of integers: see db/dialect.ts) come
 * back as numbers, as they do from SQLite; the app's values (ids, rupiah, counts) stay far below 2^53.
 */
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === PG_INT8 || oid === PG_NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

export function createPostgresPool(url: string, options: { max?: number } = {}): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: options.max ?? Number(process.env.DATABASE_POOL_SIZE || 10),
    types: pgTypes,
    application_name: "pasok",
    // No statement may hold the server for long (a request costs a moment); bulk tools raise it per session.
    statement_timeout: Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS || 15_000),
  });
}

/**
 * One writer at a time, as on SQLite: every transaction first takes one transaction-scoped advisory lock, so
 * write transactions on any number of app servers run one after another, each seeing what the one before it
 * committed — the guarantee the lifecycle writers and their tests were written against (SQLite's BEGIN
 * IMMEDIATE). Reads outside transactions, which are nearly all of a page's queries, never wait. Procurement
 * writes are few and short (a few ms), so this is far from the limit; the README's Decisions say when to move
 * to per-row locks.
 */
export const WRITE_LOCK_KEY = 0x7061_736f; // "paso"

class OneWriterPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    try {
      await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`));
    } catch (error) {
      // Kysely counts the transaction as never begun: end it here, or the connection would go back to the pool
      // inside an aborted transaction.
      await connection.executeQuery(CompiledQuery.raw("rollback")).catch(() => {});
      throw error;
    }
  }
}

class OneWriterPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;
  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new OneWriterPostgresDriver(this.#config);
  }
}

/** Opens the database at `target`: a postgres:// URL, or the path of a SQLite file. */
export function createDb(target: string = databaseTarget(), options: { poolSize?: number; log?: KyselyConfig["log"] } = {}): Db {
  if (isPostgresUrl(target)) {
    return new Kysely<Database>({
      dialect: new OneWriterPostgresDialect({ pool: createPostgresPool(target, { max: options.poolSize }) }),
      plugins: [new NulFreeTextPlugin()],
      log: options.log,
    });
  }
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(withStatementCache(openSqlite(target))), log: options.log });
}
