import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { waitForHydration, loggedInPage } from "./fixtures";
import { TPR_ORDER_TITLES } from "./newcomer-setup";

// The two run one after the other: both move KBJ's public scorecard, which the first checks.
test.describe.configure({ mode: "serial" });

// Issue 5: the KBJ ↔ TPR contract for 200 cylinder sleeves a month (an award of TPR's RFQ, made for this test): both
// accept, KBJ ships 200, TPR inspects 195 accepted and 5 rejected, KBJ ships 5 replacements, TPR's invoice is
// paid by bank transfer, the PO PDF downloads, and KBJ's scorecard shows 97.5 % first-pass quality.


async function press(page: Page, name: string, notice: RegExp | string) {
  await page.getByRole("button", { name, exact: true }).first().click();
  await expect(page.getByRole("status")).toContainText(notice);
}

/**
 * Confirms every BAST this side still has to confirm, one after the other: each click waits until that
 * BAST's button is gone (the notice of the previous one is already on the page, so it cannot tell).
 */
async function confirmBasts(page: Page, orderUrl: string) {
  await page.goto(orderUrl);
  await waitForHydration(page);
  const buttons = page.getByRole("button", { name: "Konfirmasi BAST", exact: true });
  for (let left = await buttons.count(); left > 0; left--) {
    await buttons.first().click();
    await expect(buttons).toHaveCount(left - 1);
  }
  await expect(page.getByRole("status")).toContainText("BAST dikonfirmasi");
}

