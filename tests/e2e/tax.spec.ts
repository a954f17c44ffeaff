import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { loggedInPage, queryOne, waitForHydration } from "./fixtures";
import { TAX_TITLES } from "./newcomer-setup";

// Issue 18: invoices as Indonesian law has them. A non-PKP Tegal IKM (UD Slawi Presisi) invoices without PPN; KBJ (a PKP) invoices
// KAI (an appointed PPN collector) with kode 03 after both confirm the BAST, records its faktur pajak, and KAI
// pays the net amount; KAI's RFQ with a hard TKDN minimum refuses a bid below it, the reason next to the field.

async function press(page: Page, name: string, notice: RegExp | string) {
  await page.getByRole("button", { name, exact: true }).first().click();
  await expect(page.getByRole("status")).toContainText(notice);
}

const orderOf = (title: string) => queryOne<{ id: number }>("select orders.id from orders join rfqs on rfqs.id = orders.rfq_id where rfqs.title = ?", title).id;
const FAKTUR_PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

test("KBJ invoices KAI with kode 03 after the BAST, records the faktur pajak; KAI pays the net amount", async ({ browser }) => {
  test.setTimeout(240_000);
  const orderUrl = `/orders/${orderOf(TAX_TITLES.kai)}`;

  // 1. KAI inspects the 500 blocks; a BAST is drawn up and KBJ cannot invoice yet.
  const kai = await loggedInPage(browser, "kai@demo.pasok.id");
  await kai.goto(orderUrl);
  await waitForHydration(kai);
  await kai.getByTestId("inspection-form").first().getByRole("button", { name: "Simpan hasil inspeksi" }).click();
  await expect(kai.getByRole("status")).toContainText("Hasil inspeksi tersimpan");
  await expect(kai.getByTestId("basts")).toContainText("Menunggu konfirmasi kedua pihak");

  const kbj = await loggedInPage(browser, "kbj@demo.pasok.id");
  await kbj.goto(orderUrl);
  await waitForHydration(kbj);
  await expect(kbj.getByText("500 barang sudah diterima tetapi BAST-nya belum dikonfirmasi kedua pihak.")).toBeVisible();
  await expect(kbj.getByTestId("issue-invoice")).toHaveCount(0);

  // 2. Both confirm the BAST: KBJ hands over, KAI receives. Its PDF names both parties with NPWP and NITKU.
  await press(kbj, "Konfirmasi BAST", "BAST dikonfirmasi");
  await kai.goto(orderUrl);
  await waitForHydration(kai);
  await press(kai, "Konfirmasi BAST", "BAST dikonfirmasi");
  await expect(kai.getByTestId("basts")).toContainText("Dikonfirmasi kedua pihak");
  const bastDownload = kai.waitForEvent("download");
  await kai.getByRole("link", { name: "Unduh BAST (PDF)" }).click();
  const bast = await bastDownload;
  expect(bast.suggestedFilename()).toMatch(/^BAST-\d{4}-\d{5}\.pdf$/);
  expect(readFileSync((await bast.path())!).subarray(0, 5).toString()).toBe("%PDF-");

  // 3. KBJ invoices: 500 × Rp 120.000 = Rp 60.000.000; DPP 11/12 Rp 55.000.000; PPN 12 % Rp 6.600.000, which
  //    KAI withholds as a collector (kode 03): KAI pays KBJ Rp 60.000.000.
  await kbj.goto(orderUrl);
  await waitForHydration(kbj);
  await press(kbj, "Terbitkan faktur", "Faktur diterbitkan");
  const invoice = kbj.getByTestId("invoices").locator("li[data-invoice]").first();
  await expect(invoice.getByTestId("kode-transaksi")).toHaveText("Kode transaksi 03");
  await expect(invoice.getByTestId("invoice-amounts")).toContainText("Rp 55.000.000");
  await expect(invoice.getByTestId("invoice-amounts")).toContainText("Rp 6.600.000");
  await expect(invoice.getByTestId("invoice-amounts")).toContainText("Rp 66.600.000");
  await expect(invoice.getByTestId("amount-due")).toHaveText("Rp 60.000.000");

  // 4. KBJ records the faktur number Coretax gave it: a wrong kode transaksi is refused next to the field, the
  //    typing kept; the right one is saved with its PDF.
  const year = new Date().toISOString().slice(2, 4);
  const faktur = kbj.locator("form[data-testid^='faktur-form-']").first();
  await faktur.getByLabel("Nomor faktur pajak (17 digit dari Coretax)").fill(`04.00.${year}.00000012345`);
  await faktur.getByLabel("PDF faktur pajak").setInputFiles({ name: "faktur-pajak.pdf", mimeType: "application/pdf", buffer: FAKTUR_PDF });
  await faktur.getByRole("button", { name: "Simpan faktur pajak" }).click();
  const refused = kbj.locator("form[data-testid^='faktur-form-']").first();
  await expect(refused.getByText("Dua digit pertama harus kode transaksi faktur ini: 03.")).toBeVisible();
  await expect(refused.getByLabel("Nomor faktur pajak (17 digit dari Coretax)")).toHaveValue(`04.00.${year}.00000012345`);
  await refused.getByLabel("Nomor faktur pajak (17 digit dari Coretax)").fill(`03.00.${year}.00000012345`);
  await refused.getByLabel("PDF faktur pajak").setInputFiles({ name: "faktur-pajak.pdf", mimeType: "application/pdf", buffer: FAKTUR_PDF });
  await refused.getByRole("button", { name: "Simpan faktur pajak" }).click();
  await expect(kbj.getByRole("status")).toContainText("Faktur pajak dicatat");
  await expect(kbj.getByTestId("faktur-number")).toContainText(`03.00.${year}00000012345`);

  // 5. KAI sees the faktur, reports the transfer of what is due (the form's default: all of it), KBJ confirms.
  await kai.goto(orderUrl);
  await waitForHydration(kai);
  await expect(kai.getByTestId("faktur-number")).toContainText(`03.00.${year}00000012345`);
  await expect(kai.getByText("Kosongkan untuk membayar seluruh sisa tagihan Rp 60.000.000.")).toBeVisible();
  await kai.getByLabel("Nomor referensi transfer").fill("BNI-KAI-20261203-0007");
  await kai.getByLabel("Tanggal transfer").fill(new Date().toISOString().slice(0, 10));
  await press(kai, "Laporkan transfer", "Transfer dilaporkan");
  await kbj.goto(orderUrl);
  await waitForHydration(kbj);
  await press(kbj, "Dana sudah masuk", "Tersimpan");
  await expect(kbj.getByTestId("invoices")).toContainText("Lunas");
  const paid = queryOne<{ amount_paid: number; ppn_withheld: number; status: string }>(
    "select amount_paid, ppn_withheld, status from invoices where order_id = ?",
    Number(orderUrl.split("/").pop()),
  );
  expect(paid).toEqual({ amount_paid: 60_000_000, ppn_withheld: 6_600_000, status: "paid" });
  const pdfDownload = kbj.waitForEvent("download");
  await kbj.getByRole("link", { name: "Unduh faktur (PDF)" }).click();
  expect(readFileSync((await (await pdfDownload).path())!).subarray(0, 5).toString()).toBe("%PDF-");
  await kbj.screenshot({ path: "tests/.tmp/screens/desktop-tax-invoice.png", fullPage: true });
});

