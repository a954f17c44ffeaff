import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { applyAgreementEvent } from "../../../app/domain/agreements/apply-agreement-event.server";
import { AGREEMENT_EVENT_ACTORS, AGREEMENT_EVENTS, AGREEMENT_STATES, agreementTransitions, type AgreementEvent } from "../../../app/domain/agreements/agreement-states";
import { agreementUsage, callOff, createAgreementFromOrder, expireAgreements, takeAgreementStep, updateAgreementDraft } from "../../../app/domain/agreements/agreements.server";
import { AgreementDraftSchema, CallOffSchema } from "../../../app/domain/agreements/schemas";
import { getAgreementPage } from "../../../app/domain/agreements/agreement-views.server";
import { TransitionError } from "../../../app/domain/lifecycle";
import { askPreviousBidders, orderAgain } from "../../../app/domain/orders/order-again.server";
import { updateContract } from "../../../app/domain/orders/contract.server";
import { ContractSchema } from "../../../app/domain/orders/schemas";
import { awardRfq } from "../../../app/domain/rfqs/award-rfq.server";
import { submitBid } from "../../../app/domain/rfqs/submit-bid.server";
import { jakartaDate, shiftDate } from "../../../app/domain/time";
import type { AgreementStatus } from "../../../db/schema";
import { completedOrder, linesOf, refusal, reloadOrder, type AwardedOrder } from "../../support/orders";
import { approvedSupplier, bidInput, createBuyer, DAY, publishedRfq } from "../../support/rfqs";

// Framework agreements (kontrak payung): the lifecycle written out by hand, every state × event; making one from
// a completed order and from an award; call-offs refused past their quantity, value and date limits; ordering
// again and asking the previous bidders.
const _ = undefined;

// prettier-ignore
const EXPECTED: Record<AgreementStatus, Record<AgreementEvent, AgreementStatus | undefined>> = {
  draft:              { send: "sent", accept: _,        request_change: _,                  revise: _,      propose_extension: _,                    accept_extension: _,        decline_extension: _,        end: _,       expire: _,         cancel: "cancelled" },
  sent:               { send: _,      accept: "active", request_change: "change_requested", revise: _,      propose_extension: _,                    accept_extension: _,        decline_extension: _,        end: _,       expire: _,         cancel: "cancelled" },
  change_requested:   { send: _,      accept: _,        request_change: _,                  revise: "sent", propose_extension: _,                    accept_extension: _,        decline_extension: _,        end: _,       expire: _,         cancel: "cancelled" },
  active:             { send: _,      accept: _,        request_change: _,                  revise: _,      propose_extension: "extension_proposed", accept_extension: _,        decline_extension: _,        end: "ended", expire: "expired", cancel: _ },
  extension_proposed: { send: _,      accept: _,        request_change: _,                  revise: _,      propose_extension: _,                    accept_extension: "active", decline_extension: "active", end: "ended", expire: "expired", cancel: _ },
  ended:              { send: _,      accept: _,        request_change: _,                  revise: _,      propose_extension: _,                    accept_extension: _,        decline_extension: _,        end: _,       expire: _,         cancel: _ },
  expired:            { send: _,      accept: _,        request_change: _,                  revise: _,      propose_extension: _,                    accept_extension: _,        decline_extension: _,        end: _,       expire: _,         cancel: _ },
  cancelled:          { send: _,      accept: _,        request_change: _,                  revise: _,      propose_extension: _,                    accept_extension: _,        decline_extension: _,        end: _,       expire: _,         cancel: _ },
};

const db = () => getDb();
let order: AwardedOrder;
let agreementId: number;

beforeAll(async () => {
  order = await completedOrder({ quantity: 100, unitPrice: 150_000 });
  agreementId = await createAgreementFromOrder(db(), { orderId: order.order.id, buyerId: order.buyer.organizationId, actorUserId: order.buyer.userId, months: 12, now: new Date() });
});

const agreement = () => db().selectFrom("agreements").selectAll().where("id", "=", agreementId).executeTakeFirstOrThrow();
const items = () => db().selectFrom("agreement_items").selectAll().where("agreement_id", "=", agreementId).orderBy("position").execute();

