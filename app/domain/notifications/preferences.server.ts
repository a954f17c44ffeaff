import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { DbOrTrx } from "../../../db/client";
import type { NotificationChannel } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { config } from "../../config.server";
import { writeAudit } from "../audit/write-audit.server";
import { NOTIFICATION_CATEGORIES, defaultChannel, type NotificationCategory } from "./kinds";

// Each user's choice per category of notification: in-app only, e-mail now, or the daily digest. In-app
// notifications are always written; the choice decides the e-mail. Every e-mail carries a one-click
// unsubscribe address for its category (RFC 8058), signed with a secret kept in the database (app_meta) so
// every server checks the same signature.

/** "digest" in an unsubscribe token: the daily digest itself (every category set to digest becomes in-app). */
export type UnsubscribeTarget = NotificationCategory | "digest";

export async function channelsFor(db: DbOrTrx, userIds: number[]): Promise<Map<number, Record<NotificationCategory, NotificationChannel>>> {
  const rows = userIds.length ? await db.selectFrom("notification_preferences").select(["user_id", "category", "channel"]).where("user_id", "in", userIds).execute() : [];
  const result = new Map<number, Record<NotificationCategory, NotificationChannel>>();
  for (const id of userIds) {
    result.set(id, Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, defaultChannel(c)])) as Record<NotificationCategory, NotificationChannel>);
  }
  for (const row of rows) {
    if ((NOTIFICATION_CATEGORIES as readonly string[]).includes(row.category)) result.get(row.user_id)![row.category as NotificationCategory] = row.channel;
  }
  return result;
}

/** Saves the user's channel per category (each one given), audited. */
export async function savePreferences(db: DbOrTrx, options: { userId: number; channels: Partial<Record<NotificationCategory, NotificationChannel>>; now: Date; via?: "page" | "unsubscribe" }): Promise<void> {
  const at = toTimestamp(options.now);
  for (const [category, channel] of Object.entries(options.channels)) {
    await db
      .insertInto("notification_preferences")
      .values({ user_id: options.userId, category, channel: channel!, updated_at: at })
      .onConflict((oc) => oc.columns(["user_id", "category"]).doUpdateSet({ channel: channel!, updated_at: at }))
      .execute();
  }
  await writeAudit(db, {
    actorUserId: options.userId,
    organizationId: null,
    entityType: "user",
    entityId: options.userId,
    action: options.via === "unsubscribe" ? "unsubscribe" : "notification_preferences",
    detail: options.channels,
    now: options.now,
  });
}

async function secret(db: DbOrTrx): Promise<Buffer> {
  const key = "unsubscribe_secret";
  const read = () => db.selectFrom("app_meta").select("value").where("key", "=", key).executeTakeFirst();
  let row = await read();
  if (!row) {
    await db.insertInto("app_meta").values({ key, value: randomBytes(32).toString("base64url") }).onConflict((oc) => oc.column("key").doNothing()).execute();
    row = await read();
  }
  return Buffer.from(row!.value, "base64url");
}

function mac(key: Buffer, userId: number, target: string): string {
  return createHmac("sha256", key).update(`unsubscribe:${userId}:${target}`).digest("base64url").slice(0, 32);
}

/** The signed token of an unsubscribe link: who, which category, and a MAC only the server can make. */
export async function unsubscribeToken(db: DbOrTrx, userId: number, target: UnsubscribeTarget): Promise<string> {
  return `${userId}.${target}.${mac(await secret(db), userId, target)}`;
}

export async function unsubscribeUrl(db: DbOrTrx, userId: number, target: UnsubscribeTarget): Promise<string> {
  return new URL(`/unsubscribe/${await unsubscribeToken(db, userId, target)}`, config().PUBLIC_URL).toString();
}

/** The user and category a token names, or null when it is malformed or its signature is wrong. */
export async function readUnsubscribeToken(db: DbOrTrx, token: string): Promise<{ userId: number; target: UnsubscribeTarget } | null> {
  const match = /^(\d{1,12})\.([a-z_]{2,30})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  const target = match[2]!;
  if (target !== "digest" && !(NOTIFICATION_CATEGORIES as readonly string[]).includes(target)) return null;
  const expected = Buffer.from(mac(await secret(db), userId, target));
  const given = Buffer.from(match[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const user = await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
  return user ? { userId, target: target as UnsubscribeTarget } : null;
}

/** One click: the category's e-mails stop (in-app only); for the digest, every category sent as digest. */
export async function unsubscribe(db: DbOrTrx, options: { userId: number; target: UnsubscribeTarget; now: Date }): Promise<NotificationCategory[]> {
  const current = (await channelsFor(db, [options.userId])).get(options.userId)!;
  const categories = options.target === "digest" ? NOTIFICATION_CATEGORIES.filter((c) => current[c] === "digest") : [options.target];
  if (categories.length > 0) {
    await savePreferences(db, { userId: options.userId, channels: Object.fromEntries(categories.map((c) => [c, "in_app"])), now: options.now, via: "unsubscribe" });
  }
  return categories;
}
