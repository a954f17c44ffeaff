import type { DbOrTrx } from "../../../db/client";
import { MINUTE_MS, addMs, toTimestamp } from "../../clock.server";

export const LOGIN_FAILURE_LIMIT = 5;
/**
 * Failures one client address may have in the window, over all accounts (password spraying). Higher than an
 * account's: a cooperative's office or a phone carrier puts many people behind one address.
 */
export const LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20;
export const LOGIN_FAILURE_WINDOW_MS = 15 * MINUTE_MS;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAt: Date };

/**
 * Refuses a login when the account has had 5 failures in the last 15 minutes, or the client address 20.
 * An account's count restarts after a successful login. The answer says when the oldest counted failure
 * leaves the window, which is when one more try becomes possible.
 */
export async function checkLoginThrottle(
  db: DbOrTrx,
  options: { email: string; ip: string | null; now: Date },
): Promise<ThrottleVerdict> {
  const since = toTimestamp(addMs(options.now, -LOGIN_FAILURE_WINDOW_MS));

  const lastSuccess = await db
    .selectFrom("login_attempts")
    .select("created_at")
    .where("email", "=", options.email)
    .where("succeeded", "=", 1)
    .where("created_at", ">=", since)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  const accountSince = lastSuccess && lastSuccess.created_at > since ? lastSuccess.created_at : since;

  const accountFailures = await db
    .selectFrom("login_attempts")
    .select("created_at")
    .where("email", "=", options.email)
    .where("succeeded", "=", 0)
    .where("created_at", ">", accountSince)
    .orderBy("created_at", "desc")
    .limit(LOGIN_FAILURE_LIMIT)
    .execute();

  const ipFailures = options.ip
    ? await db
        .selectFrom("login_attempts")
        .select("created_at")
        .where("ip", "=", options.ip)
        .where("succeeded", "=", 0)
        .where("created_at", ">", since)
        .orderBy("created_at", "desc")
        .limit(LOGIN_FAILURE_LIMIT_PER_ADDRESS)
        .execute()
    : [];

  const retryTimes = ([[accountFailures, LOGIN_FAILURE_LIMIT], [ipFailures, LOGIN_FAILURE_LIMIT_PER_ADDRESS]] as const)
    .filter(([failures, limit]) => failures.length >= limit)
    .map(([failures, limit]) => addMs(new Date(failures[limit - 1]!.created_at), LOGIN_FAILURE_WINDOW_MS));
  if (retryTimes.length === 0) return { allowed: true };
  return { allowed: false, retryAt: new Date(Math.max(...retryTimes.map((d) => d.getTime()))) };
}

export async function recordLoginAttempt(
  db: DbOrTrx,
  options: { email: string; ip: string | null; succeeded: boolean; now: Date },
): Promise<void> {
  await db
    .insertInto("login_attempts")
    .values({
      email: options.email,
      ip: options.ip,
      succeeded: options.succeeded ? 1 : 0,
      created_at: toTimestamp(options.now),
    })
    .execute();
}
