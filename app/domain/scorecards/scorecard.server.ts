import type { Kysely } from "kysely";
import { compiledByShape } from "../../../db/compiled";
import type { Database } from "../../../db/schema";
import type { DbOrTrx } from "../../../db/client";
import { scheduleStates, type ProgressSchedule, type ProgressShipmentLine } from "../orders/order-progress";
import { groupBy } from "../group-by";
import { jakartaDate } from "../time";

/**
 * A supplier's (or cooperative's) track record on Pasok, computed from its own orders and invitations (a
 * cooperative's scorecard is its own orders, not its members'). Every figure is a percentage rounded to one
 * decimal with the counts behind it, or null when there is nothing to count yet (shown as "—").
 *
 * - **On-time delivery** = scheduled deliveries due by `today` that were covered on time ÷ scheduled
 *   deliveries due by `today`, over all the supplier's orders except cancelled ones. Each delivery's state is
 *   the one `scheduleStates` (app/domain/orders/order-progress.ts) gives: "on_time" is met; "late_delivered"
 *   (covered after its due date) and "late" (due date passed, still not covered) are missed; "upcoming" is not
 *   counted (a delivery due today and not yet covered still has the day). A delivery due after `today` is not
 *   counted either, even when already shipped early: it counts in the month it falls due.
 * - **First-pass quality** = pieces accepted the first time they were inspected ÷ pieces inspected for the
 *   first time, over every inspected shipment line of the supplier's orders (a later cancellation does not
 *   undo an inspection). On a line, first-time pieces = quantity − replacement_quantity and first-time
 *   accepted = max(0, first-time pieces − rejected): rejections count against the first-time pieces first, and
 *   replacements of rejected pieces are not counted again. So 200 shipped, 5 rejected, then 5 replacements
 *   accepted → 195 / 200 = 97.5 %.
 * - **Bid response rate** = RFQs it was invited to and bid on (any bid status, withdrawn included) ÷ RFQs it
 *   was invited to. An invitation counts once the supplier has bid or the RFQ's bidding is over (closed or
 *   awarded); an RFQ still open (or a draft, or one cancelled) that it has not bid on is not counted, as
 *   there is (or was) no chance left to answer it to judge.
 * - **Months**: the last 12 calendar months up to and including the month of `today`, oldest first. A
 *   scheduled delivery counts in the month of its due date, an inspection in the month (Jakarta) it was
 *   recorded (the received date when the time of the inspection is missing).
 */
export interface Scorecard {
  onTimePercent: number | null;
  onTimeCount: { met: number; due: number };
  firstPassPercent: number | null;
  firstPass: { accepted: number; inspected: number };
  bidResponsePercent: number | null;
  bidResponse: { bids: number; invitations: number };
  months: ScorecardMonth[];
}

export interface ScorecardMonth {
  /** "YYYY-MM". */
  month: string;
  onTimePercent: number | null;
  firstPassPercent: number | null;
}

export const SCORECARD_MONTHS = 12;

/** The scorecard of one supplier on `today` ("YYYY-MM-DD", Jakarta). */
export async function supplierScorecard(db: DbOrTrx, supplierId: number, today: string): Promise<Scorecard> {
  return (await scorecardsFor(db, [supplierId], today)).get(supplierId)!;
}

/** The scorecard of the organization with this slug (the public supplier page), or null when there is none. */
export async function scorecardForSlug(db: DbOrTrx, slug: string, today: string): Promise<Scorecard | null> {
  const organization = await db.selectFrom("organizations").select("id").where("slug", "=", slug).executeTakeFirst();
  return organization ? supplierScorecard(db, organization.id, today) : null;
}

// The scorecard's reads, compiled once per shape (db/compiled.ts): the bid comparison asks them for every bidder.
const schedulesOf = compiledByShape((db: Kysely<Database>, v: { ids: readonly number[] }) =>
    db
      .selectFrom("delivery_schedules")
      .innerJoin("order_lines", "order_lines.id", "delivery_schedules.order_line_id")
      .innerJoin("orders", "orders.id", "order_lines.order_id")
      .select([
        "orders.supplier_id",
        "delivery_schedules.id",
        "delivery_schedules.order_line_id",
        "delivery_schedules.sequence",
        "delivery_schedules.due_on",
        "delivery_schedules.quantity",
      ])
      .where("orders.supplier_id", "in", v.ids)
      .where("orders.status", "!=", "cancelled"),
);

const shipmentLinesOf = compiledByShape((db: Kysely<Database>, v: { ids: readonly number[] }) =>
    db
      .selectFrom("shipment_lines")
      .innerJoin("shipments", "shipments.id", "shipment_lines.shipment_id")
      .innerJoin("orders", "orders.id", "shipments.order_id")
      .select([
        "orders.supplier_id",
        "orders.status as order_status",
        "shipment_lines.order_line_id",
        "shipment_lines.quantity",
        "shipment_lines.replacement_quantity",
        "shipment_lines.accepted_quantity",
        "shipment_lines.rejected_quantity",
        "shipments.shipped_on",
        "shipments.received_on",
        "shipments.inspected_at",
      ])
      .where("orders.supplier_id", "in", v.ids),
);

