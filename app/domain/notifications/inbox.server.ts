import type { NotificationKind } from "./kinds";
import type { DbOrTrx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";

export async function countUnread(db: DbOrTrx, userId: number): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listNotifications(db: DbOrTrx, userId: number, options: { limit?: number } = {}) {
  const rows = await db
    .selectFrom("notifications")
    .leftJoin("organizations", "organizations.id", "notifications.organization_id")
    .select([
      "notifications.id",
      "notifications.kind",
      "notifications.params",
      "notifications.link",
      "notifications.created_at",
      "notifications.read_at",
      "organizations.legal_name as organizationName",
    ])
    .where("notifications.user_id", "=", userId)
    // Newest first by when it happened (seeded and back-dated events were inserted out of that order).
    .orderBy("notifications.created_at", "desc")
    .orderBy("notifications.id", "desc")
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((r) => ({ ...r, params: JSON.parse(r.params) as Record<string, string | number> }));
}

/** Marks the user's own notifications read (others' ids are ignored by the WHERE clause). */
export async function markNotificationsRead(
  db: DbOrTrx,
  options: { userId: number; ids: number[] | "all"; now: Date },
): Promise<number> {
  let query = db
    .updateTable("notifications")
    .set({ read_at: toTimestamp(options.now) })
    .where("user_id", "=", options.userId)
    .where("read_at", "is", null);
  if (options.ids !== "all") {
    if (options.ids.length === 0) return 0;
    query = query.where("id", "in", options.ids);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * A to-do notification that is done for everyone it went to (e.g. "listing awaiting verification" once an
 * admin decided it): marked read for all its recipients, so no admin's centre keeps asking.
 */
export async function resolveNotifications(db: DbOrTrx, options: { kind: NotificationKind; link: string; now: Date }): Promise<number> {
  const result = await db
    .updateTable("notifications")
    .set({ read_at: toTimestamp(options.now) })
    .where("kind", "=", options.kind)
    .where("link", "=", options.link)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
