import type { Db } from "../../../db/client";
import { HOUR_MS } from "../../clock.server";
import { queueEmail } from "../notifications/notify.server";
import { countRecentEmailTokens, issueEmailToken } from "./email-tokens.server";

export const RESET_LINK_LIFETIME_MS = HOUR_MS;
/** Reset e-mails one address can be sent per hour. */
export const RESET_EMAILS_PER_HOUR = 3;

/**
 * "Forgot password": a registered address is sent a single-use link valid for an hour (a newer link replaces
 * the older). The caller answers the same whether or not the address is registered.
 */
export async function requestPasswordReset(db: Db, options: { email: string; now: Date; publicUrl: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "email", "locale"]).where("email", "=", options.email).where("kind", "=", "person").executeTakeFirst();
    if (!user) return;
    const recent = await countRecentEmailTokens(trx, {
      purpose: "password_reset",
      email: user.email,
      since: new Date(options.now.getTime() - HOUR_MS),
    });
    if (recent >= RESET_EMAILS_PER_HOUR) return;
    const token = await issueEmailToken(trx, {
      purpose: "password_reset",
      email: user.email,
      userId: user.id,
      lifetimeMs: RESET_LINK_LIFETIME_MS,
      now: options.now,
    });
    await queueEmail(trx, {
      to: user.email,
      locale: user.locale,
      kind: "password_reset",
      params: { link: new URL(`/reset-password/${token}`, options.publicUrl).toString() },
      now: options.now,
      essential: true,
    });
  });
}
