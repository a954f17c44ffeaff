import { DomainError } from "../errors";
import { openStoredFile } from "../files/storage.server";
import type { DbOrTrx } from "../../../db/client";
import { allowedEvents } from "../lifecycle";
import { orderActionAllowed } from "../orders/order-states";
import { memberRecords } from "./member-records.server";
import { awardedShares, availableLots, cooperativeSettings, requireWorkOrderParty, workOrderProgress } from "./work-orders.server";
import { WORK_ORDER_EVENT_ACTORS, workOrderActionsFor, workOrderTransitions } from "./work-order-states";

/** The work orders an organization sees: as a member its own, as a cooperative all of its members'. */
export async function listWorkOrders(db: DbOrTrx, organizationId: number) {
  const rows = await db
    .selectFrom("work_orders")
    .innerJoin("orders", "orders.id", "work_orders.order_id")
    .innerJoin("organizations as buyer", "buyer.id", "orders.buyer_id")
    .innerJoin("organizations as member", "member.id", "work_orders.member_id")
    .innerJoin("organizations as cooperative", "cooperative.id", "work_orders.cooperative_id")
    .select((eb) => [
      "work_orders.id",
      "work_orders.number",
      "work_orders.status",
      "work_orders.member_id",
      "work_orders.cooperative_id",
      "buyer.legal_name as buyer_name",
      "member.legal_name as member_name",
      "cooperative.legal_name as cooperative_name",
      eb.selectFrom("work_order_lines").select((s) => s.fn.coalesce(s.fn.sum<number>("quantity"), s.lit(0)).as("q")).whereRef("work_order_lines.work_order_id", "=", "work_orders.id").as("quantity"),
      eb
        .selectFrom("work_order_schedules")
        .innerJoin("work_order_lines", "work_order_lines.id", "work_order_schedules.work_order_line_id")
        .select((s) => s.fn.min("work_order_schedules.due_on").as("d"))
        .whereRef("work_order_lines.work_order_id", "=", "work_orders.id")
        .where("work_order_schedules.quantity", ">", 0)
        .as("first_due"),
    ])
    .where((eb) => eb.or([eb("work_orders.member_id", "=", organizationId), eb("work_orders.cooperative_id", "=", organizationId)]))
    .orderBy("work_orders.id", "desc")
    .limit(500)
    .execute();
  return rows.map((r) => ({ ...r, quantity: Number(r.quantity ?? 0), side: r.cooperative_id === organizationId ? ("cooperative" as const) : ("member" as const) }));
}

/**
 * Everything a work order's page shows to its cooperative or its member. The member sees the buyer's name,
 * the part, the drawings and its own share; the buyer's unit price only when the cooperative shows it. The
 * buyer never reaches this page (404).
 */
