import { sql } from "kysely";
import type { Db, DbOrTrx } from "../../../db/client";
import { DAY_MS, HOUR_MS, addMs, toTimestamp } from "../../clock.server";
import { agreementUsage, ENDING_WARNING_DAYS, USAGE_WARNING_PERCENT } from "../agreements/agreements.server";
import { AGREEMENT_OPEN_STATES } from "../agreements/agreement-states";
import { INVOICE_OPEN_STATES } from "../orders/invoice-states";
import { ORDER_ACTIONS } from "../orders/order-states";
import { scheduleStates } from "../orders/order-progress";
import { shiftDate, jakartaDate } from "../time";
import type { NotificationKind } from "./kinds";
import { notify } from "./notify.server";

// Reminders before anything is late, and once it is. A scheduled job (every few minutes in each server, and in
// scripts/jobs-daily.ts): each rule finds what is due at `now` and tells each person once per event and moment —
// the (kind, entity, moment, person) row in notices_sent is written in the same transaction as the
// notification, and its unique key makes a second run, or a second server, a no-op.

/** Orders whose deliveries are still expected: those the table lets the supplier ship. */
const DELIVERING_STATES = ORDER_ACTIONS.ship.states;

/** The users of an organization (every member), for a reminder to that side. */
async function membersOf(db: DbOrTrx, organizationIds: number[]): Promise<{ userId: number; organizationId: number }[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db.selectFrom("memberships").select(["user_id", "organization_id"]).where("organization_id", "in", organizationIds).orderBy("user_id").execute();
  return rows.map((r) => ({ userId: r.user_id, organizationId: r.organization_id }));
}

/**
 * Records that these people were told of this event at this moment, and tells those not told before (all in
 * one transaction). Returns how many were told now.
 */
