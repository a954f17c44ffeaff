import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { invalidateSession, markSessionTwoFactorVerified } from "./sessions.server";
import { MAX_SECOND_FACTOR_FAILURES, hashRecoveryCode, totpMatches } from "./totp.server";

type Outcome = "code" | "recovery_code" | "failed" | "ended";

/**
 * The second step of signing in: a code from the authenticator app, or one recovery code (used up). A match
 * marks the session verified; each miss is counted on the session, and the fifth ends it (back to the password).
 */
export async function verifySecondFactor(
  db: Db,
  options: { sessionId: string; userId: number; code?: string; recoveryCode?: string; now: Date },
): Promise<{ usedRecoveryCode: boolean }> {
  const user = await db.selectFrom("users").select(["id", "totp_key"]).where("id", "=", options.userId).executeTakeFirstOrThrow();
  const key = user.totp_key ? new Uint8Array(user.totp_key) : null;
  if (!key) return { usedRecoveryCode: false };

  const outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
    let matched: Outcome | null = null;
    if (options.recoveryCode) {
      const used = await trx
        .updateTable("recovery_codes")
        .set({ used_at: toTimestamp(options.now) })
        .where("user_id", "=", user.id)
        .where("code_hash", "=", hashRecoveryCode(options.recoveryCode))
        .where("used_at", "is", null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) === 1) matched = "recovery_code";
    } else if (options.code && totpMatches(key, options.code)) {
      matched = "code";
    }
    if (matched) {
      await markSessionTwoFactorVerified(trx, options.sessionId);
      await writeAudit(trx, {
        actorUserId: user.id,
        organizationId: null,
        entityType: "user",
        entityId: user.id,
        action: matched === "recovery_code" ? "second_factor_recovery_code" : "second_factor",
        now: options.now,
      });
      return matched;
    }
    const session = await trx
      .updateTable("sessions")
      .set((eb) => ({ two_factor_failures: eb("two_factor_failures", "+", 1) }))
      .where("id", "=", options.sessionId)
      .returning("two_factor_failures")
      .executeTakeFirst();
    if (!session || session.two_factor_failures >= MAX_SECOND_FACTOR_FAILURES) {
      await invalidateSession(trx, options.sessionId);
      return "ended";
    }
    return "failed";
  });

  // Refused after the transaction, so the counted miss (or the ended session) is committed.
  if (outcome === "ended") throw new DomainError("error.totpTooManyFailures", 429);
  if (outcome === "failed") {
    throw options.recoveryCode
      ? new DomainError("error.recoveryCodeInvalid", 422, "recoveryCode")
      : new DomainError("error.totpInvalid", 422, "code");
  }
  return { usedRecoveryCode: outcome === "recovery_code" };
}
