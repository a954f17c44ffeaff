import { DEMO_PASSWORD, expect, logIn, queryOne, screenshot, switchLanguage, test, waitForHydration } from "./fixtures";

// Issue 13: the defects a newcomer met, one test each, at the width where they were seen. Tests switch the
// language only of demo accounts no other spec uses (a user's language is kept on the account, and specs
// run in parallel): the matches page as KAI's procurement member, the RFQ editor as Astra Honda Motor.

test.describe("what a newcomer trips over", () => {
  // #5 and #6 both switch Astra Honda Motor's language: one after the other.
  test.describe.configure({ mode: "serial" });
  test("#5 inviting with nothing ticked on the matches page says so there, next to the button", async ({ page }, testInfo) => {
    // A draft cylinder-sleeve RFQ by Astra Honda Motor (the seeded open RFQ's one match is already invited).
    await logIn(page, "ahm@demo.pasok.id", DEMO_PASSWORD);
    await page.goto("/rfqs/new");
    await waitForHydration(page);
    await page.getByLabel("Judul").fill("Cylinder sleeve FC250 untuk uji");
    const line = page.getByTestId("rfq-line").first();
    await line.getByLabel("Nama part").fill("Cylinder sleeve");
    await line.getByLabel("Bahan").selectOption("fc250");
    await line.getByLabel("Proses").selectOption("centrifugal_casting");
    await line.getByLabel("Jumlah", { exact: true }).fill("100");
    await line.getByLabel("Satuan", { exact: true }).selectOption("pcs");
    await page.getByLabel("Provinsi").selectOption("31");
    await page.getByLabel("Kabupaten/kota").selectOption({ index: 1 });
    await page.getByLabel("Alamat pengiriman").fill("Jl. Laksda Yos Sudarso, Sunter");
    await page.getByRole("button", { name: "Simpan draf" }).click();
    await expect(page.getByRole("status")).toContainText("Draf tersimpan");
    const rfqId = Number(/\/rfqs\/(\d+)/.exec(page.url())![1]);
    for (const [locale, button, message] of [
      ["id", "Undang pemasok yang dipilih", "Pilih minimal satu pemasok."],
      ["en", "Invite the chosen suppliers", "Choose at least one supplier."],
    ] as const) {
      await page.goto(`/rfqs/${rfqId}/matches`);
      await waitForHydration(page);
      if (locale === "en") await switchLanguage(page, "en");
      await page.getByRole("button", { name: button }).click();
      await expect(page).toHaveURL(new RegExp(`/rfqs/${rfqId}/matches$`));
      await expect(page.getByRole("alert")).toHaveText(message);
      await screenshot(page, testInfo, `matches-nothing-ticked-${locale}`);
    }
    await switchLanguage(page, "id");
    // Ticking one invites it and stays on the matches page.
    await page.locator('input[name="supplierIds"]').first().check();
    await page.getByRole("button", { name: "Undang pemasok yang dipilih" }).click();
    await expect(page).toHaveURL(new RegExp(`/rfqs/${rfqId}/matches\\?invited=1$`));
    await expect(page.getByRole("status")).toHaveText("Undangan terkirim.");
  });

  test("#6 a needed-by date that has passed is refused when the draft is saved", async ({ page }, testInfo) => {
    await logIn(page, "ahm@demo.pasok.id", DEMO_PASSWORD);
    await page.goto("/rfqs/new");
    await waitForHydration(page);
    await page.getByLabel("Judul").fill("Baling-baling perunggu 2 bilah");
    const line = page.getByTestId("rfq-line").first();
    await line.getByLabel("Nama part").fill("Ship propeller");
    await line.getByLabel("Jumlah", { exact: true }).fill("2");
    await line.getByLabel("Satuan", { exact: true }).selectOption("pcs");
    const yesterday = new Date(Date.now() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Dibutuhkan paling lambat").fill(yesterday);
    await page.getByRole("button", { name: "Simpan draf" }).click();
    const field = page.locator(".field", { has: page.getByLabel("Dibutuhkan paling lambat") });
    await expect(field.locator(".field-error")).toHaveText("Tanggal dibutuhkan sudah lewat. Pilih hari ini atau sesudahnya.");
    await expect(page.getByLabel("Judul")).toHaveValue("Baling-baling perunggu 2 bilah");
    await expect(page).toHaveURL(/\/rfqs\/new$/);
    await screenshot(page, testInfo, "rfq-needed-by-past-id");
    await switchLanguage(page, "en");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.locator(".field", { has: page.getByLabel("Needed by") }).locator(".field-error")).toHaveText(
      "The needed-by date has passed. Choose today or later.",
    );
    await screenshot(page, testInfo, "rfq-needed-by-past-en");
    await switchLanguage(page, "id");
  });

  test("#3 and #8 the purchase order says revision 0 for a contract never amended, and prints NPWP as written", async ({ page }, testInfo) => {
    const order = queryOne<{ id: number; npwp: string }>(
      "select o.id, b.npwp from orders o join organizations b on b.id = o.buyer_id where b.legal_name like 'PT TPR%' limit 1",
    );
    await logIn(page, "tpr@demo.pasok.id", DEMO_PASSWORD);
    await page.goto(`/orders/${order.id}/po`);
    const facts = page.locator(".po-head dl.facts");
    await expect(facts.locator("dt", { hasText: "Revisi" }).locator("xpath=following-sibling::dd[1]")).toHaveText("0");
    const formatted = order.npwp.replace(/^(\d{2})(\d{3})(\d{3})(\d)(\d{3})(\d{3})$/, "$1.$2.$3.$4-$5.$6");
    expect(formatted).not.toBe(order.npwp);
    await expect(page.locator("section.po-parties")).toContainText(`NPWP: ${formatted}`);
    await expect(page.locator("section.po-parties")).not.toContainText(`NPWP: ${order.npwp}`);
    await screenshot(page, testInfo, "po-id");
  });

  test("#9 the admin's centre has no 'awaiting verification' for approved listings, and KBJ's list is newest first", async ({ page, browser }, testInfo) => {
    await logIn(page, "admin@demo.pasok.id", DEMO_PASSWORD);
    await page.goto("/notifications");
    await expect(page.locator(".notification-list li.unread", { hasText: "menunggu verifikasi" })).toHaveCount(0);
    await screenshot(page, testInfo, "notifications-admin-id");

    const kbj = await (await browser.newContext({ baseURL: testInfo.project.use.baseURL })).newPage();
    await logIn(kbj, "kbj@demo.pasok.id", DEMO_PASSWORD);
    await kbj.goto("/notifications");
    const times = await kbj.locator(".notification-list li time").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("datetime") ?? ""));
    expect(times.length).toBeGreaterThan(3);
    expect(times).toEqual([...times].sort().reverse());
    await screenshot(kbj, testInfo, "notifications-kbj-id");
  });

  test("#7 the admin's review names the listing's documents instead of showing file ids", async ({ page }, testInfo) => {
    const version = queryOne<{ id: number; name: string }>(
      `select v.id, coalesce(nullif(f.label, ''), f.original_name) as name from listing_versions v
         join listings l on l.id = v.listing_id
         join listing_files f on f.organization_id = l.organization_id
        where v.data like '%"fileId":' || f.id || '%' limit 1`,
    );
    await logIn(page, "admin@demo.pasok.id", DEMO_PASSWORD);
    await page.goto(`/admin/listings/${version.id}`);
    const main = page.locator("main");
    await expect(main).toContainText(`[${version.name}]`);
    expect(await main.innerText()).not.toMatch(/\[#\d+\]/);
    await screenshot(page, testInfo, "listing-review-files-id");
  });
});
