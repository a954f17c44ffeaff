import { sql } from "kysely";
import type { Db, DbOrTrx, Trx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit, writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { jakartaDate } from "../time";
import { bastTransitions, type BastEvent } from "./bast-states";
import { requireOrderParty } from "./order-access.server";

// BASTs: the handover record of each inspected shipment's accepted pieces, confirmed by both parties.

/**
 * Called by the inspection, in its transaction: a draft BAST for the shipment's accepted pieces (none if it
 * accepted nothing). Both parties are told to confirm it.
 */
export async function draftBastForShipment(trx: Trx, options: { shipmentId: number; actorUserId: number; now: Date }): Promise<number | null> {
  const shipment = await trx
    .selectFrom("shipments")
    .innerJoin("orders", "orders.id", "shipments.order_id")
    .select(["shipments.id", "shipments.order_id", "shipments.received_on", "shipments.number as shipment_number", "orders.number as order_number", "orders.buyer_id", "orders.supplier_id"])
    .where("shipments.id", "=", options.shipmentId)
    .executeTakeFirstOrThrow();
  const lines = await trx.selectFrom("shipment_lines").select(["order_line_id", "accepted_quantity"]).where("shipment_id", "=", shipment.id).where("accepted_quantity", ">", 0).execute();
  if (lines.length === 0) return null;
  const year = jakartaDate(options.now).slice(0, 4);
  const { next } = await trx.selectFrom("basts").select(sql<number>`coalesce(max(id), 0) + 1`.as("next")).executeTakeFirstOrThrow();
  const at = toTimestamp(options.now);
  const number = `BAST-${year}-${String(next).padStart(5, "0")}`;
  const { id } = await trx
    .insertInto("basts")
    .values({ number, order_id: shipment.order_id, shipment_id: shipment.id, handed_over_on: shipment.received_on ?? jakartaDate(options.now), created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx.insertInto("bast_lines").values(lines.map((l) => ({ bast_id: id, order_line_id: l.order_line_id, quantity: l.accepted_quantity! }))).execute();
  await writeAuditForEach(trx, [shipment.buyer_id, shipment.supplier_id], {
    actorUserId: options.actorUserId,
    entityType: "bast",
    entityId: id,
    action: "draft",
    toState: "draft",
    detail: { orderId: shipment.order_id, number, shipment: shipment.shipment_number },
    now: options.now,
  });
  for (const organizationId of [shipment.buyer_id, shipment.supplier_id]) {
    await notify(trx, {
      recipients: { organizationId },
      kind: "bast_created",
      params: { number, order: shipment.order_number },
      link: `/orders/${shipment.order_id}#basts`,
      organizationId,
      now: options.now,
    });
  }
  return id;
}

/**
 * The only code that changes a BAST's status. Re-reads it, asks the table, refuses a stale revision, updates
 * only if status and revision are unchanged, writes an audit row for both parties; once confirmed, tells both.
 */
export async function applyBastEvent(trx: Trx, options: { bastId: number; event: BastEvent; actorUserId: number; now: Date; expectedRevision?: number }) {
  const bast = await trx
    .selectFrom("basts")
    .innerJoin("orders", "orders.id", "basts.order_id")
    .selectAll("basts")
    .select(["orders.buyer_id", "orders.supplier_id", "orders.number as order_number"])
    .where("basts.id", "=", options.bastId)
    .executeTakeFirst();
  if (!bast) throw new DomainError("error.notFound", 404);
  if (options.expectedRevision !== undefined && options.expectedRevision !== bast.revision) throw new DomainError("error.bastChanged", 409);
  const to = nextState(bastTransitions, bast.status, options.event);
  if (!to) throw new TransitionError("bast", bast.status, options.event, "error.bastChanged");
  const at = toTimestamp(options.now);
  const result = await trx
    .updateTable("basts")
    .set({
      status: to,
      revision: bast.revision + 1,
      updated_at: at,
      ...(options.event === "confirm_buyer" ? { buyer_confirmed_by: options.actorUserId, buyer_confirmed_at: at } : { supplier_confirmed_by: options.actorUserId, supplier_confirmed_at: at }),
    })
    .where("id", "=", bast.id)
    .where("status", "=", bast.status)
    .where("revision", "=", bast.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("bast", bast.status, options.event, "error.bastChanged");
  for (const organizationId of [bast.buyer_id, bast.supplier_id]) {
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId,
      entityType: "bast",
      entityId: bast.id,
      action: options.event,
      fromState: bast.status,
      toState: to,
      detail: { orderId: bast.order_id, number: bast.number },
      now: options.now,
    });
    if (to === "confirmed") {
      await notify(trx, {
        recipients: { organizationId },
        kind: "bast_confirmed",
        params: { number: bast.number, order: bast.order_number },
        link: `/orders/${bast.order_id}#basts`,
        organizationId,
        now: options.now,
      });
    }
  }
  return { from: bast.status, to };
}

/** A party confirms a BAST of its order: the buyer as receiver, the supplier as the one handing over. */
export async function confirmBast(db: Db, options: { orderId: number; organizationId: number; actorUserId: number; bastId: number; revision: number; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { order, side } = await requireOrderParty(trx, options);
    const bast = await trx.selectFrom("basts").select("id").where("id", "=", options.bastId).where("order_id", "=", order.id).executeTakeFirst();
    if (!bast) throw new DomainError("error.notFound", 404);
    // Each side has its own confirmation (BAST_EVENT_ACTORS): the buyer's as receiver, the supplier's as giver.
    const event: BastEvent = side === "buyer" ? "confirm_buyer" : "confirm_supplier";
    await applyBastEvent(trx, { bastId: bast.id, event, actorUserId: options.actorUserId, now: options.now, expectedRevision: options.revision });
  });
}

/** Pieces per order line in confirmed BASTs: the most that may ever be invoiced. */
export async function confirmedHandoverByLine(db: DbOrTrx, orderId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("bast_lines")
    .innerJoin("basts", "basts.id", "bast_lines.bast_id")
    .select(["bast_lines.order_line_id", "bast_lines.quantity"])
    .where("basts.order_id", "=", orderId)
    .where("basts.status", "=", "confirmed")
    .execute();
  const map = new Map<number, number>();
  for (const r of rows) map.set(r.order_line_id, (map.get(r.order_line_id) ?? 0) + r.quantity);
  return map;
}

/** The BASTs of an order not yet confirmed by both parties, oldest first (what each side still has to confirm). */
export function openBastsOf(db: DbOrTrx, orderId: number) {
  return db.selectFrom("basts").select(["id", "revision", "status", "shipment_id"]).where("order_id", "=", orderId).where("status", "!=", "confirmed").orderBy("id").execute();
}
