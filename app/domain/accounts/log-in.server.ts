import type { Db } from "../../../db/client";
import { writeAudit } from "../audit/write-audit.server";
import { checkLoginThrottle, recordLoginAttempt } from "./login-throttle.server";
import { verifyAgainstDummy, verifyPassword } from "./passwords.server";

export type LogInResult =
  | { ok: true; userId: number; organizationId: number | null }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * Checks an e-mail and password. Refused while throttled (5 failures in 15 minutes for the account or the
 * client address), without checking the password at all. An unknown e-mail costs as much as a wrong password
 * and gives the same answer.
 */
export async function logIn(
  db: Db,
  options: { email: string; password: string; ip: string | null; now: Date },
): Promise<LogInResult> {
  const verdict = await checkLoginThrottle(db, options);
  if (!verdict.allowed) return { ok: false, reason: "throttled", retryAt: verdict.retryAt };

  const user = await db
    .selectFrom("users")
    .select(["id", "password_hash"])
    .where("email", "=", options.email)
    // An API key's integration user never signs in (issue 21).
    .where("kind", "=", "person")
    .executeTakeFirst();
  const valid = user ? await verifyPassword(user.password_hash, options.password) : await verifyAgainstDummy(options.password);

  await recordLoginAttempt(db, { email: options.email, ip: options.ip, succeeded: valid, now: options.now });
  if (!user || !valid) return { ok: false, reason: "invalid" };

  const firstMembership = await db
    .selectFrom("memberships")
    .select("organization_id")
    .where("user_id", "=", user.id)
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  await writeAudit(db, {
    actorUserId: user.id,
    organizationId: null,
    entityType: "user",
    entityId: user.id,
    action: "log_in",
    detail: { ip: options.ip },
    now: options.now,
  });
  return { ok: true, userId: user.id, organizationId: firstMembership?.organization_id ?? null };
}
