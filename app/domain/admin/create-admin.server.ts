import { z } from "zod";
import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { emailSchema, PASSWORD_MIN_LENGTH } from "../accounts/schemas";
import { hashPassword } from "../accounts/passwords.server";
import { passwordWeakness } from "../accounts/password-strength.server";
import { translateError } from "../../i18n/i18n";
import { writeAudit } from "../audit/write-audit.server";

const AdminSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1, "name is required"),
    password: z.string().min(PASSWORD_MIN_LENGTH, `password needs at least ${PASSWORD_MIN_LENGTH} characters`),
  })
  .refine((v) => v.password.toLowerCase() !== v.email, { message: "password may not be the e-mail", path: ["password"] });

/**
 * Platform admins exist only through this (called by `npm run admin:create` and the demo seed):
 * creates the user with the admin flag, or sets the flag on an existing user (keeping their password).
 */
export async function createAdmin(
  db: Db,
  input: { email: string; name: string; password: string; now: Date },
): Promise<{ created: boolean; email: string; userId: number }> {
  const parsed = AdminSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const { email, name, password } = parsed.data;
  const weakness = passwordWeakness(password, { email, name }, "en");
  if (weakness) throw new Error(`password: ${translateError("en", weakness)}`);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    let userId: number;
    if (existing) {
      userId = existing.id;
      await trx.updateTable("users").set({ is_admin: 1 }).where("id", "=", userId).execute();
    } else {
      userId = (
        await trx
          .insertInto("users")
          .values({ email, name, password_hash: passwordHash, is_admin: 1, created_at: toTimestamp(input.now) })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    }
    await writeAudit(trx, {
      actorUserId: null,
      organizationId: null,
      entityType: "user",
      entityId: userId,
      action: "grant_admin",
      detail: { created: !existing },
      now: input.now,
    });
    return { created: !existing, email, userId };
  });
}
