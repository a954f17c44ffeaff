import { sha256 } from "@oslojs/crypto/sha2";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../db/client";
import { toTimestamp } from "../clock.server";
import { config } from "../config.server";
import { ApiProblem } from "./problem";

// The conventions every API v1 operation shares: the per-key rate limit (RateLimit-Policy / RateLimit headers,
// draft-ietf-httpapi-ratelimit-headers), Idempotency-Key on POST (Stripe's semantics), ETags, cursor pages.

const WINDOW_SECONDS = 60;

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

/**
 * Counts this request against the key's window of the current minute (one row per key and minute in the
 * database, so every server shares the count) and says whether it is allowed.
 */
export async function checkRateLimit(db: Db, keyId: number, now: Date): Promise<RateLimitVerdict> {
  const limit = config().API_RATE_LIMIT_PER_MINUTE;
  const startMs = Math.floor(now.getTime() / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000;
  const windowStart = toTimestamp(new Date(startMs));
  const row = await db
    .insertInto("api_rate_windows")
    .values({ api_key_id: keyId, window_start: windowStart, count: 1 })
    .onConflict((oc) => oc.columns(["api_key_id", "window_start"]).doUpdateSet({ count: sql`api_rate_windows.count + 1` }))
    .returning("count")
    .executeTakeFirstOrThrow();
  const used = Number(row.count);
  const reset = Math.max(1, Math.ceil((startMs + WINDOW_SECONDS * 1000 - now.getTime()) / 1000));
  const remaining = Math.max(0, limit - used);
  const headers: Record<string, string> = {
    "RateLimit-Policy": `"per-key";q=${limit};w=${WINDOW_SECONDS}`,
    RateLimit: `"per-key";r=${remaining};t=${reset}`,
  };
  if (used > limit) headers["Retry-After"] = String(reset);
  return { allowed: used <= limit, headers };
}

/** Windows older than an hour are no longer read: the daily job removes them. */
export async function purgeApiBookkeeping(db: Db, now: Date): Promise<void> {
  await db.deleteFrom("api_rate_windows").where("window_start", "<", toTimestamp(new Date(now.getTime() - 3_600_000))).execute();
  await db.deleteFrom("api_idempotency").where("created_at", "<", toTimestamp(new Date(now.getTime() - IDEMPOTENCY_TTL_MS))).execute();
}

// ---- Idempotency-Key ----

/** A stored first answer is replayed for 24 hours (Stripe's window). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function requestHash(method: string, path: string, body: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(`${method}\n${path}\n${body}`)));
}

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyClaim = { kind: "new"; id: number } | { kind: "replay"; answer: StoredAnswer };

/**
 * Claims an Idempotency-Key for this key's request: the first claim stores a row (answered later by `settle`);
 * a later request with the same key gets the stored answer back, a different request with it a 422, and one
 * made while the first is still running a 409.
 */
export async function claimIdempotencyKey(db: Db, options: { keyId: number; idempotencyKey: string; hash: string; now: Date }): Promise<IdempotencyClaim> {
  if (!IDEMPOTENCY_KEY.test(options.idempotencyKey)) throw new ApiProblem(400, "error.idempotencyKey");
  const since = toTimestamp(new Date(options.now.getTime() - IDEMPOTENCY_TTL_MS));
  // An expired claim is forgotten: the key may be used afresh.
  await db.deleteFrom("api_idempotency").where("api_key_id", "=", options.keyId).where("idempotency_key", "=", options.idempotencyKey).where("created_at", "<", since).execute();
  const inserted = await db
    .insertInto("api_idempotency")
    .values({ api_key_id: options.keyId, idempotency_key: options.idempotencyKey, request_hash: options.hash, created_at: toTimestamp(options.now) })
    .onConflict((oc) => oc.columns(["api_key_id", "idempotency_key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return { kind: "new", id: inserted.id };
  const existing = await db
    .selectFrom("api_idempotency")
    .select(["request_hash", "status_code", "response_headers", "response_body"])
    .where("api_key_id", "=", options.keyId)
    .where("idempotency_key", "=", options.idempotencyKey)
    .executeTakeFirst();
  if (!existing) throw new ApiProblem(409, "error.idempotencyInProgress");
  if (existing.request_hash !== options.hash) throw new ApiProblem(422, "error.idempotencyMismatch");
  if (existing.status_code === null) throw new ApiProblem(409, "error.idempotencyInProgress");
  return {
    kind: "replay",
    answer: { status: existing.status_code, headers: JSON.parse(existing.response_headers ?? "{}") as Record<string, string>, body: existing.response_body ?? "" },
  };
}

/** Stores the first answer of a claimed key; an answer the client could not have caused (5xx) frees the key instead. */
export async function settleIdempotencyKey(db: Db, id: number, answer: StoredAnswer): Promise<void> {
  if (answer.status >= 500) {
    await db.deleteFrom("api_idempotency").where("id", "=", id).execute();
    return;
  }
  await db
    .updateTable("api_idempotency")
    .set({ status_code: answer.status, response_headers: JSON.stringify(answer.headers), response_body: answer.body })
    .where("id", "=", id)
    .execute();
}

// ---- ETags ----

/** A strong ETag of a document's version (what changes whenever the document does). */
export function etagOf(kind: string, id: number, version: string): string {
  return `"${kind}-${id}-${encodeHexLowerCase(sha256(new TextEncoder().encode(version))).slice(0, 16)}"`;
}

/** Whether an If-Match header names this ETag (a list, or "*"). */
export function ifMatchAccepts(header: string, etag: string): boolean {
  return header
    .split(",")
    .map((t) => t.trim())
    .some((t) => t === "*" || t === etag || t === `W/${etag}`);
}

// ---- Cursor pages ----

export const PAGE_LIMIT_MAX = 100;

/** `limit` and `cursor` of a list operation's query. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number({ error: "error.number" }).int("error.wholeNumber").min(1, "error.invalid").max(PAGE_LIMIT_MAX, "error.tooLarge").default(25),
  cursor: z.string().max(200, "error.cursor").optional(),
});

type CursorField = "before" | "offset";

function encode(field: CursorField, value: number): string {
  return encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify({ [field]: value })));
}

function decode(field: CursorField, cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(cursor)));
    const n = (value as Record<string, unknown>)[field];
    if (typeof n === "number" && Number.isSafeInteger(n) && n > 0) return n;
  } catch {
    // falls through
  }
  throw new ApiProblem(400, "error.cursor", [{ pointer: "/cursor", messageKey: "error.cursor" }]);
}

/** The cursor after a row: an opaque string naming the last id seen (lists run newest first, by id). */
export function encodeCursor(lastId: number): string {
  return encode("before", lastId);
}

/** The id a cursor continues before; a cursor that is not one of ours is a 400. */
export function decodeCursor(cursor: string | undefined): number | null {
  return decode("before", cursor);
}

/** A page of a list in another order (a supplier's feed, soonest deadline first): the cursor is a position. */
export function pageAt<T>(rows: readonly T[], cursor: string | undefined, limit: number): { rows: T[]; nextCursor: string | null } {
  const offset = decode("offset", cursor) ?? 0;
  const page = rows.slice(offset, offset + limit);
  return { rows: page, nextCursor: offset + limit < rows.length ? encode("offset", offset + limit) : null };
}

/** One page of rows fetched with limit + 1: the rows and the cursor of the next page (null on the last). */
export function pageOf<T extends { id: number }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, nextCursor: more ? encodeCursor(page[page.length - 1]!.id) : null };
}
