import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_ADMIN, confirmSignUp, passSecondFactor, loggedInPage } from "./fixtures";

// Issue 3: an IKM fills its listing and submits; the admin requests changes; the IKM fixes and resubmits;
// the admin approves; a logged-out visitor finds it in /suppliers filtered by process.

const PASSWORD = "pasok-demo-2026";
const run = Date.now().toString().slice(-6);
const ikm = {
  name: "Wawan Cahyono",
  email: `e2e-${run}@uji.pasok.id`,
  password: "rahasia-e2e-2026",
  legalName: `CV Cor Presisi Uji ${run}`,
};

/** A small but real PDF: the upload is checked by content. */
function pdf(): Buffer {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj<< /Type /Catalog /Pages 2 0 R >>endobj\n2 0 obj<< /Type /Pages /Kids [] /Count 0 >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n",
  );
}


async function signUpSupplier(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signup");
  await page.getByLabel("Nama lengkap").fill(ikm.name);
  await page.getByLabel("Email").fill(ikm.email);
  await page.getByLabel("Kata sandi").fill(ikm.password);
  await page.getByText("Pemasok (IKM)", { exact: true }).click();
  await page.getByLabel("Nama badan usaha").fill(ikm.legalName);
  await page.getByLabel("NIB").fill("9120009876543");
  await page.getByLabel("NPWP").fill("012345678901234");
  await page.getByLabel("Alamat").fill("Dukuh Kuncen, Kecamatan Ceper");
  await page.getByLabel("Provinsi").selectOption("33");
  await page.getByLabel("Kabupaten/kota").selectOption("33.10");
  await page.getByLabel("Telepon").fill("0272 551999");
  await page.getByRole("button", { name: "Daftar" }).click();
  await expect(page).toHaveURL(/\/signup\/sent$/);
  await confirmSignUp(page, ikm.email);
  await expect(page).toHaveURL(/\/$/);
  return page;
}

