import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { logIn } from "../../../app/domain/accounts/log-in.server";
import { RESET_EMAILS_PER_HOUR, RESET_LINK_LIFETIME_MS, requestPasswordReset } from "../../../app/domain/accounts/request-password-reset.server";
import { findPasswordReset, resetPassword } from "../../../app/domain/accounts/reset-password.server";
import { countUserSessions, createSession } from "../../../app/domain/accounts/sessions.server";
import { createOrganizationWithOwner } from "../../support/factories";

const PUBLIC_URL = "http://localhost:3000";

async function resetLink(email: string): Promise<string | undefined> {
  const mail = await getDb().selectFrom("email_outbox").select("body_text").where("to_address", "=", email).orderBy("id", "desc").executeTakeFirst();
  return /\/reset-password\/([a-z2-7]{48})/.exec(mail?.body_text ?? "")?.[1];
}

describe("password reset by e-mail", () => {
  it("sends a single-use link (only its hash stored) that sets the password and ends every session", async () => {
    const owner = await createOrganizationWithOwner();
    const now = new Date();
    await createSession(getDb(), { userId: owner.userId, organizationId: owner.organizationId, now });
    await createSession(getDb(), { userId: owner.userId, organizationId: owner.organizationId, now });
    await requestPasswordReset(getDb(), { email: owner.email, now, publicUrl: PUBLIC_URL });
    const token = await resetLink(owner.email);
    expect(token).toBeDefined();
    const row = await getDb().selectFrom("email_tokens").selectAll().where("email", "=", owner.email).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(token);
    expect(JSON.stringify(row)).not.toContain(token!);

    expect(await findPasswordReset(getDb(), { token: token!, now })).toMatchObject({ email: owner.email });
    const { endedSessions } = await resetPassword(getDb(), { token: token!, newPassword: "Tuang-besi-cor-Ceper-77", now });
    expect(endedSessions).toBe(2);
    expect(await countUserSessions(getDb(), owner.userId)).toBe(0);
    expect((await logIn(getDb(), { email: owner.email, password: "Tuang-besi-cor-Ceper-77", ip: null, now })).ok).toBe(true);

    // Used: the link works once.
    expect(await findPasswordReset(getDb(), { token: token!, now })).toBeNull();
    await expect(resetPassword(getDb(), { token: token!, newPassword: "Lain-lagi-sandinya-88", now })).rejects.toMatchObject({ messageKey: "error.linkInvalid", status: 410 });
    const audit = await getDb().selectFrom("audit_log").select(["action", "to_state"]).where("entity_type", "=", "email_token").where("entity_id", "=", String(row.id)).orderBy("id").execute();
    expect(audit).toEqual([
      { action: "issue", to_state: "issued" },
      { action: "use", to_state: "used" },
    ]);
  });

  it("expires after an hour, and a newer link replaces the older", async () => {
    const owner = await createOrganizationWithOwner();
    const start = new Date("2026-11-20T03:00:00.000Z");
    await requestPasswordReset(getDb(), { email: owner.email, now: start, publicUrl: PUBLIC_URL });
    const first = (await resetLink(owner.email))!;
    expect(await findPasswordReset(getDb(), { token: first, now: new Date(start.getTime() + RESET_LINK_LIFETIME_MS - 1) })).not.toBeNull();
    expect(await findPasswordReset(getDb(), { token: first, now: new Date(start.getTime() + RESET_LINK_LIFETIME_MS) })).toBeNull();
    await requestPasswordReset(getDb(), { email: owner.email, now: new Date(start.getTime() + 60_000), publicUrl: PUBLIC_URL });
    const second = (await resetLink(owner.email))!;
    expect(second).not.toBe(first);
    expect(await findPasswordReset(getDb(), { token: first, now: new Date(start.getTime() + 120_000) })).toBeNull();
    expect(await findPasswordReset(getDb(), { token: second, now: new Date(start.getTime() + 120_000) })).not.toBeNull();
  });

  it("sends nothing for an unknown address, and at most 3 e-mails an hour to a known one", async () => {
    const before = await getDb().selectFrom("email_outbox").select("id").execute();
    await requestPasswordReset(getDb(), { email: "tidak-terdaftar@uji.pasok.id", now: new Date(), publicUrl: PUBLIC_URL });
    expect(await getDb().selectFrom("email_outbox").select("id").execute()).toHaveLength(before.length);

    const owner = await createOrganizationWithOwner();
    for (let i = 0; i < RESET_EMAILS_PER_HOUR + 3; i++) await requestPasswordReset(getDb(), { email: owner.email, now: new Date(), publicUrl: PUBLIC_URL });
    const sent = await getDb().selectFrom("email_outbox").select("id").where("to_address", "=", owner.email).execute();
    expect(sent).toHaveLength(RESET_EMAILS_PER_HOUR);
  });
});
