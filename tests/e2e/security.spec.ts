import { expect, mainNav, screenshot, signUpBuyer, test } from "./fixtures";

const EVIL = "http://evil.example";

test.describe("cross-site requests", () => {
  test("a cross-site POST to /language is refused and changes nothing; a same-origin one works", async ({ page, baseURL }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "id");

    // page.request shares the page's cookies, like a form another site makes the browser submit.
    const refusals: Record<string, string>[] = [
      { Origin: EVIL, "Sec-Fetch-Site": "cross-site" },
      { Origin: EVIL }, // an older browser: only the Origin tells
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site", Origin: "http://shop.localhost:3107" },
    ];
    for (const headers of refusals) {
      const response = await page.request.post("/language", {
        headers,
        form: { locale: "en", redirectTo: "/" },
        maxRedirects: 0,
      });
      expect(response.status(), JSON.stringify(headers)).toBe(403);
      expect(response.headers()["set-cookie"], JSON.stringify(headers)).toBeUndefined();
    }
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "id");

    // The same request from our own origin is accepted: redirect back, language cookie set.
    const ok = await page.request.post("/language", {
      headers: { Origin: new URL(baseURL!).origin, "Sec-Fetch-Site": "same-origin" },
      form: { locale: "en", redirectTo: "/" },
      maxRedirects: 0,
    });
    expect(ok.status()).toBe(302);
    expect(ok.headers()["location"]).toBe("/");
    expect(ok.headers()["set-cookie"]).toMatch(/^pasok_lang=/);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });

  test("a logged-in user stays logged in when another site posts a log-out form", async ({ page, baseURL }, testInfo) => {
    const buyer = await signUpBuyer(page);

    // With the session cookie attached (page.request sends it), a cross-site log-out is still refused.
    const forged = await page.request.post("/logout", {
      headers: { Origin: EVIL, "Sec-Fetch-Site": "cross-site" },
      form: { scope: "everywhere" },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(buyer.email)).toBeVisible();

    // A real page on another site that submits a form to Pasok: Chromium itself marks it cross-site.
    await page.route(`${EVIL}/**`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><html><body>
          <form id="f" method="post" action="${baseURL}/logout"><input name="scope" value="everywhere"></form>
          <script>document.getElementById("f").submit()</script>
        </body></html>`,
      }),
    );
    const refused = page.waitForResponse((r) => r.url() === `${baseURL}/logout` && r.request().method() === "POST");
    await page.goto(`${EVIL}/prize`);
    expect((await refused).status()).toBe(403);

    // Still logged in.
    await page.goto("/account");
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(buyer.email)).toBeVisible();
    await expect(mainNav(page).getByRole("button", { name: "Keluar" })).toBeVisible();
  });

  test("another site's hidden form cannot create an invitation", async ({ page, baseURL }, testInfo) => {
    await signUpBuyer(page);
    // With the owner's session cookie attached, the forged invitation is refused. (Today Remix itself answers
    // a UI route's POST with a foreign Origin with a 500 before the app's 403 check runs: see the report.)
    const forged = await page.request.post("/organization", {
      headers: { Origin: EVIL, "Sec-Fetch-Site": "cross-site" },
      form: { intent: "invite", role: "owner" },
      maxRedirects: 0,
    });
    expect(forged.status()).toBeGreaterThanOrEqual(400);
    // Sec-Fetch-Site alone (no Origin) reaches the app's own check: 403.
    const forgedNoOrigin = await page.request.post("/organization", {
      headers: { "Sec-Fetch-Site": "cross-site" },
      form: { intent: "invite", role: "owner" },
      maxRedirects: 0,
    });
    expect(forgedNoOrigin.status()).toBe(403);

    // A real page on another site submitting the same form: a translated 403 page in the shell.
    await page.route(`${EVIL}/**`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><html><body>
          <form id="f" method="post" action="${baseURL}/organization">
            <input name="intent" value="invite"><input name="role" value="owner">
          </form>
          <script>document.getElementById("f").submit()</script>
        </body></html>`,
      }),
    );
    const refused = page.waitForResponse((r) => r.url() === `${baseURL}/organization` && r.request().method() === "POST");
    await page.goto(`${EVIL}/win`);
    expect((await refused).status()).toBeGreaterThanOrEqual(400);
    await screenshot(page, testInfo, "cross-site-refused");

    // No invitation was made: the owner's page lists none.
    await page.goto("/organization");
    await expect(page.getByRole("heading", { level: 2, name: "Undangan", exact: true })).toHaveCount(0);
    await expect(page.getByRole("table")).toHaveCount(1); // the members only
  });
});
