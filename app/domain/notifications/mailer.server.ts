import nodemailer, { type Transporter } from "nodemailer";
import type { Db } from "../../../db/client";
import { MINUTE_MS, addMs, toTimestamp } from "../../clock.server";
import { config } from "../../config.server";
import { WORKER_ID, claimDueRows } from "../../jobs/claims.server";
import { logJob } from "../../jobs/job-log.server";

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
  options: { transport: Transporter; from: string; now: Date; limit?: number; worker?: string },
): Promise<{ sent: number; failed: number; sentIds: number[] }> {
  // Claimed first, so a mailer on another server never sends the same e-mail (app/jobs/claims.server.ts).
  const worker = options.worker ?? WORKER_ID;
  const ids = await claimDueRows(db, "email_outbox", { worker, now: options.now, limit: options.limit ?? 50 });
  const due = ids.length === 0 ? [] : await db.selectFrom("email_outbox").selectAll().where("id", "in", ids).where("claimed_by", "=", worker).orderBy("id").execute();
  let sent = 0;
  let failed = 0;
  const sentIds: number[] = [];
  for (const email of due) {
    try {
      await options.transport.sendMail({
        from: options.from,
        to: email.to_address,
        subject: email.subject,
        text: email.body_text,
        // RFC 8058 one-click unsubscribe: the mail client POSTs "List-Unsubscribe=One-Click" to the address.
        ...(email.list_unsubscribe
          ? { headers: { "List-Unsubscribe": `<${email.list_unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } }
          : {}),
      });
      await db
        .updateTable("email_outbox")
        .set({ status: "sent", sent_at: toTimestamp(new Date()), attempts: email.attempts + 1, last_error: null, claimed_by: null, claimed_until: null })
        .where("id", "=", email.id)
        .where("status", "=", "pending")
        .where("claimed_by", "=", worker)
        .execute();
      sent++;
      sentIds.push(email.id);
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
          claimed_by: null,
          claimed_until: null,
        })
        .where("id", "=", email.id)
        .where("claimed_by", "=", worker)
        .execute();
    }
  }
  return { sent, failed, sentIds };
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
      const result = await deliverDueEmails(getDb(), { transport, from: SMTP_FROM, now: new Date() });
      if (result.sent + result.failed > 0) logJob("emails delivered", { sent: result.sentIds, failed: result.failed });
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