async function draft(fields: Record<string, unknown>) {
  const a = await agreement();
  const its = await items();
  const input = AgreementDraftSchema.parse({
    revision: a.revision,
    title: a.title,
    startsOn: a.starts_on,
    endsOn: a.ends_on,
    maxValue: a.max_value ?? undefined,
    paymentDueDays: 30,
    items: its.map((i) => ({ itemId: i.id, unitPrice: i.unit_price, maxQuantity: i.max_quantity ?? undefined })),
    ...fields,
  });
  await updateAgreementDraft(db(), { agreementId, buyerId: order.buyer.organizationId, actorUserId: order.buyer.userId, input, now: new Date() });
}

async function step(side: "buyer" | "supplier", event: AgreementEvent, extra: { reason?: string; endsOn?: string; maxValue?: number } = {}) {
  const party = side === "buyer" ? order.buyer : order.supplier;
  const { revision } = await agreement();
  await takeAgreementStep(db(), { agreementId, organizationId: party.organizationId, actorUserId: party.userId, event, expectedRevision: revision, now: new Date(), ...extra });
}

async function callOffNow(quantity: number, deliverOn: string, months = 1, at = new Date()) {
  const a = await agreement();
  const [item] = await items();
  const input = CallOffSchema.parse({ revision: a.revision, deliverOn, months, lines: [{ itemId: item!.id, quantity }] });
  return callOff(db(), { agreementId, buyerId: order.buyer.organizationId, actorUserId: order.buyer.userId, input, now: at });
}

