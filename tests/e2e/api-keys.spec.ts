import { expect, loggedInPage, test, waitForHydration } from "./fixtures";

// Issue 21: an owner gives the ERP a key. TPR's owner creates one on the organization page (a form refused
// without a scope keeps the name typed), sees it once, the ERP uses it (GET /api/v1/me), the list shows when and
// from where it was last used, the owner revokes it and the API refuses it. The reference page is served by the
// app itself, in English, and works on a 360 px phone.

test("an owner creates an API key, sees it once, and revokes it", async ({ browser, baseURL }) => {
  const page = await loggedInPage(browser, "tpr@demo.pasok.id");
  await page.goto("/organization");
  await page.getByTestId("api-keys-link").click();
  await expect(page.getByRole("heading", { name: "Kunci API", level: 1 })).toBeVisible();
  await waitForHydration(page);
  const form = page.getByTestId("create-key");
  await form.getByLabel("Nama integrasi").fill("SAP TPR produksi");
  await form.getByRole("button", { name: "Buat kunci" }).click();
  await expect(form.getByText("Pilih paling sedikit satu izin.")).toBeVisible();
  await expect(form.getByLabel("Nama integrasi")).toHaveValue("SAP TPR produksi");
  await form.getByLabel("RFQ (pembeli) — tulis").check();
  await form.getByLabel("Pesanan, pengiriman, faktur, pembayaran — tulis").check();
  await form.getByRole("button", { name: "Buat kunci" }).click();
  await expect(page.getByTestId("new-key")).toContainText('Kunci "SAP TPR produksi" dibuat.');
  const token = (await page.getByTestId("new-key-token").textContent())!.trim();
  expect(token).toMatch(/^psk_[a-z2-7]{16}_[a-z2-7]{32}$/);
  // The list names each scope in the reader's language, with the API's name beside it.
  await expect(page.getByTestId("api-keys")).toContainText("RFQ (pembeli) — tulis rfqs:write, Pesanan, pengiriman, faktur, pembayaran — tulis orders:write");
  await page.screenshot({ path: "tests/.tmp/shots/api-key-created.png", fullPage: true });

  const me = await fetch(`${baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ organization: { name: "PT TPR Indonesia" }, key: { name: "SAP TPR produksi", scopes: ["rfqs:write", "orders:write"] } });

  // Shown once: the page read again no longer holds it, and the list says it was used.
  await page.goto("/organization/api-keys");
  await expect(page.getByTestId("new-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(token.split("_")[2]!);
  const row = page.locator('[data-testid^="api-key-"]', { hasText: "SAP TPR produksi" });
  await expect(row).toContainText("Aktif");
  await expect(row).toContainText("terakhir dipakai");
  await page.goto("/organization");
  await expect(page.getByText("Integrasi").first()).toBeVisible();

  await page.goto("/organization/api-keys");
  await row.getByRole("button", { name: "Cabut kunci" }).click();
  await expect(page.getByText("Kunci dicabut.")).toBeVisible();
  await expect(row).toHaveAttribute("data-state", "revoked");
  const refused = await fetch(`${baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status).toBe(401);
  expect(refused.headers.get("content-type")).toContain("application/problem+json");
});

test("the API reference is served by the app, in English, and reads on a phone", async ({ browser, baseURL }) => {
  const document = await (await fetch(`${baseURL}/api/v1/openapi.json`)).json();
  expect(document.openapi).toBe("3.1.0");
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  const external: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(baseURL!)) external.push(r.url());
  });
  await page.goto("/api/v1/docs");
  await expect(page.getByRole("heading", { name: /Pasok API/ })).toBeVisible();
  await expect(page.getByTestId("op-createRfq")).toContainText("POST /api/v1/rfqs");
  await expect(page.getByTestId("op-createRfq")).toContainText("Example body");
  await expect(page.getByTestId("op-submitBid")).toContainText("submissionKey");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(external).toEqual([]);
  await page.screenshot({ path: "tests/.tmp/shots/api-docs-360.png" });
  await context.close();
});