const invitationsOf = compiledByShape((db: Kysely<Database>, v: { ids: readonly number[] }) =>
    db
      .selectFrom("rfq_invitations")
      .innerJoin("rfqs", "rfqs.id", "rfq_invitations.rfq_id")
      .select((eb) => [
        "rfq_invitations.supplier_id",
        "rfqs.status",
        eb
          .exists(
            eb
              .selectFrom("bids")
              .select("bids.id")
              .whereRef("bids.rfq_id", "=", "rfq_invitations.rfq_id")
              .whereRef("bids.supplier_id", "=", "rfq_invitations.supplier_id"),
          )
          .as("has_bid"),
      ])
      .where("rfq_invitations.supplier_id", "in", v.ids),
);

/** The scorecards of many suppliers at once (a handful of queries whatever their number), by supplier id. */
export async function scorecardsFor(db: DbOrTrx, supplierIds: readonly number[], today: string): Promise<Map<number, Scorecard>> {
  const ids = [...new Set(supplierIds)];
  const result = new Map<number, Scorecard>();
  if (ids.length === 0) return result;

  const [schedules, shipmentLines, invitations] = await Promise.all([schedulesOf(db, { ids }), shipmentLinesOf(db, { ids }), invitationsOf(db, { ids })]);

  const monthKeys = lastMonths(today, SCORECARD_MONTHS);
  // Each supplier's rows, grouped once (the comparison asks for 50 suppliers at a time).
  const schedulesBySupplier = groupBy(schedules, (s) => s.supplier_id);
  const shipmentsBySupplier = groupBy(shipmentLines, (s) => s.supplier_id);
  const invitationsBySupplier = groupBy(invitations, (i) => i.supplier_id);
  for (const supplierId of ids) {
    // On-time delivery.
    const ownSchedules: ProgressSchedule[] = (schedulesBySupplier.get(supplierId) ?? []).map((s) => ({ id: s.id, orderLineId: s.order_line_id, sequence: s.sequence, dueOn: s.due_on, quantity: s.quantity }));
    const ownShipments = shipmentsBySupplier.get(supplierId) ?? [];
    const progressShipments: ProgressShipmentLine[] = ownShipments
      .filter((s) => s.order_status !== "cancelled")
      .map((s) => ({
        orderLineId: s.order_line_id,
        shippedOn: s.shipped_on,
        quantity: s.quantity,
        replacementQuantity: s.replacement_quantity,
        accepted: s.accepted_quantity,
        rejected: s.rejected_quantity,
      }));
    const counted = scheduleStates(ownSchedules, progressShipments, today).filter((s) => s.dueOn <= today && s.state !== "upcoming");
    const onTime = tally(counted, (s) => s.dueOn.slice(0, 7), (s) => ({ hit: s.state === "on_time" ? 1 : 0, of: 1 }));

    // First-pass quality.
    const inspected = ownShipments.filter((s) => s.accepted_quantity !== null && s.rejected_quantity !== null);
    const firstPass = tally(
      inspected,
      (s) => inspectionMonth(s.inspected_at, s.received_on),
      (s) => {
        const firstTime = s.quantity - s.replacement_quantity;
        return { hit: Math.max(0, firstTime - (s.rejected_quantity ?? 0)), of: firstTime };
      },
    );

    // Bid response.
    const ownInvitations = (invitationsBySupplier.get(supplierId) ?? [])
      .map((i) => ({ hasBid: Boolean(i.has_bid), status: i.status }))
      .filter((i) => i.hasBid || i.status === "closed" || i.status === "awarded");
    const bids = ownInvitations.filter((i) => i.hasBid).length;

    result.set(supplierId, {
      onTimePercent: percent(onTime.total.hit, onTime.total.of),
      onTimeCount: { met: onTime.total.hit, due: onTime.total.of },
      firstPassPercent: percent(firstPass.total.hit, firstPass.total.of),
      firstPass: { accepted: firstPass.total.hit, inspected: firstPass.total.of },
      bidResponsePercent: percent(bids, ownInvitations.length),
      bidResponse: { bids, invitations: ownInvitations.length },
      months: monthKeys.map((month) => ({
        month,
        onTimePercent: percent(onTime.byMonth.get(month)?.hit ?? 0, onTime.byMonth.get(month)?.of ?? 0),
        firstPassPercent: percent(firstPass.byMonth.get(month)?.hit ?? 0, firstPass.byMonth.get(month)?.of ?? 0),
      })),
    });
  }
  return result;
}

/** hit ÷ of as a percentage with one decimal, or null when there is nothing to count. */
function percent(hit: number, of: number): number | null {
  return of > 0 ? Math.round((hit / of) * 1000) / 10 : null;
}

type Count = { hit: number; of: number };

function tally<T>(items: T[], monthOf: (item: T) => string | null, count: (item: T) => Count): { total: Count; byMonth: Map<string, Count> } {
  const total: Count = { hit: 0, of: 0 };
  const byMonth = new Map<string, Count>();
  for (const item of items) {
    const c = count(item);
    total.hit += c.hit;
    total.of += c.of;
    const month = monthOf(item);
    if (month === null) continue;
    const m = byMonth.get(month) ?? { hit: 0, of: 0 };
    m.hit += c.hit;
    m.of += c.of;
    byMonth.set(month, m);
  }
  return { total, byMonth };
}

function inspectionMonth(inspectedAt: string | null, receivedOn: string | null): string | null {
  if (inspectedAt) return jakartaDate(new Date(inspectedAt)).slice(0, 7);
  return receivedOn ? receivedOn.slice(0, 7) : null;
}

/** The `count` calendar months ending with the month of `today`, oldest first, as "YYYY-MM". */
export function lastMonths(today: string, count: number): string[] {
  const [year, month] = today.split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const m = year * 12 + (month - 1) - (count - 1 - i);
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
  });
}
