import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD, uniqueTag, waitForHydration, loggedInPage } from "./fixtures";

// Issue 4: PT TPR Indonesia posts an RFQ for 200 FC250 cylinder sleeves a month; two Tegal IKMs and
// Koperasi Batur Jaya (a joint bid over three members) bid, one revises; the deadline passes; TPR compares
// and splits the award; a losing IKM sees it lost, and no prices.

const E2E_DB = fileURLToPath(new URL("../.tmp/e2e.db", import.meta.url));


/** A moment as the value of a datetime-local input in Jakarta time (UTC+7). */
function jakartaLocal(date: Date): string {
  return new Date(date.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
}

async function openRfq(page: Page, title: string): Promise<void> {
  await page.goto("/rfqs");
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

/** Fills and sends the bid form; returns without checking the answer. */
async function sendBid(page: Page, title: string, values: { quantity: string; price: string; lead: string; shares?: Record<string, string> }) {
  await openRfq(page, title);
  await page.getByRole("link", { name: /^(Ajukan penawaran|Revisi penawaran)$/ }).click();
  await waitForHydration(page);
  const line = page.getByTestId("bid-line").first();
  await line.getByLabel("Jumlah ditawarkan").fill(values.quantity);
  await line.getByLabel("Harga satuan (Rp)").fill(values.price);
  for (const [member, quantity] of Object.entries(values.shares ?? {})) {
    await line.getByLabel(new RegExp(`^${member} \\(TKDN`)).fill(quantity);
  }
  await page.getByLabel("Waktu produksi (hari)").fill(values.lead);
  await page.getByLabel("Berlaku sampai").fill(new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
  await page.getByRole("button", { name: /^(Kirim penawaran|Kirim revisi)$/ }).click();
}

async function bid(page: Page, title: string, values: Parameters<typeof sendBid>[2]) {
  await sendBid(page, title, values);
  await expect(page.getByRole("status")).toContainText("terkirim dan tersegel");
}

test("TPR's cylinder-sleeve RFQ: sealed bids, a cooperative joint bid, a revision, a split award", async ({ browser }) => {
  test.setTimeout(300_000);
  const title = `Cylinder sleeve FC250 200 pcs/bulan ${uniqueTag()}`;

  // 1. TPR writes the RFQ and saves a draft.
  const tpr = await loggedInPage(browser, "tpr@demo.pasok.id");
  await tpr.goto("/rfqs/new");
  await waitForHydration(tpr);
  await tpr.getByLabel("Judul").fill(title);
  const line = tpr.getByTestId("rfq-line").first();
  await line.getByLabel("Nama part").fill("Cylinder sleeve blank");
  await line.getByLabel("Nomor part").fill("TPR-CS-250");
  await line.getByLabel("Bahan").selectOption("fc250");
  await line.getByLabel("Proses").selectOption("centrifugal_casting");
  await line.getByLabel("Jumlah", { exact: true }).fill("200");
  await line.getByLabel("Satuan", { exact: true }).selectOption("pcs");
  await line.getByLabel("Harga target per satuan").fill("92.000");
  await tpr.getByLabel("ISO 9001 (manajemen mutu)").check();
  // A deadline in the past is refused next to its field, the typing kept.
  await tpr.getByLabel("Batas waktu penawaran (WIB)").fill(jakartaLocal(new Date(Date.now() - 3_600_000)));
  await tpr.getByLabel("Dibutuhkan paling lambat").fill(new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10));
  await tpr.getByText("Undangan saja", { exact: false }).click();
  await tpr.getByRole("button", { name: "Terbitkan" }).click();
  await expect(tpr.getByText("Batas waktu penawaran harus di masa depan.")).toBeVisible();
  await expect(tpr.getByLabel("Judul")).toHaveValue(title);
  await tpr.getByLabel("Batas waktu penawaran (WIB)").fill(jakartaLocal(new Date(Date.now() + 3 * 86_400_000)));
  await tpr.getByRole("button", { name: "Simpan draf" }).click();
  await expect(tpr.getByRole("status")).toContainText("Draf tersimpan");
  const rfqId = Number(/\/rfqs\/(\d+)/.exec(tpr.url())![1]);

  // 2. It invites the two Tegal foundries and KBJ, then publishes.
  await tpr.getByLabel("UD Logam Jaya Tegal").check();
  await tpr.getByLabel("CV Takaru Presisi Teknik").check();
  await tpr.getByLabel("Koperasi Batur Jaya").check();
  await tpr.getByRole("button", { name: "Kirim undangan" }).click();
  await expect(tpr.getByRole("status")).toContainText("Undangan terkirim");
  await tpr.getByRole("button", { name: "Terbitkan" }).click();
  await expect(tpr.getByRole("status")).toContainText("RFQ diterbitkan");

  // 3. The suppliers bid: Logam Jaya (then revises), Takaru for part of the quantity, KBJ over three members.
  const logamJaya = await loggedInPage(browser, "logam-jaya-tegal@demo.pasok.id");
  await bid(logamJaya, title, { quantity: "200", price: "95.000", lead: "28" });
  await bid(logamJaya, title, { quantity: "200", price: "91.500", lead: "25" });
  await expect(logamJaya.getByTestId("bid-versions").locator("> li")).toHaveCount(2);

  const takaru = await loggedInPage(browser, "takaru-presisi@demo.pasok.id");
  await bid(takaru, title, { quantity: "100", price: "90.000", lead: "30" });

  const kbj = await loggedInPage(browser, "kbj@demo.pasok.id");
  // Shares that do not add up are refused next to the line, the typing kept.
  await sendBid(kbj, title, { quantity: "200", price: "89.500", lead: "21", shares: { "CV Cor Logam Ceper": "100", "UD Sinar Baja Batur": "60" } });
  await expect(kbj.getByText("Jumlah bagian anggota (160) harus sama dengan jumlah yang ditawarkan (200).")).toBeVisible();
  await kbj.getByTestId("bid-line").first().getByLabel(/^UD Tugu Cor Tegalrejo \(TKDN/).fill("40");
  await kbj.getByRole("button", { name: "Kirim penawaran" }).click();
  await expect(kbj.getByRole("status")).toContainText("terkirim dan tersegel");
  // The joint bid's TKDN is the members' TKDN weighted by quantity: (100×58 + 60×71,2 + 40×48,3) / 200.
  await expect(kbj.getByTestId("bid-versions")).toContainText("TKDN 60,02%");

  // 4. Before the deadline TPR sees only how many bids arrived; the comparison is sealed.
  await tpr.goto(`/rfqs/${rfqId}`);
  await expect(tpr.getByTestId("bid-count")).toContainText("3 penawaran masuk");
  await expect(tpr.getByTestId("buyer-panel")).not.toContainText("89.500");
  const sealed = await tpr.goto(`/rfqs/${rfqId}/compare`);
  expect(sealed?.status()).toBe(403);
  await expect(tpr.getByText("Penawaran masih tersegel")).toBeVisible();

  // 5. The deadline passes (time is moved on in the database: the test cannot wait three days).
  const db = new Database(E2E_DB);
  db.prepare("update rfqs set bid_deadline = ? where id = ?").run(new Date(Date.now() - 60_000).toISOString(), rfqId);
  db.close();

  // 6. TPR compares: the cooperative's price is the lowest; it splits the award 120 / 80.
  await tpr.goto(`/rfqs/${rfqId}`);
  await expect(tpr.getByRole("heading", { level: 1 })).toContainText(title);
  await tpr.getByRole("link", { name: /Bandingkan 3 penawaran/ }).click();
  await waitForHydration(tpr);
  const matrix = tpr.getByTestId("comparison");
  await expect(matrix.locator('[data-supplier="Koperasi Batur Jaya"]')).toContainText("Terendah");
  await expect(matrix.locator('[data-supplier="Koperasi Batur Jaya"]')).toContainText("UD Sinar Baja Batur: 60");
  await expect(matrix.locator('[data-supplier="UD Logam Jaya Tegal"]')).toContainText("Rp 91.500");
  await matrix.locator('[data-supplier="Koperasi Batur Jaya"]').getByLabel("Jumlah diberikan").fill("120");
  await matrix.locator('[data-supplier="UD Logam Jaya Tegal"]').getByLabel("Jumlah diberikan").fill("80");
  await tpr.getByLabel("Alasan keputusan").fill("Dua pemasok untuk kontinuitas pasokan; KBJ harga terendah.");
  const download = tpr.waitForEvent("download");
  await tpr.getByRole("link", { name: "Unduh CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  await tpr.getByRole("button", { name: "Putuskan pemenang" }).click();
  await expect(tpr.getByRole("status")).toContainText("Pemenang diputuskan");
  await expect(matrix.locator('[data-supplier="Koperasi Batur Jaya"]')).toContainText("Diberikan: 120");
  await tpr.screenshot({ path: "tests/.tmp/screens/desktop-rfq-comparison.png", fullPage: true });

  // 7. Takaru lost: it is told so, and sees no price or name of anyone else.
  await takaru.goto(`/rfqs/${rfqId}/bid`);
  await expect(takaru.getByTestId("award-result")).toContainText("tidak terpilih");
  const seen = await takaru.locator("main").innerText();
  for (const secret of ["89.500", "91.500", "Koperasi Batur Jaya", "Logam Jaya"]) expect(seen).not.toContain(secret);
  await takaru.goto("/notifications");
  await expect(takaru.getByText("Hasil RFQ").first()).toBeVisible();
  const compared = await takaru.goto(`/rfqs/${rfqId}/compare`);
  expect(compared?.status()).toBe(404);

  // 8. A winner sees what it was awarded.
  await kbj.goto(`/rfqs/${rfqId}/bid`);
  await expect(kbj.getByTestId("award-result")).toContainText("120 × Rp 89.500");
});
