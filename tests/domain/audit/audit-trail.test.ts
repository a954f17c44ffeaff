import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { runInRequest } from "../../../app/domain/audit/request-context.server";
import { auditFilterFrom, auditRowsForCsv, searchAudit, AUDIT_PAGE_SIZE } from "../../../app/domain/audit/audit-search.server";
import { writeAudit } from "../../../app/domain/audit/write-audit.server";
import { cookieFor, createOrganizationWithOwner, createTestAdmin, getRequest, settle } from "../../support/factories";

// Issue 17, the audit trail made visible: every row keeps the address of the request that wrote it, and the
// admin searches rows by organization, record, kind, action, actor and date, a page at a time, and as CSV.

type RouteModule = { loader?: (args: LoaderFunctionArgs) => Promise<unknown> };
const routes = import.meta.glob<RouteModule>("../../../app/routes/*.tsx", { eager: true });
const loaderOf = (name: string) => routes[`../../../app/routes/${name}.tsx`]!.loader!;

describe("the audit trail", () => {
  it("records the request's address, and none outside a request", async () => {
    const org = await createOrganizationWithOwner({ kind: "buyer" });
    const base = { actorUserId: org.userId, organizationId: org.organizationId, entityType: "uji_trail", entityId: "a1", action: "test", now: new Date() };
    await runInRequest({ address: "203.0.113.7" }, () => writeAudit(getDb(), base));
    await writeAudit(getDb(), { ...base, entityId: "a2" });
    const rows = await getDb().selectFrom("audit_log").select(["entity_id", "actor_address"]).where("entity_type", "=", "uji_trail").orderBy("id").execute();
    expect(rows).toEqual([
      { entity_id: "a1", actor_address: "203.0.113.7" },
      { entity_id: "a2", actor_address: null },
    ]);
  });

  it("filters by organization, record, kind, action, actor and date; pages by id; drops malformed filters", async () => {
    const a = await createOrganizationWithOwner({ kind: "buyer", legalName: "PT Jejak Audit Satu" });
    const b = await createOrganizationWithOwner({ kind: "buyer", legalName: "PT Jejak Audit Dua" });
    const write = (organizationId: number, entityId: string, action: string, at: string) =>
      writeAudit(getDb(), { actorUserId: a.userId, organizationId, entityType: "uji_filter", entityId, action, now: new Date(at) });
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) await write(a.organizationId, String(i % 3), i % 2 ? "send" : "accept", `2026-11-${String(1 + (i % 28)).padStart(2, "0")}T05:00:00.000Z`);
    await write(b.organizationId, "9", "cancel", "2026-11-15T05:00:00.000Z");

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a query builder narrowed by the caller
    const count = async (where: (q: any) => any) =>
      Number((await where(getDb().selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("entity_type", "=", "uji_filter")).executeTakeFirstOrThrow()).n);
    const all = await auditRowsForCsv(getDb(), auditFilterFrom(new URL("http://x/admin/audit?kind=uji_filter")));
    expect(all).toHaveLength(await count((q) => q));
    const byOrg = await auditRowsForCsv(getDb(), auditFilterFrom(new URL(`http://x/?kind=uji_filter&organization=${encodeURIComponent("Jejak Audit Dua")}`)));
    expect(byOrg.map((r) => r.entity_id)).toEqual(["9"]);
    const byRecord = await auditRowsForCsv(getDb(), auditFilterFrom(new URL("http://x/?kind=uji_filter&record=1&action=send")));
    expect(byRecord.length).toBe(await count((q) => q.where("entity_id", "=", "1").where("action", "=", "send")));
    const byDate = await auditRowsForCsv(getDb(), auditFilterFrom(new URL("http://x/?kind=uji_filter&from=2026-11-10&to=2026-11-12")));
    expect(byDate.length).toBe(await count((q) => q.where("created_at", ">=", "2026-11-10").where("created_at", "<", "2026-11-13")));
    expect(byDate.every((r) => r.created_at >= "2026-11-10" && r.created_at < "2026-11-13")).toBe(true);
    const byActor = await auditRowsForCsv(getDb(), auditFilterFrom(new URL(`http://x/?kind=uji_filter&actor=${encodeURIComponent(a.email)}`)));
    expect(byActor).toHaveLength(AUDIT_PAGE_SIZE + 6);

    const first = await searchAudit(getDb(), auditFilterFrom(new URL("http://x/?kind=uji_filter")));
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.next).not.toBeNull();
    const second = await searchAudit(getDb(), auditFilterFrom(new URL(`http://x/?kind=uji_filter&before=${first.next}`)));
    expect(second.rows).toHaveLength(6);
    expect(second.next).toBeNull();
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(AUDIT_PAGE_SIZE + 6);

    // Malformed filters are ignored, never an error.
    expect(auditFilterFrom(new URL("http://x/?kind=DROP%20TABLE&from=yesterday&before=-3&record=%27%3B"))).toEqual({});
  });

  it("is for platform admins only", async () => {
    const owner = await createOrganizationWithOwner({ kind: "buyer" });
    const ownerCookie = await cookieFor(owner.userId, owner.organizationId);
    const args = (path: string, cookie: string) => ({ request: getRequest(path, cookie), params: {}, context: {} });
    expect((await settle(() => loaderOf("admin.audit")(args("/admin/audit", ownerCookie)))).status).toBe(403);
    expect((await settle(() => loaderOf("admin.audit[.]csv")(args("/admin/audit.csv", ownerCookie)))).status).toBe(403);
    const admin = await createTestAdmin({ email: `audit-admin-${Date.now()}@uji.pasok.id`, name: "Admin Audit", password: "pengawas-pasar-12345", now: new Date() });
    const adminCookie = await cookieFor(admin.userId, null);
    expect((await settle(() => loaderOf("admin.audit")(args("/admin/audit?kind=uji_filter", adminCookie)))).status).toBe(200);
  });
});
