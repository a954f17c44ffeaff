import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { applyEmailTokenEvent, findUsableEmailToken } from "./email-tokens.server";
import { hashPassword } from "./passwords.server";
import { invalidateUserSessions } from "./sessions.server";

/** The account a reset link is for, or null when the link cannot be used (shown before the form). */
export async function findPasswordReset(db: Db, options: { token: string; now: Date }) {
  const token = await findUsableEmailToken(db, { token: options.token, purpose: "password_reset", now: options.now });
  if (!token?.userId) return null;
  const user = await db.selectFrom("users").select(["id", "email", "name"]).where("id", "=", token.userId).executeTakeFirst();
  return user ?? null;
}

/**
 * Sets a new password through a reset link: the link is used up, every session of the user ends (on every
 * device), and the user is told. One transaction, so a link changes the password once.
 */
export async function resetPassword(db: Db, options: { token: string; newPassword: string; now: Date }): Promise<{ userId: number; endedSessions: number }> {
  const passwordHash = await hashPassword(options.newPassword);
  return db.transaction().execute(async (trx) => {
    const token = await findUsableEmailToken(trx, { token: options.token, purpose: "password_reset", now: options.now });
    if (!token?.userId) throw new DomainError("error.linkInvalid", 410);
    await applyEmailTokenEvent(trx, { tokenId: token.id, event: "use", now: options.now });
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, password_changed_at: toTimestamp(options.now) })
      .where("id", "=", token.userId)
      .execute();
    const endedSessions = await invalidateUserSessions(trx, token.userId);
    await writeAudit(trx, {
      actorUserId: token.userId,
      organizationId: null,
      entityType: "user",
      entityId: token.userId,
      action: "reset_password",
      detail: { endedSessions },
      now: options.now,
    });
    await notify(trx, { recipients: { userIds: [token.userId] }, kind: "password_changed", link: "/account", now: options.now });
    return { userId: token.userId, endedSessions };
  });
}
