import type { DbOrTrx } from "../../../db/client";
import { groupBy } from "../group-by";
import { scheduleStates } from "../orders/order-progress";
import { parseListingData } from "../suppliers/listing-data";
import { LIVE_WORK_ORDER_STATES } from "./work-order-states";

/**
 * A member's record inside its cooperative, computed from its work orders (the cooperative's public
 * scorecard stays what the buyer measured of the cooperative):
 * - **On time to the cooperative** = its deliveries to the cooperative due by `today` covered on time by its
 *   hand-overs (first-time pieces, replacements not counted) ÷ those due by `today` (the same rule as the
 *   buyer's on-time delivery, on the work order's own dates).
 * - **First pass at cooperative QC** = pieces accepted the first time they were inspected ÷ first-time
 *   pieces inspected.
 * - **First pass at the buyer** = pieces of its lots the buyer kept ÷ pieces of its lots the buyer inspected,
 *   rejections counted once the cooperative attributed them to the lot.
 */
export interface MemberRecord {
  memberId: number;
  memberName: string;
  onTime: { met: number; due: number; percent: number | null };
  cooperativeQc: { accepted: number; inspected: number; percent: number | null };
  buyer: { kept: number; inspected: number; percent: number | null };
}

const percent = (hit: number, of: number) => (of > 0 ? Math.round((hit / of) * 1000) / 10 : null);

export async function memberRecords(db: DbOrTrx, cooperativeId: number, today: string, memberId?: number): Promise<MemberRecord[]> {
  const base = db
    .selectFrom("work_orders")
    .innerJoin("organizations", "organizations.id", "work_orders.member_id")
    .innerJoin("work_order_lines", "work_order_lines.work_order_id", "work_orders.id")
    .where("work_orders.cooperative_id", "=", cooperativeId)
    .$if(memberId !== undefined, (q) => q.where("work_orders.member_id", "=", memberId!));
  const members = await db
    .selectFrom("organizations")
    .select(["id", "legal_name"])
    .where("id", "in", base.select("work_orders.member_id"))
    .orderBy("legal_name")
    .execute();
  const schedules = await base
    .innerJoin("work_order_schedules", "work_order_schedules.work_order_line_id", "work_order_lines.id")
    .select(["work_orders.member_id", "work_order_schedules.id", "work_order_schedules.work_order_line_id", "work_order_schedules.sequence", "work_order_schedules.due_on", "work_order_schedules.quantity"])
    .where("work_orders.status", "in", LIVE_WORK_ORDER_STATES)
    .where("work_order_schedules.quantity", ">", 0)
    .execute();
  const handed = await base
    .innerJoin("handover_lines", "handover_lines.work_order_line_id", "work_order_lines.id")
    .innerJoin("handovers", "handovers.id", "handover_lines.handover_id")
    .select([
      "work_orders.member_id",
      "handover_lines.work_order_line_id",
      "handover_lines.quantity",
      "handover_lines.replacement_quantity",
      "handover_lines.accepted_quantity",
      "handover_lines.rejected_quantity",
      "handovers.handed_over_on",
    ])
    .execute();
  const lots = await base
    .innerJoin("handover_lines", "handover_lines.work_order_line_id", "work_order_lines.id")
    .innerJoin("shipment_lots", "shipment_lots.handover_line_id", "handover_lines.id")
    .innerJoin("shipment_lines", "shipment_lines.id", "shipment_lots.shipment_line_id")
    .innerJoin("shipments", "shipments.id", "shipment_lines.shipment_id")
    .select(["work_orders.member_id", "shipment_lots.quantity", "shipment_lots.buyer_rejected_quantity"])
    .where("shipments.status", "=", "inspected")
    .execute();
  const schedulesBy = groupBy(schedules, (s) => s.member_id);
  const handedBy = groupBy(handed, (h) => h.member_id);
  const lotsBy = groupBy(lots, (l) => l.member_id);
  return members.map((m) => {
    const own = handedBy.get(m.id) ?? [];
    const states = scheduleStates(
      (schedulesBy.get(m.id) ?? []).map((s) => ({ id: s.id, orderLineId: s.work_order_line_id, sequence: s.sequence, dueOn: s.due_on, quantity: s.quantity })),
      own.map((h) => ({
        orderLineId: h.work_order_line_id,
        shippedOn: h.handed_over_on,
        quantity: h.quantity,
        replacementQuantity: h.replacement_quantity,
        accepted: h.accepted_quantity,
        rejected: h.rejected_quantity,
      })),
      today,
    ).filter((s) => s.dueOn <= today && s.state !== "upcoming");
    const met = states.filter((s) => s.state === "on_time").length;
    const inspected = own.filter((h) => h.accepted_quantity !== null);
    const firstTime = inspected.reduce((s, h) => s + (h.quantity - h.replacement_quantity), 0);
    const firstAccepted = inspected.reduce((s, h) => s + Math.max(0, h.quantity - h.replacement_quantity - (h.rejected_quantity ?? 0)), 0);
    const ownLots = lotsBy.get(m.id) ?? [];
    const atBuyer = ownLots.reduce((s, l) => s + l.quantity, 0);
    const kept = ownLots.reduce((s, l) => s + l.quantity - l.buyer_rejected_quantity, 0);
    return {
      memberId: m.id,
      memberName: m.legal_name,
      onTime: { met, due: states.length, percent: percent(met, states.length) },
      cooperativeQc: { accepted: firstAccepted, inspected: firstTime, percent: percent(firstAccepted, firstTime) },
      buyer: { kept, inspected: atBuyer, percent: percent(kept, atBuyer) },
    };
  });
}

