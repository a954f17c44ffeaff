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

/** The numbers of KBJ's public scorecard: pieces accepted / inspected the first time, deliveries met / due. */
async function kbjScorecard(page: Page) {
  await page.goto("/suppliers/koperasi-batur-jaya");
  const text = (await page.getByTestId("scorecard").innerText()).replace(/\./g, "");
  const firstPass = /(\d+) dari (\d+) diterima pada inspeksi pertama/.exec(text)!;
  const onTime = /(\d+) dari (\d+) jadwal pengiriman/.exec(text)!;
  return { accepted: Number(firstPass[1]), inspected: Number(firstPass[2]), met: Number(onTime[1]), due: Number(onTime[2]) };
}

// Issue 19, the KAI story: KAI's 2025 brake-block order from KBJ is completed (seeded). KAI agrees 2026's prices
// from it as a framework agreement for 6.000 blocks, KBJ accepts it, KAI calls off 500 for next month, KBJ
// accepts and delivers, KAI accepts them all: the agreement shows 500 used, KBJ's scorecard counts the delivery,
// and the Link-and-Match report counts the call-off as continuing supply.
test("KAI turns its completed 2025 order from KBJ into a 2026 framework agreement and calls off 500 blocks", async ({ browser }) => {
  test.setTimeout(300_000);
  const year = new Date().getFullYear();
  const kai = await loggedInPage(browser, "kai@demo.pasok.id");
  const kbj = await loggedInPage(browser, "kbj@demo.pasok.id");
  const admin = await loggedInPage(browser, "admin@demo.pasok.id");
  const scoreBefore = await kbjScorecard(kbj);
  await admin.goto(`/reports/partnerships?from=${year}&to=${year}`);
  const callOffsBefore = Number(/di antaranya (\d+) call-off/.exec(await admin.getByTestId("report-continuity").innerText())![1]);

  // 1. The completed 2025 order offers to continue: KAI makes a 12-month framework agreement from it.
  await kai.goto(`/orders?q=${encodeURIComponent("kontrak 2025")}`);
  await kai.getByTestId("orders").locator("tbody tr").filter({ hasText: "Koperasi Batur Jaya" }).getByRole("link").first().click();
  await waitForHydration(kai);
  await expect(kai.getByTestId("repeat-business")).toBeVisible();
  await kai.getByLabel("Lama kontrak (bulan)").fill("12");
  await kai.getByRole("button", { name: "Buat kontrak payung" }).click();
  await expect(kai).toHaveURL(/\/agreements\/\d+/);
  await expect(kai.getByRole("status")).toContainText("Draf kontrak payung dibuat");
  const agreementUrl = kai.url().replace(/\?.*$/, "");

  // 2. 6.000 blocks at Rp 185.000 over the year; sent to KBJ.
  await waitForHydration(kai);
  await kai.getByLabel("Judul kontrak").fill("Blok rem komposit K-type — kontrak payung 2026");
  await kai.getByLabel(/^Harga satuan \(Rp\) — /).fill("185000");
  await kai.getByLabel(/^Batas jumlah — /).fill("6000");
  await kai.getByRole("button", { name: "Simpan draf" }).click();
  await expect(kai.getByRole("status")).toContainText("Draf disimpan");
  await expect(kai.getByTestId("agreement-items")).toContainText("6.000");
  await kai.getByRole("button", { name: "Kirim ke pemasok" }).click();
  await expect(kai.getByRole("status")).toContainText("Tersimpan");

  // 3. KBJ accepts the agreement.
  await kbj.goto(agreementUrl);
  await waitForHydration(kbj);
  await expect(kbj.getByTestId("agreement-items")).toContainText("Rp 185.000");
  await kbj.getByRole("button", { name: "Setujui kontrak payung" }).click();
  await expect(kbj.locator("[data-status]").first()).toHaveText("Berlaku");

  // 4. KAI calls off 500 for next month; past the limit is refused next to the field, the typing kept.
  await kai.goto(agreementUrl);
  await waitForHydration(kai);
  const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const callOff = kai.getByTestId("call-off-form");
  await callOff.getByLabel(/^Jumlah dipesan — /).fill("6001");
  await callOff.getByLabel("Tanggal kirim").fill(nextMonth);
  await callOff.getByRole("button", { name: "Pesan (call-off)" }).click();
  await expect(callOff.getByText("Melebihi sisa kontrak: paling banyak 6.000.")).toBeVisible();
  await expect(callOff.getByLabel("Tanggal kirim")).toHaveValue(nextMonth);
  await callOff.getByLabel(/^Jumlah dipesan — /).fill("500");
  await callOff.getByRole("button", { name: "Pesan (call-off)" }).click();
  await expect(kai).toHaveURL(/\/orders\/\d+\?done=call_off/);
  await expect(kai.getByTestId("order-origin")).toContainText("Call-off dari kontrak payung KP-");
  const callOffUrl = kai.url().replace(/\?.*$/, "");

  // 5. KBJ accepts the call-off and ships the 500; KAI accepts them all.
  await kbj.goto(callOffUrl);
  await waitForHydration(kbj);
  await press(kbj, "Setujui kontrak", "pihak lain diberi tahu");
  const shipment = kbj.getByTestId("shipment-form");
  await shipment.getByLabel(/jumlah dikirim/).fill("500");
  await shipment.getByLabel("Kendaraan / nomor resi").fill("AD 8456 KB");
  await shipment.getByLabel("Nomor surat jalan").fill("SJ-KBJ-KAI-2026-01");
  await press(kbj, "Catat pengiriman", "Pengiriman tercatat");
  await kai.goto(callOffUrl);
  await waitForHydration(kai);
  await kai.getByTestId("inspection-form").first().getByRole("button", { name: "Simpan hasil inspeksi" }).click();
  await expect(kai.getByRole("status")).toContainText("Hasil inspeksi tersimpan");
  await expect(kai.locator("[data-status]").first()).toHaveText("Diterima penuh");

  // 6. The agreement: 500 called off, 5.500 left, drawn as a bar.
  await kai.goto(agreementUrl);
  await expect(kai.getByTestId("call-offs")).toContainText("Diterima penuh");
  await expect(kai.getByTestId("agreement-items")).toContainText("5.500");
  await expect(kai.getByTestId("agreement-usage-chart")).toContainText("500 / 6.000");
  await kai.screenshot({ path: "tests/.tmp/screens/desktop-agreement.png", fullPage: true });

  // 7. KBJ's scorecard counts the 500 accepted at the first inspection; the report counts the call-off.
  const scoreAfter = await kbjScorecard(kbj);
  expect(scoreAfter.accepted - scoreBefore.accepted).toBeGreaterThanOrEqual(500);
  expect(scoreAfter.inspected - scoreBefore.inspected).toBeGreaterThanOrEqual(500);
  // (The on-time figure counts the delivery once its date, next month, has come: delivered early, it is met.)
  expect(scoreAfter.met).toBeGreaterThanOrEqual(scoreBefore.met);
  await admin.goto(`/reports/partnerships?from=${year}&to=${year}`);
  const callOffsAfter = Number(/di antaranya (\d+) call-off/.exec(await admin.getByTestId("report-continuity").innerText())![1]);
  expect(callOffsAfter).toBeGreaterThan(callOffsBefore);
});