test("UD Slawi Presisi, not PKP, invoices TPR without PPN and says why", async ({ browser }) => {
  test.setTimeout(120_000);
  const orderUrl = `/orders/${orderOf(TAX_TITLES.nonPkp)}`;
  const tpr = await loggedInPage(browser, "tpr@demo.pasok.id");
  await tpr.goto(orderUrl);
  await waitForHydration(tpr);
  await tpr.getByTestId("inspection-form").first().getByRole("button", { name: "Simpan hasil inspeksi" }).click();
  await expect(tpr.getByRole("status")).toContainText("Hasil inspeksi tersimpan");
  await press(tpr, "Konfirmasi BAST", "BAST dikonfirmasi");
  const ikm = await loggedInPage(browser, "slawi-presisi@demo.pasok.id");
  await ikm.goto(orderUrl);
  await waitForHydration(ikm);
  await press(ikm, "Konfirmasi BAST", "BAST dikonfirmasi");
  await press(ikm, "Terbitkan faktur", "Faktur diterbitkan");
  const invoice = ikm.getByTestId("invoices").locator("li[data-invoice]").first();
  await expect(invoice.getByTestId("no-ppn")).toContainText("Tanpa PPN: pemasok bukan Pengusaha Kena Pajak (PKP)");
  await expect(invoice.getByTestId("invoice-amounts")).toContainText("Rp 9.100.000");
  await expect(invoice.locator("form[data-testid^='faktur-form-']")).toHaveCount(0);
  await tpr.goto(orderUrl);
  await expect(tpr.getByTestId("no-ppn")).toBeVisible();
});

