import type { Page } from "@playwright/test";
import { expect, logIn, logOut, mainNav, newBrowserContext, screenshot, signUpBuyer, test, waitForHydration } from "./fixtures";

function languageButton(page: Page, code: "ID" | "EN") {
  return page.getByRole("form", { name: /^(Bahasa|Language)$/ }).getByRole("button", { name: code, exact: true });
}

test.describe("language", () => {
  test("a visitor switches to English and back, staying on the same page", async ({ page }, testInfo) => {
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Masuk ke Pasok");
    await expect(languageButton(page, "ID")).toHaveAttribute("aria-pressed", "true");
    await expect(languageButton(page, "EN")).toHaveAttribute("aria-pressed", "false");

    await waitForHydration(page);
    await languageButton(page, "EN").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in to Pasok");
    await expect(mainNav(page).getByRole("link", { name: "Log in" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Sign up" })).toBeVisible();
    await expect(page.getByLabel("Password")).toBeVisible();
    await expect(languageButton(page, "EN")).toHaveAttribute("aria-pressed", "true");
    await screenshot(page, testInfo, "login-en");

    // The choice is kept (cookie) on the next page load.
    await page.goto("/signup");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign up for Pasok");
    await screenshot(page, testInfo, "signup-en");

    await waitForHydration(page);
    await languageButton(page, "ID").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Daftar di Pasok");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
  });

  test("a user's language is kept on the account, also in another browser", async ({ page, browser }, testInfo) => {
    const buyer = await signUpBuyer(page);
    await languageButton(page, "EN").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome, ${buyer.name}`);
    await expect(page.getByText(`You are acting for ${buyer.legalName} (Buyer) as Owner.`)).toBeVisible();
    await expect(mainNav(page).getByLabel("1 unread")).toHaveText("1");
    await screenshot(page, testInfo, "home-logged-in-en");
    await logOut(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in to Pasok");

    // A fresh browser without the language cookie: Indonesian until the user logs in, then English.
    const otherContext = await newBrowserContext(browser, testInfo);
    const other = await otherContext.newPage();
    await other.goto("/login");
    await expect(other.locator("html")).toHaveAttribute("lang", "id");
    await logIn(other, buyer.email, buyer.password);
    await expect(other.locator("html")).toHaveAttribute("lang", "en");
    await expect(other.getByRole("heading", { level: 1 })).toHaveText(`Welcome, ${buyer.name}`);

    // And back to Indonesian, which again sticks to the account.
    await waitForHydration(other);
    await languageButton(other, "ID").click();
    await expect(other.locator("html")).toHaveAttribute("lang", "id");
    await expect(other.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang, ${buyer.name}`);
    await other.goto("/account");
    await expect(other.getByRole("heading", { level: 1 })).toHaveText("Akun");
    await otherContext.close();
  });

  test("the 404 page in Indonesian and in English", async ({ page }, testInfo) => {
    const response = await page.goto("/halaman-yang-tidak-ada");
    expect(response?.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Halaman tidak ditemukan");
    await expect(page.getByText("Alamat ini tidak ada di Pasok.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Kembali ke beranda" })).toHaveAttribute("href", "/");
    // The shell (header, navigation) is still there on an error page.
    await expect(mainNav(page).getByRole("link", { name: "Masuk" })).toBeVisible();
    await screenshot(page, testInfo, "404-id");

    await waitForHydration(page);
    await languageButton(page, "EN").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page).toHaveURL(/\/halaman-yang-tidak-ada$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page.getByText("This address does not exist on Pasok.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to the home page" })).toBeVisible();
    await screenshot(page, testInfo, "404-en");

    // A server-rendered 404 in English too (cookie), with the right status.
    const again = await page.goto("/nothing/here");
    expect(again?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  });
});
