import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Transaction } from "kysely";
import type { DbOrTrx, Trx } from "../../../db/client";
import type { Database, EmailTokenPurpose, EmailTokenStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { emailTokenTransitions, type EmailTokenEvent } from "./email-token-states";
import { generateSecureRandomString } from "./sessions.server";

export function hashEmailToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Issues a single-use token for an address (240 bits; only its SHA-256 is kept) and supersedes the
 * address's earlier tokens of the same purpose. Returns the token for the link.
 */
export async function issueEmailToken(
  trx: Trx,
  options: { purpose: EmailTokenPurpose; email: string; userId: number | null; payload?: string; lifetimeMs: number; now: Date },
): Promise<string> {
  const earlier = await trx
    .selectFrom("email_tokens")
    .select("id")
    .where("email", "=", options.email)
    .where("purpose", "=", options.purpose)
    .where("status", "=", "issued")
    .execute();
  for (const row of earlier) await applyEmailTokenEvent(trx, { tokenId: row.id, event: "supersede", now: options.now });
  const token = `${generateSecureRandomString()}${generateSecureRandomString()}`;
  const { id } = await trx
    .insertInto("email_tokens")
    .values({
      purpose: options.purpose,
      email: options.email,
      user_id: options.userId,
      token_hash: hashEmailToken(token),
      payload: options.payload ?? null,
      created_at: toTimestamp(options.now),
      expires_at: toTimestamp(new Date(options.now.getTime() + options.lifetimeMs)),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actorUserId: options.userId,
    organizationId: null,
    entityType: "email_token",
    entityId: id,
    action: "issue",
    toState: "issued",
    detail: { purpose: options.purpose },
    now: options.now,
  });
  return token;
}

/** How many tokens of a purpose an address was sent since `since` (to cap e-mails per hour). */
export async function countRecentEmailTokens(
  trx: Trx,
  options: { purpose: EmailTokenPurpose; email: string; since: Date },
): Promise<number> {
  const row = await trx
    .selectFrom("email_tokens")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("email", "=", options.email)
    .where("purpose", "=", options.purpose)
    .where("created_at", ">=", toTimestamp(options.since))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UsableEmailToken {
  id: number;
  email: string;
  userId: number | null;
  payload: string | null;
}

/** The token a link carries if it can still be used (issued, of this purpose, not expired); null otherwise. */
export async function findUsableEmailToken(
  db: DbOrTrx,
  options: { token: string; purpose: EmailTokenPurpose; now: Date },
): Promise<UsableEmailToken | null> {
  if (options.token.length === 0 || options.token.length > 100) return null;
  const row = await db
    .selectFrom("email_tokens")
    .select(["id", "email", "user_id", "payload", "status", "expires_at"])
    .where("token_hash", "=", hashEmailToken(options.token))
    .where("purpose", "=", options.purpose)
    .executeTakeFirst();
  if (!row || row.status !== "issued" || toTimestamp(options.now) >= row.expires_at) return null;
  return { id: row.id, email: row.email, userId: row.user_id, payload: row.payload };
}

/**
 * The only code that changes an e-mail token's status: re-reads the row, asks the transition table,
 * updates only if the status is still the one it read, and writes an audit row.
 */
export async function applyEmailTokenEvent(
  trx: Trx,
  options: { tokenId: number; event: EmailTokenEvent; now: Date },
): Promise<{ from: EmailTokenStatus; to: EmailTokenStatus }> {
  const row = await trx
    .selectFrom("email_tokens")
    .select(["id", "status", "expires_at", "user_id", "purpose"])
    .where("id", "=", options.tokenId)
    .executeTakeFirst();
  if (!row) throw new DomainError("error.linkInvalid", 404);
  const to = nextState(emailTokenTransitions, row.status, options.event);
  if (!to) throw new TransitionError("email_token", row.status, options.event);
  if (options.event === "use" && toTimestamp(options.now) >= row.expires_at) throw new DomainError("error.linkInvalid", 410);
  const result = await trx
    .updateTable("email_tokens")
    .set({ status: to, ...(options.event === "use" ? { used_at: toTimestamp(options.now) } : {}) })
    .where("id", "=", row.id)
    .where("status", "=", row.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("email_token", row.status, options.event);
  await writeAudit(trx, {
    actorUserId: row.user_id,
    organizationId: null,
    entityType: "email_token",
    entityId: row.id,
    action: options.event,
    fromState: row.status,
    toState: to,
    detail: { purpose: row.purpose },
    now: options.now,
  });
  return { from: row.status, to };
}
