import type { Db } from "../../../db/client";
import { HOUR_MS } from "../../clock.server";
import type { Locale } from "../../i18n/i18n";
import { queueEmail } from "../notifications/notify.server";
import { assertRegion } from "../organizations/create-organization.server";
import { countRecentEmailTokens, issueEmailToken } from "./email-tokens.server";
import { hashPassword } from "./passwords.server";
import type { SignUpWithOrganizationInput } from "./schemas";

export const SIGN_UP_LINK_LIFETIME_MS = 24 * HOUR_MS;
/** Confirmation e-mails one address can be sent per hour; past it the answer is the same, but nothing is sent. */
export const SIGN_UP_EMAILS_PER_HOUR = 5;

/** What a pending sign-up keeps until its link is opened: the form, with the password only as its hash. */
export type PendingSignUp = Omit<SignUpWithOrganizationInput, "password"> & { passwordHash: string; locale: Locale };

/**
 * Someone signs up a new organization. The answer never says whether the address is registered: a new
 * address gets a confirmation link (the account is created when it is opened, confirmSignUp), a
 * registered one an e-mail to its owner saying so (with the login and reset links). Both cost one argon2 hash.
 */
export async function requestSignUp(
  db: Db,
  input: SignUpWithOrganizationInput,
  options: { locale: Locale; now: Date; publicUrl: string },
): Promise<void> {
  const url = (path: string) => new URL(path, options.publicUrl).toString();
  // What can be checked before the e-mail goes out is checked now, so the form can say so next to its field.
  await assertRegion(input.provinceCode, input.regencyCode);
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    const recent = await countRecentEmailTokens(trx, {
      purpose: "sign_up",
      email: input.email,
      since: new Date(options.now.getTime() - HOUR_MS),
    });
    if (recent >= SIGN_UP_EMAILS_PER_HOUR) return;
    const existing = await trx.selectFrom("users").select(["id", "locale"]).where("email", "=", input.email).executeTakeFirst();
    if (existing) {
      // Counted like a link, so the owner's inbox cannot be flooded either.
      await issueEmailToken(trx, { purpose: "sign_up", email: input.email, userId: existing.id, lifetimeMs: 0, now: options.now });
      await queueEmail(trx, {
        to: input.email,
        locale: existing.locale,
        kind: "sign_up_existing",
        params: { login: url("/login"), forgot: url("/forgot-password") },
        now: options.now,
        essential: true,
      });
      return;
    }
    const { password: _password, ...rest } = input;
    const pending: PendingSignUp = { ...rest, passwordHash, locale: options.locale };
    const token = await issueEmailToken(trx, {
      purpose: "sign_up",
      email: input.email,
      userId: null,
      payload: JSON.stringify(pending),
      lifetimeMs: SIGN_UP_LINK_LIFETIME_MS,
      now: options.now,
    });
    await queueEmail(trx, {
      to: input.email,
      locale: options.locale,
      kind: "sign_up_confirm",
      params: { organization: input.legalName, link: url(`/signup/confirm/${token}`) },
      now: options.now,
      essential: true,
    });
  });
}
