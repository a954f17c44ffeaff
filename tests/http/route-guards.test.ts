import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { createInvitation, joinByInvitation } from "../../app/domain/organizations/invitations.server";
import { notify } from "../../app/domain/notifications/notify.server";
import { cookieFor, createOrganizationWithOwner, formRequest, getRequest, settle, createTestAdmin } from "../support/factories";

type RouteModule = {
  action?: ((args: ActionFunctionArgs) => Promise<unknown>) & { sameOriginChecked?: true };
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
};
const routes = import.meta.glob<RouteModule>("../../app/routes/*.tsx", { eager: true });
const route = (name: string) => {
  const module = routes[`../../app/routes/${name}.tsx`];
  if (!module) throw new Error(`no route ${name}`);
  return module;
};
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

async function ownerAndMember() {
  const owner = await createOrganizationWithOwner({ kind: "buyer" });
  const member = await createOrganizationWithOwner();
  const { token } = await createInvitation(getDb(), {
    organizationId: owner.organizationId,
    actorUserId: owner.userId,
    email: member.email,
    role: "member",
    now: new Date(),
    publicUrl: "http://localhost",
  });
  await joinByInvitation(getDb(), { token, userId: member.userId, now: new Date() });
  return {
    owner,
    member,
    ownerCookie: await cookieFor(owner.userId, owner.organizationId),
    memberCookie: await cookieFor(member.userId, owner.organizationId),
  };
}

describe("every route action refuses cross-site requests", () => {
  const withActions = Object.entries(routes).filter(([, m]) => typeof m.action === "function");

  it("finds the route actions", () => {
    expect(withActions.length).toBeGreaterThanOrEqual(7);
  });

  for (const [file, module] of withActions) {
    it(`${file.replace("../../app/routes/", "")} is defined through defineAction and answers 403`, async () => {
      expect(module.action!.sameOriginChecked).toBe(true);
      const crossSite: Record<string, string>[] = [
        { "Sec-Fetch-Site": "cross-site" },
        { "Sec-Fetch-Site": "same-site" },
        { Origin: "https://evil.example" },
      ];
      for (const headers of crossSite) {
        const request = new Request("http://localhost/x", {
          method: "POST",
          body: new URLSearchParams({ locale: "en" }),
          headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
        });
        const result = await settle(() => module.action!(args(request, { token: "x" })));
        expect(result.status).toBe(403);
      }
    });
  }
});

