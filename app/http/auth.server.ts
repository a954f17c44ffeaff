import { createCookie, data, redirect, type AppLoadContext } from "@remix-run/node";
import type { OrganizationKind, MembershipRole } from "../../db/schema";
import { now } from "../clock.server";
import { config } from "../config.server";
import { getDb } from "../db.server";
import {
  SESSION_INACTIVITY_TIMEOUT_MS,
  createSession,
  invalidateSession,
  readSessionContext,
  type ValidSession,
} from "../domain/accounts/sessions.server";
import type { Locale } from "../i18n/i18n";

const sessionCookie = createCookie("pasok_session", { httpOnly: true, sameSite: "lax", path: "/" });

export interface AuthUser {
  id: number;
  email: string;
  name: string;
  locale: Locale;
  isAdmin: boolean;
  /** Two-factor sign-in is on (admins must have it). */
  twoFactorEnabled: boolean;
}
export interface ActiveOrganization {
  id: number;
  slug: string;
  legalName: string;
  kind: OrganizationKind;
  buys: boolean;
  sells: boolean;
  role: MembershipRole;
}
export interface Auth {
  session: ValidSession;
  user: AuthUser;
  /** The organization the user is acting for (null for a user without any, e.g. an admin). */
  organization: ActiveOrganization | null;
  memberships: ActiveOrganization[];
  /** Unread notifications, read with the session (the header's badge). */
  unreadCount: number;
}

/** Secure cookies in production, except over plain http to this machine itself (`npm start` on localhost). */
function isSecure(request: Request): boolean {
  if (config().NODE_ENV !== "production") return false;
  const host = new URL(request.url).hostname;
  return !["localhost", "127.0.0.1", "[::1]", "::1"].includes(host);
}

export async function serializeSessionCookie(request: Request, token: string): Promise<string> {
  return sessionCookie.serialize(token, {
    maxAge: Math.floor(SESSION_INACTIVITY_TIMEOUT_MS / 1000),
    secure: isSecure(request),
  });
}

export async function clearSessionCookie(request: Request): Promise<string> {
  return sessionCookie.serialize("", { maxAge: 0, secure: isSecure(request) });
}

/**
 * The client's address, from our HTTP server (server/index.ts): the socket's, or behind a reverse proxy with
 * TRUST_PROXY=on the address the nearest proxy appended to X-Forwarded-For. Null where no server ran (tests
 * calling an action directly).
 */
export function clientIp(context: AppLoadContext | undefined): string | null {
  return context?.clientAddress ?? null;
}

interface SessionRead {
  auth: Auth;
  /** The user turned on two-factor sign-in and this session has not passed it yet. */
  awaitingSecondFactor: boolean;
}

const sessionByRequest = new WeakMap<Request, Promise<SessionRead | null>>();

function readSessionOnce(request: Request): Promise<SessionRead | null> {
  let pending = sessionByRequest.get(request);
  if (!pending) {
    pending = readSession(request);
    sessionByRequest.set(request, pending);
  }
  return pending;
}

/** Who is making this request, or null (also while a session still awaits its second factor). Read once per request. */
export async function getAuth(request: Request): Promise<Auth | null> {
  const read = await readSessionOnce(request);
  return read && !read.awaitingSecondFactor ? read.auth : null;
}

/** A session that passed the password but not yet the second factor (the /login/two-factor page), or null. */
export async function getSessionAwaitingSecondFactor(request: Request): Promise<Auth | null> {
  const read = await readSessionOnce(request);
  return read?.awaitingSecondFactor ? read.auth : null;
}

async function readSession(request: Request): Promise<SessionRead | null> {
  const token: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || token.length === 0 || token.length > 200) return null;
  const context = await readSessionContext(getDb(), token, now());
  if (!context) return null;
  const { session, user } = context;
  const memberships: ActiveOrganization[] = context.memberships.map((m) => ({
    id: m.id,
    slug: m.slug,
    legalName: m.legal_name,
    kind: m.kind,
    buys: m.buys === 1,
    sells: m.kind === "supplier" || m.kind === "cooperative",
    role: m.role,
  }));
  const organization = memberships.find((m) => m.id === session.organizationId) ?? memberships[0] ?? null;
  const twoFactorEnabled = user.totp_enabled_at !== null;
  return {
    auth: {
      session,
      user: { id: user.id, email: user.email, name: user.name, locale: user.locale, isAdmin: user.is_admin === 1, twoFactorEnabled },
      organization,
      memberships,
      unreadCount: context.unreadCount,
    },
    awaitingSecondFactor: twoFactorEnabled && !session.twoFactorVerified,
  };
}

