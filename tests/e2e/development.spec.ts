import { expect, loggedInPage, queryOne, test, waitForHydration } from "./fixtures";
import { TRIAL_RFQ_TITLE } from "./newcomer-setup";

// Issue 17, as its users meet it: YDBA enrols CV Bumijawa Cor Tegal in its Tegal programme, the IKM accepts;
// YDBA assesses its 5R and signs the stage off; the IKM uploads its ISO 9001 certificate for the quality stage
// and submits it, YDBA signs it off; TPR sees where the IKM stands against its requirements, invites it on trial
// with a cap of 200, is refused an award of 300 and awards 200 as a trial order; the IKM accepts the contract;
// the admin's Link-and-Match report counts the new partnership this year, and exports it.

const IKM = "CV Bumijawa Cor Tegal";

test("an IKM climbs the ladder with its mentor, is invited on trial by TPR, and becomes a partnership in the report", async ({ browser }) => {
  test.setTimeout(300_000);
  const year = new Date().getFullYear();
  const ikmId = queryOne<{ id: number }>("select id from organizations where legal_name = ?", IKM).id;
  const before = queryOne<{ n: number }>(
    "select count(*) as n from orders where supplier_id = ? and supplier_accepted_at is not null",
    ikmId,
  ).n;
  expect(before).toBe(0);

  // The admin's report before: this year's bar.
  const admin = await loggedInPage(browser, "admin@demo.pasok.id");
  await admin.goto(`/reports/partnerships?from=${year}&to=${year}`);
  const bar = admin.getByTestId("partnership-chart").locator(`[data-year="${year}"]`);
  const countBefore = Number(await bar.getAttribute("data-count"));
  await expect(admin.getByTestId("partnership-rows")).not.toContainText(IKM);

  // 1. YDBA enrols the IKM in its Tegal programme.
  const ydba = await loggedInPage(browser, "ydba@demo.pasok.id");
  await ydba.goto("/mentor");
  const programme = ydba.locator("article", { has: ydba.getByRole("heading", { name: new RegExp(`YDBA Tegal ${year}`) }) });
  await programme.getByLabel("IKM atau koperasi").selectOption({ label: IKM });
  await programme.getByRole("button", { name: "Undang ke program" }).click();
  await expect(ydba.getByRole("status")).toBeVisible();
  await expect(ydba.locator("article", { has: ydba.getByRole("heading", { name: new RegExp(`YDBA Tegal ${year}`) }) }).locator("tr", { hasText: IKM })).toContainText("Diundang");

  // Not yet accepted: the mentor cannot open the IKM's page.
  const early = await ydba.goto(`/mentor/ikm/${ikmId}`);
  expect(early?.status()).toBe(404);

  // 2. The IKM accepts on its development page.
  const ikm = await loggedInPage(browser, "bumijawa-cor@demo.pasok.id");
  await ikm.goto("/development");
  const enrolment = ikm.getByTestId("enrolments").locator("li", { hasText: `YDBA Tegal ${year}` });
  await enrolment.getByRole("button", { name: "Terima" }).click();
  await expect(ikm.getByRole("status")).toContainText("Anda bergabung dengan program");

  // 3. YDBA assesses the IKM's 5R (every R scored 3 or more) and signs the stage off.
  await ydba.goto(`/mentor/ikm/${ikmId}`);
  await waitForHydration(ydba);
  await expect(ydba.getByRole("heading", { level: 1 })).toHaveText(IKM);
  await expect(ydba.getByTestId("orders-not-shared")).toBeVisible();
  const fiveR = ydba.getByTestId("stage-five_r");
  await fiveR.getByText("Catat kunjungan atau penilaian").click();
  const assessment = fiveR.getByTestId("visit-form-five_r");
  for (const [label, score] of [["Ringkas (memilah)", "4"], ["Rapi (menata)", "3"], ["Resik (membersihkan)", "4"], ["Rawat (memelihara)", "3"], ["Rajin (membiasakan)", "3"]] as const) {
    await assessment.getByLabel(new RegExp(`^${label.replace(/[()]/g, "\\$&")}`)).fill(score);
  }
  await assessment.getByLabel("Temuan").fill("Area cetakan tertata; jalur forklift perlu garis lantai.");
  await assessment.getByLabel("Tindakan 1").fill("Cat garis lantai jalur forklift");
  await assessment.getByLabel("Batas waktu").first().fill(`${year + 1}-01-15`);
  await assessment.getByRole("button", { name: "Simpan catatan" }).click();
  await expect(ydba.getByRole("status")).toBeVisible();
  await expect(ydba.getByTestId("visit-scores").first()).toContainText("Ringkas (memilah): 4");
  await ydba.getByTestId("stage-step-five_r").getByRole("button", { name: "Sahkan tahap" }).click();
  await expect(ydba.getByRole("status")).toContainText("Tahap disahkan");
  await expect(ydba.getByTestId("stage-five_r")).toHaveAttribute("data-state", "signed_off");

  // 4. The IKM uploads its ISO 9001 certificate as the quality stage's evidence and submits the stage.
  await ikm.goto("/development");
  await waitForHydration(ikm);
  const quality = ikm.getByTestId("evidence-form-quality");
  await quality.getByLabel("Kriteria").selectOption({ label: "Sertifikat ISO 9001" });
  await quality.getByLabel("Berkas (PDF, JPG, PNG)").setInputFiles({ name: "iso9001-bumijawa.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") });
  await quality.getByLabel(/berlaku s\.d\./i).fill(`${year + 2}-06-30`);
  await quality.getByRole("button", { name: "Unggah bukti" }).click();
  await expect(ikm.getByRole("status")).toBeVisible();
  await expect(ikm.getByTestId("evidence")).toContainText("iso9001-bumijawa.pdf");
  await ikm.getByTestId("stage-step-quality").getByRole("button", { name: "Ajukan ke pembina" }).click();
  await expect(ikm.getByTestId("stage-quality")).toHaveAttribute("data-state", "submitted");

  await ydba.goto(`/mentor/ikm/${ikmId}`);
  await ydba.getByTestId("stage-step-quality").getByRole("button", { name: "Sahkan tahap" }).click();
  await expect(ydba.getByTestId("stage-quality")).toHaveAttribute("data-state", "signed_off");
  await ydba.screenshot({ path: "tests/.tmp/screens/desktop-mentor-ikm.png", fullPage: true });
  await ydba.goto("/mentor");
  await expect(ydba.locator("tr", { hasText: IKM }).getByTestId("enrolment-stage")).toHaveText("Manajemen mutu");

  // 5. TPR sees where the IKM stands against its requirements and invites it on trial, 200 per order.
  const tpr = await loggedInPage(browser, "tpr@demo.pasok.id");
  await tpr.goto(`/buyer/suppliers/readiness?supplier=${ikmId}`);
  await waitForHydration(tpr);
  await expect(tpr.getByTestId("current-stage")).toHaveText("Manajemen mutu");
  await expect(tpr.getByTestId("readiness").locator('li[data-met="yes"]', { hasText: "ISO9001" })).toHaveCount(1);
  await tpr.getByTestId("invite-trial").getByLabel("Batas unit per pesanan").fill("200");
  await tpr.getByTestId("invite-trial").getByRole("button", { name: "Undang uji coba" }).click();
  await expect(tpr.getByRole("status")).toContainText("Pemasok diundang uji coba");
  await expect(tpr.getByTestId("readiness")).toContainText("200");
  await tpr.screenshot({ path: "tests/.tmp/screens/desktop-readiness.png", fullPage: true });

  // 6. TPR's RFQ has closed with the IKM's bid for 300: an award of 300 is refused, 200 goes through as a trial.
  const rfqId = queryOne<{ id: number }>("select id from rfqs where title = ?", TRIAL_RFQ_TITLE).id;
  await tpr.goto(`/rfqs/${rfqId}/compare`);
  await waitForHydration(tpr);
  const matrix = tpr.getByTestId("comparison");
  await matrix.locator(`[data-supplier="${IKM}"]`).getByLabel("Jumlah diberikan").fill("300");
  await tpr.getByLabel("Alasan keputusan").fill("Pemasok baru binaan YDBA: pesanan uji coba.");
  await tpr.getByLabel("Penghargaan uji coba").check();
  await tpr.getByRole("button", { name: "Putuskan pemenang" }).click();
  await expect(tpr.getByText("paling banyak 200 unit per pesanan")).toBeVisible();
  await expect(tpr.getByLabel("Alasan keputusan")).toHaveValue("Pemasok baru binaan YDBA: pesanan uji coba.");
  await matrix.locator(`[data-supplier="${IKM}"]`).getByLabel("Jumlah diberikan").fill("200");
  await tpr.getByRole("button", { name: "Putuskan pemenang" }).click();
  await expect(tpr.getByRole("status")).toContainText("Pemenang diputuskan");

  // 7. TPR sends the trial contract, the IKM accepts it.
  const orderId = queryOne<{ id: number }>("select o.id from orders o join awards a on a.id = o.award_id where a.rfq_id = ?", rfqId).id;
  expect(queryOne<{ is_trial: number }>("select is_trial from orders where id = ?", orderId).is_trial).toBe(1);
  await tpr.goto(`/orders/${orderId}`);
  await waitForHydration(tpr);
  await tpr.getByRole("button", { name: "Kirim kontrak ke pemasok", exact: true }).click();
  await expect(tpr.getByRole("status")).toContainText("pihak lain diberi tahu");
  await ikm.goto(`/orders/${orderId}`);
  await waitForHydration(ikm);
  await ikm.getByRole("button", { name: "Setujui kontrak", exact: true }).click();
  await expect(ikm.getByRole("status")).toContainText("pihak lain diberi tahu");
  await ikm.goto("/development");
  await expect(ikm.getByTestId("my-relationships")).toContainText("PT TPR Indonesia");

  // 8. The admin's report: this year's bar counts the new partnership, its row names the IKM, XLSX downloads.
  // (Other tests running alongside may add partnerships of their own: at least this one more.)
  await admin.reload();
  await expect(admin.getByTestId("partnership-rows")).toContainText(IKM);
  expect(Number(await bar.getAttribute("data-count"))).toBeGreaterThanOrEqual(countBefore + 1);
  const download = admin.waitForEvent("download");
  await admin.getByTestId("report-exports").getByRole("link", { name: "XLSX" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(bytes).subarray(0, 2).toString()).toBe("PK");
  await admin.screenshot({ path: "tests/.tmp/screens/desktop-partnership-report.png", fullPage: true });
});
