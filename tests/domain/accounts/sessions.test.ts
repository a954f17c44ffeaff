import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../../../app/db.server";
import {
  SESSION_ACTIVITY_CHECK_INTERVAL_MS,
  SESSION_INACTIVITY_TIMEOUT_MS,
  createSession,
  hashSecret,
  invalidateUserSessions,
  validateSessionToken,
} from "../../../app/domain/accounts/sessions.server";
import { changePassword } from "../../../app/domain/accounts/change-password.server";
import { TEST_PASSWORD, createOrganizationWithOwner } from "../../support/factories";

afterEach(() => vi.useRealTimers());

describe("session tokens", () => {
  it("gives the browser <id>.<secret> and stores only the SHA-256 of the secret", async () => {
    const { userId, organizationId } = await createOrganizationWithOwner();
    const { token, session } = await createSession(getDb(), { userId, organizationId, now: new Date() });
    const [id, secret] = token.split(".");
    expect(id).toMatch(/^[a-z2-7]{24}$/);
    expect(secret).toMatch(/^[a-z2-7]{24}$/);
    expect(session.id).toBe(id);

    const row = await getDb().selectFrom("sessions").selectAll().where("id", "=", id!).executeTakeFirstOrThrow();
    expect(Buffer.from(row.secret_hash)).toEqual(Buffer.from(hashSecret(secret!)));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("accepts its own token and refuses a forged secret, an unknown id and malformed tokens", async () => {
    const { userId, organizationId } = await createOrganizationWithOwner();
    const now = new Date();
    const { token } = await createSession(getDb(), { userId, organizationId, now });
    const [id, secret] = token.split(".") as [string, string];

    expect((await validateSessionToken(getDb(), token, now))?.userId).toBe(userId);
    const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`;
    expect(await validateSessionToken(getDb(), forged, now)).toBeNull();
    expect(await validateSessionToken(getDb(), `zzzzzzzzzzzzzzzzzzzzzzzz.${secret}`, now)).toBeNull();
    for (const bad of ["", id, `${id}.`, `.${secret}`, `${token}.extra`]) {
      expect(await validateSessionToken(getDb(), bad, now)).toBeNull();
    }
  });

  it("ends a session after the inactivity timeout and deletes it", async () => {
    const { userId, organizationId } = await createOrganizationWithOwner();
    const start = new Date("2026-11-01T00:00:00.000Z");
    const { token, session } = await createSession(getDb(), { userId, organizationId, now: start });

    const justBefore = new Date(start.getTime() + SESSION_INACTIVITY_TIMEOUT_MS - 1);
    expect(await validateSessionToken(getDb(), token, justBefore)).not.toBeNull();
    // That use moved the window: the session now lives until justBefore + timeout.
    const afterMovedWindow = new Date(justBefore.getTime() + SESSION_INACTIVITY_TIMEOUT_MS - 1);
    expect(await validateSessionToken(getDb(), token, afterMovedWindow)).not.toBeNull();

    const idle = new Date(afterMovedWindow.getTime() + SESSION_INACTIVITY_TIMEOUT_MS);
    expect(await validateSessionToken(getDb(), token, idle)).toBeNull();
    const gone = await getDb().selectFrom("sessions").select("id").where("id", "=", session.id).executeTakeFirst();
    expect(gone).toBeUndefined();
  });

  it("moves last-verified only once per activity interval and says when it did", async () => {
    const { userId, organizationId } = await createOrganizationWithOwner();
    const start = new Date("2026-11-01T00:00:00.000Z");
    const { token } = await createSession(getDb(), { userId, organizationId, now: start });
    const soon = await validateSessionToken(getDb(), token, new Date(start.getTime() + 1000));
    expect(soon?.fresh).toBe(false);
    expect(soon?.lastVerifiedAt).toBe(start.toISOString());
    const later = new Date(start.getTime() + SESSION_ACTIVITY_CHECK_INTERVAL_MS);
    const refreshed = await validateSessionToken(getDb(), token, later);
    expect(refreshed?.fresh).toBe(true);
    expect(refreshed?.lastVerifiedAt).toBe(later.toISOString());
  });

  it("logs out everywhere, or everywhere but here", async () => {
    const { userId, organizationId } = await createOrganizationWithOwner();
    const now = new Date();
    const a = await createSession(getDb(), { userId, organizationId, now });
    const b = await createSession(getDb(), { userId, organizationId, now });
    const c = await createSession(getDb(), { userId, organizationId, now });
    expect(await invalidateUserSessions(getDb(), userId, a.session.id)).toBe(2);
    expect(await validateSessionToken(getDb(), a.token, now)).not.toBeNull();
    expect(await validateSessionToken(getDb(), b.token, now)).toBeNull();
    expect(await invalidateUserSessions(getDb(), userId)).toBe(1);
    expect(await validateSessionToken(getDb(), a.token, now)).toBeNull();
    expect(await validateSessionToken(getDb(), c.token, now)).toBeNull();
  });

  it("changing the password ends the other sessions, keeps this one, and notifies the user", async () => {
    const { userId, organizationId } = await createOrganizationWithOwner();
    const now = new Date();
    const here = await createSession(getDb(), { userId, organizationId, now });
    const phone = await createSession(getDb(), { userId, organizationId, now });

    await expect(
      changePassword(getDb(), { userId, sessionId: here.session.id, currentPassword: "salah-sekali-123", newPassword: "baru-sekali-456", now }),
    ).rejects.toMatchObject({ messageKey: "error.currentPasswordWrong", field: "currentPassword" });
    expect(await validateSessionToken(getDb(), phone.token, now)).not.toBeNull();

    const { endedSessions } = await changePassword(getDb(), {
      userId,
      sessionId: here.session.id,
      currentPassword: TEST_PASSWORD,
      newPassword: "baru-sekali-456",
      now,
    });
    expect(endedSessions).toBe(1);
    expect(await validateSessionToken(getDb(), here.token, now)).not.toBeNull();
    expect(await validateSessionToken(getDb(), phone.token, now)).toBeNull();
    const kinds = await getDb().selectFrom("notifications").select("kind").where("user_id", "=", userId).execute();
    expect(kinds.map((k) => k.kind)).toContain("password_changed");
  });
});
