import { getDb } from "../../app/db.server";
import { signUp } from "../../app/domain/accounts/sign-up.server";
import { createSession, markSessionTwoFactorVerified } from "../../app/domain/accounts/sessions.server";
import { createAdmin } from "../../app/domain/admin/create-admin.server";
import { storeTwoFactorKey } from "../../app/domain/accounts/enable-two-factor.server";
import { serializeSessionCookie } from "../../app/http/auth.server";
import type { OrganizationKind } from "../../db/schema";

let counter = 0;
export const TEST_PASSWORD = "rahasia-uji-123";

/** A user who owns a fresh organization, made through the real sign-up. */
export async function createOrganizationWithOwner(
  options: { kind?: OrganizationKind; name?: string; legalName?: string; buys?: boolean } = {},
) {
  counter++;
  const email = `owner${counter}-${Math.random().toString(36).slice(2, 7)}@uji.pasok.id`;
  const legalName = options.legalName ?? `CV Uji Logam ${counter}`;
  const { userId, organizationId } = await signUp(
    getDb(),
    {
      name: options.name ?? `Pemilik ${counter}`,
      email,
      password: TEST_PASSWORD,
      kind: options.kind ?? "supplier",
      buys: options.buys ? "on" : undefined,
      legalName,
      nib: "9120001234567",
      npwp: "012345678901000",
      address: "Jl. Raya Ceper No. 1",
      provinceCode: "33",
      regencyCode: "33.10",
      phone: "0272 551234",
      website: undefined,
    },
    { locale: "id", now: new Date() },
  );
  return { userId, organizationId, email, legalName };
}

/** The TOTP key every test admin gets (admins must use two-factor sign-in). */
export const TEST_TOTP_KEY = new Uint8Array(20).fill(7);

/** A platform admin with two-factor sign-in on (requireAdmin refuses admins without it). */
export async function createTestAdmin(input: { email: string; name: string; password: string; now: Date }) {
  const admin = await createAdmin(getDb(), input);
  const user = await getDb().selectFrom("users").select("totp_enabled_at").where("id", "=", admin.userId).executeTakeFirstOrThrow();
  if (!user.totp_enabled_at) {
    await getDb().transaction().execute((trx) => storeTwoFactorKey(trx, { userId: admin.userId, key: TEST_TOTP_KEY, now: input.now }));
  }
  return admin;
}

/**
 * A Cookie header for a new, fully signed-in session of the user (past the second factor for users who have
 * one), as the browser would send it.
 */
export async function cookieFor(userId: number, organizationId: number | null, options: { secondFactorPassed?: boolean } = {}): Promise<string> {
  const { token, session } = await createSession(getDb(), { userId, organizationId, now: new Date() });
  if (options.secondFactorPassed !== false) await markSessionTwoFactorVerified(getDb(), session.id);
  const setCookie = await serializeSessionCookie(new Request("http://localhost/"), token);
  return setCookie.split(";")[0]!;
}

export function formRequest(
  path: string,
  fields: Record<string, string>,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Request {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "Sec-Fetch-Site": "same-origin",
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...options.headers,
    },
  });
}

export function getRequest(path: string, cookie?: string): Request {
  return new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

/** Runs a loader or action and returns the Response it threw or returned (redirects and errors included). */
export async function settle(run: () => Promise<unknown>): Promise<{ status: number; value: unknown; location?: string | null }> {
  try {
    const value = await run();
    return describe(value);
  } catch (thrown) {
    return describe(thrown);
  }
}

function describe(value: unknown): { status: number; value: unknown; location?: string | null } {
  if (value instanceof Response) return { status: value.status, value, location: value.headers.get("Location") };
  if (value && typeof value === "object" && "type" in value && (value as { type: string }).type === "DataWithResponseInit") {
    const d = value as unknown as { data: unknown; init: ResponseInit | null };
    return { status: d.init?.status ?? 200, value: d.data };
  }
  if (value instanceof Error) throw value;
  return { status: 200, value };
}
