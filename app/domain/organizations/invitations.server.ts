import { invitationTransitions } from "./invitation-states";
import { allows } from "../lifecycle";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Db, DbOrTrx, Trx } from "../../../db/client";
import type { MembershipRole } from "../../../db/schema";
import { DAY_MS, addMs, toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { generateSecureRandomString } from "../accounts/sessions.server";
import { DomainError } from "../errors";
import { TransitionError } from "../lifecycle";
import { notify, queueEmail } from "../notifications/notify.server";
import { applyInvitationEvent } from "./apply-invitation-event.server";
import { requireOwnerMembership } from "./memberships.server";

export const INVITATION_LIFETIME_MS = 7 * DAY_MS;

export function hashInvitationToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function invitationPath(token: string): string {
  return `/invite/${token}`;
}

/** An owner invites a colleague; returns the one-time token (only its hash is stored). */
export async function createInvitation(
  db: Db,
  options: {
    organizationId: number;
    actorUserId: number;
    /** The address the invitation is for: only a user signed in with it can accept. */
    email: string;
    role: MembershipRole;
    now: Date;
    publicUrl: string;
  },
): Promise<{ token: string; invitationId: number; expiresAt: string }> {
  const token = `${generateSecureRandomString()}${generateSecureRandomString()}`;
  return db.transaction().execute(async (trx) => {
    const organization = await requireOwnerMembership(trx, options.actorUserId, options.organizationId);
    const expiresAt = toTimestamp(addMs(options.now, INVITATION_LIFETIME_MS));
    const { id } = await trx
      .insertInto("invitations")
      .values({
        organization_id: options.organizationId,
        email: options.email.trim().toLowerCase(),
        role: options.role,
        token_hash: hashInvitationToken(token),
        created_by_user_id: options.actorUserId,
        created_at: toTimestamp(options.now),
        expires_at: expiresAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.organizationId,
      entityType: "invitation",
      entityId: id,
      action: "create",
      toState: "pending",
      detail: { email: options.email ?? null, role: options.role },
      now: options.now,
    });
    if (options.email) {
      const link = new URL(invitationPath(token), options.publicUrl).toString();
      await queueEmail(trx, {
        to: options.email,
        locale: "id",
        kind: "invitation",
        params: { organization: organization.legal_name, link },
        now: options.now,
      });
    }
    return { token, invitationId: id, expiresAt };
  });
}

export type InvitationView = {
  id: number;
  organizationId: number;
  organizationName: string;
  organizationKind: string;
  role: MembershipRole;
  email: string | null;
  expiresAt: string;
  state: "valid" | "expired" | "accepted" | "revoked";
};

/** What the invitation link shows: the organization, and whether the link can still be used. */
export async function findInvitationByToken(db: DbOrTrx, token: string, now: Date): Promise<InvitationView | null> {
  const row = await db
    .selectFrom("invitations")
    .innerJoin("organizations", "organizations.id", "invitations.organization_id")
    .select([
      "invitations.id",
      "invitations.organization_id",
      "invitations.role",
      "invitations.email",
      "invitations.status",
      "invitations.expires_at",
      "organizations.legal_name",
      "organizations.kind",
    ])
    .where("invitations.token_hash", "=", hashInvitationToken(token))
    .executeTakeFirst();
  if (!row) return null;
  const state =
    row.status === "accepted"
      ? "accepted"
      : row.status === "revoked"
        ? "revoked"
        : toTimestamp(now) >= row.expires_at
          ? "expired"
          : "valid";
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.legal_name,
    organizationKind: row.kind,
    role: row.role,
    email: row.email,
    expiresAt: row.expires_at,
    state,
  };
}

const unusableMessage = {
  expired: "error.invitationExpired",
  accepted: "error.invitationUsed",
  revoked: "error.invitationRevoked",
} as const;

/**
 * Uses an invitation for a user, inside the caller's transaction: the invitation becomes accepted, the
 * user a member with the invited role, and the organization's owners are told. Refuses an unknown, expired,
 * used or revoked link.
 */
