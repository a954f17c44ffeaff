import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { DbOrTrx } from "../../../db/client";
import { DAY_MS, HOUR_MS, toTimestamp } from "../../clock.server";

// Sessions as Lucia's current guide builds them (the `lucia` package itself is deprecated):
// the token given to the browser is "<id>.<secret>"; only SHA-256(secret) is stored, compared in constant time.

/** A session ends after this long without a request. */
export const SESSION_INACTIVITY_TIMEOUT_MS = 10 * DAY_MS;
/** How often a request moves the session's last-verified time (and the cookie's expiry) forward. */
export const SESSION_ACTIVITY_CHECK_INTERVAL_MS = HOUR_MS;

/** 120 bits of randomness as 24 lower-case base32 characters. */
export function generateSecureRandomString(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export interface ValidSession {
  id: string;
  userId: number;
  organizationId: number | null;
  createdAt: string;
  lastVerifiedAt: string;
  /** Whether this session passed the second factor (only asked of users who turned it on). */
  twoFactorVerified: boolean;
  /** True when this validation moved the inactivity window: the cookie should be sent again. */
  fresh: boolean;
}

export async function createSession(
  db: DbOrTrx,
  options: { userId: number; organizationId: number | null; now: Date },
): Promise<{ token: string; session: ValidSession }> {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  const at = toTimestamp(options.now);
  await db
    .insertInto("sessions")
    .values({
      id,
      secret_hash: hashSecret(secret),
      user_id: options.userId,
      organization_id: options.organizationId,
      created_at: at,
      last_verified_at: at,
    })
    .execute();
  return {
    token: `${id}.${secret}`,
    session: {
      id,
      userId: options.userId,
      organizationId: options.organizationId,
      createdAt: at,
      lastVerifiedAt: at,
      twoFactorVerified: false,
      fresh: true,
    },
  };
}

/** Returns the session the token names, or null when it is malformed, unknown, forged or expired. */
export async function validateSessionToken(db: DbOrTrx, token: string, now: Date): Promise<ValidSession | null> {
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!id || !secret) return null;

  const row = await db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return null;

  const stored = new Uint8Array(row.secret_hash);
  if (!constantTimeEqual(hashSecret(secret), stored)) return null;

  const idleMs = now.getTime() - Date.parse(row.last_verified_at);
  if (idleMs >= SESSION_INACTIVITY_TIMEOUT_MS) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }

  let lastVerifiedAt = row.last_verified_at;
  let fresh = false;
  if (idleMs >= SESSION_ACTIVITY_CHECK_INTERVAL_MS) {
    lastVerifiedAt = toTimestamp(now);
    fresh = true;
    await db.updateTable("sessions").set({ last_verified_at: lastVerifiedAt }).where("id", "=", id).execute();
  }
  return {
    id: row.id,
    userId: row.user_id,
    organizationId: row.organization_id,
    createdAt: row.created_at,
    lastVerifiedAt,
    twoFactorVerified: row.two_factor_verified === 1,
    fresh,
  };
}

export async function invalidateSession(db: DbOrTrx, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** Ends every session of the user, or every one but `exceptSessionId`. Returns how many ended. */
export async function invalidateUserSessions(
  db: DbOrTrx,
  userId: number,
  exceptSessionId?: string,
): Promise<number> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptSessionId) query = query.where("id", "!=", exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function setSessionOrganization(
  db: DbOrTrx,
  options: { sessionId: string; userId: number; organizationId: number },
): Promise<boolean> {
  // Only to an organization the user belongs to: the membership is checked in the same statement.
  const result = await db
    .updateTable("sessions")
    .set({ organization_id: options.organizationId })
    .where("id", "=", options.sessionId)
    .where("user_id", "=", options.userId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("memberships")
          .select("memberships.id")
          .where("memberships.user_id", "=", options.userId)
          .where("memberships.organization_id", "=", options.organizationId),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUserSessions(db: DbOrTrx, userId: number): Promise<number> {
  const row = await db
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The session passed the user's second factor (two-factor sign-in, or turning it on from this session). */
export async function markSessionTwoFactorVerified(db: DbOrTrx, sessionId: string): Promise<void> {
  await db.updateTable("sessions").set({ two_factor_verified: 1, two_factor_failures: 0 }).where("id", "=", sessionId).execute();
}
