// Run before the end-to-end tests: Playwright drives Debian's Chromium, never a downloaded browser.
import { accessSync, constants } from "node:fs";

const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
try {
  accessSync(path, constants.X_OK);
} catch {
  console.error(`
  Chromium was not found at ${path}.
  The end-to-end tests drive Debian's Chromium. Install it with:

      sudo apt-get update && sudo apt-get install -y chromium

  (or set CHROMIUM_PATH to another Chromium binary). Do not run "npx playwright install".
`);
  process.exit(1);
}
