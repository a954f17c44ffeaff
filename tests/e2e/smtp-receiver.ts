import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SMTPServer } from "smtp-server";

// The e2e suite's mail server (tests/playwright.config.ts starts it next to the app, which sends to it through
// SMTP_URL): every message it receives is written as it arrived, one .eml file each, for the tests to read.
const dir = fileURLToPath(new URL("../.tmp/mail/", import.meta.url));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      const to = session.envelope.rcptTo.map((r) => r.address).join(",");
      writeFileSync(`${dir}${String(++count).padStart(6, "0")}.eml`, `X-Envelope-To: ${to}\r\n${Buffer.concat(chunks).toString("utf8")}`);
      callback();
    });
  },
});
server.listen(Number(process.env.E2E_SMTP_PORT ?? 2526), "127.0.0.1");
