import { fileURLToPath } from "node:url";
import { defineConfig, devices } from "@playwright/test";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

const port = Number(process.env.E2E_PORT ?? 3107);
const baseURL = `http://localhost:${port}`;
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2526);
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

// The e2e suite runs the production build (`npm run build` first) on its own fresh database.
export default defineConfig({
  testDir: "./e2e",
  outputDir: "./.tmp/e2e-results",
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  // Generous: the machines this runs on are often shared and busy; a healthy run takes far less.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], channel: undefined, viewport: { width: 1200, height: 800 } },
      testIgnore: /phone\.spec\.ts/,
    },
    { name: "phone", use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }, testMatch: /phone\.spec\.ts/ },
  ],
  webServer: [
    // The mail server the app sends to (SMTP_URL): each message lands in tests/.tmp/mail/ for the tests to read.
    { command: "tsx tests/e2e/smtp-receiver.ts", cwd: root, port: smtpPort, reuseExistingServer: false, timeout: 30_000, stdout: "ignore" },
    {
    // The production build on a fresh seeded database, served by our own server (server/index.ts) with its
    // Content-Security-Policy on: every test runs under it.
    command: [
      `test -f build/server/index.js -a -f build/server.js || { echo "No production build: run npm run build first." >&2; exit 1; }`,
      `rm -rf tests/.tmp/e2e.db* tests/.tmp/e2e-uploads`,
      `tsx scripts/prepare-db.ts`,
      // Scenes the newcomer tests need (bids, then a deadline passed), made before the server runs: a second
      // process writing the SQLite file while the server is in a transaction makes that transaction fail.
      `tsx tests/e2e/newcomer-setup.ts`,
      `exec npm run serve --silent`,
    ].join(" && "),
    cwd: root,
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      DATABASE_PATH: `${here}.tmp/e2e.db`,
      UPLOADS_DIR: `${here}.tmp/e2e-uploads`,
      PORT: String(port),
      PUBLIC_URL: baseURL,
      NODE_ENV: "production",
      PASOK_DEMO_DATA: "on",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: "Pasok <no-reply@pasok.e2e>",
      // The e2e webhook receiver listens on loopback (app/config.server.ts WEBHOOK_PRIVATE_ADDRESSES).
      WEBHOOK_PRIVATE_ADDRESSES: "allow",
    },
    stdout: "ignore",
    },
  ],
});
