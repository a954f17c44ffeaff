import { expect, loggedInPage, receivedMail, test, uniqueTag, waitForHydration } from "./fixtures";
import { REMINDER_RFQ_TITLE } from "./newcomer-setup";

// Issue 19: notifications that come before anything is late. Logam Jaya Tegal is invited to AHM's RFQ closing in
// 20 hours and has not bid: the server's reminders job e-mails it the 24-hour reminder (captured by the test SMTP
// receiver), with its one-click unsubscribe headers (RFC 8058). A public RFQ TPR publishes reaches the supplier
// whose listing fits it, with the reasons.

test("an invited supplier that has not bid gets its 24-hour deadline reminder by e-mail", async ({ browser }) => {
  const mail = await receivedMail("logam-jaya-tegal@demo.pasok.id", /Batas penawaran besok/);
  expect(mail.text).toContain(REMINDER_RFQ_TITLE);
  expect(mail.raw).toMatch(/^List-Unsubscribe: <http:\/\/localhost:\d+\/unsubscribe\/\d+\.reminders\.[A-Za-z0-9_-]{32}>/m);
  expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  const link = new URL(/http:\/\/localhost:\d+\/rfqs\/\d+\/bid/.exec(mail.text)![0]).pathname;

  // The link in the e-mail opens the bid form of that RFQ.
  const supplier = await loggedInPage(browser, "logam-jaya-tegal@demo.pasok.id");
  await supplier.goto(link);
  await expect(supplier.getByText(REMINDER_RFQ_TITLE).first()).toBeVisible();
  await expect(supplier.getByRole("link", { name: "Notifikasi" })).toBeVisible();
  await supplier.goto("/notifications");
  await expect(supplier.getByText("Batas penawaran besok").first()).toBeVisible();

  // The unsubscribe address asks before it changes anything (a link scanner's GET does nothing).
  const unsubscribe = new URL(/^List-Unsubscribe: <([^>]+)>/m.exec(mail.raw)![1]!).pathname;
  await supplier.goto(unsubscribe);
  await expect(supplier.getByText('Berhenti menerima e-mail "Pengingat tenggat"?')).toBeVisible();
});

test("a public RFQ that TPR publishes reaches a supplier whose listing fits it, with the reasons", async ({ browser }) => {
  test.setTimeout(180_000);
  const title = `Bushing kuningan sentrifugal ${uniqueTag()}`;
  const tpr = await loggedInPage(browser, "tpr@demo.pasok.id");
  await tpr.goto("/rfqs/new");
  await waitForHydration(tpr);
  await tpr.getByLabel("Judul").fill(title);
  const line = tpr.getByTestId("rfq-line").first();
  await line.getByLabel("Nama part").fill("Bushing kuningan");
  await line.getByLabel("Bahan").selectOption("brass_bronze");
  await line.getByLabel("Proses").selectOption("centrifugal_casting");
  await line.getByLabel("Jumlah", { exact: true }).fill("300");
  await line.getByLabel("Satuan", { exact: true }).selectOption("pcs");
  await tpr.getByLabel("Batas waktu penawaran (WIB)").fill(new Date(Date.now() + 7 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 16));
  await tpr.getByLabel("Dibutuhkan paling lambat").fill(new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10));
  await tpr.getByRole("button", { name: "Terbitkan" }).click();
  await expect(tpr.getByRole("status")).toContainText("RFQ diterbitkan");

  // Koperasi Batur Jaya casts centrifugally, at the capacity asked: it is told, in its notification centre.
  const kbj = await loggedInPage(browser, "kbj@demo.pasok.id");
  const notice = kbj.locator("li").filter({ hasText: title });
  await expect(async () => {
    await kbj.goto("/notifications");
    await expect(notice.first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await expect(notice.first()).toContainText("RFQ baru cocok untuk Anda");
  await expect(notice.first()).toContainText("Pengecoran sentrifugal");
  await notice.first().getByRole("button").first().click();
  await expect(kbj.getByRole("heading", { level: 1 })).toContainText(title);
});
