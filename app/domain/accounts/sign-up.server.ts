import type { Transaction } from "kysely";
import type { Db, DbOrTrx } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import type { Locale } from "../../i18n/i18n";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { acceptInvitation } from "../organizations/invitations.server";
import { createOrganization } from "../organizations/create-organization.server";
import { hashPassword } from "./passwords.server";
import type { SignUpByInvitationInput, SignUpWithOrganizationInput } from "./schemas";

export type SignUpInput = SignUpWithOrganizationInput | SignUpByInvitationInput;

/**
 * Creates a user and either a new organization (the user becomes its owner) or a membership through an
 * invitation link. One transaction: a refusal (e-mail taken, bad region, unusable invitation) leaves nothing.
 */
export async function signUp(
  db: Db,
  input: SignUpInput,
  options: { locale: Locale; now: Date },
): Promise<{ userId: number; organizationId: number }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute((trx) => createAccount(trx, input, { ...options, passwordHash }));
}

/** The account, its organization or membership, inside the caller's transaction (`input.password` is not read). */
export async function createAccount(
  trx: Transaction<Database>,
  input: SignUpInput,
  options: { locale: Locale; now: Date; passwordHash: string },
): Promise<{ userId: number; organizationId: number }> {
  const { passwordHash } = options;
  await assertEmailFree(trx, input.email);
  const { id: userId } = await trx
    .insertInto("users")
    .values({
      email: input.email,
      name: input.name,
      password_hash: passwordHash,
      locale: options.locale,
      created_at: toTimestamp(options.now),
      password_changed_at: toTimestamp(options.now),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actorUserId: userId,
    organizationId: null,
    entityType: "user",
    entityId: userId,
    action: "sign_up",
    now: options.now,
  });

  if ("invite" in input) {
    const { organizationId } = await acceptInvitation(trx, { token: input.invite, userId, now: options.now });
    return { userId, organizationId };
  }

  const organizationId = await createOrganization(trx, {
    ownerUserId: userId,
    kind: input.kind,
    buys: input.kind === "buyer" || input.buys === "on",
    legalName: input.legalName,
    nib: input.nib,
    npwp: input.npwp,
    address: input.address,
    provinceCode: input.provinceCode,
    regencyCode: input.regencyCode,
    phone: input.phone,
    website: input.website ?? null,
    now: options.now,
  });
  await notify(trx, {
    recipients: { userIds: [userId] },
    kind: "welcome",
    params: { name: input.name, organization: input.legalName },
    link: "/organization",
    organizationId,
    now: options.now,
    email: false,
  });
  return { userId, organizationId };
}

async function assertEmailFree(db: DbOrTrx, email: string): Promise<void> {
  const taken = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  if (taken) throw new DomainError("error.emailTaken", 409, "email");
}