test("KAI's RFQ with a hard TKDN minimum refuses a bid below it, the reason next to the product", async ({ browser }) => {
  test.setTimeout(120_000);
  const { id } = queryOne<{ id: number }>("select id from rfqs where title = ?", TAX_TITLES.tkdn);
  const ikm = await loggedInPage(browser, "bumijawa-cor@demo.pasok.id");
  await ikm.goto(`/rfqs/${id}/bid`);
  await waitForHydration(ikm);
  const line = ikm.getByTestId("bid-line").first();
  await expect(line.getByTestId("line-tkdn-requirement")).toContainText("Wajib: TKDN minimal 40%");
  await line.getByLabel("Jumlah ditawarkan").fill("800");
  await line.getByLabel("Harga satuan (Rp)").fill("64.500");
  await line.getByLabel("Produk yang ditawarkan (TKDN-nya dihitung)").selectOption({ label: "Blok rem besi cor · TKDN 32% + BMP 6%" });
  await ikm.getByLabel("Waktu produksi (hari)").fill("30");
  await ikm.getByLabel("Berlaku sampai").fill(new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
  await ikm.getByRole("button", { name: "Kirim penawaran" }).click();
  const refusedLine = ikm.getByTestId("bid-line").first();
  await expect(refusedLine.getByText("TKDN produk ini 32%, di bawah minimal 40% yang diwajibkan baris ini.", { exact: false })).toBeVisible();
  await expect(refusedLine.getByLabel("Harga satuan (Rp)")).toHaveValue("64.500");
  expect(queryOne<{ n: number }>("select count(*) as n from bids where rfq_id = ?", id).n).toBe(0);
});

test("an admin verifies a waiting SPPKP; the IKM's tax page then shows it verified, and the PPN rules are listed by date", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await loggedInPage(browser, "admin@demo.pasok.id");
  await admin.goto("/admin/tax");
  await waitForHydration(admin);
  await expect(admin.getByTestId("rule-2025-01-01-non_luxury").getByLabel("Tarif (%)")).toHaveValue("12");
  await expect(admin.getByTestId("rule-2025-01-01-non_luxury").getByLabel("Penyebut DPP")).toHaveValue("12");
  const waiting = admin.getByTestId("tax-queue").locator("li").filter({ hasText: "CV Cor Logam Ceper" });
  await expect(waiting).toContainText("Menunggu verifikasi");
  // Rejecting needs a reason, shown next to the field.
  await waiting.getByRole("button", { name: "Tolak" }).click();
  await expect(admin.getByTestId("tax-queue").locator("li").filter({ hasText: "CV Cor Logam Ceper" }).getByText("Tulis alasannya", { exact: false })).toBeVisible();
  await admin.getByTestId("tax-queue").locator("li").filter({ hasText: "CV Cor Logam Ceper" }).getByRole("button", { name: "Verifikasi" }).click();
  await expect(admin.getByRole("status")).toContainText("Keputusan disimpan");
  await expect(admin.getByTestId("tax-queue")).not.toContainText("CV Cor Logam Ceper");

  const ikm = await loggedInPage(browser, "ceper-cor@demo.pasok.id");
  await ikm.goto("/organization");
  await ikm.getByTestId("tax-link").click();
  await expect(ikm).toHaveURL(/\/organization\/tax$/);
  await expect(ikm.getByRole("heading", { name: "Identitas pajak" })).toBeVisible();
  await expect(ikm.locator("#pkp").getByTestId("registration-status")).toContainText("Terverifikasi");
  await expect(ikm.getByTestId("places")).toContainText("Kantor pusat");
});