export async function getWorkOrderPage(db: DbOrTrx, options: { workOrderId: number; organizationId: number; actorUserId: number; today: string }) {
  const { workOrder, side } = await requireWorkOrderParty(db, options);
  const order = await db
    .selectFrom("orders")
    .innerJoin("organizations as buyer", "buyer.id", "orders.buyer_id")
    .innerJoin("rfqs", "rfqs.id", "orders.rfq_id")
    .select(["orders.id", "orders.number", "orders.rfq_id", "orders.delivery_address", "buyer.legal_name as buyer_name", "rfqs.title"])
    .where("orders.id", "=", workOrder.order_id)
    .executeTakeFirstOrThrow();
  const parties = await db.selectFrom("organizations").select(["id", "legal_name", "slug"]).where("id", "in", [workOrder.cooperative_id, workOrder.member_id]).execute();
  const { lines } = await workOrderProgress(db, workOrder.id);
  const showBuyerPrice = side === "cooperative" || workOrder.show_buyer_price === 1;
  const schedules = lines.length
    ? await db
        .selectFrom("work_order_schedules")
        .innerJoin("delivery_schedules", "delivery_schedules.id", "work_order_schedules.delivery_schedule_id")
        .select(["work_order_schedules.id", "work_order_schedules.work_order_line_id", "work_order_schedules.sequence", "work_order_schedules.due_on", "work_order_schedules.quantity", "delivery_schedules.due_on as buyer_due_on"])
        .where(
          "work_order_schedules.work_order_line_id",
          "in",
          lines.map((l) => l.id),
        )
        .where("work_order_schedules.quantity", ">", 0)
        .orderBy("work_order_schedules.work_order_line_id")
        .orderBy("work_order_schedules.sequence")
        .execute()
    : [];
  const handovers = await db.selectFrom("handovers").selectAll().where("work_order_id", "=", workOrder.id).orderBy("number").execute();
  const handoverLines = handovers.length
    ? await db
        .selectFrom("handover_lines")
        .selectAll()
        .where(
          "handover_id",
          "in",
          handovers.map((h) => h.id),
        )
        .execute()
    : [];
  const buyerRejections = handoverLines.length
    ? await db
        .selectFrom("shipment_lots")
        .innerJoin("shipment_lines", "shipment_lines.id", "shipment_lots.shipment_line_id")
        .innerJoin("shipments", "shipments.id", "shipment_lines.shipment_id")
        .select(["shipment_lots.id", "shipment_lots.handover_line_id", "shipment_lots.quantity", "shipment_lots.buyer_rejected_quantity", "shipments.number as shipment_number", "shipment_lines.rejection_reason"])
        .where(
          "shipment_lots.handover_line_id",
          "in",
          handoverLines.map((l) => l.id),
        )
        .execute()
    : [];
  // The work order's own audit rows, its hand-overs' and its lots'.
  const lotIds = buyerRejections.map((r) => String(r.id));
  const history = await db
    .selectFrom("audit_log")
    .select(["id", "action", "from_state", "to_state", "detail", "created_at"])
    .where("organization_id", "=", options.organizationId)
    .where((eb) =>
      eb.or([
        eb.and([eb("entity_type", "=", "work_order"), eb("entity_id", "=", String(workOrder.id))]),
        eb.and([eb("entity_type", "=", "handover"), eb("entity_id", "in", handovers.length ? handovers.map((h) => String(h.id)) : ["-"])]),
        eb.and([eb("entity_type", "=", "shipment_lot"), eb("entity_id", "in", lotIds.length ? lotIds : ["-"])]),
      ]),
    )
    .orderBy("id")
    .execute();
  const drawings = await db
    .selectFrom("rfq_files")
    .select(["id", "original_name", "byte_size"])
    .where("rfq_id", "=", order.rfq_id)
    .where("bid_id", "is", null)
    .orderBy("id")
    .execute();
  const otherMembers =
    side === "cooperative"
      ? await db
          .selectFrom("cooperative_memberships")
          .innerJoin("organizations", "organizations.id", "cooperative_memberships.member_id")
          .select(["organizations.id", "organizations.legal_name"])
          .where("cooperative_memberships.cooperative_id", "=", workOrder.cooperative_id)
          .where("cooperative_memberships.status", "=", "active")
          .where("organizations.id", "!=", workOrder.member_id)
          .orderBy("organizations.legal_name")
          .execute()
      : [];
  const [record] = await memberRecords(db, workOrder.cooperative_id, options.today, workOrder.member_id);
  return {
    side,
    workOrder: { id: workOrder.id, number: workOrder.number, status: workOrder.status, revision: workOrder.revision, reason: workOrder.reason, showBuyerPrice: workOrder.show_buyer_price === 1 },
    order: { id: order.id, number: order.number, title: order.title, buyerName: order.buyer_name, deliveryAddress: order.delivery_address, rfqId: order.rfq_id },
    cooperative: parties.find((p) => p.id === workOrder.cooperative_id)!,
    member: parties.find((p) => p.id === workOrder.member_id)!,
    lines: lines.map((l) => ({
      id: l.id,
      partName: l.part_name,
      partNumber: l.part_number,
      unit: l.unit,
      quantity: l.quantity,
      memberUnitPrice: l.member_unit_price,
      buyerUnitPrice: showBuyerPrice ? l.unit_price : null,
      progress: l.progress,
    })),
    schedules: schedules.map((s) => ({ ...s, buyer_due_on: side === "cooperative" ? s.buyer_due_on : null })),
    handovers: handovers.map((h) => ({
      ...h,
      lines: handoverLines
        .filter((l) => l.handover_id === h.id)
        .map((l) => ({
          ...l,
          buyer: buyerRejections.filter((r) => r.handover_line_id === l.id).map((r) => ({ shipment: r.shipment_number, quantity: r.quantity, rejected: r.buyer_rejected_quantity, reason: r.rejection_reason ?? null })),
        })),
    })),
    drawings,
    otherMembers,
    history: history.map((h) => ({ ...h, detail: JSON.parse(h.detail) as Record<string, unknown> })),
    today: options.today,
    record: record ?? null,
    /** The table's events this side may press, and the page's other actions. */
    steps: allowedEvents(workOrderTransitions, workOrder.status, { table: WORK_ORDER_EVENT_ACTORS, side }).filter((e) => e !== "reallocate"),
    actions: workOrderActionsFor(workOrder.status, side),
  };
}