test("a new IKM's listing goes through review and is found in the public directory", async ({ browser }) => {
  test.setTimeout(240_000);

  // 1. The IKM signs up and fills its listing.
  const supplier = await signUpSupplier(browser);
  await supplier.getByRole("link", { name: "Listing saya" }).first().click();
  await expect(supplier.getByRole("heading", { name: "Listing pemasok" })).toBeVisible();

  // Submitting an empty listing names what is missing, next to each field.
  await supplier.getByRole("button", { name: "Kirim untuk verifikasi" }).click();
  await expect(supplier.getByTestId("error-summary")).toContainText("Judul (Bahasa Indonesia)");
  await expect(supplier.locator("#listing-headlineId-error")).toHaveText("Wajib diisi.");

  await supplier.getByLabel("Judul (Bahasa Indonesia)").fill("Cor sentrifugal");
  await supplier.getByLabel("Judul (English)").fill("Centrifugal castings");
  await supplier.getByLabel("Deskripsi (Bahasa Indonesia)").fill("IKM pengecoran di Ceper, anggota binaan.");
  await supplier.getByRole("checkbox", { name: "Pengecoran sentrifugal" }).check();
  await supplier.getByRole("checkbox", { name: "Besi cor kelabu FC250" }).check();
  await supplier.locator('[name="products[0].name"]').fill("Cylinder sleeve");
  await supplier.locator('[name="products[0].materialCode"]').selectOption("fc250");
  await supplier.locator('[name="products[0].processCode"]').selectOption("centrifugal_casting");
  await supplier.locator('[name="capacities[0].subject"]').fill("Cylinder sleeve");
  await supplier.locator('[name="capacities[0].quantity"]').fill("300");
  await supplier.locator('[name="capacities[0].unit"]').selectOption("pcs");
  await supplier.getByLabel("Jumlah tenaga kerja").fill("35");
  await supplier.getByLabel("Waktu tunggu umum (hari)").fill("21");
  await supplier.getByLabel("Sentra", { exact: true }).selectOption("ceper");
  await supplier.locator('[name="certificates[0].typeCode"]').selectOption("iso9001");
  await supplier.locator('[name="certificates[0].number"]').fill("QMS-E2E-001");
  await supplier.locator('[name="certificates[0].issuer"]').fill("PT Sucofindo");
  await supplier.locator('[name="certificates[0].validFrom"]').fill("2025-01-01");
  await supplier.locator('[name="certificates[0].validUntil"]').fill("2028-01-01");
  await supplier.locator('[name="certificates[0].file"]').setInputFiles({ name: "iso9001.pdf", mimeType: "application/pdf", buffer: pdf() });
  await supplier.getByLabel("TKDN (%)").fill("57");
  await supplier.getByLabel("Nomor sertifikat TKDN").fill("TKDN-E2E-1");
  await supplier.getByLabel("Lembaga verifikasi").fill("PT Sucofindo");
  await supplier.getByLabel("Tanggal sertifikat").fill("2025-06-01");
  await supplier.locator('[name="tkdnFile"]').setInputFiles({ name: "tkdn.pdf", mimeType: "application/pdf", buffer: pdf() });
  await supplier.getByRole("button", { name: "Kirim untuk verifikasi" }).click();
  await expect(supplier.getByRole("status").filter({ hasText: "Terkirim" })).toBeVisible();
  await expect(supplier.locator(".heading-row .status")).toHaveText("Menunggu verifikasi");

  // 2. The admin requests changes, with a comment on the headline.
  const admin = await loggedInPage(browser, "admin@demo.pasok.id");
  await admin.goto("/admin/listings");
  await admin.getByRole("link", { name: ikm.legalName }).click();
  await expect(admin.getByRole("heading", { name: ikm.legalName })).toBeVisible();
  await expect(admin.getByRole("link", { name: /QMS-E2E-001|iso9001/ }).first()).toBeVisible();
  await admin.locator('[name="comments.headline"]').fill("Judul terlalu singkat: sebutkan produk dan bahannya.");
  await admin.getByRole("button", { name: "Minta perbaikan" }).click();
  await expect(admin).toHaveURL(/\/admin\/listings\?decided=request_changes/);

  // 3. The IKM sees the comment next to the section, fixes it and resubmits.
  await supplier.goto("/supplier/listing");
  await expect(supplier.locator(".heading-row .status")).toHaveText("Perlu perbaikan");
  await expect(supplier.locator('.review-comment[data-section="headline"]')).toContainText("Judul terlalu singkat");
  await supplier.getByLabel("Judul (Bahasa Indonesia)").fill("Cylinder sleeve FC250 cor sentrifugal, 300 pcs/bulan");
  await supplier.getByRole("button", { name: "Kirim untuk verifikasi" }).click();
  await expect(supplier.getByRole("status").filter({ hasText: "Terkirim" })).toBeVisible();

  // 4. The admin sees the resubmission and approves it.
  await admin.goto("/admin/listings");
  await admin.getByRole("link", { name: ikm.legalName }).click();
  await expect(admin.getByText("Cylinder sleeve FC250 cor sentrifugal, 300 pcs/bulan")).toBeVisible();
  await admin.getByRole("button", { name: "Setujui" }).click();
  await expect(admin).toHaveURL(/\/admin\/listings\?decided=approve/);

  // The IKM is told, and its history shows both decisions.
  await supplier.goto("/notifications");
  await expect(supplier.getByText("Listing Anda disetujui")).toBeVisible();
  await supplier.goto("/supplier/listing");
  await expect(supplier.locator(".heading-row .status")).toHaveText("Terverifikasi");
  await expect(supplier.locator(".history").first()).toContainText("Diminta perbaikan");

  // 5. A logged-out visitor, on a phone, finds it in the directory filtered by process.
  const visitor = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await visitor.goto("/suppliers");
  await visitor.getByLabel("Proses", { exact: true }).selectOption("centrifugal_casting");
  await visitor.getByRole("button", { name: "Terapkan filter" }).click();
  await expect(visitor).toHaveURL(/process=centrifugal_casting/);
  const card = visitor.getByTestId("supplier-card").filter({ hasText: ikm.legalName });
  await expect(card).toBeVisible();
  await visitor.getByLabel("Proses", { exact: true }).selectOption("forging");
  await visitor.getByRole("button", { name: "Terapkan filter" }).click();
  await expect(visitor.getByTestId("supplier-card").filter({ hasText: ikm.legalName })).toHaveCount(0);
  await visitor.goBack();
  await visitor.getByRole("link", { name: ikm.legalName }).click();
  await expect(visitor.getByRole("heading", { name: ikm.legalName })).toBeVisible();
  await expect(visitor.getByText("57%")).toBeVisible();
  await expect(visitor.getByText("QMS-E2E-001")).toBeVisible();
  const overflow = await visitor.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("the seeded demo listings are public and searchable", async ({ page }) => {
  await page.goto("/suppliers?process=centrifugal_casting&minTkdn=60");
  await expect(page.getByTestId("supplier-card").filter({ hasText: "Koperasi Batur Jaya" })).toBeVisible();
  await page.getByRole("link", { name: "Koperasi Batur Jaya" }).click();
  await expect(page.getByText("Cylinder sleeve: 500 pcs/bulan")).toBeVisible();
  await expect(page.getByRole("link", { name: "CV Cor Logam Ceper" })).toBeVisible();
  await page.goto("/suppliers?cluster=tegal&certificate=iso9001");
  await expect(page.getByTestId("supplier-card").filter({ hasText: "CV Takaru Presisi Teknik" })).toBeVisible();
});
