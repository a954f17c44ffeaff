import type { Db, DbOrTrx } from "../../../db/client";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { replaceRecoveryCodes } from "./enable-two-factor.server";
import { totpMatches } from "./totp.server";

/** Ten new recovery codes for a user with two-factor sign-in on (a current code required); the old ones stop working. */
export async function regenerateRecoveryCodes(db: Db, options: { userId: number; code: string; now: Date }): Promise<{ recoveryCodes: string[] }> {
  const user = await db.selectFrom("users").select(["id", "totp_key"]).where("id", "=", options.userId).executeTakeFirstOrThrow();
  if (!user.totp_key || !totpMatches(new Uint8Array(user.totp_key), options.code)) throw new DomainError("error.totpInvalid", 422, "code");
  return db.transaction().execute(async (trx) => {
    const recoveryCodes = await replaceRecoveryCodes(trx, user.id, options.now);
    await writeAudit(trx, { actorUserId: user.id, organizationId: null, entityType: "user", entityId: user.id, action: "regenerate_recovery_codes", now: options.now });
    return { recoveryCodes };
  });
}

/** How many unused recovery codes the user has left. */
export async function countRecoveryCodesLeft(db: DbOrTrx, userId: number): Promise<number> {
  const row = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
