import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Db, DbOrTrx, Trx } from "../../../db/client";
import type { ApiKeyStatus, MembershipRole, OrganizationKind } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, allowedEvents, nextState } from "../lifecycle";
import { requireOwnerMembership } from "../organizations/memberships.server";
import { jakartaDateAt, shiftDate } from "../time";
import { apiKeyTransitions, type ApiKeyEvent } from "./api-key-states";
import type { CreateApiKeyInput } from "./schemas";
import { isApiScope, type ApiScope } from "./scopes";

// API keys (issue 21). A key is "psk_<public id>_<secret>": the public id finds the row, the secret's SHA-256 is
// compared in constant time. The secret has 160 random bits, so one unsalted hash is enough (as for sessions:
// nothing to guess, nothing to crack). Each key acts as its own integration user, a member of the organization
// with the role the owner chose, so the domain's membership checks and the audit log treat it as a named member.

const TOKEN = /^psk_([a-z2-7]{16})_([a-z2-7]{32})$/;
/** Last-used time and address are written at most this often per key (not on every request). */
const LAST_USED_EVERY_MS = 60_000;

function random(bytes: number): string {
  const value = new Uint8Array(bytes);
  crypto.getRandomValues(value);
  return encodeBase32LowerCaseNoPadding(value);
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export interface CreatedApiKey {
  id: number;
  /** The whole key, to show once. */
  token: string;
}

/** An owner creates a key for the organization: its integration member, its scopes, its optional last day. */
export async function createApiKey(
  db: Db,
  options: { organizationId: number; actorUserId: number; input: CreateApiKeyInput; now: Date },
): Promise<CreatedApiKey> {
  const { input, now } = options;
  const expiresAt = input.expiresOn ? jakartaDateAt(shiftDate(input.expiresOn, 1), "00:00") : null;
  if (expiresAt && expiresAt <= now) throw new DomainError("error.dateInPast", 422, "expiresOn");
  const publicId = random(10);
  const secret = random(20);
  const at = toTimestamp(now);
  return db.transaction().execute(async (trx) => {
    await requireOwnerMembership(trx, options.actorUserId, options.organizationId);
    const { id: userId } = await trx
      .insertInto("users")
      .values({
        email: `key-${publicId}@integrations.pasok.invalid`,
        name: input.name,
        // Never a password: integration users cannot sign in (log-in and password reset look at people only).
        password_hash: "!",
        kind: "integration",
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("memberships").values({ organization_id: options.organizationId, user_id: userId, role: input.role as MembershipRole, created_at: at }).execute();
    const { id } = await trx
      .insertInto("api_keys")
      .values({
        organization_id: options.organizationId,
        user_id: userId,
        name: input.name,
        public_id: publicId,
        secret_hash: encodeHexLowerCase(hashSecret(secret)),
        scopes: JSON.stringify([...new Set(input.scopes)].filter(isApiScope)),
        status: "active",
        expires_at: expiresAt ? toTimestamp(expiresAt) : null,
        created_by_user_id: options.actorUserId,
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.organizationId,
      entityType: "api_key",
      entityId: id,
      action: "create",
      toState: "active",
      detail: { name: input.name, role: input.role, scopes: input.scopes, expiresAt: expiresAt ? toTimestamp(expiresAt) : null },
      now,
    });
    return { id, token: `psk_${publicId}_${secret}` };
  });
}

/**
 * The only code that changes an API key's status. Inside a transaction: re-reads the row, asks the transition
 * table, updates only if the status is unchanged, writes the audit row. Revoking also ends the integration
 * member's membership, so nothing acts for the organization with it any more.
 */
export async function applyApiKeyEvent(
  trx: Trx,
  options: { keyId: number; organizationId: number; event: ApiKeyEvent; actorUserId: number; now: Date },
): Promise<ApiKeyStatus> {
  const key = await trx
    .selectFrom("api_keys")
    .select(["id", "status", "user_id", "organization_id"])
    .where("id", "=", options.keyId)
    .where("organization_id", "=", options.organizationId)
    .executeTakeFirst();
  if (!key) throw new DomainError("error.notFound", 404);
  const to = nextState(apiKeyTransitions, key.status, options.event);
  if (!to) throw new TransitionError("api_key", key.status, options.event);
  const at = toTimestamp(options.now);
  const updated = await trx
    .updateTable("api_keys")
    .set({ status: to, revoked_at: at, revoked_by_user_id: options.actorUserId })
    .where("id", "=", key.id)
    .where("status", "=", key.status)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new TransitionError("api_key", key.status, options.event);
  await trx.deleteFrom("memberships").where("user_id", "=", key.user_id).where("organization_id", "=", key.organization_id).execute();
  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: key.organization_id,
    entityType: "api_key",
    entityId: key.id,
    action: options.event,
    fromState: key.status,
    toState: to,
    now: options.now,
  });
  return to;
}

/** An owner revokes one of the organization's keys. */
export async function revokeApiKey(db: Db, options: { keyId: number; organizationId: number; actorUserId: number; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireOwnerMembership(trx, options.actorUserId, options.organizationId);
    await applyApiKeyEvent(trx, { ...options, event: "revoke" });
  });
}

