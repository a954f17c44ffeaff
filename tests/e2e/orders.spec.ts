import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD, waitForHydration, loggedInPage } from "./fixtures";

// Issue 5: the KBJ ↔ TPR contract for 200 cylinder sleeves a month (the seeded award of TPR's RFQ): both
// accept, KBJ ships 200, TPR inspects 195 accepted and 5 rejected, KBJ ships 5 replacements, TPR's invoice is
// paid by bank transfer, the PO PDF downloads, and KBJ's scorecard shows 97.5 % first-pass quality.


async function press(page: Page, name: string, notice: RegExp | string) {
  await page.getByRole("button", { name, exact: true }).click();
  await expect(page.getByRole("status")).toContainText(notice);
}

test("KBJ and TPR run a monthly cylinder-sleeve contract from acceptance to payment", async ({ browser }) => {
  test.setTimeout(300_000);

  // 1. TPR finds the contract draft the award made, sets 200 pieces on the 25th for 12 months, and sends it.
  const tpr = await loggedInPage(browser, "tpr@demo.pasok.id");
  await tpr.goto(`/orders?q=${encodeURIComponent("Cylinder sleeve FC250 — 200")}`);
  const row = tpr.getByTestId("orders").locator("tbody tr").filter({ hasText: "Koperasi Batur Jaya" });
  await expect(row).toHaveCount(1);
  await row.getByRole("link").first().click();
  await expect(tpr).toHaveURL(/\/orders\/\d+$/);
  await waitForHydration(tpr);
  const orderUrl = tpr.url();
  const schedule = tpr.getByTestId("schedule-row").first();
  await schedule.getByLabel("Jumlah per pengiriman").fill("200");
  await schedule.getByLabel("Tanggal tiap bulan").fill("25");
  await schedule.getByLabel("Jumlah bulan").fill("12");
  await schedule.getByLabel("Bulan pertama").fill(new Date().toISOString().slice(0, 7));
  await press(tpr, "Simpan kontrak", "Kontrak tersimpan");
  await expect(tpr.getByTestId("schedule").locator("tbody tr")).toHaveCount(12);
  await press(tpr, "Kirim kontrak ke pemasok", "pihak lain diberi tahu");

  // 2. KBJ accepts the contract, starts production and ships the first 200.
  const kbj = await loggedInPage(browser, "kbj@demo.pasok.id");
  await kbj.goto(orderUrl);
  await waitForHydration(kbj);
  await press(kbj, "Setujui kontrak", "pihak lain diberi tahu");
  await expect(kbj.getByText(/Pembeli: \d+ .* · Pemasok: \d+/)).toBeVisible();
  await press(kbj, "Mulai produksi", "pihak lain diberi tahu");
  const shipment = kbj.getByTestId("shipment-form");
  await shipment.getByLabel(/jumlah dikirim/).fill("200");
  await shipment.getByLabel("Kendaraan / nomor resi").fill("AD 8123 KB");
  await shipment.getByLabel("Nomor surat jalan").fill("SJ-KBJ-0001");
  await press(kbj, "Catat pengiriman", "Pengiriman tercatat");

  // 3. TPR inspects: 195 accepted, 5 rejected (a reason is required).
  await tpr.goto(orderUrl);
  await waitForHydration(tpr);
  const inspection = tpr.getByTestId("inspection-form").first();
  await inspection.getByLabel("Diterima", { exact: true }).fill("195");
  await inspection.getByLabel("Ditolak", { exact: true }).fill("5");
  await inspection.getByRole("button", { name: "Simpan hasil inspeksi" }).click();
  await expect(inspection.getByText("Tulis alasan penolakan (ketidaksesuaian).")).toBeVisible();
  await inspection.getByLabel("Alasan penolakan").fill("Porositas pada dinding sleeve");
  await inspection.getByRole("button", { name: "Simpan hasil inspeksi" }).click();
  await expect(tpr.getByRole("status")).toContainText("Hasil inspeksi tersimpan");
  await expect(tpr.getByTestId("order-lines")).toContainText("195");

  // 4. KBJ ships 5 replacements; TPR accepts them.
  await kbj.goto(orderUrl);
  await waitForHydration(kbj);
  await kbj.getByTestId("shipment-form").getByLabel(/jumlah dikirim/).fill("5");
  await press(kbj, "Catat pengiriman", "Pengiriman tercatat");
  await expect(kbj.getByTestId("shipments")).toContainText("5 pengganti");
  await tpr.goto(orderUrl);
  await waitForHydration(tpr);
  await tpr.getByTestId("inspection-form").first().getByRole("button", { name: "Simpan hasil inspeksi" }).click();
  await expect(tpr.getByRole("status")).toContainText("Hasil inspeksi tersimpan");

  // 5. KBJ invoices the 200 accepted; TPR pays by bank transfer; KBJ confirms the money arrived.
  await kbj.goto(orderUrl);
  await waitForHydration(kbj);
  await press(kbj, "Terbitkan faktur", "Faktur diterbitkan");
  // 200 × Rp 89.500 = Rp 17.900.000, PPN 11 % Rp 1.969.000, total Rp 19.869.000.
  await expect(kbj.getByTestId("invoices")).toContainText("Rp 19.869.000");
  await tpr.goto(orderUrl);
  await waitForHydration(tpr);
  await tpr.getByLabel("Nomor referensi transfer").fill("BCA-20261123-0042");
  await tpr.getByLabel("Tanggal transfer").fill(new Date().toISOString().slice(0, 10));
  await press(tpr, "Laporkan transfer", "Transfer dilaporkan");
  await kbj.goto(orderUrl);
  await waitForHydration(kbj);
  await press(kbj, "Dana sudah masuk", "Tersimpan");
  await expect(kbj.getByTestId("invoices")).toContainText("Lunas");

  // 6. The purchase order downloads as a PDF.
  const download = kbj.waitForEvent("download");
  await kbj.getByRole("link", { name: "Unduh PO (PDF)" }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toMatch(/^PO-\d{4}-\d{5}\.pdf$/);
  expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe("%PDF-");
  await kbj.screenshot({ path: "tests/.tmp/screens/desktop-order.png", fullPage: true });

  // 7. KBJ's public scorecard: 195 of the 200 pieces inspected the first time were accepted.
  await kbj.goto("/suppliers/koperasi-batur-jaya");
  await expect(kbj.getByTestId("scorecard")).toContainText("97,5%");
});
