import { sql } from "kysely";
import { liveListings } from "../suppliers/live-listings.server";
import type { Db, DbOrTrx } from "../../../db/client";
import type { SearchEntityType } from "../../../db/schema";
import { jakartaDate } from "../time";
import { rfqDocument, supplierDocument } from "./documents.server";
import { getSearchEngine } from "./engine.server";
import { WORKER_ID, claimDueRows } from "../../jobs/claims.server";
import { logJob } from "../../jobs/job-log.server";
import type { RfqDoc, SearchEngine, SupplierDoc } from "../../../search/types";

// Keeping the index fresh, never stale and never losing a change: every writer that changes what a document
// would contain calls enqueueSearchUpdate inside its own transaction, so the row exists exactly when the
// change is committed. The indexer (drainSearchOutbox) builds each document from the database at drain time,
// hands it to the engine and deletes the rows only after the engine accepted them; a crash anywhere in
// between leaves the rows, and the next drain does the work again (indexing is idempotent). An engine failure
// keeps the rows with exponential backoff; nothing is ever dropped.

/** Backoff after the n-th failure: 30 s × 2^(n-1), at most one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

const DEFAULT_BATCH = 100;

/**
 * Queues an entity for (re)indexing. Call it inside the transaction of the change: a rolled-back change
 * queues nothing. One row per call (the drain collapses repeats); a change that also alters other documents
 * (an IKM's listing appears in its cooperatives' documents) queues those too.
 */
export async function enqueueSearchUpdate(trx: DbOrTrx, entity: { type: SearchEntityType; id: number; now: Date }): Promise<void> {
  const at = entity.now.toISOString();
  await trx
    .insertInto("search_outbox")
    .values({ entity_type: entity.type, entity_id: entity.id, attempts: 0, next_attempt_at: at, last_error: null, created_at: at })
    .execute();
}

/** Queues every approved supplier and every open public RFQ (after a change of how documents are built). */
export async function enqueueAllSearchDocuments(db: DbOrTrx, options: { now: Date }): Promise<{ suppliers: number; rfqs: number }> {
  const at = options.now.toISOString();
  const suppliers = await liveListings(db)
    .select("listings.organization_id")
    .execute();
  const rfqs = await db.selectFrom("rfqs").select("id").where("status", "=", "open").where("visibility", "=", "public").execute();
  const rows = [
    ...suppliers.map((s) => ({ entity_type: "supplier" as const, entity_id: s.organization_id })),
    ...rfqs.map((r) => ({ entity_type: "rfq" as const, entity_id: r.id })),
  ].map((r) => ({ ...r, attempts: 0, next_attempt_at: at, last_error: null, created_at: at }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto("search_outbox").values(rows.slice(i, i + 500)).execute();
  return { suppliers: suppliers.length, rfqs: rfqs.length };
}

interface Pending {
  type: SearchEntityType;
  id: number;
  /** The highest outbox row id read for this entity: rows up to it are covered by this drain. */
  maxRowId: number;
  attempts: number;
}

export interface DrainResult {
  /** Documents upserted. */
  indexed: number;
  /** Documents deleted (no longer approved / open and public). */
  deleted: number;
  /** Entities whose rows stay for a later attempt. */
  failed: number;
  /** The outbox rows this drain claimed and worked on. */
  rows: number[];
}

/**
 * Indexes what is due in the outbox (at most `batch` rows, duplicates collapsed into one document per entity).
 * Returns what it did; never throws for an engine failure (the rows stay, with backoff and the error).
 */
export async function drainSearchOutbox(db: Db, engine: SearchEngine, options: { now: Date; batch?: number; worker?: string }): Promise<DrainResult> {
  const now = options.now;
  // Claimed first, so an indexer on another server never indexes the same rows (app/jobs/claims.server.ts).
  const worker = options.worker ?? WORKER_ID;
  const ids = await claimDueRows(db, "search_outbox", { worker, now, limit: options.batch ?? DEFAULT_BATCH });
  const due =
    ids.length === 0
      ? []
      : await db.selectFrom("search_outbox").select(["id", "entity_type", "entity_id", "attempts"]).where("id", "in", ids).where("claimed_by", "=", worker).orderBy("id").execute();
  const result: DrainResult = { indexed: 0, deleted: 0, failed: 0, rows: due.map((r) => r.id) };
  if (due.length === 0) return result;

  const pending = new Map<string, Pending>();
  for (const row of due) {
    const key = `${row.entity_type}:${row.entity_id}`;
    const entry = pending.get(key);
    if (entry) {
      entry.maxRowId = Math.max(entry.maxRowId, row.id);
      entry.attempts = Math.max(entry.attempts, row.attempts);
    } else pending.set(key, { type: row.entity_type, id: row.entity_id, maxRowId: row.id, attempts: row.attempts });
  }

  const today = jakartaDate(now);
  const suppliers: { entry: Pending; doc: SupplierDoc }[] = [];
  const rfqs: { entry: Pending; doc: RfqDoc }[] = [];
  const supplierGone: Pending[] = [];
  const rfqGone: Pending[] = [];
  for (const entry of pending.values()) {
    try {
      if (entry.type === "supplier") {
        const doc = await supplierDocument(db, entry.id, today);
        if (doc) suppliers.push({ entry, doc });
        else supplierGone.push(entry);
      } else {
        const doc = await rfqDocument(db, entry.id);
        if (doc) rfqs.push({ entry, doc });
        else rfqGone.push(entry);
      }
    } catch (error) {
      await fail(db, [entry], error, now);
      result.failed++;
    }
  }

  const steps: [Pending[], () => Promise<void>, "indexed" | "deleted"][] = [
    [suppliers.map((s) => s.entry), () => engine.upsertSuppliers(suppliers.map((s) => s.doc)), "indexed"],
    [supplierGone, () => engine.deleteSuppliers(supplierGone.map((e) => String(e.id))), "deleted"],
    [rfqs.map((r) => r.entry), () => engine.upsertRfqs(rfqs.map((r) => r.doc)), "indexed"],
    [rfqGone, () => engine.deleteRfqs(rfqGone.map((e) => String(e.id))), "deleted"],
  ];
  for (const [entries, run, counter] of steps) {
    if (entries.length === 0) continue;
    try {
      await run();
    } catch (error) {
      await fail(db, entries, error, now);
      result.failed += entries.length;
      continue;
    }
    await done(db, entries);
    result[counter] += entries.length;
  }
  return result;
}

/** The engine accepted these: their rows up to the ones read are done (a row queued since stays). */
async function done(db: Db, entries: Pending[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const e of entries) {
      await trx
        .deleteFrom("search_outbox")
        .where("entity_type", "=", e.type)
        .where("entity_id", "=", e.id)
        .where("id", "<=", e.maxRowId)
        .execute();
    }
  });
}