describe("guards", () => {
  it("sends anonymous visitors of member pages to the login page, coming back afterwards", async () => {
    for (const name of ["organization", "account", "notifications", "admin._index"]) {
      const result = await settle(() => route(name).loader!(args(getRequest(`/${name}?tab=1`))));
      expect(result.status, name).toBe(302);
      expect(result.location).toBe(`/login?redirectTo=${encodeURIComponent(`/${name}?tab=1`)}`);
    }
  });

  it("keeps /admin for platform admins", async () => {
    const { ownerCookie } = await ownerAndMember();
    expect((await settle(() => route("admin._index").loader!(args(getRequest("/admin", ownerCookie))))).status).toBe(403);
    const admin = await createTestAdmin({
      email: `admin-${Date.now()}@uji.pasok.id`,
      name: "Admin Uji",
      password: "pengawas-pasar-12345",
      now: new Date(),
    });
    const adminCookie = await cookieFor(admin.userId, null);
    const result = await settle(() => route("admin._index").loader!(args(getRequest("/admin", adminCookie))));
    expect(result.status).toBe(200);
  });

  it("lets a member see the organization but not invite, revoke or edit (owner only)", async () => {
    const { owner, ownerCookie, memberCookie } = await ownerAndMember();
    const view = await settle(() => route("organization").loader!(args(getRequest("/organization", memberCookie))));
    expect(view.status).toBe(200);
    expect(view.value).toMatchObject({ isOwner: false, invitations: [] });

    const invite = await settle(() =>
      route("organization").action!(args(formRequest("/organization", { intent: "invite", role: "owner", email: "baru@uji.pasok.id" }, { cookie: memberCookie }))),
    );
    expect(invite.status).toBe(403);
    const invitationsAfter = await getDb().selectFrom("invitations").select("id").where("organization_id", "=", owner.organizationId).execute();
    expect(invitationsAfter).toHaveLength(1);

    const asOwner = await settle(() =>
      route("organization").action!(args(formRequest("/organization", { intent: "invite", role: "member", email: "baru@uji.pasok.id" }, { cookie: ownerCookie }))),
    );
    expect(asOwner.status).toBe(200);
    expect(asOwner.value).toMatchObject({ link: expect.stringMatching(/^http:\/\/localhost\/invite\/[a-z2-7]{48}$/) });
  });

  it("scopes by organization: another organization's invitation id is not found, and stays pending", async () => {
    const a = await ownerAndMember();
    const b = await ownerAndMember();
    const bInvitation = await createInvitation(getDb(), {
      organizationId: b.owner.organizationId,
      actorUserId: b.owner.userId,
      email: "calon@uji.pasok.id",
      role: "member",
      now: new Date(),
      publicUrl: "http://localhost",
    });
    const result = await settle(() =>
      route("organization").action!(
        args(formRequest("/organization", { intent: "revoke", invitationId: String(bInvitation.invitationId) }, { cookie: a.ownerCookie })),
      ),
    );
    expect(result.status).toBe(404);
    const row = await getDb().selectFrom("invitations").select("status").where("id", "=", bInvitation.invitationId).executeTakeFirstOrThrow();
    expect(row.status).toBe("pending");
  });

  it("switches only to organizations the user belongs to", async () => {
    const { member, memberCookie } = await ownerAndMember();
    const stranger = await createOrganizationWithOwner();
    const refused = await settle(() =>
      route("organization.switch").action!(
        args(formRequest("/organization/switch", { organizationId: String(stranger.organizationId) }, { cookie: memberCookie })),
      ),
    );
    expect(refused.status).toBe(403);
    const allowed = await settle(() =>
      route("organization.switch").action!(
        args(formRequest("/organization/switch", { organizationId: String(member.organizationId), redirectTo: "/organization" }, { cookie: memberCookie })),
      ),
    );
    expect(allowed.status).toBe(302);
    const view = await settle(() => route("organization").loader!(args(getRequest("/organization", memberCookie))));
    expect(view.value).toMatchObject({ profile: { id: member.organizationId }, isOwner: true });
  });

  it("marks only the user's own notifications read", async () => {
    const a = await createOrganizationWithOwner();
    const b = await createOrganizationWithOwner();
    await notify(getDb(), { recipients: { userIds: [b.userId] }, kind: "welcome", params: { organization: "X" }, now: new Date() });
    const bNote = await getDb().selectFrom("notifications").select("id").where("user_id", "=", b.userId).orderBy("id", "desc").executeTakeFirstOrThrow();
    const aCookie = await cookieFor(a.userId, a.organizationId);
    await settle(() => route("notifications").action!(args(formRequest("/notifications", { id: String(bNote.id) }, { cookie: aCookie }))));
    await settle(() => route("notifications").action!(args(formRequest("/notifications", { intent: "all" }, { cookie: aCookie }))));
    const after = await getDb().selectFrom("notifications").select("read_at").where("id", "=", bNote.id).executeTakeFirstOrThrow();
    expect(after.read_at).toBeNull();

    const bCookie = await cookieFor(b.userId, b.organizationId);
    const root = await import("../../app/root");
    const before = await settle(() => root.loader(args(getRequest("/", bCookie))));
    expect(before.value).toMatchObject({ unreadCount: 2 });
    await settle(() => route("notifications").action!(args(formRequest("/notifications", { id: String(bNote.id) }, { cookie: bCookie }))));
    const later = await settle(() => root.loader(args(getRequest("/", bCookie))));
    expect(later.value).toMatchObject({ unreadCount: 1 });
  });
});
