import { describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { action as signupAction } from "../../app/routes/signup";
import { action as loginAction } from "../../app/routes/login";
import { action as confirmAction, loader as confirmLoader } from "../../app/routes/signup_.confirm.$token";
import { translateError } from "../../app/i18n/i18n";
import { createOrganizationWithOwner, formRequest, settle } from "../support/factories";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

const valid = () => ({
  name: "Budi Santoso",
  email: `budi-${Math.random().toString(36).slice(2, 8)}@tpr.uji.id`,
  password: "cylinder-sleeve-200",
  kind: "buyer",
  legalName: "PT Uji Pembeli",
  nib: "8120000220002",
  npwp: "02.000.265.2-431.000",
  address: "Kawasan Industri, Cikarang",
  provinceCode: "32",
  regencyCode: "32.16",
  phone: "021 8990210",
  website: "www.tpr-uji.co.id",
});

type Reply = { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };

async function counts() {
  const [users, organizations, memberships] = await Promise.all(
    (["users", "organizations", "memberships"] as const).map((t) => getDb().selectFrom(t).select("id").execute()),
  );
  return { users: users!.length, organizations: organizations!.length, memberships: memberships!.length };
}

async function signUpWith(fields: Record<string, string>, cookie?: string) {
  return settle(() => signupAction(args(formRequest("/signup", fields, { cookie }))));
}

async function latestEmailTo(address: string) {
  return getDb().selectFrom("email_outbox").selectAll().where("to_address", "=", address).orderBy("id", "desc").executeTakeFirst();
}

describe("sign-up", () => {
  it("creates nothing until the e-mailed link is used; the link creates user, organization and owner membership and logs in, once", async () => {
    const input = valid();
    const before = await counts();
    const result = await signUpWith(input);
    expect(result.status).toBe(302);
    expect(result.location).toBe("/signup/sent");
    expect((result.value as Response).headers.get("Set-Cookie")).toBeNull();
    expect(await counts()).toEqual(before);

    const email = await latestEmailTo(input.email);
    expect(email?.subject).toBe("Pasok: Aktifkan akun Pasok Anda");
    const token = /\/signup\/confirm\/([a-z2-7]{48})/.exec(email!.body_text)?.[1];
    expect(token).toBeDefined();
    // Only the token's hash is stored; the password only as its argon2 hash.
    const row = await getDb().selectFrom("email_tokens").selectAll().where("email", "=", input.email).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token!);
    expect(row.payload).not.toContain(input.password);

    const page = await settle(() => confirmLoader({ request: new Request(`http://localhost/signup/confirm/${token}`), params: { token: token! }, context: {} }));
    expect(page.value).toMatchObject({ pending: { email: input.email, organization: input.legalName } });
    expect(await counts()).toEqual(before);

    const confirmed = await settle(() => confirmAction(args(formRequest(`/signup/confirm/${token}`, {}), { token: token! })));
    expect(confirmed.status).toBe(302);
    expect((confirmed.value as Response).headers.get("Set-Cookie")).toMatch(/^pasok_session=.+; Max-Age=864000; Path=\/; HttpOnly; SameSite=Lax$/);
    const org = await getDb()
      .selectFrom("organizations")
      .innerJoin("memberships", "memberships.organization_id", "organizations.id")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["organizations.npwp", "organizations.website", "organizations.buys", "memberships.role", "users.password_hash"])
      .where("users.email", "=", input.email)
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ npwp: "020002652431000", website: "https://www.tpr-uji.co.id", buys: 1, role: "owner" });
    expect(org.password_hash).toMatch(/^\$argon2id\$/);

    const again = await settle(() => confirmAction(args(formRequest(`/signup/confirm/${token}`, {}), { token: token! })));
    expect(again.status).toBe(410);
  });

  const badInputs: [string, Record<string, string>, string, string, number][] = [
    ["a malformed NIB", { nib: "12345" }, "nib", "error.nib", 400],
    ["a 14-digit NPWP", { npwp: "12345678901234" }, "npwp", "error.npwp", 400],
    ["a password under 10 characters", { password: "pendek" }, "password", "error.passwordShort", 400],
    ["a password equal to the e-mail", { email: "sama@uji.pasok.id", password: "SAMA@uji.pasok.id" }, "password", "error.passwordIsEmail", 400],
    ["a regency outside the province", { provinceCode: "33", regencyCode: "32.16" }, "regencyCode", "error.regency", 422],
    ["an unknown province", { provinceCode: "99", regencyCode: "99.01" }, "provinceCode", "error.province", 422],
    ["a missing legal name", { legalName: "" }, "legalName", "error.required", 400],
  ];
  for (const [what, change, field, message, status] of badInputs) {
    it(`refuses ${what} next to the field, keeps the typing but not the password, creates nothing`, async () => {
      const before = await counts();
      const input = { ...valid(), ...change };
      const result = await signUpWith(input);
      expect(result.status).toBe(status);
      const reply = result.value as Reply;
      expect(reply.error?.[field]).toEqual([message]);
      expect(reply.initialValue).toMatchObject({ name: input.name, nib: input.nib, address: input.address });
      if (input.legalName) expect(reply.initialValue?.legalName).toBe(input.legalName);
      expect(reply.initialValue?.password).toBeUndefined();
      expect(await counts()).toEqual(before);
      expect(await latestEmailTo(input.email)).toBeUndefined();
    });
  }

  const weak = ["1234567890", "aaaaaaaaaa", "            ", "password123", "qwertyuiop"];
  for (const password of weak) {
    it(`refuses the guessable password ${JSON.stringify(password)} next to the field, in the user's language`, async () => {
      const result = await signUpWith({ ...valid(), password }, "pasok_lang=ImVuIg%3D%3D");
      expect(result.status).toBe(400);
      const message = (result.value as Reply).error?.password?.[0] ?? "";
      expect(message.startsWith("error.passwordWeak|")).toBe(true);
      expect(translateError("en", message)).toMatch(/^This password is easy to guess\./);
    });
  }

  it("refuses a password made of the user's own name or e-mail", async () => {
    const input = valid();
    const local = input.email.split("@")[0]!;
    for (const password of [`${local}-2026`, "Budi Santoso 1990"]) {
      const result = await signUpWith({ ...input, password });
      expect(result.status).toBe(400);
      expect((result.value as Reply).error?.password).toEqual(["error.passwordPersonal"]);
    }
  });

  it("does not reveal a registered e-mail: the same answer, and its owner is e-mailed instead (no account is made)", async () => {
    const existing = await createOrganizationWithOwner();
    const before = await counts();
    const taken = await signUpWith({ ...valid(), email: existing.email.toUpperCase() });
    const fresh = await signUpWith(valid());
    expect(taken.status).toBe(fresh.status);
    expect(taken.location).toBe(fresh.location);
    expect([...(taken.value as Response).headers.keys()].sort()).toEqual([...(fresh.value as Response).headers.keys()].sort());
    expect((await counts()).users).toBe(before.users);
    const email = await latestEmailTo(existing.email);
    expect(email?.subject).toBe("Pasok: Anda sudah punya akun Pasok");
    expect(email?.body_text).toContain("/forgot-password");
    expect(email?.body_text).not.toMatch(/signup\/confirm/);
  });
});

