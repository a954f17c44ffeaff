import { DEMO_PASSWORD, expect, logIn, mainNav, newBrowserContext, queryOne, screenshot, signUpBuyer, switchLanguage, test, logInAs } from "./fixtures";

// Issue 13 #11, on the 360 px phone where it was seen (the "phone" project). Language is switched only for
// an account made here (a user's language is kept on the account, and specs run in parallel).

test.describe("what a newcomer trips over, on a phone", () => {
  test("#11 the header is a small band, not a third of the screen, in both languages", async ({ page }, testInfo) => {
    // The cooperative's member sees the longest menu (it buys, sells and has a listing).
    await logInAs(page.context(), "kbj@demo.pasok.id");
    await page.goto("/");
    const viewport = page.viewportSize()!;
    const header = page.locator("header.site-header");
    const nav = mainNav(page);
    await expect(nav.getByRole("link", { name: "Listing saya" })).toBeVisible();
    const height = (await header.boundingBox())!.height;
    expect(height, `header ${height}px of ${viewport.height}px`).toBeLessThanOrEqual(0.2 * viewport.height);
    // Every menu item is still on screen, without sideways scrolling.
    for (const link of await nav.getByRole("link").all()) {
      const box = (await link.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width + 0.5);
    }
    await screenshot(page, testInfo, "header-kbj-id");

    const other = await (await newBrowserContext(page.context().browser()!, testInfo)).newPage();
    await signUpBuyer(other);
    await switchLanguage(other, "en");
    const englishHeight = (await other.locator("header.site-header").boundingBox())!.height;
    expect(englishHeight).toBeLessThanOrEqual(0.2 * viewport.height);
    await screenshot(other, testInfo, "header-buyer-en");
  });

  test("#11 a part number on the purchase order stays one word", async ({ page }, testInfo) => {
    const order = queryOne<{ id: number }>("select o.id from orders o join organizations b on b.id = o.buyer_id where b.legal_name like 'PT TPR%' limit 1");
    await logInAs(page.context(), "tpr@demo.pasok.id");
    await page.goto(`/orders/${order.id}/po`);
    const cell = page.locator("td.part-number").first();
    await expect(cell).toHaveText(/\S/);
    const lineBoxes = await cell.evaluate((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lineBoxes).toBe(1);
    await screenshot(page, testInfo, "po-part-number-id");
  });

  test("#11 a refused order form keeps the order's own address (no ?index), without JavaScript", async ({ browser }, testInfo) => {
    const order = queryOne<{ id: number }>("select o.id from orders o join organizations b on b.id = o.buyer_id where b.legal_name like 'PT TPR%' and o.status = 'contract_draft' limit 1");
    const context = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login");
    await page.locator('main form input[name="email"]').fill("tpr@demo.pasok.id");
    await page.locator('main form input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator("main form").getByRole("button", { name: "Masuk" }).click();
    await expect(page).not.toHaveURL(/\/login/);
    await page.goto(`/orders/${order.id}`);
    const form = page.getByTestId("contract-form");
    await form.getByLabel("Jangka waktu pembayaran (hari setelah faktur)").fill("400");
    await form.getByRole("button", { name: "Simpan kontrak" }).click();
    await expect(form.locator(".field-error").first()).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/orders/${order.id}$`));
    await expect(form.getByLabel("Jangka waktu pembayaran (hari setelah faktur)")).toHaveValue("400");
    await screenshot(page, testInfo, "order-refused-no-index-id");
    await context.close();
  });
});
