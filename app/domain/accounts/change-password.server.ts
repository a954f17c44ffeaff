import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { hashPassword, verifyPassword } from "./passwords.server";
import { invalidateUserSessions } from "./sessions.server";

/**
 * Changes the password after checking the current one, and ends every other session of the user (this
 * device stays logged in). The user is told by notification and e-mail.
 */
export async function changePassword(
  db: Db,
  options: { userId: number; sessionId: string; currentPassword: string; newPassword: string; now: Date },
): Promise<{ endedSessions: number }> {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "password_hash"])
    .where("id", "=", options.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, options.currentPassword))) {
    throw new DomainError("error.currentPasswordWrong", 422, "currentPassword");
  }
  if (options.newPassword.trim().toLowerCase() === user.email) {
    throw new DomainError("error.passwordIsEmail", 422, "newPassword");
  }
  const passwordHash = await hashPassword(options.newPassword);
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, password_changed_at: toTimestamp(options.now) })
      .where("id", "=", user.id)
      .execute();
    const endedSessions = await invalidateUserSessions(trx, user.id, options.sessionId);
    await writeAudit(trx, {
      actorUserId: user.id,
      organizationId: null,
      entityType: "user",
      entityId: user.id,
      action: "change_password",
      detail: { endedSessions },
      now: options.now,
    });
    await notify(trx, {
      recipients: { userIds: [user.id] },
      kind: "password_changed",
      link: "/account",
      now: options.now,
    });
    return { endedSessions };
  });
}
