import type { DbOrTrx } from "../../../db/client";
import type { Locale } from "../../i18n/i18n";

export async function setUserLocale(db: DbOrTrx, userId: number, locale: Locale): Promise<void> {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

export async function renameUser(db: DbOrTrx, userId: number, name: string): Promise<void> {
  await db.updateTable("users").set({ name }).where("id", "=", userId).execute();
}
