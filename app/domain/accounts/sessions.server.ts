import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Kysely, Selectable } from "kysely";
import { compiledOnce } from "../../../db/compiled";
import { parseJsonColumn, sqlFor } from "../../../db/dialect";
import type { DbOrTrx } from "../../../db/client";
import type { Database, MembershipRole, OrganizationKind, SessionsTable } from "../../../db/schema";
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
/** Splits "<id>.<secret>", or null for anything else. */
function splitToken(token: string): { id: string; secret: string } | null {
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  // Both halves are lower-case base32: anything else (a forged or mangled cookie) is not a session.
  return /^[a-z0-9]{1,64}$/.test(id) && /^[a-z0-9]{1,64}$/.test(secret) ? { id, secret } : null;
}

type SessionRow = Pick<Selectable<SessionsTable>, "id" | "user_id" | "organization_id" | "secret_hash" | "created_at" | "last_verified_at" | "two_factor_verified">;

/**
 * Checks a stored session against the token's secret and the inactivity window: null (and the row deleted)
 * when it is wrong or idle too long; otherwise the session, its last-verified time moved on once an hour.
 */
async function checkSession(db: DbOrTrx, row: SessionRow, secret: string, now: Date): Promise<ValidSession | null> {
  const stored = new Uint8Array(row.secret_hash);
  if (!constantTimeEqual(hashSecret(secret), stored)) return null;

  const idleMs = now.getTime() - Date.parse(row.last_verified_at);
  if (idleMs >= SESSION_INACTIVITY_TIMEOUT_MS) {
    await db.deleteFrom("sessions").where("id", "=", row.id).execute();
    return null;
  }

  let lastVerifiedAt = row.last_verified_at;
  let fresh = false;
  if (idleMs >= SESSION_ACTIVITY_CHECK_INTERVAL_MS) {
    lastVerifiedAt = toTimestamp(now);
    fresh = true;
    await db.updateTable("sessions").set({ last_verified_at: lastVerifiedAt }).where("id", "=", row.id).execute();
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

export async function validateSessionToken(db: DbOrTrx, token: string, now: Date): Promise<ValidSession | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await db.selectFrom("sessions").selectAll().where("id", "=", parts.id).executeTakeFirst();
  return row ? checkSession(db, row, parts.secret, now) : null;
}

/** The session context's one statement, compiled once (it runs on every request). */
const sessionContextRow = compiledOnce((db: Kysely<Database>, sessionId: string) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id",
      "sessions.user_id",
      "sessions.organization_id",
      "sessions.secret_hash",
      "sessions.created_at",
      "sessions.last_verified_at",
      "sessions.two_factor_verified",
      "users.email",
      "users.name",
      "users.locale",
      "users.is_admin",
      "users.totp_enabled_at",
    ])
    .select((eb) => [
      eb
        .selectFrom("notifications")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("notifications.user_id", "=", "users.id")
        .where("notifications.read_at", "is", null)
        .as("unread_count"),
      sqlFor(db).jsonArrayFrom(
        eb
          .selectFrom("memberships")
          .innerJoin("organizations", "organizations.id", "memberships.organization_id")
          .select(["organizations.id", "organizations.slug", "organizations.legal_name", "organizations.kind", "organizations.buys", "memberships.role"])
          .whereRef("memberships.user_id", "=", "users.id")
          .orderBy("memberships.id"),
      ).as("memberships"),
    ])
    .where("sessions.id", "=", sessionId),
);

/**
 * What every page needs about its visitor, in one statement: the session, its user, the user's organizations
 * (oldest membership first) and the number of unread notifications. Null when the token is not a live session.
 */
export async function readSessionContext(db: DbOrTrx, token: string, now: Date) {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await sessionContextRow(db, parts.id);
  if (!row) return null;
  const session = await checkSession(db, row, parts.secret, now);
  if (!session) return null;
  const memberships = parseJsonColumn<{ id: number; slug: string; legal_name: string; kind: OrganizationKind; buys: number; role: MembershipRole }[]>(row.memberships);
  return {
    session,
    user: { id: row.user_id, email: row.email, name: row.name, locale: row.locale, is_admin: row.is_admin, totp_enabled_at: row.totp_enabled_at },
    memberships,
    unreadCount: Number(row.unread_count ?? 0),
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
