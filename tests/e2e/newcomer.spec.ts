import {
  DEMO_ADMIN,
  DEMO_PASSWORD,
  confirmSignUp,
  expect,
  logIn,
  newBrowserContext,
  openSignUp,
  queryOne,
  screenshot,
  switchLanguage,
  test,
  uniqueEmail,
  uniqueTag,
  waitForHydration,
  logInAs,
} from "./fixtures";
import { PROPELLER_RFQ_TITLES } from "./newcomer-setup";

/** A small but real PDF: uploads are checked by content. */
function pdf(): Buffer {
  return Buffer.from("%PDF-1.4\n1 0 obj<< /Type /Catalog /Pages 2 0 R >>endobj\n2 0 obj<< /Type /Pages /Kids [] /Count 0 >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n");
}

// Issue 13: the defects a newcomer met, one test each, at the width where they were seen. Tests switch the
// language only of demo accounts no other spec uses (a user's language is kept on the account, and specs
// run in parallel): the matches page as KAI's procurement member, the RFQ editor as Astra Honda Motor.

test.describe("what a newcomer trips over", () => {
  // #5 and #6 both switch Astra Honda Motor's language: one after the other.
  test.describe.configure({ mode: "serial" });
  test("#5 inviting with nothing ticked on the matches page says so there, next to the button", async ({ page }, testInfo) => {
    // A draft cylinder-sleeve RFQ by Astra Honda Motor (the seeded open RFQ's one match is already invited).
    await logInAs(page.context(), "ahm@demo.pasok.id");
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
    await logInAs(page.context(), "ahm@demo.pasok.id");
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

  test("#3 and #8 the purchase order says revision 0 for a contract never amended, and prints the NPWP grouped, in its 16-digit form", async ({ page }, testInfo) => {
    const order = queryOne<{ id: number; npwp: string }>(
      "select o.id, b.npwp from orders o join organizations b on b.id = o.buyer_id where b.legal_name like 'PT TPR%' limit 1",
    );
    await logInAs(page.context(), "tpr@demo.pasok.id");
    await page.goto(`/orders/${order.id}/po`);
    const facts = page.locator(".po-head dl.facts");
    await expect(facts.locator("dt", { hasText: "Revisi" }).locator("xpath=following-sibling::dd[1]")).toHaveText("0");
    // A 15-digit NPWP is shown as its 16-digit form (a leading 0, issue 18), in groups of four.
    const formatted = `0${order.npwp}`.replace(/^(\d{4})(\d{4})(\d{4})(\d{4})$/, "$1 $2 $3 $4");
    expect(formatted).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    await expect(page.locator("section.po-parties")).toContainText(`NPWP: ${formatted}`);
    await expect(page.locator("section.po-parties")).not.toContainText(`NPWP: ${order.npwp}`);
    await screenshot(page, testInfo, "po-id");
  });

  test("#9 the admin's centre has no 'awaiting verification' for approved listings, and KBJ's list is newest first", async ({ page, browser }, testInfo) => {
    await logInAs(page.context(), "admin@demo.pasok.id");
    await page.goto("/notifications");
    await expect(page.locator(".notification-list li.unread", { hasText: "menunggu verifikasi" })).toHaveCount(0);
    await screenshot(page, testInfo, "notifications-admin-id");

    const kbj = await (await browser.newContext({ baseURL: testInfo.project.use.baseURL })).newPage();
    await logInAs(kbj.context(), "kbj@demo.pasok.id");
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
    await logInAs(page.context(), "admin@demo.pasok.id");
    await page.goto(`/admin/listings/${version.id}`);
    const main = page.locator("main");
    await expect(main).toContainText(`[${version.name}]`);
    expect(await main.innerText()).not.toMatch(/\[#\d+\]/);
    await screenshot(page, testInfo, "listing-review-files-id");
  });
  test("#2 the comparison shows what each bid covers and prices the whole need like with like", async ({ page }, testInfo) => {
    const rfqId = queryOne<{ id: number }>("select id from rfqs where title = ?", PROPELLER_RFQ_TITLES.compare).id;
    await logInAs(page.context(), "ahm@demo.pasok.id");
    await page.goto(`/rfqs/${rfqId}/compare`);
    const names = await page.locator('[data-testid="comparison"] thead th[scope="col"]').evaluateAll((ths) => ths.map((th) => th.firstChild?.textContent ?? ""));
    const partialAt = names.findIndex((n) => n.includes("Takaru"));
    const fullAt = names.findIndex((n) => n.includes("Logam Jaya"));
    expect(partialAt).toBeGreaterThanOrEqual(0);
    expect(fullAt).toBeGreaterThanOrEqual(0);
    const partialCell = page.locator('[data-testid="cell"]').nth(partialAt);
    await expect(partialCell.getByTestId("cell-coverage")).toHaveText(/Sebagian\s+2 dari 4 \(50%\)/);
    await expect(page.locator('[data-testid="cell"]').nth(fullAt).getByTestId("cell-coverage")).toHaveCount(0);
    await expect(page.getByTestId("bid-coverage").nth(partialAt)).toContainText("Sebagian");
    await expect(page.getByTestId("bid-coverage").nth(fullAt)).toContainText("Lengkap");
    // The bid totals differ in what they cover; the whole need, priced alike, makes the full bid the cheaper.
    await expect(page.getByTestId("bid-total").nth(partialAt)).toHaveText(/Rp\s416\.000\.000/);
    await expect(page.getByTestId("whole-need").nth(partialAt)).toHaveText(/Rp\s699\.500\.000/);
    await expect(page.getByTestId("whole-need").nth(fullAt)).toHaveText(/Rp\s567\.000\.000\s*Terendah untuk seluruh kebutuhan/);
    await expect(page.getByTestId("whole-need-chart")).toContainText("Perkiraan untuk seluruh kebutuhan");
    await screenshot(page, testInfo, "compare-coverage-id");
    await switchLanguage(page, "en");
    await expect(partialCell.getByTestId("cell-coverage")).toHaveText(/Partial\s+2 of 4 \(50%\)/);
    await expect(page.getByTestId("whole-need").nth(fullAt)).toContainText("Lowest for the whole need");
    await screenshot(page, testInfo, "compare-coverage-en");
    await switchLanguage(page, "id");

    // #4 "Posting lagi" asks first, carries the drawing and proposes dates; going back leaves no draft.
    const copies = () => queryOne<{ n: number }>("select count(*) as n from rfqs where cloned_from_id = ?", rfqId).n;
    await page.goto(`/rfqs/${rfqId}`);
    await page.getByRole("link", { name: "Posting lagi" }).click();
    await expect(page).toHaveURL(new RegExp(`/rfqs/${rfqId}/post-again$`));
    await expect(page.getByTestId("repost-lines")).toContainText("Baling-baling kapal perunggu 4 daun");
    await expect(page.getByTestId("repost-lines")).toContainText("Rp 150.000.000".replace(" ", "\u00a0"));
    await expect(page.getByTestId("repost-lines")).toContainText("1 gambar");
    await expect(page.getByTestId("repost-deadline")).toContainText("WIB");
    await screenshot(page, testInfo, "post-again-confirm-id");
    await page.getByRole("link", { name: "Kembali tanpa membuat draf" }).click();
    await expect(page).toHaveURL(new RegExp(`/rfqs/${rfqId}$`));
    expect(copies()).toBe(0);
    await page.getByRole("link", { name: "Posting lagi" }).click();
    await page.getByRole("button", { name: "Buat draf baru" }).click();
    await expect(page).toHaveURL(new RegExp(`/rfqs/\\d+/edit\\?cloned=${rfqId}$`));
    expect(copies()).toBe(1);
    await expect(page.getByTestId("repost-banner")).toContainText("Ini draf baru yang disalin dari");
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const neededBy = await page.getByLabel("Dibutuhkan paling lambat").inputValue();
    const deadline = await page.getByLabel("Batas waktu penawaran (WIB)").inputValue();
    expect(neededBy > today).toBe(true);
    expect(deadline.slice(0, 10) > today).toBe(true);
    expect(deadline.slice(0, 10) < neededBy).toBe(true);
    await expect(page.getByTestId("rfq-line").first().getByLabel("Harga target per satuan", { exact: false })).toHaveValue(/^Rp\s150\.000\.000$/);
    await expect(page.getByText("baling-baling-1200.pdf")).toBeVisible();
    await screenshot(page, testInfo, "post-again-draft-id");
    await switchLanguage(page, "en");
    await expect(page.getByTestId("repost-banner")).toContainText("This is a new draft copied from");
    await screenshot(page, testInfo, "post-again-draft-en");
    // The stray draft can be discarded from its banner.
    await page.getByRole("button", { name: "Discard this draft" }).click();
    await expect(page.locator(".heading-row .status")).toHaveText(/Cancelled|Dibatalkan/);
    await switchLanguage(page, "id");
  });

  test("#1 and #7 an IKM outside the listed clusters lists truthfully, and its uploads are chosen after saving", async ({ page, browser }, testInfo) => {
    test.setTimeout(240_000);
    const email = uniqueEmail("juwana");
    const legalName = `CV Cor Perunggu Juwana ${uniqueTag()}`;
    await openSignUp(page);
    await page.getByLabel("Nama lengkap").fill("Slamet Riyadi");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Kata sandi").fill("Perunggu-Juwana-2026!");
    await page.getByText("Pemasok (IKM)", { exact: true }).click();
    await page.getByLabel("Nama badan usaha").fill(legalName);
    await page.getByLabel("NIB").fill("9120001122334");
    await page.getByLabel("NPWP").fill("023456789507000");
    await page.getByLabel("Alamat").fill("Desa Growong Lor, Kecamatan Juwana");
    await page.getByLabel("Provinsi").selectOption("33");
    await page.getByLabel("Kabupaten/kota").selectOption("33.18");
    await page.getByLabel("Telepon").fill("0295 471234");
    await page.getByRole("button", { name: "Daftar" }).click();
    await expect(page).toHaveURL(/\/signup\/sent$/);
    await confirmSignUp(page, email);

    await page.goto("/supplier/listing");
    await waitForHydration(page);
    const cluster = page.getByLabel("Sentra", { exact: true });
    // No cluster is forced on it: none is chosen, and the hint says none is listed in Pati.
    await expect(cluster).toHaveValue("");
    await expect(page.getByTestId("cluster-suggestion")).toHaveText("Belum ada sentra terdaftar di Kabupaten Pati.");
    await expect(page.getByLabel("Nama sentra lain")).toBeHidden();
    // The suggestion follows the regency: Klaten suggests Ceper and fills the untouched select.
    await page.getByLabel("Kabupaten/kota").selectOption("33.10");
    await expect(page.getByTestId("cluster-suggestion")).toHaveText("Saran untuk Kabupaten Klaten: Ceper, Klaten");
    await expect(cluster).toHaveValue("ceper");
    await page.getByLabel("Kabupaten/kota").selectOption("33.18");
    await cluster.selectOption({ label: "Sentra lain (tulis namanya)" });
    await page.getByLabel("Nama sentra lain").fill("Juwana");
    await page.getByLabel("Judul (Bahasa Indonesia)").fill("Baling-baling kapal dan bushing perunggu");
    // #7: a certificate with its document, uploaded with the draft.
    await page.locator('[name="certificates[0].typeCode"]').selectOption("iso9001");
    await page.locator('[name="certificates[0].number"]').fill("QMS-JWN-01");
    await page.locator('[name="certificates[0].issuer"]').fill("PT Sucofindo");
    await page.locator('[name="certificates[0].validFrom"]').fill("2025-01-01");
    await page.locator('[name="certificates[0].validUntil"]').fill("2028-01-01");
    await page.locator('[name="certificates[0].file"]').setInputFiles({ name: "iso9001-juwana.pdf", mimeType: "application/pdf", buffer: pdf() });
    await page.getByRole("button", { name: "Simpan draf" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Draf tersimpan" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Usulan sentra «Juwana» menunggu konfirmasi admin" })).toBeVisible();
    await expect(cluster).toHaveValue("other");
    await expect(page.getByLabel("Nama sentra lain")).toHaveValue("Juwana");
    const documentSelect = page.locator('[name="certificates[0].fileId"]');
    // The document just uploaded is the one chosen, not "— Tidak ada —".
    await expect(documentSelect.locator("option:checked")).toContainText("QMS-JWN-01");
    await screenshot(page, testInfo, "listing-cluster-proposed-id");
    await switchLanguage(page, "en");
    await expect(page.getByTestId("cluster-suggestion")).toHaveText("No cluster is listed in Kabupaten Pati yet.");
    await expect(page.getByRole("status").filter({ hasText: "Your proposed cluster «Juwana» is waiting for an admin" })).toBeVisible();
    await screenshot(page, testInfo, "listing-cluster-proposed-en");
    await switchLanguage(page, "id");

    // The admin confirms it; it joins the list of clusters and the IKM's listing takes it.
    const admin = await (await newBrowserContext(browser, testInfo)).newPage();
    await logInAs(admin.context(), DEMO_ADMIN.email);
    await admin.goto("/admin/capabilities");
    const proposal = admin.getByTestId("cluster-proposal").filter({ hasText: legalName });
    await expect(proposal).toContainText("Kabupaten Pati");
    await expect(proposal.getByLabel("Kode")).toHaveValue("juwana");
    const code = `juwana_${uniqueTag().toLowerCase().replace(/[^a-z0-9]/g, "")}`.slice(0, 40);
    await proposal.getByLabel("Kode").fill(code);
    await screenshot(admin, testInfo, "admin-cluster-proposal-id");
    await proposal.getByRole("button", { name: "Tambahkan ke daftar sentra" }).click();
    await expect(admin.getByRole("status")).toHaveText("Sentra ditambahkan ke daftar; listing IKM itu kini menampilkannya.");
    await expect(admin.getByTestId("cluster-proposal").filter({ hasText: legalName })).toHaveCount(0);

    await page.goto("/supplier/listing");
    await expect(cluster).toHaveValue(code);
    await expect(cluster.locator("option:checked")).toHaveText("Juwana");
    await expect(page.getByTestId("cluster-suggestion")).toHaveText("Saran untuk Kabupaten Pati: Juwana");
  });

  test("#12 form pages do not carry the regency list in their inline data", async ({ page }) => {
    await logInAs(page.context(), "ahm@demo.pasok.id");
    for (const path of ["/rfqs/new", "/organization"]) {
      await page.goto(path);
      await waitForHydration(page);
      const inline = await page.evaluate(() => [...document.querySelectorAll("script:not([src])")].reduce((n, s) => n + (s.textContent ?? "").length, 0));
      expect(inline, path).toBeLessThan(20_000);
      // Yet the regency list is all there, from the cached script, once a province is chosen.
      await page.getByLabel("Provinsi").first().selectOption("33");
      await expect(page.getByLabel("Kabupaten/kota").first().locator("option", { hasText: "Kabupaten Pati" })).toHaveCount(1);
    }
  });

  test("#10 English counts things with the right plural", async ({ page }, testInfo) => {
    await logInAs(page.context(), "ahm@demo.pasok.id");
    const rfqId = queryOne<{ id: number }>("select id from rfqs where title = ?", PROPELLER_RFQ_TITLES.plural).id;
    await page.goto(`/rfqs/${rfqId}/post-again`);
    await switchLanguage(page, "en");
    await expect(page.getByTestId("repost-lines")).toContainText("1 drawing");
    await expect(page.getByTestId("repost-lines")).not.toContainText("1 drawings");
    await screenshot(page, testInfo, "plural-en");
    await switchLanguage(page, "id");
  });
});