describe("the agreement lifecycle", () => {
  it("is the table written out by hand, every state × every event", () => {
    expect([...AGREEMENT_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const state of AGREEMENT_STATES) {
      for (const event of AGREEMENT_EVENTS) expect(agreementTransitions[state][event], `${state} × ${event}`).toBe(EXPECTED[state][event]);
    }
    expect(AGREEMENT_EVENT_ACTORS.expire).toEqual([]);
    expect(AGREEMENT_EVENT_ACTORS.accept).toEqual(["supplier"]);
  });

  it("the one writer applies each allowed event, refuses the rest, and audits both parties", async () => {
    for (const state of AGREEMENT_STATES) {
      for (const event of AGREEMENT_EVENTS) {
        await db().updateTable("agreements").set({ status: state, revision: 3, proposed_ends_on: "2028-12-31" }).where("id", "=", agreementId).execute();
        const before = await db().selectFrom("audit_log").select("id").where("entity_type", "=", "agreement").where("entity_id", "=", String(agreementId)).execute();
        const run = db()
          .transaction()
          .execute((trx) =>
            applyAgreementEvent(trx, { agreementId, event, actorUserId: null, side: null, now: new Date(), reason: "uji", extension: { endsOn: "2028-12-31", maxValue: null } }),
          );
        const expected = EXPECTED[state][event];
        if (expected) {
          await run;
          const row = await agreement();
          expect(row.status, `${state} × ${event}`).toBe(expected);
          expect(row.revision).toBe(4);
          const after = await db().selectFrom("audit_log").select("id").where("entity_type", "=", "agreement").where("entity_id", "=", String(agreementId)).execute();
          expect(after.length - before.length, `${state} × ${event} audited for both`).toBe(2);
        } else {
          await expect(run, `${state} × ${event}`).rejects.toBeInstanceOf(TransitionError);
          expect((await agreement()).status).toBe(state);
        }
      }
    }
    await db().updateTable("agreements").set({ status: "draft", revision: 1, proposed_ends_on: null, reason: null, ended_at: null }).where("id", "=", agreementId).execute();
  });
});

describe("an agreement from a completed order, sent and accepted", () => {
  it("copies the order's lines at its prices, for 12 months from today", async () => {
    const a = await agreement();
    const its = await items();
    expect(a.buyer_id).toBe(order.buyer.organizationId);
    expect(a.supplier_id).toBe(order.supplier.organizationId);
    expect(a.source_order_id).toBe(order.order.id);
    const today = jakartaDate(new Date());
    expect(a.starts_on).toBe(today);
    expect(its.map((i) => [i.part_name, i.unit_price, i.max_quantity])).toEqual(order.lines.map((l) => [l.part_name, l.unit_price, null]));
  });

  it("refuses an order that is not completed, and another organization's order", async () => {
    const other = await completedOrder();
    expect(await refusal(createAgreementFromOrder(db(), { orderId: other.order.id, buyerId: order.buyer.organizationId, actorUserId: order.buyer.userId, months: 12, now: new Date() }))).toMatchObject({ status: 404 });
    expect(await refusal(createAgreementFromOrder(db(), { orderId: other.order.id, buyerId: other.supplier.organizationId, actorUserId: other.supplier.userId, months: 12, now: new Date() }))).toMatchObject({ status: 403 });
  });

  it("the buyer sets limits and the period; the supplier may not edit; a bad period is refused next to its field", async () => {
    const today = jakartaDate(new Date());
    await draft({ startsOn: today, endsOn: shiftDate(today, 200), maxValue: 90_000_000, items: [{ itemId: (await items())[0]!.id, unitPrice: 145_000, maxQuantity: 600 }] });
    expect((await items())[0]).toMatchObject({ unit_price: 145_000, max_quantity: 600 });
    expect((await agreement()).max_value).toBe(90_000_000);
    expect(await refusal(draft({ endsOn: shiftDate(today, -5) }))).toMatchObject({ status: 422, messageKey: "error.endBeforeStart", field: "endsOn" });
    const a = await agreement();
    const input = AgreementDraftSchema.parse({ revision: a.revision, title: a.title, startsOn: a.starts_on, endsOn: a.ends_on, paymentDueDays: 30, items: [{ itemId: (await items())[0]!.id, unitPrice: 1 }] });
    expect(await refusal(updateAgreementDraft(db(), { agreementId, buyerId: order.supplier.organizationId, actorUserId: order.supplier.userId, input, now: new Date() }))).toMatchObject({ status: 403 });
  });

  it("a call-off before acceptance is refused; the supplier asks for a change, the buyer revises, the supplier accepts", async () => {
    expect(await refusal(callOffNow(10, shiftDate(jakartaDate(new Date()), 10)))).toMatchObject({ status: 409, messageKey: "error.agreementNotActive" });
    expect(await refusal(step("supplier", "send"))).toMatchObject({ status: 403 });
    await step("buyer", "send");
    expect(await refusal(step("supplier", "request_change"))).toMatchObject({ status: 422, field: "reason" });
    await step("supplier", "request_change", { reason: "Harga baja naik 3 %" });
    expect((await agreement()).change_request).toBe("Harga baja naik 3 %");
    await draft({ items: [{ itemId: (await items())[0]!.id, unitPrice: 149_000, maxQuantity: 600 }] });
    await step("buyer", "revise");
    await step("supplier", "accept");
    const a = await agreement();
    expect(a.status).toBe("active");
    expect(a.supplier_accepted_by).toBe(order.supplier.userId);
  });
});

describe("call-offs", () => {
  it("makes an order at the agreed price, sent to the supplier, that counts as used", async () => {
    const deliverOn = shiftDate(jakartaDate(new Date()), 20);
    const orderId = await callOffNow(200, deliverOn);
    const o = await reloadOrder(orderId);
    expect(o).toMatchObject({ origin: "call_off", agreement_id: agreementId, status: "sent", buyer_id: order.buyer.organizationId, supplier_id: order.supplier.organizationId, needed_by: deliverOn });
    const [line] = await linesOf(orderId);
    expect(line).toMatchObject({ quantity: 200, unit_price: 149_000 });
    const usage = await agreementUsage(db(), await agreement());
    expect(usage.items[0]).toMatchObject({ used: 200, remaining: 400 });
    expect(usage.usedValue).toBe(200 * 149_000);
    expect(usage.remainingValue).toBe(90_000_000 - 200 * 149_000);
  });

  it("spreads a call-off monthly, refusing a quantity that does not divide", async () => {
    const first = shiftDate(jakartaDate(new Date()), 5);
    expect(await refusal(callOffNow(100, first, 3))).toMatchObject({ status: 422, messageKey: "error.callOffSpread", field: "lines[0].quantity" });
    const orderId = await callOffNow(90, first, 3);
    const [line] = await linesOf(orderId);
    const schedule = await db().selectFrom("delivery_schedules").select(["due_on", "quantity"]).where("order_line_id", "=", line!.id).orderBy("sequence").execute();
    expect(schedule.map((s) => s.quantity)).toEqual([30, 30, 30]);
    expect(schedule[0]!.due_on).toBe(first);
  });

  it("refuses a quantity past what remains of the item", async () => {
    const usage = await agreementUsage(db(), await agreement());
    const left = usage.items[0]!.remaining!;
    expect(await refusal(callOffNow(left + 1, shiftDate(jakartaDate(new Date()), 10)))).toMatchObject({ status: 422, messageKey: "error.callOffOverQuantity", field: "lines[0].quantity" });
  });

  it("refuses a value past what remains of the limit", async () => {
    await db().updateTable("agreements").set({ max_value: 290 * 149_000 + 100 }).where("id", "=", agreementId).execute();
    expect(await refusal(callOffNow(2, shiftDate(jakartaDate(new Date()), 10)))).toMatchObject({ status: 422, messageKey: "error.callOffOverValue" });
    await db().updateTable("agreements").set({ max_value: 90_000_000 }).where("id", "=", agreementId).execute();
  });

  it("refuses a delivery after the end, a delivery in the past, and any call-off after the end date or before the start", async () => {
    const a = await agreement();
    expect(await refusal(callOffNow(10, shiftDate(a.ends_on, 1)))).toMatchObject({ status: 422, messageKey: "error.callOffAfterEnd" });
    expect(await refusal(callOffNow(10, shiftDate(jakartaDate(new Date()), -1)))).toMatchObject({ status: 422, messageKey: "error.deliveryInPast", field: "deliverOn" });
    const afterEnd = new Date(Date.parse(`${shiftDate(a.ends_on, 2)}T05:00:00Z`));
    expect(await refusal(callOffNow(10, shiftDate(a.ends_on, 3), 1, afterEnd))).toMatchObject({ status: 409, messageKey: "error.agreementEnded" });
    const beforeStart = new Date(Date.parse(`${shiftDate(a.starts_on, -2)}T05:00:00Z`));
    expect(await refusal(callOffNow(10, a.starts_on, 1, beforeStart))).toMatchObject({ status: 409, messageKey: "error.agreementNotStarted" });
  });

  it("a cancelled call-off gives its quantity back; a stale revision is refused", async () => {
    const orderId = await callOffNow(10, shiftDate(jakartaDate(new Date()), 10));
    const usedBefore = (await agreementUsage(db(), await agreement())).items[0]!.used;
    await db().updateTable("orders").set({ status: "cancelled" }).where("id", "=", orderId).execute();
    expect((await agreementUsage(db(), await agreement())).items[0]!.used).toBe(usedBefore - 10);
    const a = await agreement();
    const [item] = await items();
    const stale = CallOffSchema.parse({ revision: a.revision - 1, deliverOn: shiftDate(jakartaDate(new Date()), 10), lines: [{ itemId: item!.id, quantity: 1 }] });
    expect(await refusal(callOff(db(), { agreementId, buyerId: order.buyer.organizationId, actorUserId: order.buyer.userId, input: stale, now: new Date() }))).toMatchObject({ status: 409 });
  });

  it("the page warns both sides at 80 % used and 30 days before the end", async () => {
    const page = () => getAgreementPage(db(), { agreementId, organizationId: order.supplier.organizationId, actorUserId: order.supplier.userId, today: jakartaDate(new Date()) });
    expect((await page()).warnings).toEqual([]);
    const usage = await agreementUsage(db(), await agreement());
    await callOffNow(Math.ceil(600 * 0.8) - usage.items[0]!.used, shiftDate(jakartaDate(new Date()), 10));
    expect((await page()).warnings).toEqual(["usage"]);
    expect((await page()).actions).toEqual([]);
    await db().updateTable("agreements").set({ ends_on: shiftDate(jakartaDate(new Date()), 29) }).where("id", "=", agreementId).execute();
    expect((await page()).warnings).toEqual(["usage", "ending"]);
  });
});

describe("extending, ending and expiring", () => {
  it("the buyer proposes a later end; the supplier accepts it and the new end applies", async () => {
    const a = await agreement();
    expect(await refusal(step("buyer", "propose_extension", { reason: "Tambah 6 bulan", endsOn: shiftDate(a.ends_on, -1) }))).toMatchObject({ status: 422, field: "endsOn" });
    const endsOn = shiftDate(a.ends_on, 180);
    await step("buyer", "propose_extension", { reason: "Tambah 6 bulan", endsOn, maxValue: 120_000_000 });
    expect((await agreement()).status).toBe("extension_proposed");
    // Call-offs go on while the extension waits.
    await callOffNow(1, shiftDate(jakartaDate(new Date()), 10));
    await step("supplier", "accept_extension");
    expect(await agreement()).toMatchObject({ status: "active", ends_on: endsOn, max_value: 120_000_000, proposed_ends_on: null });
  });

  it("expires by the daily job after its end, once", async () => {
    const a = await agreement();
    const after = new Date(Date.parse(`${shiftDate(a.ends_on, 1)}T05:00:00Z`));
    expect(await expireAgreements(db(), after)).toBeGreaterThanOrEqual(1);
    expect((await agreement()).status).toBe("expired");
    expect(await expireAgreements(db(), after)).toBe(0);
  });

  it("either side ends an active agreement early with a reason", async () => {
    await db().updateTable("agreements").set({ status: "active" }).where("id", "=", agreementId).execute();
    expect(await refusal(step("supplier", "end"))).toMatchObject({ status: 422, field: "reason" });
    await step("supplier", "end", { reason: "Kapasitas dialihkan" });
    expect(await agreement()).toMatchObject({ status: "ended", reason: "Kapasitas dialihkan" });
  });
});

describe("award as an agreement", () => {
  it("makes one agreement draft per winner at the bid's prices, with the awarded quantities as limits, and no order", async () => {
    const buyer = await createBuyer();
    const [a, b] = [await approvedSupplier(), await approvedSupplier()];
    const publishedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 20 * DAY);
    const rfq = await publishedRfq(buyer, { title: "Blok rem komposit 2026", now: publishedAt, deadline: new Date(publishedAt.getTime() + DAY), lines: [{ partName: "Blok rem K", quantity: 6000, unit: "pcs" }] });
    const bids = [];
    for (const [s, price] of [[a, 98_000], [b, 97_500]] as const) {
      bids.push((await submitBid(db(), { rfqId: rfq.rfqId, supplierId: s.organizationId, actorUserId: s.userId, input: bidInput([{ rfqLineId: rfq.lineIds[0]!, quantity: 6000, unitPrice: price }]), now: new Date(publishedAt.getTime() + 60_000) })).bidId);
    }
    const result = await awardRfq(db(), {
      rfqId: rfq.rfqId,
      buyerId: buyer.organizationId,
      actorUserId: buyer.userId,
      reason: "Dua pemasok",
      allocations: [
        { bidId: bids[0]!, rfqLineId: rfq.lineIds[0]!, quantity: 4000 },
        { bidId: bids[1]!, rfqLineId: rfq.lineIds[0]!, quantity: 2000 },
      ],
      asAgreement: { months: 12 },
      now: new Date(publishedAt.getTime() + DAY + 1000),
    });
    expect(result.orderIds).toEqual([]);
    expect(result.agreementIds).toHaveLength(2);
    const made = await db().selectFrom("agreements").innerJoin("agreement_items", "agreement_items.agreement_id", "agreements.id").select(["agreements.supplier_id", "agreements.status", "agreement_items.unit_price", "agreement_items.max_quantity"]).where("agreements.id", "in", result.agreementIds).orderBy("agreements.id").execute();
    expect(made).toEqual([
      { supplier_id: a.organizationId, status: "draft", unit_price: 98_000, max_quantity: 4000 },
      { supplier_id: b.organizationId, status: "draft", unit_price: 97_500, max_quantity: 2000 },
    ]);
    expect(await db().selectFrom("orders").select("id").where("rfq_id", "=", rfq.rfqId).execute()).toEqual([]);
  });
});

