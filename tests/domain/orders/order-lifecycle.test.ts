import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { DomainError } from "../../../app/domain/errors";
import { TransitionError } from "../../../app/domain/lifecycle";
import { applyInvoiceEvent } from "../../../app/domain/orders/apply-invoice-event.server";
import { applyOrderEvent, type OrderSide } from "../../../app/domain/orders/apply-order-event.server";
import { applyShipmentEvent } from "../../../app/domain/orders/apply-shipment-event.server";
import { INVOICE_EVENTS, INVOICE_STATES, invoiceTransitions, type InvoiceEvent } from "../../../app/domain/orders/invoice-states";
import {
  ORDER_EVENT_ACTORS,
  ORDER_EVENTS,
  ORDER_EVENTS_WITH_REASON,
  ORDER_STATES,
  orderTransitions,
  ORDER_ACTIONS,
  type OrderEvent,
} from "../../../app/domain/orders/order-states";
import { takeOrderStep } from "../../../app/domain/orders/order-steps.server";
import { SHIPMENT_EVENTS, SHIPMENT_STATES, shipmentTransitions, type ShipmentEvent } from "../../../app/domain/orders/shipment-states";
import type { InvoiceStatus, OrderStatus, ShipmentStatus } from "../../../db/schema";
import { awardedOrder, reloadOrder, sendAndAccept, type AwardedOrder } from "../../support/orders";
import { countRows } from "../../support/rfqs";

// The three order lifecycles written out once more by hand, every state × every event: a change to any table
// must change this test too. `undefined` = the event is refused in that state.
const _ = undefined;

// prettier-ignore
const EXPECTED_ORDER: Record<OrderStatus, Record<OrderEvent, OrderStatus | undefined>> = {
  contract_draft:      { send: "sent", accept: _,            request_change: _,                  revise: _,     start_production: _,               deliver_partial: _,                     deliver_full: _,           complete: _,           cancel: "cancelled", dispute: _,          resolve: _ },
  sent:                { send: _,      accept: "contracted", request_change: "change_requested", revise: _,     start_production: _,               deliver_partial: _,                     deliver_full: _,           complete: _,           cancel: "cancelled", dispute: _,          resolve: _ },
  change_requested:    { send: _,      accept: _,            request_change: _,                  revise: "sent", start_production: _,              deliver_partial: _,                     deliver_full: _,           complete: _,           cancel: "cancelled", dispute: _,          resolve: _ },
  contracted:          { send: _,      accept: _,            request_change: _,                  revise: _,     start_production: "in_production", deliver_partial: "partially_delivered", deliver_full: "delivered", complete: _,           cancel: "cancelled", dispute: "disputed", resolve: _ },
  in_production:       { send: _,      accept: _,            request_change: _,                  revise: _,     start_production: _,               deliver_partial: "partially_delivered", deliver_full: "delivered", complete: _,           cancel: "cancelled", dispute: "disputed", resolve: _ },
  partially_delivered: { send: _,      accept: _,            request_change: _,                  revise: _,     start_production: _,               deliver_partial: "partially_delivered", deliver_full: "delivered", complete: _,           cancel: _,           dispute: "disputed", resolve: _ },
  delivered:           { send: _,      accept: _,            request_change: _,                  revise: _,     start_production: _,               deliver_partial: _,                     deliver_full: _,           complete: "completed", cancel: _,           dispute: "disputed", resolve: _ },
  completed:           { send: _,      accept: _,            request_change: _,                  revise: _,     start_production: _,               deliver_partial: _,                     deliver_full: _,           complete: _,           cancel: _,           dispute: _,          resolve: _ },
  cancelled:           { send: _,      accept: _,            request_change: _,                  revise: _,     start_production: _,               deliver_partial: _,                     deliver_full: _,           complete: _,           cancel: _,           dispute: _,          resolve: _ },
  disputed:            { send: _,      accept: _,            request_change: _,                  revise: _,     start_production: _,               deliver_partial: _,                     deliver_full: _,           complete: _,           cancel: _,           dispute: _,          resolve: "resolved" },
  resolved:            { send: _,      accept: _,            request_change: _,                  revise: _,     start_production: _,               deliver_partial: "partially_delivered", deliver_full: "delivered", complete: "completed", cancel: _,           dispute: "disputed", resolve: _ },
};

