import { warmPasswordChecker } from "./domain/accounts/password-strength.server";
import { warmSpreadsheets } from "./domain/development/report-files.server";

/**
 * Work done once before the server listens, so no request pays for it: the password checker's dictionaries
 * (~0.5 s) and pdfkit with its fonts (the first purchase-order PDF cost 370 ms of CPU
 * when pdfkit was loaded on demand), and ExcelJS with its zip writer (the first XLSX report cost ~500 ms of CPU,
 * the next two 160 and 90 ms, before settling at ~25 ms). The Stripe SDK stays lazy: most deployments never load it.
 */
export async function warmUp(): Promise<void> {
  warmPasswordChecker();
  await import("pdfkit");
  await warmSpreadsheets();
}
