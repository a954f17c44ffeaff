import type { Db } from "../db/client";
import { engineOf } from "../db/dialect";
import { createFts5Engine } from "./fts5-engine.server";
import { createPostgresEngine } from "./postgres-engine.server";
import type { SqlEngineOptions, SqlSearchEngine } from "./sql-index.server";

/** The search engine inside the app's own database: FTS5 on SQLite, full-text search on PostgreSQL. */
export function createDatabaseSearchEngine(db: Db, options: SqlEngineOptions = {}): SqlSearchEngine {
  return engineOf(db) === "postgres" ? createPostgresEngine(db, options) : createFts5Engine(db, options);
}
