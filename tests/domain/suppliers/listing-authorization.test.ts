import { getSearchEngine } from "../../../app/domain/search/engine.server";
import { drainSearchOutbox } from "../../../app/domain/search/outbox.server";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { decideListing } from "../../../app/domain/suppliers/decide-listing.server";
import { action as reviewAction, loader as reviewLoader } from "../../../app/routes/admin.listings.$versionId";
import { loader as queueLoader } from "../../../app/routes/admin.listings._index";
import { action as taxonomyAction } from "../../../app/routes/admin.capabilities";
import { loader as fileLoader } from "../../../app/routes/files.$id";
import { action as editorAction, loader as editorLoader } from "../../../app/routes/supplier.listing";
import { loader as directoryLoader } from "../../../app/routes/suppliers._index";
import { loader as profileLoader } from "../../../app/routes/suppliers.$slug";
import { cookieFor, createOrganizationWithOwner, formRequest, getRequest, settle, createTestAdmin } from "../../support/factories";
import { approve, currentRevision, submitListing } from "../../support/listings";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

async function makeAdmin() {
  const email = `admin-${Math.random().toString(36).slice(2, 8)}@uji.pasok.id`;
  const { userId } = await createTestAdmin({ email, name: "Admin Uji", password: "rahasia-pengawas-123", now: new Date() });
  return { userId, cookie: await cookieFor(userId, null) };
}

async function supplier(kind: "supplier" | "cooperative" | "buyer" = "supplier") {
  const org = await createOrganizationWithOwner({ kind });
  const slug = (await getDb().selectFrom("organizations").select("slug").where("id", "=", org.organizationId).executeTakeFirstOrThrow()).slug;
  return { ...org, slug, cookie: await cookieFor(org.userId, org.organizationId) };
}

async function documentIdOf(versionId: number): Promise<number> {
  const row = await getDb().selectFrom("listing_versions").select("data").where("id", "=", versionId).executeTakeFirstOrThrow();
  return (JSON.parse(row.data) as { certificates: { fileId: number }[] }).certificates[0]!.fileId;
}

