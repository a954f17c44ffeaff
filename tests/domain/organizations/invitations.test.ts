import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { signUp } from "../../../app/domain/accounts/sign-up.server";
import { applyInvitationEvent } from "../../../app/domain/organizations/apply-invitation-event.server";
import {
  INVITATION_EVENTS,
  INVITATION_STATES,
  invitationTransitions,
} from "../../../app/domain/organizations/invitation-states";
import {
  INVITATION_LIFETIME_MS,
  createInvitation,
  findInvitationByToken,
  joinByInvitation,
  revokeInvitation,
} from "../../../app/domain/organizations/invitations.server";
import { TransitionError } from "../../../app/domain/lifecycle";
import type { InvitationStatus } from "../../../db/schema";
import { TEST_PASSWORD, createOrganizationWithOwner } from "../../support/factories";

const PUBLIC_URL = "http://localhost:3000";

async function invite(options: { role?: "owner" | "member"; now?: Date; email?: string } = {}) {
  const owner = await createOrganizationWithOwner({ kind: "buyer" });
  const now = options.now ?? new Date();
  const created = await createInvitation(getDb(), {
    organizationId: owner.organizationId,
    actorUserId: owner.userId,
    email: options.email ?? `undangan-${Math.random().toString(36).slice(2, 8)}@uji.pasok.id`,
    role: options.role ?? "member",
    now,
    publicUrl: PUBLIC_URL,
  });
  return { owner, now, ...created };
}

/** Another person with an account (and an organization of their own). */
function newUser() {
  return createOrganizationWithOwner({ name: "Rekan Baru" });
}

/** Puts an invitation straight into a state (the fixture for the exhaustive table test). */
async function invitationIn(state: InvitationStatus) {
  const { invitationId, owner } = await invite();
  if (state !== "pending") {
    await getDb().updateTable("invitations").set({ status: state }).where("id", "=", invitationId).execute();
  }
  return { invitationId, owner };
}

describe("invitation lifecycle table", () => {
  for (const state of INVITATION_STATES) {
    for (const event of INVITATION_EVENTS) {
      const to = invitationTransitions[state][event];
      it(`${state} × ${event} → ${to ?? "refused"}`, async () => {
        const { invitationId, owner } = await invitationIn(state);
        const apply = () =>
          getDb()
            .transaction()
            .execute((trx) => applyInvitationEvent(trx, { invitationId, event, actorUserId: owner.userId, now: new Date() }));
        const auditBefore = await getDb()
          .selectFrom("audit_log")
          .select("id")
          .where("entity_type", "=", "invitation")
          .where("entity_id", "=", String(invitationId))
          .execute();
        if (to) {
          await expect(apply()).resolves.toMatchObject({ from: state, to });
        } else {
          await expect(apply()).rejects.toBeInstanceOf(TransitionError);
        }
        const row = await getDb().selectFrom("invitations").select("status").where("id", "=", invitationId).executeTakeFirstOrThrow();
        expect(row.status).toBe(to ?? state);
        const auditAfter = await getDb()
          .selectFrom("audit_log")
          .select(["action", "from_state", "to_state"])
          .where("entity_type", "=", "invitation")
          .where("entity_id", "=", String(invitationId))
          .orderBy("id")
          .execute();
        expect(auditAfter.length).toBe(auditBefore.length + (to ? 1 : 0));
        if (to) expect(auditAfter.at(-1)).toEqual({ action: event, from_state: state, to_state: to });
      });
    }
  }
});

