import type { Db } from "../../../db/client";
import { DomainError } from "../errors";
import { applyEmailTokenEvent, findUsableEmailToken } from "./email-tokens.server";
import type { PendingSignUp } from "./request-sign-up.server";
import { createAccount } from "./sign-up.server";

/** What the confirmation page shows before the account is made; null when the link cannot be used. */
export async function findPendingSignUp(db: Db, options: { token: string; now: Date }): Promise<PendingSignUp | null> {
  const token = await findUsableEmailToken(db, { token: options.token, purpose: "sign_up", now: options.now });
  if (!token?.payload) return null;
  return JSON.parse(token.payload) as PendingSignUp;
}

/**
 * The confirmation link was opened and its button pressed: the address is proven, so the account and its
 * organization are created from what the form held (one transaction with using the token, so a link works once).
 */
export async function confirmSignUp(db: Db, options: { token: string; now: Date }): Promise<{ userId: number; organizationId: number; locale: PendingSignUp["locale"] }> {
  return db.transaction().execute(async (trx) => {
    const token = await findUsableEmailToken(trx, { token: options.token, purpose: "sign_up", now: options.now });
    if (!token?.payload) throw new DomainError("error.linkInvalid", 410);
    await applyEmailTokenEvent(trx, { tokenId: token.id, event: "use", now: options.now });
    const { passwordHash, locale, ...input } = JSON.parse(token.payload) as PendingSignUp;
    const created = await createAccount(trx, { ...input, password: "" }, { locale, now: options.now, passwordHash });
    return { ...created, locale };
  });
}