export interface LoadMonth {
  month: string;
  committed: number;
  over: boolean;
}

export interface MemberLoad {
  memberId: number;
  memberName: string;
  /** Declared monthly capacity in pieces (its approved listing's capacities in pcs or sets), or null if none. */
  capacity: number | null;
  months: LoadMonth[];
}

/**
 * Per active member per month from `fromMonth` for `count` months: pieces committed on live work orders
 * (their scheduled deliveries to the cooperative that month) against the member's declared monthly capacity.
 */
export async function loadBoard(db: DbOrTrx, cooperativeId: number, fromMonth: string, count = 6): Promise<{ months: string[]; members: MemberLoad[] }> {
  const months = monthsFrom(fromMonth, count);
  const members = await db
    .selectFrom("cooperative_memberships")
    .innerJoin("organizations", "organizations.id", "cooperative_memberships.member_id")
    .leftJoin("listings", "listings.organization_id", "organizations.id")
    .leftJoin("listing_versions", (join) => join.onRef("listing_versions.id", "=", "listings.live_version_id").on("listing_versions.status", "=", "approved"))
    .select(["organizations.id", "organizations.legal_name", "listing_versions.data"])
    .where("cooperative_memberships.cooperative_id", "=", cooperativeId)
    .where("cooperative_memberships.status", "=", "active")
    .orderBy("organizations.legal_name")
    .execute();
  const committed = await db
    .selectFrom("work_order_schedules")
    .innerJoin("work_order_lines", "work_order_lines.id", "work_order_schedules.work_order_line_id")
    .innerJoin("work_orders", "work_orders.id", "work_order_lines.work_order_id")
    .select(["work_orders.member_id", "work_order_schedules.due_on", "work_order_schedules.quantity"])
    .where("work_orders.cooperative_id", "=", cooperativeId)
    .where("work_orders.status", "in", LIVE_WORK_ORDER_STATES)
    .where("work_order_schedules.due_on", ">=", `${months[0]}-01`)
    .where("work_order_schedules.due_on", "<=", `${months.at(-1)}-31`)
    .execute();
  return {
    months,
    members: members.map((m) => {
      const data = m.data ? parseListingData(m.data) : null;
      const pieces = (data?.capacities ?? []).filter((c) => c.unit === "pcs" || c.unit === "set");
      const capacity = pieces.length ? pieces.reduce((s, c) => s + c.quantity, 0) : null;
      return {
        memberId: m.id,
        memberName: m.legal_name,
        capacity,
        months: months.map((month) => {
          const total = committed.filter((c) => c.member_id === m.id && c.due_on.startsWith(month)).reduce((s, c) => s + c.quantity, 0);
          return { month, committed: total, over: capacity !== null && total > capacity };
        }),
      };
    }),
  };
}

/** `count` months ("YYYY-MM") from `first`. */
export function monthsFrom(first: string, count: number): string[] {
  const [year, month] = first.split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const m = year * 12 + month - 1 + i;
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
  });
}

/**
 * For the joint-bid form: each active member's load in the months from `today` to the RFQ's needed-by date,
 * so the form can warn when a share would put a member over its capacity. A share is taken as spread evenly
 * over those months (at least one); the warning names the busiest month.
 */
export async function shareHeadroom(db: DbOrTrx, cooperativeId: number, today: string, neededBy: string | null) {
  const last = neededBy && neededBy > today ? neededBy.slice(0, 7) : today.slice(0, 7);
  const [y1, m1] = today.split("-").map(Number) as [number, number];
  const [y2, m2] = last.split("-").map(Number) as [number, number];
  const count = Math.min(24, Math.max(1, (y2 - y1) * 12 + (m2 - m1) + 1));
  const board = await loadBoard(db, cooperativeId, today.slice(0, 7), count);
  return board.members.map((m) => {
    const busiest = m.months.reduce((a, b) => (b.committed > a.committed ? b : a), m.months[0]!);
    return { memberId: m.memberId, capacity: m.capacity, months: count, busiestMonth: busiest.month, committed: busiest.committed };
  });
}
