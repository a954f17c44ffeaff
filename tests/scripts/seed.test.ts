import { describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { logIn } from "../../app/domain/accounts/log-in.server";
import { DEMO_PASSWORD, seedDemoData } from "../../scripts/seed/seed-demo";

describe("demo data", () => {
  it("seeds the organizations of the articles once, with working logins", async () => {
    const first = await seedDemoData(getDb(), { now: new Date() });
    expect(first.seeded).toBe(true);
    const orgs = await getDb().selectFrom("organizations").select(["legal_name", "kind", "regency_code"]).execute();
    const names = orgs.map((o) => o.legal_name);
    expect(names).toEqual(expect.arrayContaining(["PT Kereta Api Indonesia (Persero)", "PT TPR Indonesia", "PT Astra Honda Motor", "Koperasi Batur Jaya"]));

    const kbj = await getDb().selectFrom("organizations").select("id").where("legal_name", "=", "Koperasi Batur Jaya").executeTakeFirstOrThrow();
    const members = await getDb()
      .selectFrom("cooperative_memberships")
      .innerJoin("organizations", "organizations.id", "cooperative_memberships.member_id")
      .select(["organizations.regency_code", "organizations.kind"])
      .where("cooperative_id", "=", kbj.id)
      .where("status", "=", "active")
      .execute();
    expect(members.length).toBeGreaterThanOrEqual(5);
    expect(members.every((m) => m.regency_code === "33.10" && m.kind === "supplier")).toBe(true);
    const tegal = orgs.filter((o) => o.regency_code === "33.28" && o.kind === "supplier");
    expect(tegal.length).toBeGreaterThanOrEqual(5);

    const admin = await getDb().selectFrom("users").select("is_admin").where("email", "=", "admin@demo.pasok.id").executeTakeFirstOrThrow();
    expect(admin.is_admin).toBe(1);
    for (const login of first.logins.slice(0, 3)) {
      expect((await logIn(getDb(), { email: login.email, password: DEMO_PASSWORD, ip: null, now: new Date() })).ok, login.email).toBe(true);
    }

    const second = await seedDemoData(getDb(), { now: new Date() });
    expect(second.seeded).toBe(false);
    expect(await getDb().selectFrom("organizations").select("id").execute()).toHaveLength(orgs.length);
  });
});
