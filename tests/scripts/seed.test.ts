import { describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { logIn } from "../../app/domain/accounts/log-in.server";
import { partnershipReport } from "../../app/domain/development/partnerships.server";
import { developmentPage } from "../../app/domain/development/coached-view.server";
import { jakartaDate } from "../../app/domain/time";
import { DEMO_PASSWORD, seedDemoData } from "../../scripts/seed/seed-demo";

describe("demo data", () => {
  // Ten years of orders, each run through the use cases (BASTs, tax, payments): longer than the default on PostgreSQL.
  it("seeds the organizations of the articles once, with working logins", { timeout: 120_000 }, async () => {
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

    // Supplier development: the report's past (15 partnerships over 2016–2018 against the ministry's 15, the
    // 2019 target of 45, KBJ → TPR from January 2019) and YDBA's Tegal IKMs at different stages.
    const report = await partnershipReport(getDb(), { from: 2016, to: 2019, by: "buyer", mentorId: null });
    expect(report.spans.map((s) => [s.yearFrom, s.yearTo, s.target, s.achieved])).toEqual([
      [2016, 2018, 15, 15],
      [2019, 2019, 45, report.years.find((y) => y.year === 2019)!.count],
    ]);
    expect(report.rows.filter((r) => r.supplierName === "Koperasi Batur Jaya" && r.buyerName === "PT TPR Indonesia").map((r) => r.contractedOn.slice(0, 7))).toEqual(["2019-01"]);
    const ydba = await getDb().selectFrom("organizations").select(["id", "kind"]).where("legal_name", "=", "Yayasan Dharma Bhakti Astra").executeTakeFirstOrThrow();
    expect(ydba.kind).toBe("mentor");
    const stageOf = async (legalName: string) => {
      const org = await getDb().selectFrom("organizations").select("id").where("legal_name", "=", legalName).executeTakeFirstOrThrow();
      const page = await developmentPage(getDb(), { organizationId: org.id, today: jakartaDate(new Date()), side: "mentor", mentorId: ydba.id });
      return Object.fromEntries(page.ladder.filter((s) => s.state !== "not_started").map((s) => [s.code, s.state]));
    };
    expect(await stageOf("CV Kramat Metal Works")).toEqual({ five_r: "in_progress" });
    expect(await stageOf("CV Dampyak Machining")).toEqual({ five_r: "signed_off", quality: "in_progress" });
    expect(await stageOf("UD Logam Jaya Tegal")).toEqual({ five_r: "signed_off", quality: "signed_off" });
    expect(await stageOf("CV Takaru Presisi Teknik")).toEqual({ five_r: "signed_off", quality: "signed_off", environment: "signed_off", approved: "signed_off" });
    const relationships = await getDb()
      .selectFrom("supplier_relationships")
      .innerJoin("organizations as s", "s.id", "supplier_relationships.supplier_id")
      .innerJoin("organizations as b", "b.id", "supplier_relationships.buyer_id")
      .select(["s.legal_name as supplier", "b.legal_name as buyer", "supplier_relationships.status"])
      .orderBy("s.legal_name")
      .execute();
    expect(relationships).toEqual([
      { supplier: "CV Takaru Presisi Teknik", buyer: "PT Astra Honda Motor", status: "approved" },
      { supplier: "UD Logam Jaya Tegal", buyer: "PT Astra Honda Motor", status: "trial" },
    ]);

    const second = await seedDemoData(getDb(), { now: new Date() });
    expect(second.seeded).toBe(false);
    expect(await getDb().selectFrom("organizations").select("id").execute()).toHaveLength(orgs.length);
  });
});