// Who may take each step by hand (deliveries only by the inspection), and which steps need a reason.
const EXPECTED_ACTORS: Record<OrderEvent, OrderSide[]> = {
  send: ["buyer"],
  accept: ["supplier"],
  request_change: ["supplier"],
  revise: ["buyer"],
  start_production: ["supplier"],
  deliver_partial: [],
  deliver_full: [],
  complete: ["buyer"],
  cancel: ["buyer", "supplier"],
  dispute: ["buyer", "supplier"],
  resolve: ["buyer", "supplier"],
};
const EXPECTED_WITH_REASON: OrderEvent[] = ["request_change", "cancel", "dispute", "resolve"];
const EXPECTED_SHIPPABLE: OrderStatus[] = ["contracted", "in_production", "partially_delivered", "resolved"];

// prettier-ignore
const EXPECTED_SHIPMENT: Record<ShipmentStatus, Record<ShipmentEvent, ShipmentStatus | undefined>> = {
  shipped:   { receive: "received", inspect: _ },
  received:  { receive: _,          inspect: "inspected" },
  inspected: { receive: _,          inspect: _ },
};

// prettier-ignore
const EXPECTED_INVOICE: Record<InvoiceStatus, Record<InvoiceEvent, InvoiceStatus | undefined>> = {
  issued:            { report_transfer: "transfer_reported", confirm_transfer: _,      confirm_partial: _,                reject_transfer: _,        reject_partial: _,                start_card: "card_processing", card_succeeded: _,      card_failed: _,        card_failed_partial: _,                settle_by_credit: "paid", cancel: "cancelled", void: "void" },
  transfer_reported: { report_transfer: _,                   confirm_transfer: "paid", confirm_partial: "partially_paid", reject_transfer: "issued", reject_partial: "partially_paid", start_card: _,                 card_succeeded: _,      card_failed: _,        card_failed_partial: _,                settle_by_credit: _,      cancel: _,           void: _ },
  card_processing:   { report_transfer: _,                   confirm_transfer: _,      confirm_partial: _,                reject_transfer: _,        reject_partial: _,                start_card: "card_processing", card_succeeded: "paid", card_failed: "issued", card_failed_partial: "partially_paid", settle_by_credit: _,      cancel: _,           void: _ },
  partially_paid:    { report_transfer: "transfer_reported", confirm_transfer: _,      confirm_partial: _,                reject_transfer: _,        reject_partial: _,                start_card: "card_processing", card_succeeded: _,      card_failed: _,        card_failed_partial: _,                settle_by_credit: "paid", cancel: _,           void: _ },
  paid:              { report_transfer: _,                   confirm_transfer: _,      confirm_partial: _,                reject_transfer: _,        reject_partial: _,                start_card: _,                 card_succeeded: _,      card_failed: _,        card_failed_partial: _,                settle_by_credit: _,      cancel: _,           void: _ },
  cancelled:         { report_transfer: _,                   confirm_transfer: _,      confirm_partial: _,                reject_transfer: _,        reject_partial: _,                start_card: _,                 card_succeeded: _,      card_failed: _,        card_failed_partial: _,                settle_by_credit: _,      cancel: _,           void: _ },
  void:              { report_transfer: _,                   confirm_transfer: _,      confirm_partial: _,                reject_transfer: _,        reject_partial: _,                start_card: _,                 card_succeeded: _,      card_failed: _,        card_failed_partial: _,                settle_by_credit: _,      cancel: _,           void: _ },
};

const at = "2026-12-01T03:00:00.000Z";
const later = new Date("2026-12-02T04:05:06.000Z");
const db = () => getDb();

let setup: AwardedOrder;
beforeAll(async () => {
  setup = await awardedOrder({ quantity: 100, unitPrice: 150_000 });
});

