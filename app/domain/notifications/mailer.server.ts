import nodemailer, { type Transporter } from "nodemailer";
import type { Db } from "../../../db/client";
import { MINUTE_MS, addMs, toTimestamp } from "../../clock.server";
import { config } from "../../config.server";

export const MAX_EMAIL_ATTEMPTS = 8;

export function createTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

/**
 * Without SMTP_URL only account e-mails are queued (confirming a sign-up, resetting a password); they are
 * "sent" to the server's log as one JSON line each, so a machine without a mail server still works.
 */
export function createLogTransport(): Transporter {
  const json = nodemailer.createTransport({ jsonTransport: true });
  return {
    ...json,
    sendMail: async (mail: Parameters<Transporter["sendMail"]>[0]) => {
      process.stdout.write(
        `${JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "email (SMTP_URL unset: written here instead of sent)", to: mail.to, subject: mail.subject, text: mail.text })}\n`,
      );
      return json.sendMail(mail);
    },
  } as Transporter;
}

/**
 * Sends the queued e-mails that are due. A failure is retried with exponential backoff (1, 2, 4 … minutes)
 * and marked failed after 8 attempts; nothing is dropped silently. Returns how many were sent.
 */
export async function deliverDueEmails(
  db: Db,
  options: { transport: Transporter; from: string; now: Date; limit?: number },
): Promise<{ sent: number; failed: number }> {
  const due = await db
    .selectFrom("email_outbox")
    .selectAll()
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", toTimestamp(options.now))
    .orderBy("id")
    .limit(options.limit ?? 50)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const email of due) {
    try {
      await options.transport.sendMail({
        from: options.from,
        to: email.to_address,
        subject: email.subject,
        text: email.body_text,
      });
      await db
        .updateTable("email_outbox")
        .set({ status: "sent", sent_at: toTimestamp(new Date()), attempts: email.attempts + 1, last_error: null })
        .where("id", "=", email.id)
        .where("status", "=", "pending")
        .execute();
      sent++;
    } catch (error) {
      failed++;
      const attempts = email.attempts + 1;
      await db
        .updateTable("email_outbox")
        .set({
          attempts,
          last_error: error instanceof Error ? error.message.slice(0, 500) : String(error),
          status: attempts >= MAX_EMAIL_ATTEMPTS ? "failed" : "pending",
          next_attempt_at: toTimestamp(addMs(options.now, MINUTE_MS * 2 ** (attempts - 1))),
        })
        .where("id", "=", email.id)
        .execute();
    }
  }
  return { sent, failed };
}

let timer: NodeJS.Timeout | undefined;
let running = false;

/** Starts the in-process mailer (every 15 s): over SMTP_URL, or to the log without it. Safe to call more than once. */
export function startMailer(getDb: () => Db): void {
  const { SMTP_URL, SMTP_FROM } = config();
  if (timer) return;
  const transport = SMTP_URL ? createTransport(SMTP_URL) : createLogTransport();
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await deliverDueEmails(getDb(), { transport, from: SMTP_FROM, now: new Date() });
    } catch (error) {
      console.error("[mailer]", error);
    } finally {
      running = false;
    }
  };
  timer = setInterval(tick, SMTP_URL ? 15_000 : 2_000);
  timer.unref();
  void tick();
}

/** Stops the mailer and waits for a delivery under way to end (graceful shutdown). */
export async function stopMailer(): Promise<void> {
  if (timer) clearInterval(timer);
  timer = undefined;
  while (running) await new Promise((resolve) => setTimeout(resolve, 50));
}
