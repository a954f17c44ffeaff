import { expect, GOOD_PASSWORD, mainNav, newBrowserContext, screenshot, signUpBuyer, test, uniqueEmail, uniqueTag, waitForHydration } from "./fixtures";
import type { Page } from "@playwright/test";

/** As the owner on /organization: creates an invitation for an e-mail address and returns its link. */
async function createInvitationLink(page: Page, email: string): Promise<string> {
  await page.goto("/organization");
  await waitForHydration(page);
  await page.locator('form:has(input[name="intent"][value="invite"]) input[name="email"]').fill(email);
  await page.getByRole("button", { name: "Buat tautan undangan" }).click();
  const link = page.getByTestId("invite-link");
  await expect(link).toHaveValue(/\/invite\/[^/]+$/);
  await expect(page.getByRole("status")).toContainText("Undangan dibuat, berlaku sampai");
  return link.inputValue();
}

test.describe("invitations", () => {
  test("a colleague joins by invitation link; the owner is notified; the link then reads as used", async ({ page, browser }, testInfo) => {
    const owner = await signUpBuyer(page);
    const colleagueEmail = uniqueEmail("colleague");
    const link = await createInvitationLink(page, colleagueEmail);
    const url = new URL(link);
    expect(url.origin).toBe(new URL(testInfo.project.use.baseURL!).origin);
    await screenshot(page, testInfo, "organization-invite-created");
    // The new invitation is listed as pending.
    const invitations = page.getByRole("table").nth(1);
    await expect(invitations.getByRole("row")).toHaveCount(2);
    await expect(invitations.getByRole("row").nth(1)).toContainText("Menunggu");

    // The colleague, in a browser of their own and not logged in, opens the link.
    const colleagueContext = await newBrowserContext(browser, testInfo);
    const colleague = await colleagueContext.newPage();
    const colleagueName = `Ayu Wijaya ${uniqueTag()}`;
    await colleague.goto(url.pathname);
    await expect(colleague.getByRole("heading", { level: 1 })).toHaveText(`Undangan ke ${owner.legalName}`);
    await expect(colleague.getByText(`Anda diundang bergabung dengan ${owner.legalName} sebagai Anggota.`, { exact: false })).toBeVisible();
    await screenshot(colleague, testInfo, "invite");
    await colleague.getByRole("link", { name: "Buat akun dan bergabung" }).click();

    // Sign-up by invitation asks only for the person, not for an organization.
    await expect(colleague).toHaveURL(/\/signup\?invite=/);
    await expect(colleague.getByRole("heading", { level: 1 })).toHaveText(`Bergabung dengan ${owner.legalName}`);
    await waitForHydration(colleague);
    const form = colleague.locator("main form");
    await expect(form.locator('input[name="legalName"]')).toHaveCount(0);
    await form.getByLabel("Nama lengkap").fill(colleagueName);
    // The form starts with the invited address, the only one the invitation accepts.
    await expect(form.getByLabel("Email", { exact: true })).toHaveValue(colleagueEmail);
    await form.getByLabel("Kata sandi").fill(GOOD_PASSWORD);
    await screenshot(colleague, testInfo, "signup-by-invitation");
    await form.getByRole("button", { name: "Buat akun dan bergabung" }).click();

    // The colleague lands on the organization page as a member: both people are listed.
    await expect(colleague).toHaveURL(/\/organization$/);
    await expect(colleague.getByRole("heading", { level: 1 })).toHaveText(owner.legalName);
    await expect(colleague.locator(".acting-for")).toHaveText(`${owner.legalName} · Pembeli`);
    const members = colleague.getByRole("table").first();
    await expect(members.getByRole("row")).toHaveCount(3);
    await expect(members.getByRole("row", { name: new RegExp(owner.email) })).toContainText("Pemilik");
    await expect(members.getByRole("row", { name: new RegExp(colleagueEmail) })).toContainText("Anggota");
    // A member does not get the owner's invitation form.
    await expect(colleague.getByRole("button", { name: "Buat tautan undangan" })).toHaveCount(0);

    // The owner now has two unread notifications (welcome + member joined) and sees who joined.
    await page.goto("/");
    await expect(mainNav(page).getByLabel("2 belum dibaca")).toHaveText("2");
    await mainNav(page).getByRole("link", { name: /Notifikasi/ }).click();
    await expect(page).toHaveURL(/\/notifications$/);
    const joined = page.locator(".notification-list li", { hasText: "Anggota baru bergabung" });
    await expect(joined).toHaveClass(/unread/);
    await expect(joined).toContainText(`${colleagueName} (${colleagueEmail}) bergabung dengan organisasi Anda.`);
    await screenshot(page, testInfo, "notifications");

    // Opening it marks it read and follows its link; the badge count drops to 1.
    await joined.getByRole("button", { name: "Buka" }).click();
    await expect(page).toHaveURL(/\/organization$/);
    await expect(mainNav(page).getByLabel("1 belum dibaca")).toHaveText("1");

    // The owner's invitation list shows the invitation as accepted.
    await page.goto("/organization");
    await expect(page.getByRole("table").nth(1).getByRole("row").nth(1)).toContainText("Diterima");
    await expect(page.getByRole("table").first().getByRole("row")).toHaveCount(3);

    // The same link, opened again by someone else, says it was used and offers no way to join.
    const strangerContext = await newBrowserContext(browser, testInfo);
    const stranger = await strangerContext.newPage();
    await stranger.goto(url.pathname);
    await expect(stranger.getByRole("alert")).toHaveText(`Undangan ke ${owner.legalName} sudah dipakai.`);
    await expect(stranger.getByRole("link", { name: "Buat akun dan bergabung" })).toHaveCount(0);
    await stranger.goto(`/signup?invite=${encodeURIComponent(url.pathname.split("/").pop()!)}`);
    await expect(stranger.getByRole("alert")).toHaveText(`Undangan ke ${owner.legalName} sudah dipakai.`);
    await expect(stranger.locator('input[name="password"]')).toHaveCount(0);
    await screenshot(stranger, testInfo, "invite-used");

    await colleagueContext.close();
    await strangerContext.close();
  });

  test("a withdrawn invitation link no longer works", async ({ page, browser }, testInfo) => {
    const owner = await signUpBuyer(page);
    const link = await createInvitationLink(page, uniqueEmail("withdrawn"));
    await page.goto("/organization");
    await waitForHydration(page);
    const row = page.getByRole("table").nth(1).getByRole("row").nth(1);
    await row.getByRole("button", { name: "Batalkan" }).click();
    await expect(row).toContainText("Dibatalkan");
    await expect(row.getByRole("button", { name: "Batalkan" })).toHaveCount(0);

    const otherContext = await newBrowserContext(browser, testInfo);
    const other = await otherContext.newPage();
    await other.goto(new URL(link).pathname);
    await expect(other.getByRole("alert")).toHaveText(`Undangan ke ${owner.legalName} sudah dibatalkan.`);
    await expect(other.getByRole("link", { name: "Buat akun dan bergabung" })).toHaveCount(0);
    await otherContext.close();
  });

  test("an unknown invitation link is a 404", async ({ page }) => {
    const response = await page.goto("/invite/bukan-token-yang-ada");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Halaman tidak ditemukan");
    await page.goto("/signup?invite=bukan-token-yang-ada");
    await expect(page.getByRole("alert")).toHaveText("Tautan undangan tidak dikenal.");
  });
});
