import {
  DEMO_KAI,
  DEMO_PASSWORD,
  expect,
  logIn,
  logOut,
  mainNav,
  screenshot,
  signUpBuyer,
  submitLogin,
  test,
} from "./fixtures";

test.describe("accounts", () => {
  test("a buyer organization signs up, logs out and logs in again", async ({ page }, testInfo) => {
    await page.goto("/");
    await screenshot(page, testInfo, "home-anonymous");
    await mainNav(page).getByRole("link", { name: "Daftar" }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Daftar di Pasok");
    await screenshot(page, testInfo, "signup");

    const buyer = await signUpBuyer(page);

    // Logged in, acting for the new organization as its owner, with the welcome notification unread.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang, ${buyer.name}`);
    await expect(page.getByText(`Anda bertindak untuk ${buyer.legalName} (Pembeli) sebagai Pemilik.`)).toBeVisible();
    await expect(page.locator(".acting-for")).toHaveText(`${buyer.legalName} · Pembeli`);
    const nav = mainNav(page);
    await expect(nav.getByRole("link", { name: "Masuk" })).toHaveCount(0);
    await expect(nav.getByLabel("1 belum dibaca")).toHaveText("1");
    await screenshot(page, testInfo, "home-logged-in");

    // The organization page shows what was typed, with the region names from idn-area-data.
    await nav.getByRole("link", { name: "Organisasi" }).click();
    await expect(page).toHaveURL(/\/organization$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(buyer.legalName);
    const facts = page.locator("dl.facts");
    await expect(facts).toContainText(buyer.nib);
    // The NPWP as it is written (issue 13 #8): 15 digits as 01.234.567.8-901.000.
    await expect(facts).toContainText(buyer.npwp.replace(/^(\d{2})(\d{3})(\d{3})(\d)(\d{3})(\d{3})$/, "$1.$2.$3.$4-$5.$6"));
    await expect(facts).toContainText(`${buyer.address}, Kabupaten Klaten, Jawa Tengah`);
    const members = page.getByRole("table").first();
    await expect(members.getByRole("row")).toHaveCount(2); // header + the owner
    await expect(members.getByRole("row", { name: new RegExp(buyer.email) })).toContainText("Pemilik");
    await screenshot(page, testInfo, "organization");

    // Log out: back on the login page, logged out for real.
    await logOut(page);
    await expect(mainNav(page).getByRole("link", { name: "Masuk" })).toBeVisible();
    await expect(mainNav(page).getByRole("button", { name: "Keluar" })).toHaveCount(0);
    await page.goto("/organization");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Forganization$/);
    await screenshot(page, testInfo, "login");

    // Log in again from there: back where the user wanted to go.
    await logIn(page, buyer.email, buyer.password, "/login?redirectTo=%2Forganization");
    await expect(page).toHaveURL(/\/organization$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(buyer.legalName);
    await expect(mainNav(page).getByRole("button", { name: "Keluar" })).toBeVisible();
  });

  test("the e-mail is matched without regard to letter case and spaces", async ({ page }) => {
    const buyer = await signUpBuyer(page);
    await logOut(page);
    await logIn(page, `  ${buyer.email.toUpperCase()} `, buyer.password);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang, ${buyer.name}`);
  });

  test("a wrong password shows the message and keeps the e-mail", async ({ page }, testInfo) => {
    const buyer = await signUpBuyer(page);
    await logOut(page);

    await submitLogin(page, buyer.email, "bukan-kata-sandinya");
    await expect(page.getByRole("alert")).toHaveText("Email atau kata sandi salah.");
    await expect(page).toHaveURL(/\/login$/);
    const form = page.locator("main form");
    await expect(form.locator('input[name="email"]')).toHaveValue(buyer.email);
    await expect(mainNav(page).getByRole("link", { name: "Masuk" })).toBeVisible();
    await screenshot(page, testInfo, "login-wrong-password");

    // An unknown e-mail gets the very same answer (no account enumeration).
    await submitLogin(page, `nobody.${buyer.email}`, "bukan-kata-sandinya");
    await expect(page.getByRole("alert")).toHaveText("Email atau kata sandi salah.");

    // The right password still works.
    await logIn(page, buyer.email, buyer.password);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang, ${buyer.name}`);
  });

  test("after a refused login the password field is empty", async ({ page }) => {
    await submitLogin(page, `nobody.${Date.now()}@e2e.pasok.test`, "bukan-kata-sandinya");
    await expect(page.getByRole("alert")).toHaveText("Email atau kata sandi salah.");
    await expect(page.locator('main form input[name="password"]')).toHaveValue("", { timeout: 3_000 });
  });

  test("after 5 wrong passwords the account is throttled, even for the right one", async ({ page }) => {
    const buyer = await signUpBuyer(page);
    await logOut(page);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitLogin(page, buyer.email, `salah-${attempt}-kata-sandi`);
      await expect(page.getByRole("alert")).toHaveText("Email atau kata sandi salah.");
    }
    await submitLogin(page, buyer.email, buyer.password);
    await expect(page.getByRole("alert")).toContainText("Terlalu banyak percobaan masuk yang gagal. Coba lagi pukul");
    await expect(page).toHaveURL(/\/login$/);
    await expect(mainNav(page).getByRole("link", { name: "Masuk" })).toBeVisible();
  });

  test("a demo buyer logs in and sees their organization (read-only)", async ({ page }) => {
    await logIn(page, DEMO_KAI.email, DEMO_PASSWORD);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang, ${DEMO_KAI.name}`);
    await mainNav(page).getByRole("link", { name: "Organisasi" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO_KAI.organization);
    const members = page.getByRole("table").first();
    await expect(members.getByRole("row", { name: /kai@demo\.pasok\.id/ })).toContainText("Pemilik");
    await expect(members.getByRole("row", { name: /kai\.pengadaan@demo\.pasok\.id/ })).toContainText("Anggota");
  });
});
