import { generateTOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { disableTwoFactor } from "../../../app/domain/accounts/disable-two-factor.server";
import { enableTwoFactor } from "../../../app/domain/accounts/enable-two-factor.server";
import { countRecoveryCodesLeft } from "../../../app/domain/accounts/regenerate-recovery-codes.server";
import { createSession } from "../../../app/domain/accounts/sessions.server";
import { MAX_SECOND_FACTOR_FAILURES, newTotpKey } from "../../../app/domain/accounts/totp.server";
import { verifySecondFactor } from "../../../app/domain/accounts/verify-second-factor.server";
import { getAuth, requireAdmin, requireUser, serializeSessionCookie, startSession } from "../../../app/http/auth.server";
import { TEST_PASSWORD, cookieFor, createOrganizationWithOwner, createTestAdmin, settle } from "../../support/factories";
import { createAdmin } from "../../../app/domain/admin/create-admin.server";

const code = (key: Uint8Array) => generateTOTP(key, 30, 6);
const wrong = (key: Uint8Array) => String((Number(code(key)) + 500_000) % 1_000_000).padStart(6, "0");

async function requestWith(token: string, path = "/rfqs") {
  const cookie = (await serializeSessionCookie(new Request("http://localhost/"), token)).split(";")[0]!;
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
}

async function userWithTwoFactor() {
  const owner = await createOrganizationWithOwner();
  const key = newTotpKey();
  const { session } = await createSession(getDb(), { userId: owner.userId, organizationId: owner.organizationId, now: new Date() });
  const { recoveryCodes } = await enableTwoFactor(getDb(), { userId: owner.userId, sessionId: session.id, key, code: code(key), now: new Date() });
  return { owner, key, recoveryCodes };
}

describe("two-factor sign-in (TOTP)", () => {
  it("is turned on only with a code that matches the key, and gives ten single-use recovery codes", async () => {
    const owner = await createOrganizationWithOwner();
    const key = newTotpKey();
    const { session } = await createSession(getDb(), { userId: owner.userId, organizationId: owner.organizationId, now: new Date() });
    await expect(enableTwoFactor(getDb(), { userId: owner.userId, sessionId: session.id, key, code: wrong(key), now: new Date() })).rejects.toMatchObject({
      messageKey: "error.totpInvalid",
      field: "code",
    });
    const { recoveryCodes } = await enableTwoFactor(getDb(), { userId: owner.userId, sessionId: session.id, key, code: code(key), now: new Date() });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await getDb().selectFrom("recovery_codes").select("code_hash").where("user_id", "=", owner.userId).execute();
    expect(stored.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);
  });

  it("a password login leaves the session waiting for the code: no access until it matches", async () => {
    const { owner, key } = await userWithTwoFactor();
    const response = await startSession(new Request("http://localhost/login"), { userId: owner.userId, organizationId: owner.organizationId, redirectTo: "/rfqs" });
    expect(response.headers.get("Location")).toBe("/login/two-factor?redirectTo=%2Frfqs");
    const token = decodeURIComponent(/pasok_session=([^;]+)/.exec(response.headers.get("Set-Cookie")!)![1]!).replace(/^"|"$/g, "");
    const waiting = await requestWith(JSON.parse(Buffer.from(token, "base64").toString()) as string);
    expect(await getAuth(waiting)).toBeNull();
    const refused = await settle(() => requireUser(waiting));
    expect(refused.location).toBe("/login/two-factor?redirectTo=%2Frfqs");

    const session = await getDb().selectFrom("sessions").select("id").where("user_id", "=", owner.userId).orderBy("created_at", "desc").executeTakeFirstOrThrow();
    await expect(verifySecondFactor(getDb(), { sessionId: session.id, userId: owner.userId, code: wrong(key), now: new Date() })).rejects.toMatchObject({ messageKey: "error.totpInvalid" });
    await verifySecondFactor(getDb(), { sessionId: session.id, userId: owner.userId, code: code(key), now: new Date() });
    const passed = await requestWith(JSON.parse(Buffer.from(token, "base64").toString()) as string);
    expect((await getAuth(passed))?.user.id).toBe(owner.userId);
  });

  it("ends the session after five wrong codes", async () => {
    const { owner, key } = await userWithTwoFactor();
    const { session } = await createSession(getDb(), { userId: owner.userId, organizationId: owner.organizationId, now: new Date() });
    for (let i = 1; i < MAX_SECOND_FACTOR_FAILURES; i++) {
      await expect(verifySecondFactor(getDb(), { sessionId: session.id, userId: owner.userId, code: wrong(key), now: new Date() })).rejects.toMatchObject({ status: 422 });
    }
    await expect(verifySecondFactor(getDb(), { sessionId: session.id, userId: owner.userId, code: wrong(key), now: new Date() })).rejects.toMatchObject({
      messageKey: "error.totpTooManyFailures",
      status: 429,
    });
    expect(await getDb().selectFrom("sessions").select("id").where("id", "=", session.id).executeTakeFirst()).toBeUndefined();
  });

  it("a recovery code passes once", async () => {
    const { owner, recoveryCodes } = await userWithTwoFactor();
    const first = await createSession(getDb(), { userId: owner.userId, organizationId: owner.organizationId, now: new Date() });
    await expect(verifySecondFactor(getDb(), { sessionId: first.session.id, userId: owner.userId, recoveryCode: recoveryCodes[3]!.toUpperCase(), now: new Date() })).resolves.toEqual({ usedRecoveryCode: true });
    expect(await countRecoveryCodesLeft(getDb(), owner.userId)).toBe(9);
    const second = await createSession(getDb(), { userId: owner.userId, organizationId: owner.organizationId, now: new Date() });
    await expect(verifySecondFactor(getDb(), { sessionId: second.session.id, userId: owner.userId, recoveryCode: recoveryCodes[3]!, now: new Date() })).rejects.toMatchObject({
      messageKey: "error.recoveryCodeInvalid",
    });
  });

  it("is turned off only with the password and a current code, and never by an admin", async () => {
    const { owner, key } = await userWithTwoFactor();
    await expect(disableTwoFactor(getDb(), { userId: owner.userId, password: "salah-sandi-99", code: code(key), now: new Date() })).rejects.toMatchObject({ messageKey: "error.passwordWrong" });
    await expect(disableTwoFactor(getDb(), { userId: owner.userId, password: TEST_PASSWORD, code: wrong(key), now: new Date() })).rejects.toMatchObject({ messageKey: "error.totpInvalid" });
    await disableTwoFactor(getDb(), { userId: owner.userId, password: TEST_PASSWORD, code: code(key), now: new Date() });
    const user = await getDb().selectFrom("users").select(["totp_key", "totp_enabled_at"]).where("id", "=", owner.userId).executeTakeFirstOrThrow();
    expect(user).toEqual({ totp_key: null, totp_enabled_at: null });

    const admin = await createTestAdmin({ email: `adm-${Math.random().toString(36).slice(2, 7)}@uji.pasok.id`, name: "Dewi Lestari", password: "rahasia-pengawas-123", now: new Date() });
    await expect(disableTwoFactor(getDb(), { userId: admin.userId, password: "rahasia-pengawas-123", code: "000000", now: new Date() })).rejects.toMatchObject({ status: 403 });
  });

  it("admins must use it: an admin without it is sent to set it up on every admin page", async () => {
    const admin = await createAdmin(getDb(), { email: `adm-${Math.random().toString(36).slice(2, 7)}@uji.pasok.id`, name: "Dewi Lestari", password: "rahasia-pengawas-123", now: new Date() });
    const cookie = await cookieFor(admin.userId, null);
    const result = await settle(() => requireAdmin(new Request("http://localhost/admin", { headers: { Cookie: cookie } })));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/account/two-factor?required=1");
  });
});