export interface ApiKeyRow {
  id: number;
  name: string;
  publicId: string;
  role: MembershipRole | null;
  scopes: ApiScope[];
  status: ApiKeyStatus;
  expired: boolean;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedAddress: string | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  /** What may be done to it now (asked of the transition table). */
  events: ApiKeyEvent[];
}

function parseScopes(json: string): ApiScope[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter(isApiScope) : [];
  } catch {
    return [];
  }
}

/** The organization's keys, newest first (an owner's page). */
export async function listApiKeys(db: DbOrTrx, options: { organizationId: number; actorUserId: number; now: Date }): Promise<ApiKeyRow[]> {
  await requireOwnerMembership(db, options.actorUserId, options.organizationId);
  const rows = await db
    .selectFrom("api_keys")
    .innerJoin("users as creator", "creator.id", "api_keys.created_by_user_id")
    .leftJoin("memberships", (j) => j.onRef("memberships.user_id", "=", "api_keys.user_id").onRef("memberships.organization_id", "=", "api_keys.organization_id"))
    .select([
      "api_keys.id",
      "api_keys.name",
      "api_keys.public_id",
      "api_keys.scopes",
      "api_keys.status",
      "api_keys.expires_at",
      "api_keys.last_used_at",
      "api_keys.last_used_address",
      "api_keys.created_at",
      "api_keys.revoked_at",
      "creator.name as creator_name",
      "memberships.role",
    ])
    .where("api_keys.organization_id", "=", options.organizationId)
    .orderBy("api_keys.id", "desc")
    .execute();
  const at = toTimestamp(options.now);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    publicId: r.public_id,
    role: r.role,
    scopes: parseScopes(r.scopes),
    status: r.status,
    expired: r.status === "active" && r.expires_at !== null && r.expires_at <= at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    lastUsedAddress: r.last_used_address,
    createdAt: r.created_at,
    createdBy: r.creator_name,
    revokedAt: r.revoked_at,
    events: allowedEvents(apiKeyTransitions, r.status),
  }));
}

/** Who an API request acts as. */
export interface ApiPrincipal {
  keyId: number;
  keyName: string;
  /** The integration user: the actor of every use case and audit row. */
  userId: number;
  organizationId: number;
  organizationKind: OrganizationKind;
  buys: boolean;
  sells: boolean;
  role: MembershipRole;
  scopes: ApiScope[];
}

export type ApiAuthentication = { ok: true; principal: ApiPrincipal } | { ok: false; reason: "missing" | "malformed" | "unknown" | "revoked" | "expired" };

/** Reads "Authorization: Bearer psk_…" (or "token psk_…", as ERPNext clients send). */
export function bearerToken(header: string | null): string | null {
  if (!header || header.length > 300) return null;
  const match = /^(?:Bearer|token)\s+(\S+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}

/**
 * The key a request presents, checked: known, its secret matching, active, not past its expiry, its integration
 * user still a member. Records the last use (time and address) at most once a minute.
 */
export async function authenticateApiKey(db: Db, options: { token: string | null; address: string | null; now: Date }): Promise<ApiAuthentication> {
  if (options.token === null) return { ok: false, reason: "missing" };
  const match = TOKEN.exec(options.token);
  if (!match) return { ok: false, reason: "malformed" };
  const [, publicId, secret] = match as unknown as [string, string, string];
  const row = await db
    .selectFrom("api_keys")
    .innerJoin("organizations", "organizations.id", "api_keys.organization_id")
    .leftJoin("memberships", (j) => j.onRef("memberships.user_id", "=", "api_keys.user_id").onRef("memberships.organization_id", "=", "api_keys.organization_id"))
    .select([
      "api_keys.id",
      "api_keys.name",
      "api_keys.user_id",
      "api_keys.organization_id",
      "api_keys.secret_hash",
      "api_keys.scopes",
      "api_keys.status",
      "api_keys.expires_at",
      "api_keys.last_used_at",
      "api_keys.last_used_address",
      "organizations.kind",
      "organizations.buys",
      "memberships.role",
    ])
    .where("api_keys.public_id", "=", publicId)
    .executeTakeFirst();
  if (!row || !constantTimeEqual(hashSecret(secret), decodeHex(row.secret_hash))) return { ok: false, reason: "unknown" };
  if (row.status !== "active" || row.role === null) return { ok: false, reason: "revoked" };
  const at = toTimestamp(options.now);
  if (row.expires_at !== null && row.expires_at <= at) return { ok: false, reason: "expired" };
  const stale = row.last_used_at === null || options.now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_EVERY_MS;
  if (stale || row.last_used_address !== options.address) {
    await db.updateTable("api_keys").set({ last_used_at: at, last_used_address: options.address }).where("id", "=", row.id).execute();
  }
  return {
    ok: true,
    principal: {
      keyId: row.id,
      keyName: row.name,
      userId: row.user_id,
      organizationId: row.organization_id,
      organizationKind: row.kind,
      buys: row.buys === 1,
      sells: row.kind === "supplier" || row.kind === "cooperative",
      role: row.role,
      scopes: parseScopes(row.scopes),
    },
  };
}