test("KBJ and TPR run a monthly cylinder-sleeve contract from acceptance to payment", async ({ browser }) => {
  test.setTimeout(300_000);

  // 1. TPR finds the contract draft the award made, sets 200 pieces on the 25th for 12 months, and sends it.
  const tpr = await loggedInPage(browser, "tpr@demo.pasok.id");
  await tpr.goto(`/orders?q=${encodeURIComponent(TPR_ORDER_TITLES.contract)}`);
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

  // 5. Both confirm the two BASTs (195, then 5); KBJ invoices the 200 handed over; TPR pays by bank transfer;
  //    KBJ confirms the money arrived.
  await confirmBasts(tpr, orderUrl);
  await confirmBasts(kbj, orderUrl);
  await press(kbj, "Terbitkan faktur", "Faktur diterbitkan");
  // 200 × Rp 89.500 = Rp 17.900.000; DPP 11/12 Rp 16.408.333; PPN 12 % Rp 1.969.000; total Rp 19.869.000.
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

// Issue 16: the cooperative's work reaches its members. TPR's order at KBJ (a joint bid shared 1.200 / 720 /
// 480, contract agreed) → KBJ issues three work orders → CV Cor Logam Ceper accepts and hands over 120 (lot
// CLC-2601) → KBJ's QC rejects 4 → UD Sinar Baja Batur hands over 84 → KBJ ships a consolidated 200 from the
// two lots → TPR rejects 2 → KBJ attributes them to CLC-2601 → the member's record shows it → TPR pays →
// KBJ records the payout → the member confirms it and downloads its statement.
test("a cooperative shares TPR's order among its members, from work orders to the member's payout", async ({ browser }) => {
  test.setTimeout(420_000);
  const kbj = await loggedInPage(browser, "kbj@demo.pasok.id");
  await kbj.goto(`/orders?q=${encodeURIComponent(TPR_ORDER_TITLES.members)}`);
  await kbj.getByTestId("orders").locator("tbody tr").first().getByRole("link").first().click();
  await expect(kbj).toHaveURL(/\/orders\/\d+$/);
  await waitForHydration(kbj);
  const orderUrl = kbj.url();

  // 1. The split, filled in from the joint bid; shares that do not add up are refused next to the list, typing kept.
  const split = kbj.getByTestId("split-form");
  const members = split.getByTestId("split-member");
  await expect(members.filter({ hasText: "CV Cor Logam Ceper" }).getByLabel(/jumlah$/)).toHaveValue("1200");
  await members.filter({ hasText: "CV Cor Logam Ceper" }).getByLabel(/jumlah$/).fill("1100");
  for (const [name, price] of [
    ["CV Cor Logam Ceper", "81.000"],
    ["UD Sinar Baja Batur", "80.500"],
    ["CV Mitra Pengecoran Klaten", "80.000"],
  ] as const) {
    await members.filter({ hasText: name }).getByLabel(/harga ke anggota/).fill(price);
  }
  await split.getByRole("button", { name: "Terbitkan perintah kerja" }).click();
  await expect(split).toContainText("bagian anggota berjumlah 2.300");
  await expect(members.filter({ hasText: "UD Sinar Baja Batur" }).getByLabel(/harga ke anggota/)).toHaveValue("80.500");
  await members.filter({ hasText: "CV Cor Logam Ceper" }).getByLabel(/jumlah$/).fill("1200");
  await press(kbj, "Terbitkan perintah kerja", "Perintah kerja diterbitkan");
  const workOrders = kbj.getByTestId("work-orders");
  await expect(workOrders.locator("tbody tr")).toHaveCount(3);
  const woLink = async (member: string) => (await workOrders.locator("tr").filter({ hasText: member }).getByRole("link").getAttribute("href"))!;
  const clcUrl = await woLink("CV Cor Logam Ceper");
  const sbbUrl = await woLink("UD Sinar Baja Batur");

  // 2. CV Cor Logam Ceper accepts and hands over 120 with its lot number; more than is open is refused.
  const clc = await loggedInPage(browser, "ceper-cor@demo.pasok.id");
  await clc.goto(clcUrl);
  await waitForHydration(clc);
  await expect(clc.getByTestId("work-order-lines")).toContainText("Rp 81.000");
  await expect(clc.getByTestId("work-order-lines")).not.toContainText("89.500");
  await press(clc, "Terima perintah kerja", "Tersimpan");
  const handover = clc.getByTestId("handover-form");
  await handover.getByLabel("Nomor lot / heat").fill("CLC-2601");
  await handover.getByLabel(/jumlah diserahkan/).fill("1300");
  await handover.getByRole("button", { name: "Catat penyerahan" }).click();
  await expect(handover).toContainText("Paling banyak 1.200 yang masih terbuka.");
  await expect(handover.getByLabel("Nomor lot / heat")).toHaveValue("CLC-2601");
  await handover.getByLabel(/jumlah diserahkan/).fill("120");
  await press(clc, "Catat penyerahan", "Penyerahan tercatat");

  // 3. KBJ's QC: 116 pass, 4 rejected with a reason.
  await kbj.goto(clcUrl);
  await waitForHydration(kbj);
  const qc = kbj.getByTestId("qc-form");
  await qc.getByLabel("Lolos", { exact: true }).fill("116");
  await qc.getByLabel("Ditolak", { exact: true }).fill("4");
  await qc.getByLabel("Alasan penolakan").fill("Porositas pada dinding sleeve");
  await press(kbj, "Simpan hasil QC", "Hasil QC tersimpan");
  await expect(kbj.getByTestId("handovers")).toContainText("116 lolos, 4 ditolak");

  // 4. UD Sinar Baja Batur hands over 84; all pass.
  const sbb = await loggedInPage(browser, "sinar-baja@demo.pasok.id");
  await sbb.goto(sbbUrl);
  await waitForHydration(sbb);
  await press(sbb, "Terima perintah kerja", "Tersimpan");
  await sbb.getByTestId("handover-form").getByLabel("Nomor lot / heat").fill("SBB-2601");
  await sbb.getByTestId("handover-form").getByLabel(/jumlah diserahkan/).fill("84");
  await press(sbb, "Catat penyerahan", "Penyerahan tercatat");
  await kbj.goto(sbbUrl);
  await waitForHydration(kbj);
  await press(kbj, "Simpan hasil QC", "Hasil QC tersimpan");

  // 5. KBJ ships a consolidated 200 from the two lots; the shipment shows which lot went where.
  await kbj.goto(orderUrl);
  await waitForHydration(kbj);
  const lots = kbj.getByTestId("lot-shipment-form");
  await lots.getByLabel(/Lot CLC-2601/).fill("116");
  await lots.getByLabel(/Lot SBB-2601/).fill("84");
  await lots.getByLabel("Nomor surat jalan").fill("SJ-KBJ-2601");
  await press(kbj, "Catat pengiriman", "Pengiriman tercatat");
  await expect(kbj.getByTestId("shipment-lots")).toContainText("CLC-2601 (CV Cor Logam Ceper) 116");
  await expect(kbj.getByTestId("shipment-lots")).toContainText("SBB-2601 (UD Sinar Baja Batur) 84");

  // 6. TPR inspects: 198 accepted, 2 rejected; TPR sees no work order, lot or member price.
  const tpr = await loggedInPage(browser, "tpr@demo.pasok.id");
  await tpr.goto(orderUrl);
  await waitForHydration(tpr);
  await expect(tpr.getByTestId("shipments")).toContainText("200");
  await expect(tpr.locator("main")).not.toContainText("CLC-2601");
  await expect(tpr.locator("main")).not.toContainText("Perintah kerja");
  const inspection = tpr.getByTestId("inspection-form").first();
  await inspection.getByLabel("Diterima", { exact: true }).fill("198");
  await inspection.getByLabel("Ditolak", { exact: true }).fill("2");
  await inspection.getByLabel("Alasan penolakan").fill("Retak rambut pada flens");
  await inspection.getByRole("button", { name: "Simpan hasil inspeksi" }).click();
  await expect(tpr.getByRole("status")).toContainText("Hasil inspeksi tersimpan");
  const workOrderPage = await tpr.goto(clcUrl);
  expect(workOrderPage!.status()).toBe(404);

  // 7. KBJ attributes the 2 to CLC-2601 (a sum other than 2 is refused).
  await kbj.goto(orderUrl);
  await waitForHydration(kbj);
  const attribution = kbj.getByTestId("attribution-form");
  await attribution.getByLabel(/lot CLC-2601/).fill("1");
  await attribution.getByRole("button", { name: "Simpan asal penolakan" }).click();
  await expect(attribution).toContainText("harus sama dengan yang ditolak pembeli (2)");
  await attribution.getByLabel(/lot CLC-2601/).fill("2");
  await press(kbj, "Simpan asal penolakan", "Penolakan dikaitkan ke lot");
  await expect(kbj.getByTestId("shipment-lots")).toContainText("Ditolak 2 dari lot CLC-2601");

  // 8. The member's record: 114 of its 116 pieces kept by the buyer; at KBJ's QC 212 of 220 passed the
  // first time (this 116 of 120, and the seeded lot CLC-2512's 96 of 100).
  await clc.goto(clcUrl);
  await expect(clc.getByTestId("member-record")).toContainText("Diterima pembeli: 98,3% (114 dari 116)");
  await expect(clc.getByTestId("member-record")).toContainText("Lolos QC koperasi (pertama kali): 96,4% (212 dari 220)");

  // 9. Both confirm the BASTs; KBJ invoices the 198 accepted, TPR pays by transfer, KBJ confirms.
  await confirmBasts(tpr, orderUrl);
  await confirmBasts(kbj, orderUrl);
  await press(kbj, "Terbitkan faktur", "Faktur diterbitkan");
  await tpr.goto(orderUrl);
  await waitForHydration(tpr);
  await tpr.getByLabel("Nomor referensi transfer").fill("BCA-20270125-0099");
  await tpr.getByLabel("Tanggal transfer").fill(new Date().toISOString().slice(0, 10));
  await press(tpr, "Laporkan transfer", "Transfer dilaporkan");
  await kbj.goto(orderUrl);
  await waitForHydration(kbj);
  await press(kbj, "Dana sudah masuk", "Tersimpan");

  // 10. KBJ records the payout: 114 × Rp 81.000 = Rp 9.234.000 less its 2,5 % fee = Rp 9.003.150; more is refused.
  await kbj.goto("/cooperative/members");
  await waitForHydration(kbj);
  await expect(kbj.getByTestId("member-records-chart")).toContainText("CV Cor Logam Ceper");
  await expect(kbj.getByTestId("member-money").locator("tr").filter({ hasText: "CV Cor Logam Ceper" })).toContainText("Rp 9.003.150");
  const payout = kbj.getByTestId("payout-form");
  await payout.getByLabel("Anggota").selectOption({ label: "CV Cor Logam Ceper (Sisa Rp 9.003.150)" });
  await payout.getByLabel("Jumlah (Rp)").fill("9.500.000");
  await payout.getByLabel("Nomor referensi transfer").fill("TRF-KBJ-CLC-2601");
  await payout.getByRole("button", { name: "Catat pembayaran" }).click();
  await expect(payout).toContainText("Paling banyak Rp 9.003.150 yang masih terutang.");
  await expect(payout.getByLabel("Nomor referensi transfer")).toHaveValue("TRF-KBJ-CLC-2601");
  await payout.getByLabel("Jumlah (Rp)").fill("9.003.150");
  await press(kbj, "Catat pembayaran", "Pembayaran tercatat");
  await kbj.screenshot({ path: "tests/.tmp/screens/desktop-cooperative-members.png", fullPage: true });

  // 11. The member confirms and downloads its statement (CSV and PDF).
  await clc.goto("/work-orders");
  await clc.getByRole("link", { name: /Rekening anggota — Koperasi Batur Jaya/ }).click();
  await waitForHydration(clc);
  await expect(clc.getByTestId("statement-totals")).toContainText("Rp 0");
  await press(clc, "Konfirmasi diterima", "koperasi diberi tahu");
  await expect(clc.getByTestId("statement-payouts")).toContainText("Diterima");
  const csvDownload = clc.waitForEvent("download");
  await clc.getByRole("link", { name: "Unduh CSV" }).click();
  const csv = readFileSync((await (await csvDownload).path())!, "utf8");
  expect(csv).toContain("9003150");
  expect(csv).toContain("TRF-KBJ-CLC-2601");
  const pdfDownload = clc.waitForEvent("download");
  await clc.getByRole("link", { name: "Unduh PDF" }).click();
  expect(readFileSync((await (await pdfDownload).path())!).subarray(0, 5).toString()).toBe("%PDF-");
  await clc.screenshot({ path: "tests/.tmp/screens/desktop-member-statement.png", fullPage: true });
});