describe("login", () => {
  it("answers a wrong password with 401 and a form message, keeping the e-mail", async () => {
    const { email } = await createOrganizationWithOwner();
    const result = await settle(() => loginAction(args(formRequest("/login", { email, password: "salah-sekali-1" }))));
    expect(result.status).toBe(401);
    const reply = result.value as Reply;
    expect(reply.error?.[""]).toEqual(["error.loginInvalid"]);
    expect(reply.initialValue).toEqual({ email });
  });

  it("after 5 failures says when to retry, in Jakarta time", async () => {
    const { email } = await createOrganizationWithOwner();
    for (let i = 0; i < 5; i++) await settle(() => loginAction(args(formRequest("/login", { email, password: `salah-${i}-12345` }))));
    const result = await settle(() => loginAction(args(formRequest("/login", { email, password: "apa-saja-12345" }))));
    expect(result.status).toBe(429);
    const message = (result.value as Reply).error?.[""]?.[0] ?? "";
    expect(translateError("id", message)).toMatch(/^Terlalu banyak percobaan masuk yang gagal\. Coba lagi pukul \d{2}\.\d{2} WIB\.$/);
  });

  it("does not redirect off-site after login", async () => {
    const { email } = await createOrganizationWithOwner();
    const result = await settle(() =>
      loginAction(args(formRequest("/login", { email, password: "rahasia-uji-123", redirectTo: "//evil.example/x" }))),
    );
    expect(result.status).toBe(302);
    expect(result.location).toBe("/");
  });
});

describe("language at login", () => {
  it("keeps the language chosen on this device before logging in", async () => {
    const { email, userId } = await createOrganizationWithOwner();
    const { serializeLocaleCookie } = await import("../../app/i18n/locale.server");
    const cookie = (await serializeLocaleCookie("en")).split(";")[0]!;
    const result = await settle(() => loginAction(args(formRequest("/login", { email, password: "rahasia-uji-123" }, { cookie }))));
    expect(result.status).toBe(302);
    const user = await getDb().selectFrom("users").select("locale").where("id", "=", userId).executeTakeFirstOrThrow();
    expect(user.locale).toBe("en");
  });
});
