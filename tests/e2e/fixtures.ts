import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateTOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { test as base, expect, type Browser, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import SQLite from "better-sqlite3";

// Shared helpers for the end-to-end suite. Tests run fully parallel against one server and one database,
// so every test creates its own users and organizations (unique e-mails) and uses the demo accounts read-only.

export { expect };

/** Password of every seeded demo account (scripts/seed/demo-data.ts). Never change it, never fail logins with it. */
export const DEMO_PASSWORD = "pasok-demo-2026";
export const DEMO_KAI = { email: "kai@demo.pasok.id", name: "Dimas Pratama", organization: "PT Kereta Api Indonesia (Persero)" };

/** A password the sign-up form accepts (at least 10 characters, not the e-mail). */
export const GOOD_PASSWORD = "Cor-logam-Klaten-2026";

const SCREENS_DIR = fileURLToPath(new URL("../.tmp/screens/", import.meta.url));
/** The e2e server's database (tests/playwright.config.ts), read here only for what a user gets by e-mail. */
const E2E_DATABASE = fileURLToPath(new URL("../.tmp/e2e.db", import.meta.url));
/** The e2e server's address (tests/playwright.config.ts). */
const E2E_BASE_URL = `http://localhost:${Number(process.env.E2E_PORT ?? 3107)}`;

/** The demo admin (admins must use two-factor sign-in; the demo key is public, scripts/seed/seed-demo.ts). */
export const DEMO_ADMIN = { email: "admin@demo.pasok.id", totpKey: "PASOKDEMOADMINTWOFACTORKEYDEMOAA" };

/** The code an authenticator app would show now for a base32 key. */
export function totpCode(base32Key: string): string {
  return generateTOTP(decodeBase32IgnorePadding(base32Key), 30, 6);
}

/**
 * The link in the latest e-mail sent to an address whose path matches (the server writes e-mails to its
 * outbox; without SMTP they go to its log): what the person would click in their inbox.
 */
export async function linkInLatestEmail(to: string, path: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const db = new SQLite(E2E_DATABASE, { readonly: true, fileMustExist: true });
    try {
      // The newest e-mail to the address with such a link (notifications e-mailed since may come after it).
      const rows = db.prepare("select body_text from email_outbox where to_address = ? order by id desc limit 20").all(to) as { body_text: string }[];
      const url = rows.map((row) => row.body_text.match(/https?:\/\/[^\s,]+[^\s,.]/g)?.find((u) => path.test(new URL(u).pathname))).find(Boolean);
      if (url) return new URL(url).pathname;
    } finally {
      db.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No e-mail to ${to} with a link matching ${path}`);
}

const MAIL_DIR = fileURLToPath(new URL("../.tmp/mail/", import.meta.url));

export interface ReceivedMail {
  to: string;
  subject: string;
  /** The raw message as the SMTP receiver got it (headers unfolded). */
  raw: string;
  /** The text body, quoted-printable decoded. */
  text: string;
}

/** Waits (up to `timeoutMs`) for a message the app sent through SMTP to `to` whose subject matches. */
export async function receivedMail(to: string, subject: RegExp, timeoutMs = 90_000): Promise<ReceivedMail> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const files = existsSync(MAIL_DIR) ? readdirSync(MAIL_DIR).sort().reverse() : [];
    for (const file of files) {
      const raw = readFileSync(`${MAIL_DIR}${file}`, "utf8").replace(/\r\n[ \t]+/g, " ");
      const [head = "", ...body] = raw.split("\r\n\r\n");
      const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
      if (!header("X-Envelope-To").split(",").includes(to)) continue;
      const subjectText = decodeMimeWords(header("Subject"));
      if (!subject.test(subjectText)) continue;
      const text = body.join("\r\n\r\n").replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      return { to, subject: subjectText, raw, text: Buffer.from(text, "latin1").toString("utf8") };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`No e-mail to ${to} with a subject matching ${subject} within ${timeoutMs} ms`);
}

/** "=?UTF-8?Q?...?=" / "=?UTF-8?B?...?=" encoded words of a header, decoded. */
function decodeMimeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
}

/** One row from the e2e server's database (read-only), to find a seeded record's id. */
export function queryOne<T>(sql: string, ...params: unknown[]): T {
  const db = new SQLite(E2E_DATABASE, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

/** Switches the interface language with the header's ID / EN buttons. */
export async function switchLanguage(page: Page, locale: "id" | "en"): Promise<void> {
  await page.locator(".lang-switch").getByRole("button", { name: locale.toUpperCase(), exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
}

/** Opens the confirmation link of a sign-up from its e-mail and activates the account. */
export async function confirmSignUp(page: Page, email: string): Promise<void> {
  await page.goto(await linkInLatestEmail(email, /^\/signup\/confirm\//));
  await page.getByRole("button", { name: /^(Aktifkan akun|Activate the account)$/ }).click();
  // The answer sets the session cookie: wait for it before the caller goes anywhere else.
  await expect(page).not.toHaveURL(/\/signup\/confirm\//);
}

/** A fresh tag: unique per call, across workers and repeated runs. */
export function uniqueTag(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

/** A unique, valid, lower-case e-mail address. */
export function uniqueEmail(prefix = "e2e"): string {
  return `${prefix}.${uniqueTag()}@e2e.pasok.test`;
}

/** n random decimal digits (used for NIB/NPWP, which need not be unique but look nicer so). */
export function digits(n: number): string {
  let out = String(1 + Math.floor(Math.random() * 9));
  while (out.length < n) out += String(Math.floor(Math.random() * 10));
  return out;
}

export interface BuyerInput {
  name: string;
  email: string;
  password: string;
  legalName: string;
  nib: string;
  npwp: string;
  address: string;
  provinceCode: string;
  regencyCode: string;
  phone: string;
  website?: string;
  /** What the organization is: a buyer (the default), a supplier IKM or a cooperative. */
  kind?: "buyer" | "supplier" | "cooperative";
}

/** A complete, valid buyer sign-up in Klaten (Jawa Tengah); override what a test needs. */
export function newBuyer(overrides: Partial<BuyerInput> = {}): BuyerInput {
  const tag = uniqueTag();
  return {
    name: `Budi Santoso ${tag}`,
    email: uniqueEmail("buyer"),
    password: GOOD_PASSWORD,
    legalName: `PT Uji Rekayasa ${tag}`,
    nib: digits(13),
    npwp: digits(15),
    address: "Jl. Pemuda No. 12, Ceper",
    provinceCode: "33",
    regencyCode: "33.10",
    phone: "0272 551234",
    ...overrides,
  };
}

/**
 * Waits until React has hydrated the page: before that, a click may submit a plain HTML form and a select's
 * change handler is not yet attached. React puts its props on the DOM nodes it has hydrated; the footer is
 * rendered last.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const footer = document.querySelector("footer.site-footer");
    return Boolean(footer && Object.keys(footer).some((key) => key.startsWith("__reactProps")));
  });
}

/** Opens the sign-up page and waits until the province-driven regency list is live (hydrated). */
export async function openSignUp(page: Page, path = "/signup"): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
  const regencyGroups = page.locator('select[name="regencyCode"] optgroup');
  if (path.includes("invite=")) return;
  // Without JavaScript every province's regencies are listed; hydrated with no province chosen, none are.
  await expect(regencyGroups).toHaveCount(0);
}

/** Fills the sign-up form for a new buyer organization (the page must show the sign-up form). */
export async function fillBuyerForm(page: Page, input: BuyerInput): Promise<void> {
  const form = page.locator("form", { has: page.locator('input[name="legalName"]') });
  await form.locator('input[name="name"]').fill(input.name);
  await form.locator('input[name="email"]').fill(input.email);
  await form.locator('input[name="password"]').fill(input.password);
  await form.locator(`input[name="kind"][value="${input.kind ?? "buyer"}"]`).check();
  await form.locator('input[name="legalName"]').fill(input.legalName);
  await form.locator('input[name="nib"]').fill(input.nib);
  await form.locator('input[name="npwp"]').fill(input.npwp);
  await form.locator('input[name="address"]').fill(input.address);
  await form.locator('select[name="provinceCode"]').selectOption(input.provinceCode);
  // selectOption waits until the chosen province's regencies are rendered.
  await form.locator('select[name="regencyCode"]').selectOption(input.regencyCode);
  await form.locator('input[name="phone"]').fill(input.phone);
  if (input.website !== undefined) await form.locator('input[name="website"]').fill(input.website);
}

/** Signs up a new buyer organization through the real form and waits for the logged-in home page. */
export async function signUpBuyer(page: Page, overrides: Partial<BuyerInput> = {}): Promise<BuyerInput> {
  const input = newBuyer(overrides);
  await openSignUp(page);
  await fillBuyerForm(page, input);
  await page.locator("main form").getByRole("button", { name: /^(Daftar|Sign up)$/ }).click();
  await expect(page).toHaveURL(/\/signup\/sent$/);
  await confirmSignUp(page, input.email);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(input.name);
  return input;
}

/**
 * A tab already logged in as a seeded or test-made account, as epic-stack's tests do it: a session row is
 * written straight into the e2e server's database (second step passed) and its cookie set on a new context.
 * The login form itself is tested once, in accounts.spec.ts and account-security.spec.ts.
 */
export async function loggedInPage(browser: Browser, email: string, options: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext(options.locale ? { locale: options.locale } : {});
  await logInAs(context, email);
  const page = await context.newPage();
  await page.goto("/");
  await waitForHydration(page);
  return page;
}

/** Sets a fresh session's cookie for the account on the context (see `loggedInPage`). */
export async function logInAs(context: BrowserContext, email: string): Promise<void> {
  const { createDb } = await import("../../db/client");
  const { createSession, markSessionTwoFactorVerified } = await import("../../app/domain/accounts/sessions.server");
  const { serializeSessionCookie } = await import("../../app/http/auth.server");
  const db = createDb(E2E_DATABASE);
  try {
    const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const membership = await db.selectFrom("memberships").select("organization_id").where("user_id", "=", user.id).orderBy("id").executeTakeFirst();
    const { token, session } = await createSession(db, { userId: user.id, organizationId: membership?.organization_id ?? null, now: new Date() });
    await markSessionTwoFactorVerified(db, session.id);
    const [pair] = (await serializeSessionCookie(new Request(E2E_BASE_URL), token)).split(";");
    const [name, value] = pair!.split("=") as [string, string];
    await context.addCookies([{ name, value, url: E2E_BASE_URL, httpOnly: true, sameSite: "Lax" }]);
  } finally {
    await db.destroy();
  }
}

/**
 * Logs in through the real login form (either language) and waits until the login page is left; for the
 * demo admin it also passes the second step with a code from the admin's authenticator key.
 */
export async function logIn(page: Page, email: string, password: string, path = "/login"): Promise<void> {
  await submitLogin(page, email, password, path);
  if (email === DEMO_ADMIN.email) await passSecondFactor(page, DEMO_ADMIN.totpKey);
  await expect(page).not.toHaveURL(/\/login/);
}

/** On /login/two-factor: enters the current code for the key. */
export async function passSecondFactor(page: Page, base32Key: string): Promise<void> {
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.locator('input[name="code"]').fill(totpCode(base32Key));
  await page.getByRole("button", { name: /^(Verifikasi|Verify)$/ }).first().click();
}

/** Fills and submits the login form without expecting success. */
export async function submitLogin(page: Page, email: string, password: string, path = "/login"): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
  const form = page.locator("main form");
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await form.getByRole("button", { name: /^(Masuk|Log in)$/ }).click();
}

/** Logs out with the header button (either language) and waits for the login page. */
export async function logOut(page: Page): Promise<void> {
  await page.getByRole("navigation").getByRole("button", { name: /^(Keluar|Log out)$/ }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** The main navigation of the header. */
export function mainNav(page: Page) {
  return page.getByRole("navigation", { name: /^(Navigasi utama|Main navigation)$/ });
}

/** A full-page screenshot into tests/.tmp/screens/ (gitignored), named after the project. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENS_DIR}${testInfo.project.name}-${name}.png`, fullPage: true });
}

/** A second, independent browser (own cookies) with the project's base URL and viewport. */
export async function newBrowserContext(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
  const { baseURL, viewport, isMobile, hasTouch, javaScriptEnabled } = testInfo.project.use;
  return browser.newContext({ baseURL, viewport, isMobile, hasTouch, javaScriptEnabled });
}

export const test = base;