export async function noticeOnce(
  db: Db,
  options: {
    kind: NotificationKind;
    entityId: number;
    milestone: string;
    people: { userId: number; organizationId: number }[];
    params: Record<string, string | number>;
    link: string;
    now: Date;
  },
): Promise<number> {
  if (options.people.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let told = 0;
    for (const organizationId of [...new Set(options.people.map((p) => p.organizationId))]) {
      const fresh: number[] = [];
      for (const person of options.people.filter((p) => p.organizationId === organizationId)) {
        const row = await trx
          .insertInto("notices_sent")
          .values({ kind: options.kind, entity_id: options.entityId, milestone: options.milestone, user_id: person.userId, created_at: toTimestamp(options.now) })
          .onConflict((oc) => oc.columns(["kind", "entity_id", "milestone", "user_id"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        if (row) fresh.push(person.userId);
      }
      if (fresh.length === 0) continue;
      told += await notify(trx, { recipients: { userIds: fresh }, kind: options.kind, params: options.params, link: options.link, organizationId, now: options.now });
    }
    return told;
  });
}

/** Bid deadlines in 24 h and in 2 h: invited suppliers who have not bid, and suppliers whose bid is withdrawn. */
async function bidDeadlines(db: Db, now: Date): Promise<number> {
  const rfqs = await db
    .selectFrom("rfqs")
    .select(["id", "title", "bid_deadline"])
    .where("status", "=", "open")
    .where("bid_deadline", ">", toTimestamp(now))
    .where("bid_deadline", "<=", toTimestamp(addMs(now, 24 * HOUR_MS)))
    .execute();
  let told = 0;
  for (const rfq of rfqs) {
    const left = Date.parse(rfq.bid_deadline!) - now.getTime();
    const milestone = left <= 2 * HOUR_MS ? "2h" : "24h";
    const invited = await db.selectFrom("rfq_invitations").select("supplier_id").where("rfq_id", "=", rfq.id).execute();
    const bids = await db.selectFrom("bids").select(["supplier_id", "status"]).where("rfq_id", "=", rfq.id).execute();
    const active = new Set(bids.filter((b) => b.status === "submitted").map((b) => b.supplier_id));
    const withdrawn = bids.filter((b) => b.status === "withdrawn").map((b) => b.supplier_id);
    const suppliers = [...new Set([...invited.map((i) => i.supplier_id), ...withdrawn])].filter((id) => !active.has(id));
    told += await noticeOnce(db, {
      kind: milestone === "2h" ? "reminder_bid_deadline_2h" : "reminder_bid_deadline_24h",
      entityId: rfq.id,
      milestone,
      people: await membersOf(db, suppliers),
      params: { title: rfq.title },
      link: `/rfqs/${rfq.id}/bid`,
      now,
    });
  }
  return told;
}

/** A closed RFQ not awarded three days after its deadline: the buyer is reminded. */
async function awardsPending(db: Db, now: Date): Promise<number> {
  const rfqs = await db
    .selectFrom("rfqs")
    .select(["id", "title", "buyer_id"])
    .where("status", "=", "closed")
    .where("closed_at", "<=", toTimestamp(addMs(now, -3 * DAY_MS)))
    .execute();
  let told = 0;
  for (const rfq of rfqs) {
    told += await noticeOnce(db, { kind: "reminder_award_pending", entityId: rfq.id, milestone: "3d", people: await membersOf(db, [rfq.buyer_id]), params: { title: rfq.title }, link: `/rfqs/${rfq.id}/compare`, now });
  }
  return told;
}

/** A scheduled delivery due in three days, and one overdue (not covered by what was shipped): both sides. */
async function deliveries(db: Db, now: Date): Promise<number> {
  const today = jakartaDate(now);
  const soon = shiftDate(today, 3);
  const orders = await db
    .selectFrom("orders")
    .select(["orders.id", "orders.number", "orders.buyer_id", "orders.supplier_id"])
    .where("orders.status", "in", DELIVERING_STATES)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("delivery_schedules")
          .innerJoin("order_lines", "order_lines.id", "delivery_schedules.order_line_id")
          .select("delivery_schedules.id")
          .whereRef("order_lines.order_id", "=", "orders.id")
          .where("delivery_schedules.due_on", "<=", soon),
      ),
    )
    .execute();
  let told = 0;
  for (const order of orders) {
    const schedules = await db
      .selectFrom("delivery_schedules")
      .innerJoin("order_lines", "order_lines.id", "delivery_schedules.order_line_id")
      .select(["delivery_schedules.id", "delivery_schedules.order_line_id as orderLineId", "delivery_schedules.sequence", "delivery_schedules.due_on as dueOn", "delivery_schedules.quantity"])
      .where("order_lines.order_id", "=", order.id)
      .execute();
    const shipped = await db
      .selectFrom("shipment_lines")
      .innerJoin("shipments", "shipments.id", "shipment_lines.shipment_id")
      .select([
        "shipment_lines.order_line_id as orderLineId",
        "shipments.shipped_on as shippedOn",
        "shipment_lines.quantity",
        "shipment_lines.replacement_quantity as replacementQuantity",
        "shipment_lines.accepted_quantity as accepted",
        "shipment_lines.rejected_quantity as rejected",
      ])
      .where("shipments.order_id", "=", order.id)
      .execute();
    const people = await membersOf(db, [order.buyer_id, order.supplier_id]);
    for (const s of scheduleStates(schedules, shipped, today)) {
      if (s.coveredOn) continue;
      const overdue = s.dueOn < today;
      if (!overdue && s.dueOn > soon) continue;
      told += await noticeOnce(db, {
        kind: overdue ? "reminder_delivery_overdue" : "reminder_delivery_due",
        entityId: s.id,
        milestone: overdue ? "overdue" : "3d",
        people,
        params: { number: order.number, date: s.dueOn, quantity: s.quantity },
        link: `/orders/${order.id}`,
        now,
      });
    }
  }
  return told;
}

