import type { Db, DbOrTrx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { enqueueSearchUpdate } from "../search/outbox.server";
import { writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { applyOrderEvent } from "./apply-order-event.server";
import { applyShipmentEvent } from "./apply-shipment-event.server";
import { draftBastForShipment } from "./basts.server";
import { requireOrderParty } from "./order-access.server";
import { lineProgress, replacementFor, type ProgressShipmentLine } from "./order-progress";
import { orderActionAllowed, orderTransitions } from "./order-states";
import type { InspectionInput, ShipmentInput } from "./schemas";
import { availableLots, hasWorkOrders } from "../work-orders/work-orders.server";
import { groupBy } from "../group-by";

/** The order's shipment lines in the shape the progress functions read. */
export async function shipmentLinesOf(db: DbOrTrx, orderId: number): Promise<(ProgressShipmentLine & { id: number; shipmentId: number })[]> {
  const rows = await db
    .selectFrom("shipment_lines")
    .innerJoin("shipments", "shipments.id", "shipment_lines.shipment_id")
    .select([
      "shipment_lines.id",
      "shipment_lines.shipment_id",
      "shipment_lines.order_line_id",
      "shipment_lines.quantity",
      "shipment_lines.replacement_quantity",
      "shipment_lines.accepted_quantity",
      "shipment_lines.rejected_quantity",
      "shipments.shipped_on",
    ])
    .where("shipments.order_id", "=", orderId)
    .orderBy("shipments.number")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    shipmentId: r.shipment_id,
    orderLineId: r.order_line_id,
    shippedOn: r.shipped_on,
    quantity: r.quantity,
    replacementQuantity: r.replacement_quantity,
    accepted: r.accepted_quantity,
    rejected: r.rejected_quantity,
  }));
}

/**
 * The supplier records a shipment: quantity per line, date, vehicle or tracking number, delivery note. It
 * may ship at most what is still open on each line (ordered − accepted − on its way); pieces that replace
 * rejected ones are marked as replacements. The buyer is told.
 */
export async function recordShipment(
  db: Db,
  options: { orderId: number; supplierId: number; actorUserId: number; input: ShipmentInput; now: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.supplierId, actorUserId: options.actorUserId, side: "supplier" });
    if (!orderActionAllowed("ship", order.status)) throw new DomainError("error.orderNotShippable", 409);
    const lines = await trx.selectFrom("order_lines").select(["id", "quantity"]).where("order_id", "=", order.id).execute();
    const existing = await shipmentLinesOf(trx, order.id);
    // Shared among members: the shipment is made of accepted member lots, each at most what is left of it.
    const lots = (await hasWorkOrders(trx, order.id)) ? new Map((await availableLots(trx, order.id)).map((lot) => [lot.handoverLineId, lot])) : null;
    const pickedLots = (options.input.lots ?? []).map((l, index) => ({ ...l, index })).filter((l) => (l.quantity ?? 0) > 0);
    if (lots) {
      for (const l of pickedLots) {
        const lot = lots.get(l.handoverLineId);
        if (!lot) throw new DomainError("error.lotNotAvailable", 422, `lots[${l.index}].quantity`);
        if (l.quantity! > lot.available) throw new DomainError("error.shipMoreThanLot", 422, `lots[${l.index}].quantity`, { available: lot.available });
      }
      if (new Set(pickedLots.map((l) => l.handoverLineId)).size !== pickedLots.length) throw new DomainError("error.invalid", 422, "lots");
    }
    // The order line of each picked lot, and what the shipment carries per line: the lots' sum, or the form's lines.
    const lineOfLot = (l: { handoverLineId: number }) => lots!.get(l.handoverLineId)!.orderLineId;
    const wanted = lots
      ? [...groupBy(pickedLots, lineOfLot)].map(([orderLineId, picked], index) => ({ orderLineId, index, quantity: picked.reduce((s, l) => s + l.quantity!, 0) }))
      : options.input.lines.map((l, i) => ({ ...l, index: i })).filter((l) => (l.quantity ?? 0) > 0);
    if (wanted.length === 0) throw new DomainError(lots ? "error.shipNoLots" : "error.shipNothing", 422, lots ? "lots" : "lines");
    if (new Set(wanted.map((l) => l.orderLineId)).size !== wanted.length) throw new DomainError("error.invalid", 422, "lines");
    for (const l of wanted) {
      const line = lines.find((x) => x.id === l.orderLineId);
      if (!line) throw new DomainError("error.invalid", 422, `lines[${l.index}].quantity`);
      const open = lineProgress(line, existing, 0).open;
      if (l.quantity! > open) throw new DomainError("error.shipMoreThanOpen", 422, lots ? "lots" : `lines[${l.index}].quantity`, { open });
    }
    const { next } = await trx
      .selectFrom("shipments")
      .select((eb) => eb(eb.fn.coalesce(eb.fn.max("number"), eb.lit(0)), "+", 1).as("next"))
      .where("order_id", "=", order.id)
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto("shipments")
      .values({
        order_id: order.id,
        number: Number(next),
        shipped_on: options.input.shippedOn,
        vehicle: options.input.vehicle ?? "",
        delivery_note: options.input.deliveryNote ?? "",
        created_by_user_id: options.actorUserId,
        created_at: toTimestamp(options.now),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const l of wanted) {
      const { id: shipmentLineId } = await trx
        .insertInto("shipment_lines")
        .values({ shipment_id: id, order_line_id: l.orderLineId, quantity: l.quantity!, replacement_quantity: replacementFor(l.quantity!, existing, l.orderLineId) })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const p of lots ? pickedLots.filter((x) => lineOfLot(x) === l.orderLineId) : []) {
        await trx.insertInto("shipment_lots").values({ shipment_line_id: shipmentLineId, handover_line_id: p.handoverLineId, quantity: p.quantity! }).execute();
      }
    }
    await writeAuditForEach(trx, [order.buyer_id, order.supplier_id], {
      actorUserId: options.actorUserId,
      entityType: "shipment",
      entityId: id,
      action: "ship",
      toState: "shipped",
      detail: {
        orderId: order.id,
        number: Number(next),
        lines: wanted.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })),
        ...(lots ? { lots: pickedLots.map((l) => ({ handoverLineId: l.handoverLineId, quantity: l.quantity })) } : {}),
      },
      now: options.now,
    });
    await notify(trx, {
      recipients: { organizationId: order.buyer_id },
      kind: "shipment_sent",
      params: { number: order.number, shipment: Number(next) },
      link: `/orders/${order.id}#shipments`,
      organizationId: order.buyer_id,
      now: options.now,
    });
    return id;
  });
}

