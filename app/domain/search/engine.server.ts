import { getDb } from "../../db.server";
import type { Db } from "../../../db/client";
import { config } from "../../config.server";
import { createDatabaseSearchEngine } from "../../../search/database-engine.server";
import { createMeilisearchEngine } from "../../../search/meilisearch-engine.server";
import type { SearchEngine } from "../../../search/types";

// The process's one search engine: Meilisearch when MEILISEARCH_URL is set, otherwise the app's own database
// (SQLite FTS5, or PostgreSQL full-text search). All implement search/types.ts and index the same documents.

let engine: SearchEngine | undefined;

/** A new engine from the configuration; the database engines work in `db` (the app's database unless a script passes its own). */
export function createSearchEngine(db: Db = getDb()): SearchEngine {
  const { MEILISEARCH_URL, MEILISEARCH_API_KEY } = config();
  if (MEILISEARCH_URL) return createMeilisearchEngine({ url: MEILISEARCH_URL, apiKey: MEILISEARCH_API_KEY });
  return createDatabaseSearchEngine(db);
}

/** The engine of this process, made on first use. */
export function getSearchEngine(): SearchEngine {
  engine ??= createSearchEngine();
  return engine;
}

/** For tests (and the reindex script) that use another engine, or none: the next call makes a fresh one. */
export function setSearchEngine(next: SearchEngine | undefined): void {
  engine = next;
}