/** An invoice due in three days (the buyer), and overdue (both sides). */
async function invoices(db: Db, now: Date): Promise<number> {
  const today = jakartaDate(now);
  const rows = await db
    .selectFrom("invoices")
    .innerJoin("orders", "orders.id", "invoices.order_id")
    .select(["invoices.id", "invoices.number", "invoices.due_on", "invoices.order_id", "orders.buyer_id", "orders.supplier_id"])
    .where("invoices.status", "in", INVOICE_OPEN_STATES)
    .where("invoices.due_on", "<=", shiftDate(today, 3))
    .execute();
  let told = 0;
  for (const invoice of rows) {
    const overdue = invoice.due_on < today;
    told += await noticeOnce(db, {
      kind: overdue ? "reminder_invoice_overdue" : "reminder_invoice_due",
      entityId: invoice.id,
      milestone: overdue ? "overdue" : "3d",
      people: await membersOf(db, overdue ? [invoice.buyer_id, invoice.supplier_id] : [invoice.buyer_id]),
      params: { number: invoice.number, date: invoice.due_on },
      link: `/orders/${invoice.order_id}#invoices`,
      now,
    });
  }
  return told;
}

/** An agreement at 80 % of its limit, or 30 days before its end: both sides, once each. */
async function agreements(db: Db, now: Date): Promise<number> {
  const today = jakartaDate(now);
  const rows = await db.selectFrom("agreements").select(["id", "number", "title", "buyer_id", "supplier_id", "ends_on", "max_value"]).where("status", "in", AGREEMENT_OPEN_STATES).execute();
  let told = 0;
  for (const agreement of rows) {
    const people = await membersOf(db, [agreement.buyer_id, agreement.supplier_id]);
    const link = `/agreements/${agreement.id}`;
    const usage = await agreementUsage(db, agreement);
    if (usage.usedPercent !== null && usage.usedPercent >= USAGE_WARNING_PERCENT) {
      told += await noticeOnce(db, { kind: "reminder_agreement_usage", entityId: agreement.id, milestone: "80pct", people, params: { number: agreement.number, percent: usage.usedPercent }, link, now });
    }
    if (shiftDate(today, ENDING_WARNING_DAYS) >= agreement.ends_on) {
      told += await noticeOnce(db, { kind: "reminder_agreement_ending", entityId: agreement.id, milestone: `30d:${agreement.ends_on}`, people, params: { number: agreement.number, date: agreement.ends_on }, link, now });
    }
  }
  return told;
}

/** A contract (or agreement) sent and unanswered for three days: the supplier, once per version sent. */
async function unanswered(db: Db, now: Date): Promise<number> {
  const cutoff = toTimestamp(addMs(now, -3 * DAY_MS));
  let told = 0;
  const orders = await db.selectFrom("orders").select(["id", "number", "supplier_id", "revision"]).where("status", "=", "sent").where("sent_at", "<=", cutoff).execute();
  for (const o of orders) {
    told += await noticeOnce(db, { kind: "reminder_contract_unanswered", entityId: o.id, milestone: `r${o.revision}`, people: await membersOf(db, [o.supplier_id]), params: { number: o.number }, link: `/orders/${o.id}`, now });
  }
  const sent = await db.selectFrom("agreements").select(["id", "number", "supplier_id", "revision"]).where("status", "=", "sent").where("sent_at", "<=", cutoff).execute();
  for (const a of sent) {
    told += await noticeOnce(db, { kind: "reminder_agreement_unanswered", entityId: a.id, milestone: `r${a.revision}`, people: await membersOf(db, [a.supplier_id]), params: { number: a.number }, link: `/agreements/${a.id}`, now });
  }
  return told;
}

/** Every reminder rule at `now`; returns how many people were told, per rule. Idempotent. */
export async function sendReminders(db: Db, now: Date) {
  return {
    bidDeadlines: await bidDeadlines(db, now),
    awardsPending: await awardsPending(db, now),
    deliveries: await deliveries(db, now),
    invoices: await invoices(db, now),
    agreements: await agreements(db, now),
    unanswered: await unanswered(db, now),
  };
}

/** For tests and the admin: how many notices went out of a kind. */
export async function noticesSent(db: DbOrTrx, kind: string): Promise<number> {
  const row = await db.selectFrom("notices_sent").select(sql<number>`count(*)`.as("n")).where("kind", "=", kind).executeTakeFirstOrThrow();
  return Number(row.n);
}