/** Starts a session and returns the redirect that sets its cookie. */
export async function startSession(
  request: Request,
  options: { userId: number; organizationId: number | null; redirectTo: string },
): Promise<Response> {
  const db = getDb();
  const { token } = await createSession(db, { ...options, now: now() });
  const user = await db.selectFrom("users").select("totp_enabled_at").where("id", "=", options.userId).executeTakeFirst();
  const to = safeRedirect(options.redirectTo);
  // With two-factor sign-in on, the new session must pass the second factor before it counts.
  const next = user?.totp_enabled_at ? `/login/two-factor?${new URLSearchParams({ redirectTo: to })}` : to;
  return redirect(next, {
    headers: { "Set-Cookie": await serializeSessionCookie(request, token) },
  });
}

export async function endSession(request: Request, redirectTo = "/"): Promise<Response> {
  const auth = (await getAuth(request)) ?? (await getSessionAwaitingSecondFactor(request));
  if (auth) await invalidateSession(getDb(), auth.session.id);
  return redirect(redirectTo, { headers: { "Set-Cookie": await clearSessionCookie(request) } });
}

/** The current session's cookie again (after the inactivity window moved), for the root loader to send. */
export async function refreshedSessionCookie(request: Request, auth: Auth | null): Promise<string | null> {
  if (!auth?.session.fresh) return null;
  const token: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof token === "string" ? serializeSessionCookie(request, token) : null;
}

const SAFE_BASE = "http://pasok.invalid";

/**
 * A redirect target that stays on Pasok, or `fallback`. The value must be a path ("/x?y"), contain no control,
 * whitespace or backslash character (browsers drop tabs and newlines, so "/\t/evil.example" is "//evil.example"),
 * and still name our own origin once parsed as a URL. What comes back is the parsed, percent-encoded path, so a
 * Location header can always carry it.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  if (/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff\\]/u.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, SAFE_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== SAFE_BASE) return fallback;
  return url.pathname + url.search + url.hash;
}

export function forbidden(): never {
  throw data({ messageKey: "error.forbidden" }, { status: 403 });
}

export function notFound(): never {
  throw data({ messageKey: "error.notFound" }, { status: 404 });
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request): Promise<Auth> {
  const auth = await getAuth(request);
  if (!auth) {
    const url = new URL(request.url);
    const back = new URLSearchParams({ redirectTo: url.pathname + url.search });
    if (await getSessionAwaitingSecondFactor(request)) throw redirect(`/login/two-factor?${back}`);
    throw redirect(`/login?${back}`);
  }
  return auth;
}

export type OrganizationAuth = Auth & { organization: ActiveOrganization };

/**
 * The signed-in user acting for an organization, with the role and capability the page needs:
 * `role: "owner"` for owners only, `can: "buy"` for organizations that buy, `can: "sell"` for suppliers
 * and cooperatives. Anything else is 403.
 */
export async function requireOrganization(
  request: Request,
  need: { role?: MembershipRole; can?: "buy" | "sell" } = {},
): Promise<OrganizationAuth> {
  const auth = await requireUser(request);
  const organization = auth.organization;
  if (!organization) forbidden();
  if (need.role === "owner" && organization.role !== "owner") forbidden();
  if (need.can === "buy" && !organization.buys) forbidden();
  if (need.can === "sell" && !organization.sells) forbidden();
  return { ...auth, organization };
}

/** A platform admin, who must use two-factor sign-in: without it, every admin page sends them to set it up. */
export async function requireAdmin(request: Request): Promise<Auth> {
  const auth = await requireUser(request);
  if (!auth.user.isAdmin) forbidden();
  if (!auth.user.twoFactorEnabled) throw redirect("/account/two-factor?required=1");
  return auth;
}