function orderRow() {
  return db().selectFrom("orders").selectAll().where("id", "=", setup.order.id).executeTakeFirstOrThrow();
}

/** Notifications of one kind received by a user. */
async function notificationsFor(userId: number, kind: string): Promise<number> {
  const row = await db()
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("kind", "=", kind)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Puts the order in a state with a known revision and every step field cleared. */
async function putOrderIn(state: OrderStatus, revision = 5) {
  await db()
    .updateTable("orders")
    .set({
      status: state,
      revision,
      sent_at: null,
      buyer_accepted_at: null,
      buyer_accepted_by: null,
      supplier_accepted_at: null,
      supplier_accepted_by: null,
      change_request: null,
      cancel_reason: null,
      dispute_reason: null,
      resolution: null,
      updated_at: at,
    })
    .where("id", "=", setup.order.id)
    .execute();
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => null,
    (e: unknown) => e,
  );
}

describe("order lifecycle: the table", () => {
  it("knows exactly the expected states and events", () => {
    expect([...ORDER_STATES]).toEqual(Object.keys(EXPECTED_ORDER));
    expect([...ORDER_EVENTS]).toEqual(Object.keys(EXPECTED_ORDER.contract_draft));
  });

  it("has exactly the expected result for every state × event (121 pairs)", () => {
    let checked = 0;
    for (const state of ORDER_STATES) {
      expect(Object.keys(orderTransitions[state]).every((e) => (ORDER_EVENTS as readonly string[]).includes(e)), state).toBe(true);
      for (const event of ORDER_EVENTS) {
        expect(orderTransitions[state][event], `${state} × ${event}`).toBe(EXPECTED_ORDER[state][event]);
        checked++;
      }
    }
    expect(checked).toBe(121);
  });

  it("gives each step to the expected side, asks a reason for the expected steps, ships in the expected states", () => {
    for (const event of ORDER_EVENTS) expect([...ORDER_EVENT_ACTORS[event]], event).toEqual(EXPECTED_ACTORS[event]);
    expect([...ORDER_EVENTS_WITH_REASON].sort()).toEqual([...EXPECTED_WITH_REASON].sort());
    expect([...ORDER_ACTIONS.ship.states].sort()).toEqual([...EXPECTED_SHIPPABLE].sort());
    // A shipment may be recorded exactly in the states whose inspection can move the order on.
    for (const state of ORDER_STATES) {
      const takesDelivery = orderTransitions[state].deliver_partial !== undefined;
      expect(takesDelivery, state).toBe(EXPECTED_SHIPPABLE.includes(state));
    }
  });
});

