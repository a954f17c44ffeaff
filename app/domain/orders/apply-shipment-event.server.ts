import type { Trx } from "../../../db/client";
import type { ShipmentStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { jakartaDate } from "../time";
import { shipmentTransitions, type ShipmentEvent } from "./shipment-states";

/**
 * The only code that changes a shipment's status (received, then inspected once). Inside a transaction; the
 * update is conditional on the status it read, so an inspection recorded twice (two tabs) is refused.
 */
export async function applyShipmentEvent(
  trx: Trx,
  options: {
    shipmentId: number;
    event: ShipmentEvent;
    actorUserId: number;
    organizationId: number;
    now: Date;
    receivedOn?: string;
    notes?: string | null;
  },
): Promise<{ from: ShipmentStatus; to: ShipmentStatus }> {
  const shipment = await trx.selectFrom("shipments").select(["id", "status", "order_id", "number"]).where("id", "=", options.shipmentId).executeTakeFirst();
  if (!shipment) throw new DomainError("error.notFound", 404);
  const to = nextState(shipmentTransitions, shipment.status, options.event);
  if (!to) throw new TransitionError("shipment", shipment.status, options.event, options.event === "inspect" && shipment.status === "inspected" ? "error.alreadyInspected" : "error.conflict");
  const at = toTimestamp(options.now);
  const result = await trx
    .updateTable("shipments")
    .set({
      status: to,
      ...(options.event === "receive" ? { received_on: options.receivedOn ?? jakartaDate(options.now), received_by_user_id: options.actorUserId } : {}),
      ...(options.event === "inspect" ? { inspected_at: at, inspected_by_user_id: options.actorUserId, inspection_notes: options.notes ?? null } : {}),
    })
    .where("id", "=", shipment.id)
    .where("status", "=", shipment.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("shipment", shipment.status, options.event);
  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: options.organizationId,
    entityType: "shipment",
    entityId: shipment.id,
    action: options.event,
    fromState: shipment.status,
    toState: to,
    detail: { orderId: shipment.order_id, number: shipment.number },
    now: options.now,
  });
  return { from: shipment.status, to };
}