async function fail(db: Db, entries: Pending[], error: unknown, now: Date): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  await db.transaction().execute(async (trx) => {
    for (const e of entries) {
      const attempts = e.attempts + 1;
      await trx
        .updateTable("search_outbox")
        .set({
          attempts: sql<number>`attempts + 1`,
          last_error: message,
          next_attempt_at: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
          claimed_by: null,
          claimed_until: null,
        })
        .where("entity_type", "=", e.type)
        .where("entity_id", "=", e.id)
        .where("id", "<=", e.maxRowId)
        .execute();
    }
  });
}

export interface SearchBacklog {
  /** Rows waiting (failing ones included). */
  pending: number;
  /** Rows that failed at least once. */
  failing: number;
  /** When the oldest waiting row was queued, or null. */
  oldestAt: string | null;
  /** The error of the most recently failed row still waiting, or null. */
  lastError: string | null;
}

/** The state of the outbox, for the admin page. */
export async function searchBacklog(db: DbOrTrx): Promise<SearchBacklog> {
  const counts = await db
    .selectFrom("search_outbox")
    .select((eb) => [
      eb.fn.countAll<number>().as("pending"),
      eb.fn.sum<number | null>(eb.case().when("attempts", ">", 0).then(1).else(0).end()).as("failing"),
      eb.fn.min<string | null>("created_at").as("oldest_at"),
    ])
    .executeTakeFirstOrThrow();
  const last = await db
    .selectFrom("search_outbox")
    .select("last_error")
    .where("last_error", "is not", null)
    .orderBy("next_attempt_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return {
    pending: Number(counts.pending),
    failing: Number(counts.failing ?? 0),
    oldestAt: counts.oldest_at ?? null,
    lastError: last?.last_error ?? null,
  };
}

const INDEXER_INTERVAL_MS = 5_000;
let timer: NodeJS.Timeout | undefined;
let running = false;
let settingsApplied = false;
let runTick: (() => Promise<void>) | undefined;
let again = false;

/**
 * Starts the in-process indexer: every 5 s, applies the engine's settings once (retried until it works),
 * then drains the outbox until nothing is due. Safe to call more than once.
 */
export function startSearchIndexer(getDb: () => Db, engine: () => SearchEngine = getSearchEngine, hooks: { onIndexed?: () => unknown } = {}): void {
  if (timer) return;
  const tick = async () => {
    if (running) {
      again = true; // a change committed while draining: drain once more right after
      return;
    }
    running = true;
    again = false;
    try {
      const current = engine();
      if (!settingsApplied) {
        await current.applySettings();
        settingsApplied = true;
      }
      let indexed = 0;
      for (let round = 0; round < 50; round++) {
        const batch = DEFAULT_BATCH;
        const r = await drainSearchOutbox(getDb(), current, { now: new Date(), batch });
        if (r.rows.length > 0) logJob("search outbox drained", { rows: r.rows, indexed: r.indexed, deleted: r.deleted, failed: r.failed });
        indexed += r.indexed;
        if (r.indexed + r.deleted + r.failed === 0 || r.failed > 0) break;
      }
      // What was just indexed may be a newly published RFQ: its suppliers are told now, not at the next minute.
      if (indexed > 0) hooks.onIndexed?.();
    } catch (error) {
      console.error("[search indexer]", error);
    } finally {
      running = false;
    }
    if (again) void tick();
  };
  runTick = tick;
  timer = setInterval(tick, INDEXER_INTERVAL_MS);
  timer.unref();
  void tick();
}

/** Stops the indexer and waits for a drain under way to end (graceful shutdown); what is left stays in the outbox. */
export async function stopSearchIndexer(): Promise<void> {
  if (timer) clearInterval(timer);
  timer = undefined;
  runTick = undefined;
  again = false;
  while (running) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * Asks the running indexer to drain now instead of at its next tick (called after every successful form
 * action, so what someone just saved is searchable at once). A no-op where no indexer runs (tests, scripts).
 */
export function kickSearchIndexer(): void {
  if (runTick) setImmediate(() => void runTick?.());
}