describe("order lifecycle: applyOrderEvent on a real order, every state × event", () => {
  it("applies every allowed pair (for every side that may take it), and refuses every other leaving everything untouched", async () => {
    const buyerUser = setup.buyer.userId;
    const supplierUser = setup.supplier.userId;
    let allowed = 0;
    let refused = 0;
    for (const state of ORDER_STATES) {
      for (const event of ORDER_EVENTS) {
        const to = EXPECTED_ORDER[state][event];
        const sides: (OrderSide | null)[] = EXPECTED_ACTORS[event].length ? EXPECTED_ACTORS[event] : [null];
        for (const side of to ? sides : [sides[0]!]) {
          const label = `${state} × ${event} by ${side ?? "the system"}`;
          await putOrderIn(state);
          const before = await orderRow();
          const audits = await countRows("audit_log");
          const notifications = await countRows("notifications");
          const kind = `order_${event}`;
          const buyerNotes = await notificationsFor(buyerUser, kind);
          const supplierNotes = await notificationsFor(supplierUser, kind);
          const actorUserId = side === "supplier" ? supplierUser : side === "buyer" ? buyerUser : null;
          const run = () =>
            db()
              .transaction()
              .execute((trx) => applyOrderEvent(trx, { orderId: setup.order.id, event, actorUserId, side, now: later, expectedRevision: 5, reason: "alasan uji" }));

          if (to) {
            const result = await run();
            expect(result.from, label).toBe(state);
            expect(result.to, label).toBe(to);
            const after = await orderRow();
            expect(result.order, label).toEqual(after);
            expect(after.status, label).toBe(to);
            expect(after.revision, `${label}: revision + 1`).toBe(6);
            expect(after.updated_at, label).toBe(later.toISOString());
            // The step's own fields, and nothing else.
            const sends = event === "send" || event === "revise";
            expect(after.sent_at, label).toBe(sends ? later.toISOString() : null);
            expect(after.buyer_accepted_at, label).toBe(sends ? later.toISOString() : null);
            expect(after.buyer_accepted_by, label).toBe(sends ? actorUserId : null);
            expect(after.supplier_accepted_at, label).toBe(event === "accept" ? later.toISOString() : null);
            expect(after.supplier_accepted_by, label).toBe(event === "accept" ? actorUserId : null);
            expect(after.change_request, label).toBe(event === "request_change" ? "alasan uji" : null);
            expect(after.cancel_reason, label).toBe(event === "cancel" ? "alasan uji" : null);
            expect(after.dispute_reason, label).toBe(event === "dispute" ? "alasan uji" : null);
            expect(after.resolution, label).toBe(event === "resolve" ? "alasan uji" : null);

            // One audit row per party.
            expect(await countRows("audit_log"), `${label}: two audit rows`).toBe(audits + 2);
            const rows = await db().selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(2).execute();
            expect(rows.map((r) => r.organization_id).sort()).toEqual([setup.buyer.organizationId, setup.supplier.organizationId].sort());
            for (const row of rows) {
              expect(row, label).toMatchObject({
                entity_type: "order",
                entity_id: String(setup.order.id),
                action: event,
                from_state: state,
                to_state: to,
                actor_user_id: actorUserId,
                created_at: later.toISOString(),
              });
              expect(JSON.parse(row.detail), label).toMatchObject({ number: setup.order.number, reason: "alasan uji", side });
            }

            // The other party is told (both, for a step the system takes); the one acting is not.
            const buyerTold = side !== "buyer";
            const supplierTold = side !== "supplier";
            expect(await notificationsFor(buyerUser, kind), `${label}: buyer told?`).toBe(buyerNotes + (buyerTold ? 1 : 0));
            expect(await notificationsFor(supplierUser, kind), `${label}: supplier told?`).toBe(supplierNotes + (supplierTold ? 1 : 0));
            expect(await countRows("notifications"), label).toBe(notifications + (buyerTold ? 1 : 0) + (supplierTold ? 1 : 0));
            allowed++;
          } else {
            const error = await caught(run);
            expect(error, `${label} should be refused`).toBeInstanceOf(TransitionError);
            expect(error, label).toMatchObject({ entity: "order", from: state, event });
            expect(await orderRow(), `${label}: row untouched`).toEqual(before);
            expect(await countRows("audit_log"), `${label}: no audit row`).toBe(audits);
            expect(await countRows("notifications"), `${label}: nobody told`).toBe(notifications);
            refused++;
          }
        }
      }
    }
    // 26 allowed pairs; cancel (5 states), dispute (5) and resolve (1) are tried by both sides.
    expect(allowed).toBe(26 + 5 + 5 + 1);
    expect(refused).toBe(121 - 26);
  });

  it("refuses a stale revision with error.orderChanged (409) before looking at the table, changing nothing", async () => {
    for (const [state, event] of [
      ["sent", "accept"],
      ["contract_draft", "accept"],
    ] as const) {
      await putOrderIn(state, 7);
      const before = await orderRow();
      const audits = await countRows("audit_log");
      const notifications = await countRows("notifications");
      const error = await caught(() =>
        db().transaction().execute((trx) => applyOrderEvent(trx, { orderId: setup.order.id, event, actorUserId: setup.supplier.userId, side: "supplier", now: later, expectedRevision: 6 })),
      );
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ messageKey: "error.orderChanged", status: 409 });
      expect(await orderRow()).toEqual(before);
      expect(await countRows("audit_log")).toBe(audits);
      expect(await countRows("notifications")).toBe(notifications);
    }
  });

  it("refuses an order that does not exist (error.orderNotFound, 404)", async () => {
    const audits = await countRows("audit_log");
    await expect(db().transaction().execute((trx) => applyOrderEvent(trx, { orderId: 999_999, event: "send", actorUserId: null, side: null, now: later }))).rejects.toMatchObject({
      messageKey: "error.orderNotFound",
      status: 404,
    });
    expect(await countRows("audit_log")).toBe(audits);
  });
});

