import { warmPasswordChecker } from "./domain/accounts/password-strength.server";

/**
 * Work done once before the server listens, so no request pays for it: the password checker's dictionaries
 * (~0.5 s) and pdfkit with its fonts (the first purchase-order PDF cost 370 ms of CPU
 * when pdfkit was loaded on demand). The Stripe SDK stays lazy: most deployments never load it.
 */
export async function warmUp(): Promise<void> {
  warmPasswordChecker();
  await import("pdfkit");
}
