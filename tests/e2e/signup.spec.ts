import type { Page } from "@playwright/test";
import { DEMO_KAI, expect, fillBuyerForm, linkInLatestEmail, newBuyer, openSignUp, screenshot, test } from "./fixtures";

/** The `.field` block that holds the named input: its label, hint and error message. */
function field(page: Page, name: string) {
  return page.locator("main form .field", { has: page.locator(`[name="${name}"]`) });
}

function input(page: Page, name: string) {
  return page.locator(`main form [name="${name}"]`);
}

async function submit(page: Page) {
  await page.locator("main form").getByRole("button", { name: "Daftar", exact: true }).click();
}

/** The typed values (except the password) are still in the form. */
async function expectKept(page: Page, values: ReturnType<typeof newBuyer>) {
  await expect(input(page, "name")).toHaveValue(values.name);
  await expect(input(page, "email")).toHaveValue(values.email);
  await expect(input(page, "legalName")).toHaveValue(values.legalName);
  await expect(input(page, "nib")).toHaveValue(values.nib);
  await expect(input(page, "npwp")).toHaveValue(values.npwp);
  await expect(input(page, "address")).toHaveValue(values.address);
  await expect(input(page, "provinceCode")).toHaveValue(values.provinceCode);
  await expect(input(page, "regencyCode")).toHaveValue(values.regencyCode);
  await expect(input(page, "phone")).toHaveValue(values.phone);
  await expect(page.locator('main form input[name="kind"][value="buyer"]')).toBeChecked();
}

test.describe("sign-up bad input (with JavaScript)", () => {
  test("the regency list follows the chosen province", async ({ page }) => {
    await openSignUp(page);
    const regency = input(page, "regencyCode");
    await input(page, "provinceCode").selectOption("32");
    await expect(regency.locator("optgroup")).toHaveCount(1);
    await expect(regency.locator("optgroup")).toHaveAttribute("label", "Jawa Barat");
    await expect(regency.locator("option", { hasText: "Kota Bandung" })).toHaveCount(1);
    await expect(regency.locator("option", { hasText: "Kabupaten Klaten" })).toHaveCount(0);
    await input(page, "provinceCode").selectOption("33");
    await expect(regency.locator("optgroup")).toHaveAttribute("label", "Jawa Tengah");
    await expect(regency.locator("option", { hasText: "Kabupaten Klaten" })).toHaveCount(1);
    await expect(regency.locator("option", { hasText: "Kota Bandung" })).toHaveCount(0);
  });

  test("malformed NIB and short password, then a guessable one, then a taken e-mail (answered like any other)", async ({ page }, testInfo) => {
    const values = newBuyer({ email: DEMO_KAI.email, nib: "12345", password: "pendek" });
    await openSignUp(page);
    await fillBuyerForm(page, values);
    await submit(page);

    await expect(page).toHaveURL(/\/signup$/);
    await expect(field(page, "nib").locator(".field-error")).toHaveText("NIB harus 13 digit angka.");
    await expect(input(page, "nib")).toHaveAttribute("aria-invalid", "true");
    await expect(input(page, "nib")).toHaveAccessibleDescription(/NIB harus 13 digit angka\./);
    await expect(field(page, "password").locator(".field-error")).toHaveText("Kata sandi minimal 10 karakter.");
    await expect(input(page, "password")).toHaveAttribute("aria-invalid", "true");
    // Fields that are fine carry no message.
    await expect(field(page, "npwp").locator(".field-error")).toHaveCount(0);
    await expect(field(page, "legalName").locator(".field-error")).toHaveCount(0);
    await expectKept(page, values);
    await screenshot(page, testInfo, "signup-errors");

    // Fixing the field clears its message as the user types.
    const fixed = { ...values, nib: "9120001234567", password: "1234567890" };
    await input(page, "nib").fill(fixed.nib);
    await expect(field(page, "nib").locator(".field-error")).toHaveCount(0);
    await input(page, "password").fill(fixed.password);
    await submit(page);

    // Long enough, but on every list of common passwords: the server says so, in Bahasa Indonesia.
    await expect(field(page, "password").locator(".field-error")).toContainText("Kata sandi ini mudah ditebak.");
    await expect(page).toHaveURL(/\/signup$/);
    await expectKept(page, fixed);
    await expect(input(page, "password")).toHaveValue("", { timeout: 3_000 });
    await screenshot(page, testInfo, "signup-weak-password");

    // A taken e-mail is not revealed: the same "check your e-mail" page, and KAI's owner gets an e-mail instead.
    await input(page, "password").fill("Baja-tuang-2026");
    await submit(page);
    await expect(page).toHaveURL(/\/signup\/sent$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Periksa email Anda");
    expect(await linkInLatestEmail(DEMO_KAI.email, /^\/forgot-password$/)).toBe("/forgot-password");
  });
});

test.describe("sign-up bad input (without JavaScript: the server checks)", () => {
  test.use({ javaScriptEnabled: false });

  test("the server answers with messages next to the fields, keeps the values and drops the password", async ({ page }, testInfo) => {
    await page.goto("/signup");
    // Without JavaScript every province's regencies are offered, grouped by province.
    expect(await input(page, "regencyCode").locator("optgroup").count()).toBeGreaterThan(30);

    const values = newBuyer({ nib: "12345", npwp: "01.234.567.8-901", password: "pendek" });
    await fillBuyerForm(page, values);
    await submit(page);
    await expect(page).toHaveURL(/\/signup$/);
    await expect(field(page, "nib").locator(".field-error")).toHaveText("NIB harus 13 digit angka.");
    await expect(field(page, "npwp").locator(".field-error")).toHaveText("NPWP harus 15 atau 16 digit angka.");
    await expect(field(page, "password").locator(".field-error")).toHaveText("Kata sandi minimal 10 karakter.");
    await expect(input(page, "nib")).toHaveAttribute("aria-invalid", "true");
    await expect(field(page, "email").locator(".field-error")).toHaveCount(0);
    await expectKept(page, values);
    await expect(input(page, "password")).toHaveValue("");
    await screenshot(page, testInfo, "signup-errors-nojs");

    // The password may not be the e-mail; a taken e-mail is refused with its own message.
    const taken = { ...values, nib: "9120001234567", npwp: "01.234.567.8-901.000", email: DEMO_KAI.email };
    await input(page, "email").fill(taken.email);
    await input(page, "nib").fill(taken.nib);
    await input(page, "npwp").fill(taken.npwp);
    await input(page, "password").fill(DEMO_KAI.email.toUpperCase());
    await submit(page);
    await expect(field(page, "password").locator(".field-error")).toHaveText("Kata sandi tidak boleh sama dengan email.");
    await expect(input(page, "password")).toHaveValue("");

    await input(page, "password").fill("Baja-tuang-2026");
    await submit(page);
    await expect(page).toHaveURL(/\/signup\/sent$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Periksa email Anda");
  });
});
