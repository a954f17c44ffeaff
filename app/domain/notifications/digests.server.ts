import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { config } from "../../config.server";
import { translate } from "../../i18n/i18n";
import { JAKARTA_OFFSET_MS, jakartaDate } from "../time";
import { NOTIFICATION_CATEGORIES, categoryOf, isNotificationKind, notificationText, type NotificationCategory } from "./kinds";
import { queueRawEmail } from "./notify.server";
import { unsubscribeUrl } from "./preferences.server";

/** The hour of the day (WIB, 0–23) the daily digests go out: DIGEST_HOUR_WIB, 7 by default. */
export function digestHour(): number {
  return config().DIGEST_HOUR_WIB;
}

/**
 * The daily digest: from the set hour (WIB) on, each user with notifications waiting for a digest gets one
 * e-mail for the day, grouped by category, of those still unread (what was read in the app is not repeated);
 * nobody gets an empty one. Safe on every server and on every run: the (user, day) row is the claim, and the
 * notifications it carries are marked in the same transaction. Returns how many digests were queued.
 */
export async function sendDigests(db: Db, options: { now: Date; hour?: number }): Promise<number> {
  const hour = options.hour ?? digestHour();
  const local = new Date(options.now.getTime() + JAKARTA_OFFSET_MS);
  if (local.getUTCHours() < hour) return 0;
  const day = jakartaDate(options.now);
  const users = await db.selectFrom("notifications").select("user_id").distinct().where("digest_status", "=", "pending").execute();
  let sent = 0;
  for (const { user_id: userId } of users) {
    const queued = await db.transaction().execute(async (trx) => {
      const pending = await trx
        .selectFrom("notifications")
        .select(["id", "kind", "params", "link", "read_at", "created_at"])
        .where("user_id", "=", userId)
        .where("digest_status", "=", "pending")
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      const unread = pending.filter((n) => n.read_at === null && isNotificationKind(n.kind));
      if (unread.length === 0) {
        // Read in the app already: nothing to say, and nothing left waiting.
        if (pending.length) await trx.updateTable("notifications").set({ digest_status: "sent" }).where("id", "in", pending.map((n) => n.id)).execute();
        return false;
      }
      const claim = await trx
        .insertInto("notification_digests")
        .values({ user_id: userId, day, items: unread.length, created_at: toTimestamp(options.now) })
        .onConflict((oc) => oc.columns(["user_id", "day"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!claim) return false; // today's digest went out already (this server or another)
      await trx.updateTable("notifications").set({ digest_status: "sent", digest_id: claim.id }).where("id", "in", pending.map((n) => n.id)).execute();
      const user = await trx.selectFrom("users").select(["email", "locale"]).where("id", "=", userId).executeTakeFirstOrThrow();
      const groups = new Map<NotificationCategory, string[]>();
      for (const n of unread) {
        const kind = n.kind as Parameters<typeof categoryOf>[0];
        const text = notificationText(user.locale, kind, JSON.parse(n.params) as Record<string, string | number>);
        const category = categoryOf(kind) ?? "organization";
        const link = n.link ? `\n  ${new URL(n.link, config().PUBLIC_URL).toString()}` : "";
        groups.set(category, [...(groups.get(category) ?? []), `• ${text.title}: ${text.body}${link}`]);
      }
      const sections = NOTIFICATION_CATEGORIES.filter((c) => groups.has(c)).map(
        (c) => `${translate(user.locale, `preferences.category.${c}`)} (${groups.get(c)!.length})\n${groups.get(c)!.join("\n")}`,
      );
      await queueRawEmail(trx, {
        to: user.email,
        locale: user.locale,
        subject: `Pasok: ${translate(user.locale, "digest.subject", { count: unread.length, day })}`,
        body: `${translate(user.locale, "digest.intro", { count: unread.length })}\n\n${sections.join("\n\n")}\n\n${translate(user.locale, "digest.settings")} ${new URL("/account/notifications", config().PUBLIC_URL).toString()}`,
        unsubscribe: await unsubscribeUrl(trx, userId, "digest"),
        now: options.now,
      });
      return true;
    });
    if (queued) sent++;
  }
  return sent;
}

/** Notifications still waiting for a digest (for the preferences page). */
export async function pendingDigestCount(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select(sql<number>`count(*)`.as("n"))
    .where("user_id", "=", userId)
    .where("digest_status", "=", "pending")
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
