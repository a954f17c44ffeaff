import { getDb } from "./db.server";
import { startMailer } from "./domain/notifications/mailer.server";

declare global {
  // eslint-disable-next-line no-var
  var __pasokBackgroundStarted: boolean | undefined;
}

/** The in-process workers of a running server (the mailer); started once per process, never in tests. */
export function startBackgroundJobs(): void {
  if (globalThis.__pasokBackgroundStarted || process.env.VITEST) return;
  globalThis.__pasokBackgroundStarted = true;
  startMailer(getDb);
}
