import { expect, newBrowserContext, screenshot, signUpBuyer, test, uniqueTag } from "./fixtures";

// A cooperative invites a new IKM; the IKM answers on its own cooperative page with the buttons the membership
// table allows it (accept or decline while invited, leave while active, nothing once it left).

test("a cooperative invites an IKM, which accepts and later leaves, each step offered by the membership table", async ({ browser, page }, testInfo) => {
  test.setTimeout(180_000);
  const tag = uniqueTag();
  const ikm = await signUpBuyer(page, { kind: "supplier", legalName: `CV Cor Uji Ceper ${tag}` });

  const coopContext = await newBrowserContext(browser, testInfo);
  const coop = await coopContext.newPage();
  await signUpBuyer(coop, { kind: "cooperative", legalName: `Koperasi Uji Batur ${tag}` });
  await coop.goto("/supplier/cooperative");
  await coop.getByLabel("IKM", { exact: true }).selectOption({ label: ikm.legalName });
  await coop.getByRole("button", { name: "Kirim undangan" }).click();
  await expect(coop.getByRole("row", { name: new RegExp(ikm.legalName) })).toContainText("Diundang");

  await page.goto("/supplier/cooperative");
  const membership = page.locator("li", { hasText: `Koperasi Uji Batur ${tag}` });
  await expect(membership.getByRole("button")).toHaveText(["Terima", "Tolak"]);
  await screenshot(page, testInfo, "cooperative-invited-id");
  await membership.getByRole("button", { name: "Terima" }).click();
  await expect(membership).toContainText("Anggota aktif");
  await expect(membership.getByRole("button")).toHaveText(["Keluar dari koperasi"]);

  await coop.reload();
  await expect(coop.getByRole("row", { name: new RegExp(ikm.legalName) })).toContainText("Anggota aktif");

  await membership.getByRole("button", { name: "Keluar dari koperasi" }).click();
  await expect(membership).toContainText("Keluar");
  await expect(membership.getByRole("button")).toHaveCount(0);
  await coopContext.close();
});