describe("invitations", () => {
  it("stores only a hash of the token and lets a new colleague join once, with the invited role", async () => {
    const email = `kolega-${Math.random().toString(36).slice(2, 8)}@uji.pasok.id`;
    const { token, owner, invitationId } = await invite({ role: "owner", email });
    const row = await getDb().selectFrom("invitations").selectAll().where("id", "=", invitationId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);

    const joined = await signUp(
      getDb(),
      { name: "Kolega", email, password: TEST_PASSWORD, invite: token },
      { locale: "en", now: new Date() },
    );
    expect(joined.organizationId).toBe(owner.organizationId);
    const membership = await getDb()
      .selectFrom("memberships")
      .select("role")
      .where("user_id", "=", joined.userId)
      .where("organization_id", "=", owner.organizationId)
      .executeTakeFirstOrThrow();
    expect(membership.role).toBe("owner");
    expect((await findInvitationByToken(getDb(), token, new Date()))?.state).toBe("accepted");

    // The owner is told, in the app.
    const notes = await getDb().selectFrom("notifications").select(["kind", "params"]).where("user_id", "=", owner.userId).execute();
    expect(notes.find((n) => n.kind === "member_joined")?.params).toContain(email);

    // Used: a second person cannot use the same link, and nothing of theirs is created.
    const usersBefore = await getDb().selectFrom("users").select("id").execute();
    await expect(
      signUp(getDb(), { name: "Orang Lain", email: "lain@uji.pasok.id", password: TEST_PASSWORD, invite: token }, { locale: "id", now: new Date() }),
    ).rejects.toMatchObject({ messageKey: "error.invitationUsed", field: "invite" });
    expect((await getDb().selectFrom("users").select("id").execute()).length).toBe(usersBefore.length);
  });

  it("expires after 7 days: one millisecond before it works, at expiry it is refused", async () => {
    const start = new Date("2026-11-01T00:00:00.000Z");
    const userA = await newUser();
    const userB = await newUser();
    const early = await invite({ now: start, email: userA.email });
    const late = await invite({ now: start, email: userB.email });
    const lastMoment = new Date(start.getTime() + INVITATION_LIFETIME_MS - 1);
    const expiry = new Date(start.getTime() + INVITATION_LIFETIME_MS);

    await expect(joinByInvitation(getDb(), { token: early.token, userId: userA.userId, now: lastMoment })).resolves.toMatchObject({
      organizationId: early.owner.organizationId,
    });
    expect((await findInvitationByToken(getDb(), late.token, expiry))?.state).toBe("expired");
    await expect(joinByInvitation(getDb(), { token: late.token, userId: userB.userId, now: expiry })).rejects.toMatchObject({
      messageKey: "error.invitationExpired",
      status: 410,
    });
  });

  it("refuses a revoked link, an unknown link and a user who is already a member", async () => {
    const user = await newUser();
    const { token, owner, invitationId } = await invite({ email: user.email });
    await revokeInvitation(getDb(), { invitationId, organizationId: owner.organizationId, actorUserId: owner.userId, now: new Date() });
    await expect(joinByInvitation(getDb(), { token, userId: user.userId, now: new Date() })).rejects.toMatchObject({
      messageKey: "error.invitationRevoked",
    });
    await expect(joinByInvitation(getDb(), { token: "tidak-ada", userId: user.userId, now: new Date() })).rejects.toMatchObject({
      messageKey: "error.invitationNotFound",
      status: 404,
    });
    const second = await createInvitation(getDb(), {
      organizationId: owner.organizationId,
      actorUserId: owner.userId,
      email: (await getDb().selectFrom("users").select("email").where("id", "=", owner.userId).executeTakeFirstOrThrow()).email,
      role: "member",
      now: new Date(),
      publicUrl: PUBLIC_URL,
    });
    await expect(joinByInvitation(getDb(), { token: second.token, userId: owner.userId, now: new Date() })).rejects.toMatchObject({
      messageKey: "error.alreadyMember",
    });
  });

  it("only owners invite and revoke, and only their own organization's invitations", async () => {
    const member = await newUser();
    const { token, owner, invitationId } = await invite({ email: member.email });
    await joinByInvitation(getDb(), { token, userId: member.userId, now: new Date() });
    await expect(
      createInvitation(getDb(), {
        organizationId: owner.organizationId,
        actorUserId: member.userId,
        email: "siapa@uji.pasok.id",
        role: "owner",
        now: new Date(),
        publicUrl: PUBLIC_URL,
      }),
    ).rejects.toMatchObject({ messageKey: "error.forbidden", status: 403 });

    const other = await invite();
    // Owner of one organization naming another organization's invitation: not found, not revoked.
    await expect(
      revokeInvitation(getDb(), {
        invitationId: other.invitationId,
        organizationId: owner.organizationId,
        actorUserId: owner.userId,
        now: new Date(),
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect((await findInvitationByToken(getDb(), other.token, new Date()))?.state).toBe("valid");
    // …and naming the other organization itself: not an owner there.
    await expect(
      revokeInvitation(getDb(), {
        invitationId: other.invitationId,
        organizationId: other.owner.organizationId,
        actorUserId: owner.userId,
        now: new Date(),
      }),
    ).rejects.toMatchObject({ status: 403 });
    expect(invitationId).toBeGreaterThan(0);
  });

  it("the invited user opening the link twice at once: exactly one membership", async () => {
    const a = await newUser();
    const { token, owner } = await invite({ email: a.email });
    const results = await Promise.allSettled([
      joinByInvitation(getDb(), { token, userId: a.userId, now: new Date() }),
      joinByInvitation(getDb(), { token, userId: a.userId, now: new Date() }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const members = await getDb().selectFrom("memberships").select("user_id").where("organization_id", "=", owner.organizationId).execute();
    expect(members).toHaveLength(2);
  });

  it("is bound to its e-mail: another signed-in user cannot accept it, and the link stays usable for the invitee", async () => {
    const invitee = await newUser();
    const stranger = await newUser();
    const { token, owner } = await invite({ role: "owner", email: invitee.email.toUpperCase() });
    await expect(joinByInvitation(getDb(), { token, userId: stranger.userId, now: new Date() })).rejects.toMatchObject({
      messageKey: "error.invitationOtherEmail",
      status: 403,
    });
    const strangerMembership = await getDb()
      .selectFrom("memberships")
      .select("id")
      .where("user_id", "=", stranger.userId)
      .where("organization_id", "=", owner.organizationId)
      .executeTakeFirst();
    expect(strangerMembership).toBeUndefined();
    expect((await findInvitationByToken(getDb(), token, new Date()))?.state).toBe("valid");
    // Signing up through the link with another address is refused too, leaving no account behind.
    await expect(
      signUp(getDb(), { name: "Orang Asing", email: "asing@uji.pasok.id", password: TEST_PASSWORD, invite: token }, { locale: "id", now: new Date() }),
    ).rejects.toMatchObject({ messageKey: "error.invitationOtherEmail" });
    expect(await getDb().selectFrom("users").select("id").where("email", "=", "asing@uji.pasok.id").executeTakeFirst()).toBeUndefined();
    await expect(joinByInvitation(getDb(), { token, userId: invitee.userId, now: new Date() })).resolves.toMatchObject({ role: "owner" });
  });
});