describe("who may see and change a listing", () => {
  it("supplier A reads and edits only its own listing; B's draft stays B's", async () => {
    const a = await supplier();
    const b = await supplier();
    await submitListing(b.organizationId, b.userId, { intent: "save", headlineId: "Rahasia dagang B" });

    const seenByA = await settle(() => editorLoader(args(getRequest("/supplier/listing", a.cookie))));
    expect(seenByA.status).toBe(200);
    expect(JSON.stringify(seenByA.value)).not.toContain("Rahasia dagang B");

    // A's save goes to A's own listing, whatever it sends: there is no listing id to point at B's.
    const saved = await settle(() =>
      editorAction(args(formRequest("/supplier/listing", { intent: "save", headlineId: "Milik A", listingId: "1", organizationId: String(b.organizationId) }, { cookie: a.cookie }))),
    );
    expect(saved.status).toBe(302);
    const bEditor = await settle(() => editorLoader(args(getRequest("/supplier/listing", b.cookie))));
    expect(JSON.stringify(bEditor.value)).toContain("Rahasia dagang B");
    expect(JSON.stringify(bEditor.value)).not.toContain("Milik A");
  });

  it("buyers and visitors cannot open the editor", async () => {
    const buyer = await supplier("buyer");
    expect((await settle(() => editorLoader(args(getRequest("/supplier/listing", buyer.cookie))))).status).toBe(403);
    expect((await settle(() => editorAction(args(formRequest("/supplier/listing", { intent: "save" }, { cookie: buyer.cookie }))))).status).toBe(403);
    const anonymous = await settle(() => editorLoader(args(getRequest("/supplier/listing"))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login/);
  });

  it("B's documents are served to B and admins only while the listing is not approved", async () => {
    const a = await supplier();
    const b = await supplier();
    const admin = await makeAdmin();
    const { versionId } = await submitListing(b.organizationId, b.userId);
    const fileId = String(await documentIdOf(versionId));
    const get = (cookie?: string) => settle(() => fileLoader(args(getRequest(`/files/${fileId}`, cookie), { id: fileId })));

    const own = await get(b.cookie);
    expect(own.status).toBe(200);
    expect((own.value as Response).headers.get("Content-Type")).toBe("application/pdf");
    expect((await get(admin.cookie)).status).toBe(200);
    expect((await get(a.cookie)).status).toBe(404);
    expect((await get()).status).toBe(404);

    // Once approved, the certificate document is shown to signed-in buyers and suppliers, not to anonymous visitors.
    await approve(versionId, admin.userId);
    expect((await get(a.cookie)).status).toBe(200);
    expect((await get()).status).toBe(404);
  });

  it("non-admins cannot see the queue or moderate, through the routes or the use case", async () => {
    const s = await supplier();
    const buyer = await supplier("buyer");
    const { versionId } = await submitListing(s.organizationId, s.userId);
    const revision = String(await currentRevision(versionId));
    for (const cookie of [s.cookie, buyer.cookie]) {
      expect((await settle(() => queueLoader(args(getRequest("/admin/listings", cookie))))).status).toBe(403);
      expect((await settle(() => reviewLoader(args(getRequest(`/admin/listings/${versionId}`, cookie), { versionId: String(versionId) })))).status).toBe(403);
      const decided = await settle(() =>
        reviewAction(
          args(formRequest(`/admin/listings/${versionId}`, { versionId: String(versionId), revision, event: "approve" }, { cookie }), {
            versionId: String(versionId),
          }),
        ),
      );
      expect(decided.status).toBe(403);
      expect((await settle(() => taxonomyAction(args(formRequest("/admin/capabilities", { kind: "process", code: "x_ray", labelId: "X", labelEn: "X" }, { cookie }))))).status).toBe(403);
    }
    await expect(
      decideListing(getDb(), { actor: { userId: s.userId, isAdmin: false }, versionId, revision: Number(revision), event: "approve", now: new Date() }),
    ).rejects.toMatchObject({ status: 403 });
    const row = await getDb().selectFrom("listing_versions").select("status").where("id", "=", versionId).executeTakeFirstOrThrow();
    expect(row.status).toBe("submitted");
  });

  it("an unapproved listing is 404 to the public and absent from the directory; approved, it appears; suspended, it is gone again", async () => {
    const s = await supplier();
    const admin = await makeAdmin();
    const profile = () => settle(() => profileLoader(args(getRequest(`/suppliers/${s.slug}`), { slug: s.slug })));
    // The directory reads the search index, which the outbox indexer fills after each change.
    const inDirectory = async () => {
      await drainSearchOutbox(getDb(), getSearchEngine(), { now: new Date() });
      const result = await settle(() => directoryLoader(args(getRequest("/suppliers?process=centrifugal_casting"))));
      return (result.value as { hits: { slug: string }[] }).hits.some((r) => r.slug === s.slug);
    };

    expect((await profile()).status).toBe(404);
    const { versionId } = await submitListing(s.organizationId, s.userId);
    expect((await profile()).status).toBe(404);
    expect(await inDirectory()).toBe(false);

    await approve(versionId, admin.userId);
    expect((await profile()).status).toBe(200);
    expect(await inDirectory()).toBe(true);

    await decideListing(getDb(), {
      actor: { userId: admin.userId, isAdmin: true },
      versionId,
      revision: await currentRevision(versionId),
      event: "suspend",
      reason: "Dokumen ISO dipertanyakan",
      now: new Date(),
    });
    expect((await profile()).status).toBe(404);
    expect(await inDirectory()).toBe(false);
  });

  it("editing an approved listing makes a revision; the approved version stays public until the revision is approved", async () => {
    const s = await supplier();
    const admin = await makeAdmin();
    const first = await submitListing(s.organizationId, s.userId, { headlineId: "Versi pertama" });
    await approve(first.versionId, admin.userId);

    const revision = await submitListing(s.organizationId, s.userId, { headlineId: "Versi kedua" });
    expect(revision.versionId).not.toBe(first.versionId);
    expect(revision.status).toBe("submitted");
    const publicPage = async () => JSON.stringify((await settle(() => profileLoader(args(getRequest(`/suppliers/${s.slug}`), { slug: s.slug })))).value);
    expect(await publicPage()).toContain("Versi pertama");
    expect(await publicPage()).not.toContain("Versi kedua");

    await approve(revision.versionId, admin.userId);
    expect(await publicPage()).toContain("Versi kedua");
  });

  it("an admin's decision on a listing that changed meanwhile is refused with 409 and not applied", async () => {
    const s = await supplier();
    const admin = await makeAdmin();
    const { versionId } = await submitListing(s.organizationId, s.userId);
    const seen = String(await currentRevision(versionId));
    // The supplier saves again while the admin is reading.
    await submitListing(s.organizationId, s.userId, { headlineId: "Diubah saat ditinjau" });

    const decided = await settle(() =>
      reviewAction(
        args(formRequest(`/admin/listings/${versionId}`, { versionId: String(versionId), revision: seen, event: "approve" }, { cookie: admin.cookie }), {
          versionId: String(versionId),
        }),
      ),
    );
    expect(decided.status).toBe(409);
    const row = await getDb().selectFrom("listing_versions").select("status").where("id", "=", versionId).executeTakeFirstOrThrow();
    expect(row.status).toBe("submitted");
  });

  it("every decision is an audit row the supplier reads on its page, and a notification to the supplier", async () => {
    const s = await supplier();
    const admin = await makeAdmin();
    const { versionId } = await submitListing(s.organizationId, s.userId);
    const revision = String(await currentRevision(versionId));
    const decided = await settle(() =>
      reviewAction(
        args(
          formRequest(
            `/admin/listings/${versionId}`,
            {
              versionId: String(versionId),
              revision,
              event: "request_changes",
              "comments.certificates": "Nomor sertifikat tidak terbaca",
            },
            { cookie: admin.cookie },
          ),
          { versionId: String(versionId) },
        ),
      ),
    );
    expect(decided.status).toBe(302);
    const editor = (await settle(() => editorLoader(args(getRequest("/supplier/listing", s.cookie))))).value as {
      working: { status: string; comments: Record<string, string> };
      history: { action: string; comments: Record<string, string> }[];
    };
    expect(editor.working.status).toBe("changes_requested");
    expect(editor.working.comments.certificates).toBe("Nomor sertifikat tidak terbaca");
    expect(editor.history[0]).toMatchObject({ action: "request_changes", comments: { certificates: "Nomor sertifikat tidak terbaca" } });
    const notes = await getDb().selectFrom("notifications").select("kind").where("user_id", "=", s.userId).execute();
    expect(notes.map((n) => n.kind)).toContain("listing_changes_requested");
  });

  it("request changes without any comment, or reject without a reason, is refused next to the reason field", async () => {
    const s = await supplier();
    const admin = await makeAdmin();
    const { versionId } = await submitListing(s.organizationId, s.userId);
    for (const event of ["request_changes", "reject"]) {
      const result = await settle(() =>
        reviewAction(
          args(formRequest(`/admin/listings/${versionId}`, { versionId: String(versionId), revision: "99", event }, { cookie: admin.cookie }), {
            versionId: String(versionId),
          }),
        ),
      );
      expect(result.status).toBe(400);
      expect(JSON.stringify(result.value)).toMatch(/error\.(commentRequired|reasonRequired)/);
    }
  });
});