/**
 * The buyer records the receipt and the inspection of a shipment, once: accepted and rejected quantity per
 * line (adding up to what was shipped) with a reason for rejections. Rejected pieces stay open until a
 * replacement covers them. The order moves to partially delivered, or delivered once every line is accepted
 * in full.
 */
export async function inspectShipment(
  db: Db,
  options: { orderId: number; buyerId: number; actorUserId: number; input: InspectionInput; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
    const shipment = await trx
      .selectFrom("shipments")
      .select(["id", "status", "number"])
      .where("id", "=", options.input.shipmentId)
      .where("order_id", "=", order.id)
      .executeTakeFirst();
    if (!shipment) throw new DomainError("error.notFound", 404);
    if (shipment.status === "inspected") throw new DomainError("error.alreadyInspected", 409);
    const shipmentLines = await trx.selectFrom("shipment_lines").selectAll().where("shipment_id", "=", shipment.id).execute();
    const named = new Set(options.input.lines.map((l) => l.shipmentLineId));
    if (named.size !== options.input.lines.length || shipmentLines.some((l) => !named.has(l.id)) || named.size !== shipmentLines.length) {
      throw new DomainError("error.inspectEveryLine", 422, "lines");
    }
    for (const [i, row] of options.input.lines.entries()) {
      const line = shipmentLines.find((l) => l.id === row.shipmentLineId);
      if (!line) throw new DomainError("error.invalid", 422, `lines[${i}].accepted`);
      if (row.accepted + row.rejected !== line.quantity) {
        throw new DomainError(row.accepted + row.rejected > line.quantity ? "error.inspectMoreThanReceived" : "error.inspectAddUp", 422, `lines[${i}].accepted`, {
          quantity: line.quantity,
        });
      }
      if (row.rejected > 0 && !row.reason) throw new DomainError("error.rejectionReason", 422, `lines[${i}].reason`);
    }
    const base = { shipmentId: shipment.id, actorUserId: options.actorUserId, organizationId: options.buyerId, now: options.now };
    if (shipment.status === "shipped") await applyShipmentEvent(trx, { ...base, event: "receive", receivedOn: options.input.receivedOn });
    for (const row of options.input.lines) {
      await trx
        .updateTable("shipment_lines")
        .set({ accepted_quantity: row.accepted, rejected_quantity: row.rejected, rejection_reason: row.rejected > 0 ? row.reason! : null })
        .where("id", "=", row.shipmentLineId)
        .where("shipment_id", "=", shipment.id)
        .where("accepted_quantity", "is", null)
        .execute();
    }
    await applyShipmentEvent(trx, { ...base, event: "inspect", notes: options.input.notes ?? null });
    // The accepted pieces are handed over by a BAST both parties confirm; only then may they be invoiced.
    await draftBastForShipment(trx, { shipmentId: shipment.id, actorUserId: options.actorUserId, now: options.now });

    const lines = await trx.selectFrom("order_lines").select(["id", "quantity"]).where("order_id", "=", order.id).execute();
    const all = await shipmentLinesOf(trx, order.id);
    const complete = lines.every((l) => lineProgress(l, all, 0).accepted >= l.quantity);
    // The supplier's quality record (a soft ranking signal in search) changed.
    await enqueueSearchUpdate(trx, { type: "supplier", id: order.supplier_id, now: options.now });
    const event = complete ? "deliver_full" : "deliver_partial";
    if (nextState(orderTransitions, order.status, event)) {
      await applyOrderEvent(trx, { orderId: order.id, event, actorUserId: options.actorUserId, side: "buyer", now: options.now });
    }
  });
}