export async function acceptInvitation(
  trx: Trx,
  options: { token: string; userId: number; now: Date },
): Promise<{ organizationId: number; role: MembershipRole }> {
  const invitation = await findInvitationByToken(trx, options.token, options.now);
  if (!invitation) throw new DomainError("error.invitationNotFound", 404, "invite");
  if (invitation.state !== "valid") throw new DomainError(unusableMessage[invitation.state], 410, "invite");
  // An invitation is for one e-mail address: only the user with that address may use it.
  if (!invitation.email) throw new DomainError("error.invitationNoEmail", 410, "invite");
  const invitee = await trx.selectFrom("users").select("email").where("id", "=", options.userId).executeTakeFirstOrThrow();
  if (invitee.email.toLowerCase() !== invitation.email.toLowerCase()) throw new DomainError("error.invitationOtherEmail", 403, "invite");

  const existing = await trx
    .selectFrom("memberships")
    .select("id")
    .where("organization_id", "=", invitation.organizationId)
    .where("user_id", "=", options.userId)
    .executeTakeFirst();
  if (existing) throw new DomainError("error.alreadyMember", 409, "invite");

  try {
    await applyInvitationEvent(trx, {
      invitationId: invitation.id,
      event: "accept",
      actorUserId: options.userId,
      now: options.now,
    });
  } catch (error) {
    // Another request used the link between our read and our write.
    if (error instanceof TransitionError) throw new DomainError("error.invitationUsed", 410, "invite");
    throw error;
  }
  const { id } = await trx
    .insertInto("memberships")
    .values({
      organization_id: invitation.organizationId,
      user_id: options.userId,
      role: invitation.role,
      created_at: toTimestamp(options.now),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actorUserId: options.userId,
    organizationId: invitation.organizationId,
    entityType: "membership",
    entityId: id,
    action: "join",
    detail: { role: invitation.role, invitationId: invitation.id },
    now: options.now,
  });
  const user = await trx.selectFrom("users").select(["name", "email"]).where("id", "=", options.userId).executeTakeFirstOrThrow();
  await notify(trx, {
    recipients: { organizationId: invitation.organizationId, role: "owner" },
    kind: "member_joined",
    params: { name: user.name, email: user.email },
    link: "/organization",
    organizationId: invitation.organizationId,
    now: options.now,
  });
  return { organizationId: invitation.organizationId, role: invitation.role };
}

/** An existing user joins the inviting organization (its own transaction). */
export async function joinByInvitation(
  db: Db,
  options: { token: string; userId: number; now: Date },
): Promise<{ organizationId: number; role: MembershipRole }> {
  return db.transaction().execute((trx) => acceptInvitation(trx, options));
}

/** An owner withdraws a pending invitation of their own organization. */
export async function revokeInvitation(
  db: Db,
  options: { invitationId: number; organizationId: number; actorUserId: number; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireOwnerMembership(trx, options.actorUserId, options.organizationId);
    // Scoped by organization: another organization's invitation id is "not found", not revoked.
    const invitation = await trx
      .selectFrom("invitations")
      .select("id")
      .where("id", "=", options.invitationId)
      .where("organization_id", "=", options.organizationId)
      .executeTakeFirst();
    if (!invitation) throw new DomainError("error.invitationNotFound", 404);
    try {
      await applyInvitationEvent(trx, {
        invitationId: invitation.id,
        event: "revoke",
        actorUserId: options.actorUserId,
        now: options.now,
      });
    } catch (error) {
      if (error instanceof TransitionError) throw new DomainError("error.invitationNotPending", 409);
      throw error;
    }
  });
}

/**
 * An organization's latest invitations, each with what it shows ("expired" for a pending one past its expiry,
 * which is not a stored state) and whether the owner may still revoke it (the table's `revoke`, until expiry).
 */
export async function listInvitations(db: DbOrTrx, organizationId: number, now: Date) {
  const rows = await db
    .selectFrom("invitations")
    .select(["id", "email", "role", "status", "created_at", "expires_at", "accepted_at"])
    .where("organization_id", "=", organizationId)
    .orderBy("id", "desc")
    .limit(50)
    .execute();
  const at = toTimestamp(now);
  return rows.map((row) => {
    const expired = row.status === "pending" && row.expires_at <= at;
    return { ...row, shown: expired ? ("expired" as const) : row.status, canRevoke: !expired && allows(invitationTransitions, row.status, "revoke") };
  });
}
