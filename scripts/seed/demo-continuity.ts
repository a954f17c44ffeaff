import type { Db } from "../../db/client";
import { toTimestamp } from "../../app/clock.server";
import { saveSearch } from "../../app/domain/notifications/new-rfqs.server";
import { pastOrder } from "./demo-history";
import { demoOwner } from "./demo-rfqs";

/** The RFQ title of KAI's 2025 order (the e2e story finds it by this). */
export const KAI_2025_ORDER_TITLE = "Blok rem komposit K-type — kontrak 2025";
const MARKER = "demo_continuity_seeded";

/**
 * The start of the KAI story (issue 19), through the real use cases at their own dates: KAI's 2025 order of
 * 3.000 composite brake blocks from Koperasi Batur Jaya — invited RFQ, bid, award, contract, one shipment
 * accepted in full, BAST, invoice, transfer confirmed: completed. From it KAI agrees 2026's prices in a framework
 * agreement and calls off (the demo leaves that to the user, as the e2e test does). KBJ keeps a saved search
 * of the open RFQs. Once (a marker in app_meta).
 */
export async function seedDemoContinuity(db: Db, options: { now: Date }): Promise<boolean> {
  if (await db.selectFrom("app_meta").select("value").where("key", "=", MARKER).executeTakeFirst()) return false;
  const [kai, kbj] = await Promise.all([demoOwner(db, "kai@demo.pasok.id"), demoOwner(db, "kbj@demo.pasok.id")]);
  if (!kai || !kbj) return false;
  await pastOrder(db, {
    buyer: kai,
    supplier: kbj,
    publishedAt: new Date(Date.UTC(2025, 4, 5, 2)),
    partName: KAI_2025_ORDER_TITLE,
    quantity: 3000,
    unitPrice: 182_500,
  });
  await saveSearch(db, { userId: kbj.userId, organizationId: kbj.organizationId, name: "Pengecoran FC250 di Jawa Tengah", search: { q: "pengecoran FC250", province: "33" }, now: options.now });
  await db.insertInto("app_meta").values({ key: MARKER, value: toTimestamp(options.now) }).execute();
  return true;
}