describe("order again", () => {
  it("makes a contract draft with the same lines and prices; only its prices may be changed by the buyer", async () => {
    const source = await completedOrder({ quantity: 40, unitPrice: 210_000 });
    expect(await refusal(orderAgain(db(), { orderId: source.order.id, buyerId: source.supplier.organizationId, actorUserId: source.supplier.userId, now: new Date() }))).toMatchObject({ status: 403 });
    const id = await orderAgain(db(), { orderId: source.order.id, buyerId: source.buyer.organizationId, actorUserId: source.buyer.userId, now: new Date() });
    const o = await reloadOrder(id);
    expect(o).toMatchObject({ origin: "repeat", repeat_of_order_id: source.order.id, status: "contract_draft", supplier_id: source.supplier.organizationId });
    const lines = await linesOf(id);
    expect(lines.map((l) => [l.part_name, l.quantity, l.unit_price])).toEqual(source.lines.map((l) => [l.part_name, l.quantity, l.unit_price]));
    const input = ContractSchema.parse({ revision: o.revision, paymentDueDays: 30, prices: [{ orderLineId: lines[0]!.id, unitPrice: 215_000 }] });
    await updateContract(db(), { orderId: id, buyerId: source.buyer.organizationId, actorUserId: source.buyer.userId, input, now: new Date() });
    expect((await linesOf(id))[0]!.unit_price).toBe(215_000);
    // A call-off's prices are its agreement's (and an awarded order's its bid's).
    const fixed = ContractSchema.parse({ revision: 1, paymentDueDays: 30, prices: [{ orderLineId: order.lines[0]!.id, unitPrice: 1 }] });
    const awarded = await completedOrder();
    const pending = await orderAgain(db(), { orderId: awarded.order.id, buyerId: awarded.buyer.organizationId, actorUserId: awarded.buyer.userId, now: new Date() });
    await db().updateTable("orders").set({ origin: "call_off" }).where("id", "=", pending).execute();
    const pendingLines = await linesOf(pending);
    expect(
      await refusal(updateContract(db(), { orderId: pending, buyerId: awarded.buyer.organizationId, actorUserId: awarded.buyer.userId, input: { ...fixed, prices: [{ orderLineId: pendingLines[0]!.id, unitPrice: 1 }] }, now: new Date() })),
    ).toMatchObject({ status: 409, messageKey: "error.pricesFixed" });
  });

  it("refuses an order that is not completed", async () => {
    const id = await orderAgain(db(), { orderId: order.order.id, buyerId: order.buyer.organizationId, actorUserId: order.buyer.userId, now: new Date() });
    expect(await refusal(orderAgain(db(), { orderId: id, buyerId: order.buyer.organizationId, actorUserId: order.buyer.userId, now: new Date() }))).toMatchObject({ status: 409, messageKey: "error.orderAgainCompletedOnly" });
  });

  it("asks the previous bidders only: a draft by invitation to every supplier that bid on the order's RFQ", async () => {
    const source = await completedOrder({ suppliers: 2, quantity: 40 });
    const rfqId = await askPreviousBidders(db(), { orderId: source.order.id, buyerId: source.buyer.organizationId, actorUserId: source.buyer.userId, now: new Date() });
    const rfq = await db().selectFrom("rfqs").select(["status", "visibility", "cloned_from_id"]).where("id", "=", rfqId).executeTakeFirstOrThrow();
    expect(rfq).toEqual({ status: "draft", visibility: "invited", cloned_from_id: source.rfqId });
    const invited = await db().selectFrom("rfq_invitations").select("supplier_id").where("rfq_id", "=", rfqId).orderBy("supplier_id").execute();
    expect(invited.map((i) => i.supplier_id)).toEqual(source.suppliers.map((s) => s.organizationId).sort((x, y) => x - y));
  });
});