describe("two tabs confirming the same step: one wins, the other is told", () => {
  it("two takeOrderStep accept calls on the same revision: one contracts the order, the other gets error.orderChanged (409)", async () => {
    const fresh = await awardedOrder({ quantity: 10, unitPrice: 50_000 });
    const db = getDb();
    await takeOrderStep(db, {
      orderId: fresh.order.id,
      organizationId: fresh.buyer.organizationId,
      actorUserId: fresh.buyer.userId,
      event: "send",
      expectedRevision: fresh.order.revision,
      now: new Date(),
    });
    const sent = await reloadOrder(fresh.order.id);
    expect(sent.status).toBe("sent");
    const audits = await countRows("audit_log");
    const accept = () =>
      takeOrderStep(db, {
        orderId: fresh.order.id,
        organizationId: fresh.supplier.organizationId,
        actorUserId: fresh.supplier.userId,
        event: "accept",
        expectedRevision: sent.revision,
        now: new Date(),
      });
    const results = await Promise.allSettled([accept(), accept()]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(DomainError);
    expect(rejected[0]!.reason).toMatchObject({ messageKey: "error.orderChanged", status: 409 });
    const after = await reloadOrder(fresh.order.id);
    expect(after.status).toBe("contracted");
    expect(after.revision).toBe(sent.revision + 1);
    expect(await countRows("audit_log")).toBe(audits + 2);
  });

  it("a step confirmed in a tab opened before the other party's step is refused (409), not applied on top", async () => {
    const fresh = await awardedOrder({ quantity: 10, unitPrice: 50_000 });
    const contracted = await sendAndAccept(fresh);
    const stale = contracted.revision;
    // The supplier starts production in one tab …
    await takeOrderStep(getDb(), {
      orderId: fresh.order.id,
      organizationId: fresh.supplier.organizationId,
      actorUserId: fresh.supplier.userId,
      event: "start_production",
      expectedRevision: stale,
      now: new Date(),
    });
    const before = await reloadOrder(fresh.order.id);
    // … the buyer's tab still shows the contracted order and cancels it.
    await expect(
      takeOrderStep(getDb(), {
        orderId: fresh.order.id,
        organizationId: fresh.buyer.organizationId,
        actorUserId: fresh.buyer.userId,
        event: "cancel",
        reason: "Tidak jadi",
        expectedRevision: stale,
        now: new Date(),
      }),
    ).rejects.toMatchObject({ messageKey: "error.orderChanged", status: 409 });
    expect(await reloadOrder(fresh.order.id)).toEqual(before);
  });
});

describe("shipment lifecycle", () => {
  it("knows exactly the states shipped, received, inspected and the events receive, inspect, with the expected table", () => {
    expect([...SHIPMENT_STATES]).toEqual(Object.keys(EXPECTED_SHIPMENT));
    expect([...SHIPMENT_EVENTS]).toEqual(Object.keys(EXPECTED_SHIPMENT.shipped));
    for (const state of SHIPMENT_STATES) {
      expect(Object.keys(shipmentTransitions[state]).every((e) => (SHIPMENT_EVENTS as readonly string[]).includes(e)), state).toBe(true);
      for (const event of SHIPMENT_EVENTS) expect(shipmentTransitions[state][event], `${state} × ${event}`).toBe(EXPECTED_SHIPMENT[state][event]);
    }
  });

  it("applyShipmentEvent applies every allowed pair with one audit row, and refuses every other (409) leaving row and log untouched", async () => {
    const { id: shipmentId } = await db()
      .insertInto("shipments")
      .values({ order_id: setup.order.id, number: 1, shipped_on: "2026-12-20", created_by_user_id: setup.supplier.userId, created_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const shipmentRow = () => db().selectFrom("shipments").selectAll().where("id", "=", shipmentId).executeTakeFirstOrThrow();
    let checked = 0;
    for (const state of SHIPMENT_STATES) {
      for (const event of SHIPMENT_EVENTS) {
        const label = `${state} × ${event}`;
        await db()
          .updateTable("shipments")
          .set({ status: state, received_on: null, received_by_user_id: null, inspected_at: null, inspected_by_user_id: null, inspection_notes: null })
          .where("id", "=", shipmentId)
          .execute();
        const before = await shipmentRow();
        const audits = await countRows("audit_log");
        const to = EXPECTED_SHIPMENT[state][event];
        const run = () =>
          db().transaction().execute((trx) => applyShipmentEvent(trx, {
            shipmentId,
            event,
            actorUserId: setup.buyer.userId,
            organizationId: setup.buyer.organizationId,
            now: later,
            receivedOn: "2026-12-21",
            notes: "Baik",
          }));
        if (to) {
          expect(await run(), label).toEqual({ from: state, to });
          const after = await shipmentRow();
          expect(after.status, label).toBe(to);
          expect(after.received_on, label).toBe(event === "receive" ? "2026-12-21" : null);
          expect(after.received_by_user_id, label).toBe(event === "receive" ? setup.buyer.userId : null);
          expect(after.inspected_at, label).toBe(event === "inspect" ? later.toISOString() : null);
          expect(after.inspected_by_user_id, label).toBe(event === "inspect" ? setup.buyer.userId : null);
          expect(after.inspection_notes, label).toBe(event === "inspect" ? "Baik" : null);
          expect(await countRows("audit_log"), `${label}: one audit row`).toBe(audits + 1);
          const audit = await db().selectFrom("audit_log").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
          expect(audit).toMatchObject({
            entity_type: "shipment",
            entity_id: String(shipmentId),
            action: event,
            from_state: state,
            to_state: to,
            actor_user_id: setup.buyer.userId,
            organization_id: setup.buyer.organizationId,
          });
        } else {
          const error = await caught(run);
          expect(error, `${label} should be refused`).toBeInstanceOf(DomainError);
          expect(error, label).toMatchObject({
            status: 409,
            messageKey: state === "inspected" && event === "inspect" ? "error.alreadyInspected" : "error.conflict",
          });
          expect(await shipmentRow(), `${label}: row untouched`).toEqual(before);
          expect(await countRows("audit_log"), `${label}: no audit row`).toBe(audits);
        }
        checked++;
      }
    }
    expect(checked).toBe(6);
  });

  it("refuses a shipment that does not exist (404)", async () => {
    await expect(
      db().transaction().execute((trx) => applyShipmentEvent(trx, { shipmentId: 999_999, event: "receive", actorUserId: setup.buyer.userId, organizationId: setup.buyer.organizationId, now: later })),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("invoice lifecycle", () => {
  it("knows exactly the expected states and events, with the expected table (84 pairs)", () => {
    expect([...INVOICE_STATES]).toEqual(Object.keys(EXPECTED_INVOICE));
    expect([...INVOICE_EVENTS]).toEqual(Object.keys(EXPECTED_INVOICE.issued));
    let checked = 0;
    for (const state of INVOICE_STATES) {
      expect(Object.keys(invoiceTransitions[state]).every((e) => (INVOICE_EVENTS as readonly string[]).includes(e)), state).toBe(true);
      for (const event of INVOICE_EVENTS) {
        expect(invoiceTransitions[state][event], `${state} × ${event}`).toBe(EXPECTED_INVOICE[state][event]);
        checked++;
      }
    }
    expect(checked).toBe(84);
  });

  async function invoiceRow() {
    const { id } = await db()
      .insertInto("invoices")
      .values({
        number: `INV-UJI-${Math.random().toString(36).slice(2, 8)}`,
        order_id: setup.order.id,
        subtotal: 1_000_000,
        ppn_rate_bp: 1100,
        ppn_amount: 110_000,
        total: 1_110_000,
        dpp_amount: 1_000_000,
        dpp_numerator: 1,
        dpp_denominator: 1,
        supplier_pkp: 1,
        amount_due: 1_110_000,
        issued_on: "2026-12-01",
        due_on: "2026-12-31",
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return id;
  }

  it("applyInvoiceEvent applies every allowed pair (revision + 1, one audit row), and refuses every other (409) leaving it untouched", async () => {
    const invoiceId = await invoiceRow();
    const row = () => db().selectFrom("invoices").selectAll().where("id", "=", invoiceId).executeTakeFirstOrThrow();
    let allowed = 0;
    let refused = 0;
    for (const state of INVOICE_STATES) {
      for (const event of INVOICE_EVENTS) {
        const label = `${state} × ${event}`;
        await db()
          .updateTable("invoices")
          .set({ status: state, revision: 4, paid_at: null, payment_method: null, transfer_reference: null, updated_at: at })
          .where("id", "=", invoiceId)
          .execute();
        const before = await row();
        const audits = await countRows("audit_log");
        const to = EXPECTED_INVOICE[state][event];
        const run = () =>
          db().transaction().execute((trx) => applyInvoiceEvent(trx, {
            invoiceId,
            event,
            actorUserId: setup.buyer.userId,
            organizationId: setup.buyer.organizationId,
            now: later,
            expectedRevision: 4,
            set: { transfer_reference: "REF-1" },
          }));
        if (to) {
          const result = await run();
          expect(result.from, label).toBe(state);
          expect(result.to, label).toBe(to);
          const after = await row();
          expect(result.invoice, label).toEqual(after);
          expect(after.status, label).toBe(to);
          expect(after.revision, `${label}: revision + 1`).toBe(5);
          expect(after.updated_at, label).toBe(later.toISOString());
          expect(after.transfer_reference, label).toBe("REF-1");
          expect(after.paid_at, label).toBe(to === "paid" ? later.toISOString() : null);
          expect(await countRows("audit_log"), `${label}: one audit row per party`).toBe(audits + 2);
          const audit = await db().selectFrom("audit_log").selectAll().where("organization_id", "=", setup.buyer.organizationId).orderBy("id", "desc").executeTakeFirstOrThrow();
          expect(audit).toMatchObject({
            entity_type: "invoice",
            entity_id: String(invoiceId),
            action: event,
            from_state: state,
            to_state: to,
            organization_id: setup.buyer.organizationId,
          });
          allowed++;
        } else {
          const error = await caught(run);
          expect(error, `${label} should be refused`).toBeInstanceOf(DomainError);
          expect(error, label).toMatchObject({ status: 409, messageKey: state === "paid" ? "error.alreadyPaid" : "error.invoiceChanged" });
          expect(await row(), `${label}: row untouched`).toEqual(before);
          expect(await countRows("audit_log"), `${label}: no audit row`).toBe(audits);
          refused++;
        }
      }
    }
    expect(allowed).toBe(16);
    expect(refused).toBe(84 - 16);
  });

  it("refuses a stale revision with error.invoiceChanged (409), changing nothing", async () => {
    const invoiceId = await invoiceRow();
    const before = await db().selectFrom("invoices").selectAll().where("id", "=", invoiceId).executeTakeFirstOrThrow();
    await expect(
      db().transaction().execute((trx) => applyInvoiceEvent(trx, { invoiceId, event: "report_transfer", actorUserId: null, organizationId: null, now: later, expectedRevision: 2 })),
    ).rejects.toMatchObject({ messageKey: "error.invoiceChanged", status: 409 });
    expect(await db().selectFrom("invoices").selectAll().where("id", "=", invoiceId).executeTakeFirstOrThrow()).toEqual(before);
  });
});
