import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { createAdmin } from "../../../app/domain/admin/create-admin.server";
import { COOPERATIVE_MEMBERSHIP_EVENTS, COOPERATIVE_MEMBERSHIP_STATES, cooperativeMembershipTransitions } from "../../../app/domain/cooperatives/cooperative-membership-states";
import { inviteCooperativeMember } from "../../../app/domain/cooperatives/invite-cooperative-member.server";
import { respondCooperativeMembership } from "../../../app/domain/cooperatives/respond-cooperative-membership.server";
import { drainSearchOutbox } from "../../../app/domain/search/outbox.server";
import { getSearchEngine } from "../../../app/domain/search/engine.server";
import { getSupplierProfile } from "../../../app/domain/suppliers/directory.server";
import { jakartaDate } from "../../../app/domain/time";
import { createOrganizationWithOwner } from "../../support/factories";
import { approve, submitListing } from "../../support/listings";

describe("cooperatives and their member IKMs", () => {
  it("has a transition for exactly the expected state × event pairs", () => {
    const allowed = COOPERATIVE_MEMBERSHIP_STATES.flatMap((s) =>
      COOPERATIVE_MEMBERSHIP_EVENTS.filter((e) => cooperativeMembershipTransitions[s][e]).map((e) => `${s}:${e}→${cooperativeMembershipTransitions[s][e]}`),
    );
    expect(allowed.sort()).toEqual(["active:leave→left", "declined:reinvite→invited", "invited:accept→active", "invited:decline→declined", "left:reinvite→invited"]);
  });

  it("a cooperative invites IKMs; those that accept appear on its listing with combined capacity and capabilities", async () => {
    const now = new Date();
    const db = getDb();
    const { userId: adminId } = await createAdmin(db, { email: `adm-${Math.random().toString(36).slice(2, 7)}@uji.pasok.id`, name: "A", password: "rahasia-admin-123", now });
    const coop = await createOrganizationWithOwner({ kind: "cooperative", legalName: `Koperasi Uji ${Math.random().toString(36).slice(2, 6)}` });
    const m1 = await createOrganizationWithOwner({ kind: "supplier" });
    const m2 = await createOrganizationWithOwner({ kind: "supplier" });
    const m3 = await createOrganizationWithOwner({ kind: "supplier" });
    const buyer = await createOrganizationWithOwner({ kind: "buyer" });

    for (const [member, processes, quantity] of [
      [m1, ["sand_casting"], 200],
      [m2, ["cnc_turning"], 300],
      [m3, ["forging"], 999],
    ] as const) {
      const { versionId } = await submitListing(member.organizationId, member.userId, {
        processes,
        capacities: [{ subject: "Cylinder sleeve", quantity, unit: "pcs" }],
        workforce: 10,
      });
      await approve(versionId, adminId);
    }
    const { versionId } = await submitListing(coop.organizationId, coop.userId, { processes: ["assembly"] });
    await approve(versionId, adminId);

    for (const member of [m1, m2, m3]) {
      await inviteCooperativeMember(db, { cooperativeId: coop.organizationId, memberId: member.organizationId, actorUserId: coop.userId, now });
    }
    await expect(
      inviteCooperativeMember(db, { cooperativeId: coop.organizationId, memberId: buyer.organizationId, actorUserId: coop.userId, now }),
    ).rejects.toMatchObject({ messageKey: "error.memberNotSupplier" });
    await expect(
      inviteCooperativeMember(db, { cooperativeId: coop.organizationId, memberId: m1.organizationId, actorUserId: coop.userId, now }),
    ).rejects.toMatchObject({ messageKey: "error.alreadyInvited" });
    // Only the cooperative's owner invites; a supplier cannot invite into someone else's cooperative.
    await expect(
      inviteCooperativeMember(db, { cooperativeId: coop.organizationId, memberId: m2.organizationId, actorUserId: m1.userId, now }),
    ).rejects.toMatchObject({ status: 403 });

    const invitation = (id: number) =>
      db.selectFrom("cooperative_memberships").select("id").where("member_id", "=", id).where("cooperative_id", "=", coop.organizationId).executeTakeFirstOrThrow();
    await respondCooperativeMembership(db, { memberId: m1.organizationId, membershipId: (await invitation(m1.organizationId)).id, event: "accept", actorUserId: m1.userId, now });
    await respondCooperativeMembership(db, { memberId: m2.organizationId, membershipId: (await invitation(m2.organizationId)).id, event: "accept", actorUserId: m2.userId, now });
    await respondCooperativeMembership(db, { memberId: m3.organizationId, membershipId: (await invitation(m3.organizationId)).id, event: "decline", actorUserId: m3.userId, now });
    // An IKM cannot answer another IKM's invitation.
    await expect(
      respondCooperativeMembership(db, { memberId: m1.organizationId, membershipId: (await invitation(m3.organizationId)).id, event: "accept", actorUserId: m1.userId, now }),
    ).rejects.toMatchObject({ status: 404 });

    const slug = (await db.selectFrom("organizations").select("slug").where("id", "=", coop.organizationId).executeTakeFirstOrThrow()).slug;
    const profile = await getSupplierProfile(db, slug, jakartaDate(now));
    expect(profile.members).toHaveLength(2);
    expect(profile.combined).toMatchObject({ memberCount: 2, workforce: 20, capacities: [{ unit: "pcs", quantity: 500 }] });
    expect(profile.combined?.processes.sort()).toEqual(["assembly", "cnc_turning", "sand_casting"]);
    const notes = await db.selectFrom("notifications").select("kind").where("user_id", "=", coop.userId).execute();
    expect(notes.map((n) => n.kind)).toEqual(expect.arrayContaining(["cooperative_member_accept", "cooperative_member_decline"]));
    // In the directory (the search index), the cooperative offers what its members do.
    await drainSearchOutbox(db, getSearchEngine(), { now });
    const assembly = await getSearchEngine().searchSuppliers({ q: "", filters: { process: "assembly" }, limit: 100 });
    expect(assembly.hits.map((h) => h.doc.slug)).toContain(slug);
  });
});
