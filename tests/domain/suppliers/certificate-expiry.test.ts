import { describe, expect, it } from "vitest";
import { DAY_MS, addMs } from "../../../app/clock.server";
import { getDb } from "../../../app/db.server";
import { createAdmin } from "../../../app/domain/admin/create-admin.server";
import { drainSearchOutbox } from "../../../app/domain/search/outbox.server";
import { getSearchEngine } from "../../../app/domain/search/engine.server";
import { getSupplierProfile } from "../../../app/domain/suppliers/directory.server";
import { jakartaDate } from "../../../app/domain/time";
import { warnExpiringCertificates } from "../../../app/domain/suppliers/warn-expiring-certificates.server";
import { runDailyJobs } from "../../../app/jobs/daily.server";
import { createOrganizationWithOwner } from "../../support/factories";
import { approve, pdfFile, submitListing } from "../../support/listings";

const NOW = new Date("2026-11-22T02:00:00.000Z");
const day = (offset: number) => jakartaDate(addMs(NOW, offset * DAY_MS));
const cert = (number: string, validUntil: string, typeCode = "iso9001") => ({
  typeCode,
  number,
  issuer: "PT Sucofindo",
  validFrom: "2023-01-01",
  validUntil,
  file: pdfFile(`${number}.pdf`),
});

async function approvedSupplier(certificates: ReturnType<typeof cert>[]) {
  const org = await createOrganizationWithOwner({ kind: "supplier" });
  const { userId: adminId } = await createAdmin(getDb(), {
    email: `admin-${Math.random().toString(36).slice(2, 8)}@uji.pasok.id`,
    name: "Admin",
    password: "rahasia-pengawas-123",
    now: NOW,
  });
  const { versionId } = await submitListing(org.organizationId, org.userId, { certificates });
  await approve(versionId, adminId);
  const slug = (await getDb().selectFrom("organizations").select("slug").where("id", "=", org.organizationId).executeTakeFirstOrThrow()).slug;
  return { ...org, slug };
}

const warnings = (userId: number) =>
  getDb().selectFrom("notifications").select(["kind", "params"]).where("user_id", "=", userId).where("kind", "=", "certificate_expiring").execute();

describe("certificate expiry", () => {
  it("warns once, 30 days ahead, for each certificate of a public listing; running the job again sends nothing new", async () => {
    const s = await approvedSupplier([cert("SOON-10", day(10)), cert("EDGE-30", day(30), "iso14001"), cert("LATER-40", day(40), "smk3"), cert("GONE", day(-1), "sni")]);

    const first = await warnExpiringCertificates(getDb(), { now: NOW });
    expect(first).toBeGreaterThanOrEqual(2);
    const sent = await warnings(s.userId);
    expect(sent).toHaveLength(2);
    expect(sent.map((n) => JSON.parse(n.params).certificate).sort()).toEqual([expect.stringContaining("EDGE-30"), expect.stringContaining("SOON-10")]);

    expect(await warnExpiringCertificates(getDb(), { now: NOW })).toBe(0);
    expect((await runDailyJobs(getDb(), addMs(NOW, 3 * DAY_MS))).certificateWarnings).toBe(0);
    expect(await warnings(s.userId)).toHaveLength(2);

    // Ten days later the 40-day certificate enters the window and is warned about, once.
    await warnExpiringCertificates(getDb(), { now: addMs(NOW, 10 * DAY_MS) });
    expect(await warnings(s.userId)).toHaveLength(3);
  });

  it("an expired certificate is shown marked expired and does not count for the directory filter", async () => {
    const s = await approvedSupplier([cert("OLD-ISO", day(-5)), cert("SMK3-OK", day(200), "smk3")]);
    const profile = await getSupplierProfile(getDb(), s.slug, day(0));
    expect(profile.certificates.map((c) => [c.number, c.state])).toEqual([
      ["OLD-ISO", "expired"],
      ["SMK3-OK", "valid"],
    ]);
    // The directory (the search index) counts only the valid certificate.
    await drainSearchOutbox(getDb(), getSearchEngine(), { now: new Date() });
    const withCertificate = async (certificate: string) =>
      (await getSearchEngine().searchSuppliers({ q: "", filters: { certificate }, limit: 100 })).hits.map((h) => h.doc);
    expect((await withCertificate("iso9001")).map((d) => d.slug)).not.toContain(s.slug);
    const withSmk3 = await withCertificate("smk3");
    expect(withSmk3.map((d) => d.slug)).toContain(s.slug);
    expect(withSmk3.find((d) => d.slug === s.slug)?.certificates).toEqual(["smk3"]);
  });
});
