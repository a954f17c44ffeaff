import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startSmtp } from "../support/smtp";

// The e2e suite's mail server (tests/playwright.config.ts starts it next to the app, which sends to it through
// SMTP_URL): every message it receives is written as it arrived, one .eml file each, for the tests to read.
const dir = fileURLToPath(new URL("../.tmp/mail/", import.meta.url));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
let count = 0;
await startSmtp({
  port: Number(process.env.E2E_SMTP_PORT ?? 2526),
  onMessage: (message) => writeFileSync(`${dir}${String(++count).padStart(6, "0")}.eml`, `X-Envelope-To: ${message.to.join(",")}\r\n${message.raw}`),
});
