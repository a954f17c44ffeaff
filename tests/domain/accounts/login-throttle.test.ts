import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { logIn } from "../../../app/domain/accounts/log-in.server";
import { LOGIN_FAILURE_LIMIT_PER_ADDRESS, LOGIN_FAILURE_WINDOW_MS } from "../../../app/domain/accounts/login-throttle.server";
import { TEST_PASSWORD, createOrganizationWithOwner } from "../../support/factories";

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

describe("login throttling", () => {
  it("refuses the 6th try after 5 failures in 15 minutes, even with the right password, and says until when", async () => {
    const { email } = await createOrganizationWithOwner();
    const start = new Date("2026-11-22T03:00:00.000Z");
    for (let i = 0; i < 5; i++) {
      const result = await logIn(getDb(), { email, password: "salah-terus-123", ip: null, now: at(start, i * 60) });
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const blocked = await logIn(getDb(), { email, password: TEST_PASSWORD, ip: null, now: at(start, 300) });
    expect(blocked.ok).toBe(false);
    if (blocked.ok || blocked.reason !== "throttled") throw new Error("expected throttled");
    // The oldest of the five counted failures leaves the window 15 minutes after it happened.
    expect(blocked.retryAt.toISOString()).toBe(new Date(start.getTime() + LOGIN_FAILURE_WINDOW_MS).toISOString());

    const oneSecondEarly = await logIn(getDb(), { email, password: TEST_PASSWORD, ip: null, now: at(start, 15 * 60 - 1) });
    expect(oneSecondEarly).toMatchObject({ ok: false, reason: "throttled" });
    const onTime = await logIn(getDb(), { email, password: TEST_PASSWORD, ip: null, now: at(start, 15 * 60) });
    expect(onTime.ok).toBe(true);
  });

  it("counts failures per account: four failures then a success start the count again", async () => {
    const { email } = await createOrganizationWithOwner();
    const start = new Date("2026-11-22T04:00:00.000Z");
    for (let i = 0; i < 4; i++) await logIn(getDb(), { email, password: "salah-123456", ip: null, now: at(start, i) });
    expect((await logIn(getDb(), { email, password: TEST_PASSWORD, ip: null, now: at(start, 10) })).ok).toBe(true);
    for (let i = 0; i < 4; i++) await logIn(getDb(), { email, password: "salah-123456", ip: null, now: at(start, 20 + i) });
    expect((await logIn(getDb(), { email, password: TEST_PASSWORD, ip: null, now: at(start, 30) })).ok).toBe(true);
  });

  it("counts failures per client address across accounts (20 in the window)", async () => {
    const victim = await createOrganizationWithOwner();
    const start = new Date("2026-11-22T05:00:00.000Z");
    for (let i = 0; i < LOGIN_FAILURE_LIMIT_PER_ADDRESS - 1; i++) {
      await logIn(getDb(), { email: `coba${i}@contoh.id`, password: "salah-123456", ip: "203.0.113.7", now: at(start, i) });
    }
    // One under the limit: a shared office address still works.
    expect((await logIn(getDb(), { email: victim.email, password: TEST_PASSWORD, ip: "203.0.113.7", now: at(start, 9) })).ok).toBe(true);
    for (let i = 0; i < 1; i++) {
      await logIn(getDb(), { email: `tebak${i}@contoh.id`, password: "salah-123456", ip: "203.0.113.7", now: at(start, i) });
    }
    const fromSameIp = await logIn(getDb(), { email: victim.email, password: TEST_PASSWORD, ip: "203.0.113.7", now: at(start, 10) });
    expect(fromSameIp).toMatchObject({ ok: false, reason: "throttled" });
    const fromElsewhere = await logIn(getDb(), { email: victim.email, password: TEST_PASSWORD, ip: "198.51.100.4", now: at(start, 10) });
    expect(fromElsewhere.ok).toBe(true);
  });

  it("answers an unknown e-mail exactly like a wrong password", async () => {
    const result = await logIn(getDb(), { email: "tidak-ada@contoh.id", password: "apa-saja-123", ip: null, now: new Date() });
    expect(result).toEqual({ ok: false, reason: "invalid" });
  });
});
