import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD, uniqueTag, waitForHydration, loggedInPage } from "./fixtures";

// Issue 6: TPR's cylinder-sleeve RFQ lists KBJ and the Tegal foundries as matches, each explained, and TPR
// invites from there; a search for "blok rem komposit" and for "composit brake blok" both find KBJ.


test("matches for TPR's cylinder-sleeve RFQ are explained and can be invited", async ({ browser }) => {
  test.setTimeout(180_000);
  const tpr = await loggedInPage(browser, "tpr@demo.pasok.id");
  await tpr.goto("/rfqs/new");
  await waitForHydration(tpr);
  const title = `Cylinder sleeve FC250 200 pcs/bulan ${uniqueTag()}`;
  await tpr.getByLabel("Judul").fill(title);
  const line = tpr.getByTestId("rfq-line").first();
  await line.getByLabel("Nama part").fill("Cylinder sleeve");
  await line.getByLabel("Bahan").selectOption("fc250");
  await line.getByLabel("Proses").selectOption("centrifugal_casting");
  await line.getByLabel("Jumlah", { exact: true }).fill("200");
  await line.getByLabel("Satuan", { exact: true }).selectOption("pcs");
  await tpr.getByLabel("ISO 9001 (manajemen mutu)").check();
  await tpr.getByRole("button", { name: "Simpan draf" }).click();
  await expect(tpr.getByRole("status")).toContainText("Draf tersimpan");

  await tpr.getByRole("link", { name: "Cari pemasok yang cocok" }).click();
  const matches = tpr.getByTestId("matches");
  for (const name of ["Koperasi Batur Jaya", "UD Logam Jaya Tegal", "CV Bumijawa Cor Tegal"]) {
    await expect(matches.locator(`[data-supplier="${name}"]`)).toBeVisible();
  }
  const kbj = matches.locator('[data-supplier="Koperasi Batur Jaya"]');
  await expect(kbj.getByTestId("match-reasons")).toContainText("Pengecoran sentrifugal ✓");
  await expect(kbj.getByTestId("match-reasons")).toContainText("Besi cor kelabu FC250 ✓");
  await expect(kbj.getByTestId("match-reasons")).toContainText(/ISO 9001 \(manajemen mutu\) berlaku s\.d\. .+ ✓/);
  await expect(kbj.getByTestId("match-reasons")).toContainText(/kapasitas [\d.]+\/bulan ≥ 200 ✓/);
  await tpr.screenshot({ path: "tests/.tmp/screens/desktop-matches.png", fullPage: true });

  await kbj.getByLabel("Undang").check();
  await tpr.getByRole("button", { name: "Undang pemasok yang dipilih" }).click();
  // The buyer stays on the matches page; KBJ is now marked invited there, and on the RFQ page.
  await expect(tpr).toHaveURL(/\/matches\?invited=1$/);
  await expect(tpr.getByRole("status")).toContainText("Undangan terkirim");
  await expect(kbj).toContainText("Diundang");
  await tpr.getByRole("link", { name: /^← / }).click();
  await expect(tpr.getByTestId("buyer-panel")).toContainText("Koperasi Batur Jaya");
});

test("the directory finds KBJ for 'blok rem komposit' and for 'composit brake blok'", async ({ page }) => {
  for (const q of ["blok rem komposit", "composit brake blok"]) {
    await page.goto(`/suppliers?q=${encodeURIComponent(q)}`);
    await expect(page.getByTestId("supplier-card").filter({ hasText: "Koperasi Batur Jaya" })).toBeVisible();
  }
  // Hostile input is answered, never a server error.
  for (const q of ['"blok rem', "NEAR(a b)", "rem* -kampas (", "🔩🔩", "x".repeat(10_000)]) {
    const response = await page.goto(`/suppliers?q=${encodeURIComponent(q)}`);
    expect(response?.status()).toBe(200);
  }
});

test("the directory says why each supplier matched, and what a partial match lacks", async ({ page }) => {
  await page.goto("/suppliers");
  await page.getByLabel("Cari part, proses, bahan atau nama").fill("pengecoran sentrifugal ISO 9001");
  await page.getByRole("button", { name: "Terapkan filter" }).click();
  await expect(page).toHaveURL(/q=pengecoran/);
  // KBJ has the process and a valid ISO 9001: both said, with the certificate's last day.
  const kbj = page.getByTestId("supplier-card").filter({ hasText: "Koperasi Batur Jaya" });
  const why = kbj.getByTestId("why-matched");
  await expect(why).toContainText("Cocok dengan: cor, sentrifugal, iso 9001");
  await expect(why.getByTestId("match-reasons")).toContainText("Pengecoran sentrifugal ✓");
  await expect(why.getByTestId("match-reasons")).toContainText(/ISO 9001 .*berlaku s\.d\. .*✓/);
  await expect(kbj.getByTestId("missing-words")).toHaveCount(0);
  // A centrifugal caster without ISO 9001 comes after the full matches, saying what it lacks, as typed.
  const partial = page.getByTestId("supplier-card").filter({ has: page.getByTestId("missing-words").filter({ hasText: /Tidak memuat: ISO 9001$/ }) }).first();
  await expect(partial.getByTestId("match-reasons")).toContainText("Pengecoran sentrifugal ✓");
  await expect(partial.getByTestId("match-reasons")).toContainText(/ISO 9001 .*✗/);
  const cards = page.getByTestId("supplier-card");
  const firstPartial = await cards.evaluateAll((els) => els.findIndex((el) => el.querySelector("[data-testid=missing-words]")));
  const lastFull = await cards.evaluateAll((els) => els.map((el) => !el.querySelector("[data-testid=missing-words]")).lastIndexOf(true));
  expect(firstPartial).toBeGreaterThan(0);
  expect(lastFull).toBeLessThan(firstPartial);
});

test("a supplier searches the open RFQs in either language, with facet counts", async ({ browser }) => {
  test.setTimeout(180_000);
  const kbj = await loggedInPage(browser, "kbj@demo.pasok.id");
  for (const q of ["blok rem", "brake block"]) {
    await kbj.goto(`/rfqs?q=${encodeURIComponent(q)}`);
    await expect(kbj.getByTestId("rfq-search-results")).toContainText("Blok rem komposit K-type untuk kereta penumpang");
    await expect(kbj.getByTestId("rfq-search-results")).not.toContainText("Cylinder sleeve");
  }
  // The process filter lists only what the result has, with its count; choosing it keeps the RFQ.
  const process = kbj.getByLabel("Proses", { exact: true }).first();
  const option = process.locator("option", { hasText: /\(\d+\)$/ }).first();
  await expect(option).toBeAttached();
  await process.selectOption({ label: (await option.textContent())!.trim() });
  await kbj.getByRole("button", { name: "Terapkan filter" }).click();
  await expect(kbj.getByTestId("rfq-search-results")).toContainText("Blok rem komposit");
  await kbj.screenshot({ path: "tests/.tmp/screens/desktop-rfq-search.png", fullPage: true });
});
