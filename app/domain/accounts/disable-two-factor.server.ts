import type { Db } from "../../../db/client";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { verifyPassword } from "./passwords.server";
import { totpMatches } from "./totp.server";

/** Turns two-factor sign-in off, with the password and a current code; admins may not (they must use it). */
export async function disableTwoFactor(db: Db, options: { userId: number; password: string; code: string; now: Date }): Promise<void> {
  const user = await db
    .selectFrom("users")
    .select(["id", "password_hash", "totp_key", "is_admin"])
    .where("id", "=", options.userId)
    .executeTakeFirstOrThrow();
  if (user.is_admin === 1) throw new DomainError("twoFactor.adminCannotDisable", 403);
  if (!user.totp_key) return;
  if (!(await verifyPassword(user.password_hash, options.password))) throw new DomainError("error.passwordWrong", 422, "password");
  if (!totpMatches(new Uint8Array(user.totp_key), options.code)) throw new DomainError("error.totpInvalid", 422, "code");
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ totp_key: null, totp_enabled_at: null }).where("id", "=", user.id).execute();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", user.id).execute();
    await writeAudit(trx, { actorUserId: user.id, organizationId: null, entityType: "user", entityId: user.id, action: "disable_two_factor", now: options.now });
  });
}
