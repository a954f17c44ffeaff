import type { Locator, Page } from "@playwright/test";
import { confirmSignUp, expect, fillBuyerForm, logInAs, mainNav, newBuyer, openSignUp, screenshot, test, waitForHydration } from "./fixtures";

// Runs only in the "phone" project (360 × 740, touch): see playwright.config.ts.

/** The page does not scroll sideways. */
async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(innerWidth).toBe(360);
  expect(scrollWidth, "page wider than the phone screen").toBeLessThanOrEqual(innerWidth);
}

/** The element is visible and lies inside the 360 px wide screen. */
async function expectOnScreen(locator: Locator) {
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, "no bounding box").not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(360 + 0.5);
}

test.describe("on a 360 px phone", () => {
  test("the header and navigation fit and work", async ({ page }, testInfo) => {
    await page.goto("/");
    await expectOnScreen(page.getByRole("link", { name: "Pasok", exact: true }));
    const nav = mainNav(page);
    for (const name of ["Beranda", "Masuk", "Daftar"]) await expectOnScreen(nav.getByRole("link", { name }));
    const language = page.getByRole("form", { name: "Bahasa" });
    await expectOnScreen(language.getByRole("button", { name: "ID", exact: true }));
    await expectOnScreen(language.getByRole("button", { name: "EN", exact: true }));
    await expectOnScreen(page.getByRole("heading", { level: 1 }));
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, "home-anonymous");

    await nav.getByRole("link", { name: "Masuk" }).tap();
    await expect(page).toHaveURL(/\/login$/);
    await expectOnScreen(page.getByLabel("Kata sandi"));
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, "login");
  });

  test("the sign-up form is usable and leads to a working logged-in shell", async ({ page }, testInfo) => {
    await openSignUp(page);
    await expectNoHorizontalScroll(page);
    const form = page.locator("main form");
    for (const name of ["name", "email", "password", "legalName", "nib", "npwp", "address", "provinceCode", "regencyCode", "phone", "website"]) {
      await expectOnScreen(form.locator(`[name="${name}"]`));
    }
    await screenshot(page, testInfo, "signup");

    const buyer = newBuyer({ provinceCode: "32", regencyCode: "32.73", address: "Jl. Asia Afrika No. 8" });
    await fillBuyerForm(page, buyer);
    const submit = form.getByRole("button", { name: "Daftar", exact: true });
    await expectOnScreen(submit);
    await submit.tap();
    await expect(page).toHaveURL(/\/signup\/sent$/);
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, "signup-sent");
    await confirmSignUp(page, buyer.email);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang, ${buyer.name}`);

    const nav = mainNav(page);
    for (const name of [/^Beranda$/, /^Notifikasi/, /^Organisasi$/, /^Akun$/]) await expectOnScreen(nav.getByRole("link", { name }));
    await expectOnScreen(nav.getByRole("button", { name: "Keluar" }));
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, "home-logged-in");

    await nav.getByRole("link", { name: "Organisasi" }).tap();
    await expect(page).toHaveURL(/\/organization$/);
    await expect(page.locator("dl.facts")).toContainText("Kota Bandung, Jawa Barat");
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, "organization");
  });

  // Issue 16: IKM owners run their work orders from a phone: the list, the work order with its hand-over
  // form (a refusal shown next to the field), and the statement.
  test("a member's work order, hand-over form and statement fit the screen", async ({ page }, testInfo) => {
    await logInAs(page.context(), "ceper-cor@demo.pasok.id");
    await page.goto("/work-orders");
    await waitForHydration(page);
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, "member-work-orders");
    await page.getByRole("link", { name: /-00001\/M1$/ }).tap();
    await expect(page).toHaveURL(/\/work-orders\/\d+$/);
    await waitForHydration(page);
    await expectOnScreen(page.getByRole("heading", { level: 1 }));
    const form = page.getByTestId("handover-form");
    await expectOnScreen(form.getByLabel("Nomor lot / heat"));
    await form.getByLabel("Nomor lot / heat").fill("CLC-HP-01");
    await form.getByLabel(/jumlah diserahkan/).fill("5000");
    await expectOnScreen(form.getByRole("button", { name: "Catat penyerahan" }));
    await form.getByRole("button", { name: "Catat penyerahan" }).tap();
    await expect(form).toContainText("yang masih terbuka");
    await expect(form.getByLabel("Nomor lot / heat")).toHaveValue("CLC-HP-01");
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, "member-work-order");
    await page.goto("/work-orders");
    await page.getByRole("link", { name: /Rekening anggota — Koperasi Batur Jaya/ }).tap();
    await expect(page.getByTestId("statement-totals")).toBeVisible();
    await expectOnScreen(page.getByRole("link", { name: "Unduh PDF" }));
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, "member-statement");
  });
});
