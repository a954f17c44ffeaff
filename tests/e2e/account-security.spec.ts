import { expect, linkInLatestEmail, logIn, logOut, mainNav, passSecondFactor, screenshot, signUpBuyer, test, totpCode, waitForHydration } from "./fixtures";

// Issue 12: what a user does with their account's security, in Chromium with the CSP on.
test.describe("account security", () => {
  test("forgot password: the e-mailed link sets a new password, ends every session, and works once", async ({ page, browser }, testInfo) => {
    const buyer = await signUpBuyer(page);
    // A second device, still logged in.
    const other = await (await browser.newContext({ baseURL: testInfo.project.use.baseURL })).newPage();
    await logIn(other, buyer.email, buyer.password);

    await logOut(page);
    await page.getByRole("link", { name: "Lupa kata sandi?" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await waitForHydration(page);
    await page.getByLabel("Email").fill(buyer.email);
    await page.getByRole("button", { name: "Kirim tautan" }).click();
    await expect(page.getByRole("status")).toHaveText(/Jika alamat itu terdaftar/);
    const link = await linkInLatestEmail(buyer.email, /^\/reset-password\//);
    await page.goto(link);
    await waitForHydration(page);
    // A password made of the user's own name is refused next to the field.
    await page.getByLabel("Kata sandi baru", { exact: true }).fill(buyer.name);
    await page.getByLabel("Ulangi kata sandi baru").fill(buyer.name);
    await page.getByRole("button", { name: "Simpan kata sandi baru" }).click();
    await expect(page.locator(".field-error").first()).toHaveText("Kata sandi tidak boleh memuat email atau nama Anda.");
    await page.getByLabel("Kata sandi baru", { exact: true }).fill("Tungku-kupola-Ceper-41");
    await page.getByLabel("Ulangi kata sandi baru").fill("Tungku-kupola-Ceper-41");
    await page.getByRole("button", { name: "Simpan kata sandi baru" }).click();
    await expect(page).toHaveURL(/\/login\?reset=1$/);
    await expect(page.getByRole("status")).toContainText("Kata sandi sudah diganti");
    await screenshot(page, testInfo, "reset-done");

    // The other device was logged out; the old password no longer works; the link is used up.
    await other.goto("/account");
    await expect(other).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
    await logIn(page, buyer.email, "Tungku-kupola-Ceper-41");
    await page.goto(link);
    await expect(page.getByRole("alert")).toHaveText(/Tautan ini tidak berlaku lagi/);
  });

  test("two-step verification: set up with an authenticator, then every login asks for the code", async ({ page }, testInfo) => {
    const buyer = await signUpBuyer(page);
    await mainNav(page).getByRole("link", { name: "Akun" }).click();
    await page.getByRole("link", { name: "Atur verifikasi dua langkah" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Verifikasi dua langkah");
    await expect(page.getByRole("img", { name: "Kode QR untuk aplikasi autentikator" })).toBeVisible();
    const key = ((await page.getByTestId("totp-key").textContent()) ?? "").replace(/\s+/g, "");
    await screenshot(page, testInfo, "two-factor-setup");
    await page.locator('input[name="code"]').fill("000000");
    await page.getByRole("button", { name: "Aktifkan" }).click();
    await expect(page.locator(".field-error")).toContainText("Kode tidak cocok");
    // The same key stays on the page after a wrong code.
    await expect(page.getByTestId("totp-key")).toHaveText(/\S/);
    expect(((await page.getByTestId("totp-key").textContent()) ?? "").replace(/\s+/g, "")).toBe(key);
    await page.locator('input[name="code"]').fill(totpCode(key));
    await page.getByRole("button", { name: "Aktifkan" }).click();
    const codes = page.getByTestId("recovery-codes").locator("code");
    await expect(codes).toHaveCount(10);
    const recovery = (await codes.first().textContent())!;

    await logOut(page);
    const form = page.locator("main form");
    await page.goto("/login");
    await waitForHydration(page);
    await form.locator('input[name="email"]').fill(buyer.email);
    await form.locator('input[name="password"]').fill(buyer.password);
    await form.getByRole("button", { name: "Masuk" }).click();
    await passSecondFactor(page, key);
    await expect(page).toHaveURL(/\/$/);

    // A recovery code works once instead of the app.
    await logOut(page);
    await page.goto("/login");
    await waitForHydration(page);
    await form.locator('input[name="email"]').fill(buyer.email);
    await form.locator('input[name="password"]').fill(buyer.password);
    await form.getByRole("button", { name: "Masuk" }).click();
    await expect(page).toHaveURL(/\/login\/two-factor/);
    await page.getByText("Tidak bisa membuka aplikasi? Pakai kode pemulihan").click();
    await page.locator('input[name="recoveryCode"]').fill(recovery);
    await page.locator('button[value="recovery"]').click();
    await expect(page).toHaveURL(/\/$/);
  });

  test("an admin must pass the second step", async ({ page }) => {
    await page.goto("/login");
    await waitForHydration(page);
    const form = page.locator("main form");
    await form.locator('input[name="email"]').fill("admin@demo.pasok.id");
    await form.locator('input[name="password"]').fill("pasok-demo-2026");
    await form.getByRole("button", { name: "Masuk" }).click();
    await expect(page).toHaveURL(/\/login\/two-factor/);
    // Not signed in yet: admin pages send back to the second step.
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login\/two-factor\?redirectTo=%2Fadmin$/);
    await passSecondFactor(page, "PASOKDEMOADMINTWOFACTORKEYDEMOAA");
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });
});
