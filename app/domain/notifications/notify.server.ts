import type { DbOrTrx } from "../../../db/client";
import type { Locale } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { config } from "../../config.server";
import { translate, type MessageParams } from "../../i18n/i18n";
import { NOTIFICATION_KINDS, categoryOf, notificationText, type NotificationKind } from "./kinds";
import { channelsFor, unsubscribeUrl } from "./preferences.server";

export type Recipients = { userIds: number[] } | { organizationId: number; role?: "owner" | "member" } | { admins: true };

export interface NotifyOptions {
  recipients: Recipients;
  kind: NotificationKind;
  params?: MessageParams;
  /** A path inside the app, e.g. "/organization". */
  link?: string;
  /** The organization the event belongs to (shown with the notification). */
  organizationId?: number | null;
  now: Date;
  /** Also send an e-mail when SMTP is configured (default true). */
  email?: boolean;
}

/**
 * The one way any part of Pasok tells people something: an in-app notification per recipient and, when
 * SMTP_URL is set, an e-mail queued in the same transaction (sent after commit by the mailer, retried on
 * failure), each written in the recipient's own language.
 */
export async function notify(db: DbOrTrx, options: NotifyOptions): Promise<number> {
  if (!NOTIFICATION_KINDS.includes(options.kind)) throw new Error(`Unknown notification kind ${options.kind}`);
  const recipients = await resolveRecipients(db, options.recipients);
  if (recipients.length === 0) return 0;
  const params = options.params ?? {};
  const at = toTimestamp(options.now);

  // Each recipient's choice for this kind's category: in-app only, an e-mail now, or the next daily digest.
  const category = categoryOf(options.kind);
  const channels = category ? await channelsFor(db, recipients.map((r) => r.id)) : undefined;
  const channelOf = (userId: number) => (category ? channels!.get(userId)![category] : "email");
  await db
    .insertInto("notifications")
    .values(
      recipients.map((r) => ({
        user_id: r.id,
        organization_id: options.organizationId ?? null,
        kind: options.kind,
        params: JSON.stringify(params),
        link: options.link ?? null,
        created_at: at,
        digest_status: options.email !== false && channelOf(r.id) === "digest" ? ("pending" as const) : null,
      })),
    )
    .execute();

  if (options.email !== false) {
    for (const r of recipients) {
      if (channelOf(r.id) !== "email") continue;
      const unsubscribe = category && config().SMTP_URL ? await unsubscribeUrl(db, r.id, category) : undefined;
      await queueEmail(db, { to: r.email, locale: r.locale, kind: options.kind, params, link: options.link, now: options.now, unsubscribe });
    }
  }
  return recipients.length;
}

async function resolveRecipients(db: DbOrTrx, recipients: Recipients) {
  const users = db.selectFrom("users").select(["users.id", "users.email", "users.locale"]).orderBy("users.id");
  if ("userIds" in recipients) {
    if (recipients.userIds.length === 0) return [];
    return users.where("users.id", "in", recipients.userIds).execute();
  }
  if ("admins" in recipients) return users.where("users.is_admin", "=", 1).execute();
  const { organizationId, role } = recipients;
  return users
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("memberships")
          .select("memberships.id")
          .whereRef("memberships.user_id", "=", "users.id")
          .where("memberships.organization_id", "=", organizationId)
          .$if(role !== undefined, (q) => q.where("memberships.role", "=", role!)),
      ),
    )
    .execute();
}

/** Queues one e-mail (a no-op while SMTP is not configured). Sent by `deliverDueEmails`. */
export async function queueEmail(
  db: DbOrTrx,
  options: {
    to: string;
    locale: Locale;
    kind: NotificationKind;
    params: MessageParams;
    link?: string;
    now: Date;
    /** An account e-mail (confirming a sign-up, resetting a password): queued even without SMTP_URL, when the mailer writes it to the log. */
    essential?: boolean;
    /** The one-click unsubscribe address of the e-mail's category (RFC 8058), also written under the text. */
    unsubscribe?: string;
  },
): Promise<void> {
  const { SMTP_URL, PUBLIC_URL } = config();
  if (!SMTP_URL && !options.essential) return;
  const text = notificationText(options.locale, options.kind, options.params);
  const link = options.link ? `\n\n${new URL(options.link, PUBLIC_URL).toString()}` : "";
  await queueRawEmail(db, { to: options.to, locale: options.locale, subject: `Pasok: ${text.title}`, body: `${text.body}${link}`, unsubscribe: options.unsubscribe, now: options.now });
}

/** Queues an e-mail of any text (a notification's, a digest's) with Pasok's footer and its unsubscribe address. */
export async function queueRawEmail(
  db: DbOrTrx,
  options: { to: string; locale: Locale; subject: string; body: string; unsubscribe?: string; now: Date },
): Promise<void> {
  const unsubscribe = options.unsubscribe ? `\n${translate(options.locale, "email.unsubscribe")} ${options.unsubscribe}` : "";
  const footer = `\n\n— ${translate(options.locale, "email.footer")}${unsubscribe}`;
  const at = toTimestamp(options.now);
  await db
    .insertInto("email_outbox")
    .values({
      to_address: options.to,
      subject: options.subject,
      body_text: `${options.body}${footer}`,
      list_unsubscribe: options.unsubscribe ?? null,
      next_attempt_at: at,
      created_at: at,
    })
    .execute();
}
