import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, loggedInPage, test, waitForHydration } from "./fixtures";

// Issue 21: KAI's owner registers a webhook endpoint (the form refused without an event, the address kept),
// publishes an RFQ, and the delivery arrives at the receiver signed (webhook-id, webhook-timestamp,
// webhook-signature); the delivery log shows it, "send again" queues it anew, the secret is rotated.

test("an owner registers a webhook, reads its delivery log and sends one again", async ({ browser }) => {
  test.setTimeout(120_000);
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  try {
    const page = await loggedInPage(browser, "kai@demo.pasok.id");
    await page.goto("/organization");
    await page.getByTestId("webhooks-link").click();
    await waitForHydration(page);
    const form = page.getByTestId("create-webhook");
    await form.getByLabel("Alamat (URL)").fill(url);
    await form.getByRole("button", { name: "Tambah endpoint" }).click();
    await expect(form.getByText("Pilih paling sedikit satu jenis peristiwa.")).toBeVisible();
    await expect(form.getByLabel("Alamat (URL)")).toHaveValue(url);
    await form.getByLabel(/^RFQ \(terbit/).check();
    await form.getByRole("button", { name: "Tambah endpoint" }).click();
    await expect(page.getByText("Endpoint ditambahkan.")).toBeVisible();
    const card = page.locator('[data-testid^="webhook-"]', { hasText: url });
    await expect(card.getByTestId("webhook-secret")).toContainText("whsec_");

    // A draft RFQ KAI saves in the app is an event: the server's sender delivers it.
    await page.goto("/rfqs/new");
    await waitForHydration(page);
    await page.getByLabel("Judul").fill("Blok rem komposit — uji webhook");
    const line = page.getByTestId("rfq-line").first();
    await line.getByLabel("Nama part").fill("Blok rem komposit K");
    await line.getByLabel("Jumlah", { exact: true }).fill("500");
    await line.getByLabel("Satuan", { exact: true }).selectOption("pcs");
    await page.getByRole("button", { name: "Simpan draf" }).click();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = received[0]!;
    expect(first.headers["webhook-id"]).toMatch(/^msg_/);
    expect(first.headers["webhook-signature"]).toMatch(/^v1,/);
    expect(JSON.parse(first.body).type).toBe("rfq.create");

    await page.goto("/organization/webhooks");
    const log = card.getByTestId("webhook-log");
    await expect(log).toContainText("rfq.create");
    await expect(log).toContainText("Terkirim");
    await log.getByRole("button", { name: "Kirim lagi" }).first().click();
    await expect(page.getByText("Kiriman dijadwalkan ulang.")).toBeVisible();
    await expect.poll(() => received.filter((r) => r.headers["webhook-id"] === first.headers["webhook-id"]).length, { timeout: 30_000 }).toBe(2);

    // The log keeps every attempt of a delivery, also those before "send again".
    await page.reload();
    const history = log.locator('[data-testid^="webhook-attempts-"]').first();
    await history.getByText("Riwayat percobaan (2)").click();
    await expect(history.locator("li")).toHaveCount(2);
    for (const attempt of await history.locator("li").all()) await expect(attempt).toContainText(/· 2\d\d · \d+ ms/);

    await card.getByRole("button", { name: "Ganti rahasia" }).click();
    await expect(page.getByText("Rahasia baru dibuat.")).toBeVisible();
    await expect(card).toContainText("Rahasia lama masih ikut menandatangani");
    await page.screenshot({ path: "tests/.tmp/shots/webhooks.png", fullPage: true });
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
