import type { Transaction } from "kysely";
import type { Db } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { markSessionTwoFactorVerified } from "./sessions.server";
import { hashRecoveryCode, newRecoveryCodes, totpMatches } from "./totp.server";

/**
 * Turns on two-factor sign-in: the code must match the key the setup page showed (so the app really holds
 * it). The key is stored, this session counts as verified, and ten recovery codes are made and returned
 * once (only their hashes are kept).
 */
export async function enableTwoFactor(
  db: Db,
  options: { userId: number; sessionId: string; key: Uint8Array; code: string; now: Date },
): Promise<{ recoveryCodes: string[] }> {
  if (!totpMatches(options.key, options.code)) throw new DomainError("error.totpInvalid", 422, "code");
  return db.transaction().execute(async (trx) => {
    const recoveryCodes = await storeTwoFactorKey(trx, { userId: options.userId, key: options.key, now: options.now });
    await markSessionTwoFactorVerified(trx, options.sessionId);
    return { recoveryCodes };
  });
}

/**
 * Keeps the key, makes ten recovery codes and audits it, for a user who has none yet. Called by
 * enableTwoFactor, and by the demo seed for the demo admin (whose key the README prints).
 */
export async function storeTwoFactorKey(trx: Transaction<Database>, options: { userId: number; key: Uint8Array; now: Date }): Promise<string[]> {
  const result = await trx
    .updateTable("users")
    .set({ totp_key: options.key, totp_enabled_at: toTimestamp(options.now) })
    .where("id", "=", options.userId)
    .where("totp_enabled_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new DomainError("error.twoFactorAlreadyOn", 409);
  const recoveryCodes = await replaceRecoveryCodes(trx, options.userId, options.now);
  await writeAudit(trx, {
    actorUserId: options.userId,
    organizationId: null,
    entityType: "user",
    entityId: options.userId,
    action: "enable_two_factor",
    now: options.now,
  });
  return recoveryCodes;
}

/** Replaces the user's recovery codes with ten new ones (the old stop working); returns them once. */
export async function replaceRecoveryCodes(trx: Transaction<Database>, userId: number, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await trx
    .insertInto("recovery_codes")
    .values(codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(code), created_at: toTimestamp(now) })))
    .execute();
  return codes;
}
