import type { Db } from "../../db/client";
import { DAY_MS, addMs, toTimestamp } from "../../app/clock.server";
import { updateContract } from "../../app/domain/orders/contract.server";
import { takeOrderStep } from "../../app/domain/orders/order-steps.server";
import { ContractSchema } from "../../app/domain/orders/schemas";
import { jakartaDate } from "../../app/domain/time";
import { HandoverInspectionSchema, HandoverSchema, SplitSchema } from "../../app/domain/work-orders/work-order-schemas";
import { awardedShares, inspectHandover, recordHandover, saveCooperativeSettings, splitOrder, takeWorkOrderStep } from "../../app/domain/work-orders/work-orders.server";

import { demoOwner } from "./demo-rfqs";

const MARKER = "demo_work_orders_seeded_at";

/**
 * The seeded KBJ → TPR award flows down to KBJ's members, through the real use cases, once: TPR's contract
 * for 200 sleeves a month (the 25th, from next month) is sent and accepted; KBJ (fee 2,5 %, 7 days of QC and
 * packing) shares it 1.200 / 720 / 480 among CV Cor Logam Ceper, UD Sinar Baja Batur and CV Mitra Pengecoran Klaten;
 * Cor Logam Ceper accepts, starts, and hands over a first lot of 100 (CLC-2512), of which KBJ's QC rejects 4;
 * Sinar Baja has accepted; Mitra Cor has not answered yet.
 */
export async function seedDemoWorkOrders(db: Db, options: { now: Date }): Promise<boolean> {
  const marker = await db.selectFrom("app_meta").select("value").where("key", "=", MARKER).executeTakeFirst();
  if (marker) return false;
  const owner = (email: string) => demoOwner(db, email);
  const [tpr, kbj, ceperCor, sinarBaja] = await Promise.all(["tpr@demo.pasok.id", "kbj@demo.pasok.id", "ceper-cor@demo.pasok.id", "sinar-baja@demo.pasok.id"].map(owner));
  if (!tpr || !kbj || !ceperCor || !sinarBaja) return false;
  const order = await db
    .selectFrom("orders")
    .selectAll()
    .where("buyer_id", "=", tpr.organizationId)
    .where("supplier_id", "=", kbj.organizationId)
    .where("status", "=", "contract_draft")
    .orderBy("id")
    .executeTakeFirst();
  if (!order) return false;
  const at = (days: number) => addMs(options.now, days * DAY_MS);
  const [line] = await db.selectFrom("order_lines").select(["id", "quantity"]).where("order_id", "=", order.id).execute();
  const today = jakartaDate(options.now);
  const [year, month] = today.split("-").map(Number) as [number, number];
  const firstMonth = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;

  await updateContract(db, {
    orderId: order.id,
    buyerId: tpr.organizationId,
    actorUserId: tpr.userId,
    input: ContractSchema.parse({ revision: order.revision, paymentDueDays: 45, paymentTerms: order.payment_terms, deliveryTerms: order.delivery_terms, schedules: [{ orderLineId: line!.id, perDelivery: 200, day: 25, months: line!.quantity / 200, firstMonth }] }),
    now: at(-14),
  });
  const revision = async () => (await db.selectFrom("orders").select("revision").where("id", "=", order.id).executeTakeFirstOrThrow()).revision;
  await takeOrderStep(db, { orderId: order.id, organizationId: tpr.organizationId, actorUserId: tpr.userId, event: "send", expectedRevision: await revision(), now: at(-14) });
  await takeOrderStep(db, { orderId: order.id, organizationId: kbj.organizationId, actorUserId: kbj.userId, event: "accept", expectedRevision: await revision(), now: at(-13) });

  await saveCooperativeSettings(db, { cooperativeId: kbj.organizationId, actorUserId: kbj.userId, memberFeeBp: 250, qcLeadDays: 7, now: at(-13) });
  const shares = await awardedShares(db, order.id);
  const prices = [81_000, 80_500, 80_000];
  const [ceperWorkOrder] = await splitOrder(db, {
    orderId: order.id,
    cooperativeId: kbj.organizationId,
    actorUserId: kbj.userId,
    input: SplitSchema.parse({
      leadDays: 7,
      showBuyerPrice: false,
      members: shares.map((s, i) => ({ memberId: s.memberId, lines: [{ orderLineId: s.orderLineId, quantity: s.quantity, memberUnitPrice: String(prices[i] ?? 80_000) }] })),
    }),
    now: at(-12),
  });
  const step = async (memberOwner: { userId: number; organizationId: number }, event: "accept" | "start_production", days: number) => {
    const wo = await db.selectFrom("work_orders").select(["id", "revision"]).where("order_id", "=", order.id).where("member_id", "=", memberOwner.organizationId).executeTakeFirstOrThrow();
    await takeWorkOrderStep(db, { workOrderId: wo.id, organizationId: memberOwner.organizationId, actorUserId: memberOwner.userId, event, expectedRevision: wo.revision, now: at(days) });
  };
  await step(ceperCor, "accept", -11);
  await step(ceperCor, "start_production", -10);
  await step(sinarBaja, "accept", -10);
  const [ceperLine] = await db.selectFrom("work_order_lines").select("id").where("work_order_id", "=", ceperWorkOrder!).execute();
  const handoverId = await recordHandover(db, {
    workOrderId: ceperWorkOrder!,
    memberId: ceperCor.organizationId,
    actorUserId: ceperCor.userId,
    input: HandoverSchema.parse({ handedOverOn: jakartaDate(at(-2)), lotNumber: "CLC-2512", notes: "Heat 2512-07, uji kekerasan terlampir", lines: [{ workOrderLineId: ceperLine!.id, quantity: 100 }] }),
    now: at(-2),
  });
  const [handoverLine] = await db.selectFrom("handover_lines").select("id").where("handover_id", "=", handoverId).execute();
  await inspectHandover(db, {
    cooperativeId: kbj.organizationId,
    actorUserId: kbj.userId,
    input: HandoverInspectionSchema.parse({ handoverId, notes: "Cek visual dan dimensi 100%", lines: [{ handoverLineId: handoverLine!.id, accepted: 96, rejected: 4, reason: "Porositas pada dinding sleeve" }] }),
    now: at(-1),
  });
  await db.insertInto("app_meta").values({ key: MARKER, value: toTimestamp(options.now) }).execute();
  return true;
}