/** What a cooperative's order page adds for the cooperative: its work orders, the proposed split, the lots to ship. */
export async function cooperativeOrderPanel(db: DbOrTrx, options: { orderId: number; cooperativeId: number; status: Parameters<typeof orderActionAllowed>[1] }) {
  const workOrders = await db
    .selectFrom("work_orders")
    .innerJoin("organizations", "organizations.id", "work_orders.member_id")
    .select((eb) => [
      "work_orders.id",
      "work_orders.number",
      "work_orders.status",
      "organizations.legal_name as member_name",
      eb.selectFrom("work_order_lines").select((s) => s.fn.coalesce(s.fn.sum<number>("quantity"), s.lit(0)).as("q")).whereRef("work_order_lines.work_order_id", "=", "work_orders.id").as("quantity"),
    ])
    .where("work_orders.order_id", "=", options.orderId)
    .where("work_orders.cooperative_id", "=", options.cooperativeId)
    .orderBy("work_orders.id")
    .execute();
  const members = await db
    .selectFrom("cooperative_memberships")
    .innerJoin("organizations", "organizations.id", "cooperative_memberships.member_id")
    .select(["organizations.id", "organizations.legal_name"])
    .where("cooperative_memberships.cooperative_id", "=", options.cooperativeId)
    .where("cooperative_memberships.status", "=", "active")
    .orderBy("organizations.legal_name")
    .execute();
  const canSplit = workOrders.length === 0 && orderActionAllowed("splitToMembers", options.status);
  const settings = await cooperativeSettings(db, options.cooperativeId);
  const shares = canSplit ? await awardedShares(db, options.orderId) : [];
  const lots = workOrders.length ? await availableLots(db, options.orderId) : [];
  const shipmentLots = workOrders.length
    ? await db
        .selectFrom("shipment_lots")
        .innerJoin("shipment_lines", "shipment_lines.id", "shipment_lots.shipment_line_id")
        .innerJoin("shipments", "shipments.id", "shipment_lines.shipment_id")
        .innerJoin("handover_lines", "handover_lines.id", "shipment_lots.handover_line_id")
        .innerJoin("handovers", "handovers.id", "handover_lines.handover_id")
        .innerJoin("work_orders", "work_orders.id", "handovers.work_order_id")
        .innerJoin("organizations", "organizations.id", "work_orders.member_id")
        .select([
          "shipment_lots.id",
          "shipment_lots.shipment_line_id",
          "shipment_lots.quantity",
          "shipment_lots.buyer_rejected_quantity",
          "shipment_lots.attributed_at",
          "handovers.lot_number",
          "organizations.legal_name as member_name",
          "shipments.id as shipment_id",
        ])
        .where("shipments.order_id", "=", options.orderId)
        .orderBy("shipment_lots.id")
        .execute()
    : [];
  return { workOrders: workOrders.map((w) => ({ ...w, quantity: Number(w.quantity ?? 0) })), members, canSplit, leadDays: settings.qcLeadDays, shares, lots, shipmentLots };
}

/** A drawing of the RFQ behind a work order, for the work order's cooperative and member only. */
export async function readWorkOrderDrawing(db: DbOrTrx, options: { workOrderId: number; fileId: number; organizationId: number; actorUserId: number }) {
  const { workOrder } = await requireWorkOrderParty(db, options);
  const file = await db
    .selectFrom("rfq_files")
    .innerJoin("orders", "orders.rfq_id", "rfq_files.rfq_id")
    .select(["rfq_files.storage_key", "rfq_files.byte_size", "rfq_files.content_type", "rfq_files.original_name"])
    .where("orders.id", "=", workOrder.order_id)
    .where("rfq_files.id", "=", options.fileId)
    .where("rfq_files.bid_id", "is", null)
    .executeTakeFirst();
  if (!file) throw new DomainError("error.notFound", 404);
  return { stream: await openStoredFile(file.storage_key), byteSize: file.byte_size, contentType: file.content_type, name: file.original_name };
}

export type WorkOrderPage = Awaited<ReturnType<typeof getWorkOrderPage>>;
