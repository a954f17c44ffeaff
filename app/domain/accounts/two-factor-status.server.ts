import type { DbOrTrx } from "../../../db/client";
import { countRecoveryCodesLeft } from "./regenerate-recovery-codes.server";

/** What the two-factor page shows of a user: since when it is on (null: off) and the recovery codes left. */
export async function twoFactorStatus(db: DbOrTrx, userId: number): Promise<{ enabledAt: string | null; recoveryCodesLeft: number }> {
  const user = await db.selectFrom("users").select("totp_enabled_at").where("id", "=", userId).executeTakeFirstOrThrow();
  return { enabledAt: user.totp_enabled_at, recoveryCodesLeft: user.totp_enabled_at ? await countRecoveryCodesLeft(db, userId) : 0 };
}
