import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { TransitionError } from "../../../app/domain/lifecycle";
import { updateContract } from "../../../app/domain/orders/contract.server";
import { decideTransfer, issueInvoice, reportTransfer } from "../../../app/domain/orders/invoices.server";
import { requireOrderParty } from "../../../app/domain/orders/order-access.server";
import { scheduleStates } from "../../../app/domain/orders/order-progress";
import type { OrderEvent } from "../../../app/domain/orders/order-states";
import { takeOrderStep } from "../../../app/domain/orders/order-steps.server";
import { getPurchaseOrder } from "../../../app/domain/orders/po-document.server";
import { ContractSchema, InspectionSchema, ShipmentSchema } from "../../../app/domain/orders/schemas";
import { inspectShipment, recordShipment, shipmentLinesOf } from "../../../app/domain/orders/shipments.server";
import { jakartaDate } from "../../../app/domain/time";
import {
  awardedOrder,
  buyerStep,
  deliverAll,
  editContract,
  inspect,
  invoice,
  invoiceOf,
  orderSnapshot,
  payByTransfer,
  refusal,
  reloadOrder,
  reportPayment,
  decidePayment,
  schedulesOf,
  sendAndAccept,
  ship,
  shipmentLines,
  supplierStep,
  type AwardedOrder,
} from "../../support/orders";
import { createBuyer, notificationsOf, type TestOrganization } from "../../support/rfqs";

const db = () => getDb();
const DAY = 86_400_000;

/** Runs a call that must be refused with `expected`, and shows it changed nothing at all. */
async function expectRefused(orderId: number, run: () => Promise<unknown>, expected: { status: number; messageKey?: string; field?: string }) {
  const before = await orderSnapshot(orderId);
  const result = await refusal(run());
  expect(result, `expected a refusal ${JSON.stringify(expected)}`).not.toBeNull();
  expect(result).toMatchObject(expected);
  expect(await orderSnapshot(orderId), "nothing may change").toEqual(before);
  return result!;
}

function shipmentInput(setup: AwardedOrder, quantities: number[], shippedOn = "2026-12-20") {
  return ShipmentSchema.parse({ shippedOn, lines: quantities.map((quantity, i) => ({ orderLineId: setup.lines[i]!.id, quantity })) });
}

async function inspectionInput(shipmentId: number, rows: { accepted: number; rejected?: number; reason?: string }[]) {
  const lines = await shipmentLines(shipmentId);
  return InspectionSchema.parse({
    shipmentId,
    receivedOn: "2026-12-21",
    lines: rows.map((r, i) => ({ shipmentLineId: lines[i]!.id, accepted: r.accepted, rejected: r.rejected ?? 0, reason: r.reason })),
  });
}

/** Every use case of an order, called by `as` (a member of `organizationId`) with otherwise valid input. */
function everyUseCase(setup: AwardedOrder, as: { userId: number; organizationId: number }, ids: { shipmentId: number; invoiceId: number }) {
  const base = { orderId: setup.order.id, actorUserId: as.userId, now: new Date() };
  const contract = ContractSchema.parse({ revision: 1, paymentDueDays: 30 });
  const calls: Record<string, () => Promise<unknown>> = {
    updateContract: async () => updateContract(db(), { ...base, buyerId: as.organizationId, input: { ...contract, revision: (await reloadOrder(setup.order.id)).revision } }),
    recordShipment: () => recordShipment(db(), { ...base, supplierId: as.organizationId, input: shipmentInput(setup, [1]) }),
    inspectShipment: async () => inspectShipment(db(), { ...base, buyerId: as.organizationId, input: await inspectionInput(ids.shipmentId, [{ accepted: 1 }]) }),
    issueInvoice: () => issueInvoice(db(), { ...base, supplierId: as.organizationId }),
    reportTransfer: async () =>
      reportTransfer(db(), {
        ...base,
        buyerId: as.organizationId,
        invoiceId: ids.invoiceId,
        revision: (await invoiceOf(ids.invoiceId)).revision,
        reference: "TRF-1",
        transferDate: "2027-01-05",
      }),
    decideTransfer: async () =>
      decideTransfer(db(), { ...base, supplierId: as.organizationId, invoiceId: ids.invoiceId, revision: (await invoiceOf(ids.invoiceId)).revision, decision: "confirm" }),
  };
  for (const event of ["send", "accept", "request_change", "revise", "start_production", "deliver_partial", "deliver_full", "complete", "cancel", "dispute", "resolve"] as const) {
    calls[`takeOrderStep ${event}`] = async () =>
      takeOrderStep(db(), { ...base, organizationId: as.organizationId, event, reason: "alasan", expectedRevision: (await reloadOrder(setup.order.id)).revision });
  }
  return calls;
}

/**
 * An order in production with one inspected shipment (5 of 10 accepted), an issued invoice for those 5, and a
 * second shipment of 5 not yet inspected: something for every use case to act on.
 */
async function busyOrder(options: { suppliers?: number } = {}) {
  const setup = await awardedOrder({ quantity: 10 * (options.suppliers ?? 1), unitPrice: 100_000, suppliers: options.suppliers });
  await sendAndAccept(setup);
  await supplierStep(setup, "start_production");
  const first = await ship(setup, 5);
  await inspect(setup, first);
  const invoiceId = await invoice(setup);
  await reportPayment(setup, invoiceId);
  const shipmentId = await ship(setup, 5, { shippedOn: "2026-12-28" });
  return { setup, shipmentId, invoiceId };
}

describe("authorization: only the two parties see and act on an order", () => {
  it("requireOrderParty gives each party its side; anyone else, or an order that does not exist, gets the same 404", async () => {
    const setup = await awardedOrder({ quantity: 20, unitPrice: 100_000, suppliers: 2 });
    const [own, rivals] = [setup.orders[0]!, setup.orders[1]!];
    expect(rivals.buyer_id).toBe(own.buyer_id);
    expect(rivals.supplier_id).not.toBe(own.supplier_id);

    const asBuyer = await requireOrderParty(db(), { orderId: own.id, organizationId: setup.buyer.organizationId, actorUserId: setup.buyer.userId });
    expect(asBuyer.side).toBe("buyer");
    expect(asBuyer.order.id).toBe(own.id);
    const asSupplier = await requireOrderParty(db(), { orderId: own.id, organizationId: setup.supplier.organizationId, actorUserId: setup.supplier.userId });
    expect(asSupplier.side).toBe("supplier");

    const stranger = await createBuyer();
    const rival = setup.suppliers[1]!;
    for (const outsider of [stranger, rival]) {
      await expect(
        requireOrderParty(db(), { orderId: own.id, organizationId: outsider.organizationId, actorUserId: outsider.userId }),
      ).rejects.toMatchObject({ messageKey: "error.orderNotFound", status: 404 });
    }
    for (const orderId of [999_999, 0, -1, Number.NaN, 1.5]) {
      await expect(
        requireOrderParty(db(), { orderId, organizationId: setup.buyer.organizationId, actorUserId: setup.buyer.userId }),
      ).rejects.toMatchObject({ messageKey: "error.orderNotFound", status: 404 });
    }
    // Claiming to act for the buyer without being its member is refused before the order is even looked at.
    await expect(
      requireOrderParty(db(), { orderId: own.id, organizationId: setup.buyer.organizationId, actorUserId: stranger.userId }),
    ).rejects.toMatchObject({ messageKey: "error.forbidden", status: 403 });
    // The side asked for must be the caller's.
    await expect(
      requireOrderParty(db(), { orderId: own.id, organizationId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, side: "buyer" }),
    ).rejects.toMatchObject({ messageKey: "error.buyerOnly", status: 403 });
    await expect(
      requireOrderParty(db(), { orderId: own.id, organizationId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, side: "supplier" }),
    ).rejects.toMatchObject({ messageKey: "error.supplierOnly", status: 403 });
  });

  it("a third organization (a stranger, or the other winner of the same award) gets 404 from every use case, changing nothing", async () => {
    const { setup, shipmentId, invoiceId } = await busyOrder({ suppliers: 2 });
    const stranger: TestOrganization = await createBuyer();
    const rival = setup.suppliers[1]!;
    let checked = 0;
    for (const outsider of [stranger, rival]) {
      for (const [name, run] of Object.entries(everyUseCase(setup, outsider, { shipmentId, invoiceId }))) {
        const result = await expectRefused(setup.order.id, run, { status: 404 });
        expect(result.messageKey, `${name} by an outsider`).toBe("error.orderNotFound");
        checked++;
      }
    }
    expect(checked).toBe(2 * 17);
  });

  it("a party cannot reach another order's shipment or invoice through its own order (404)", async () => {
    const setup = await awardedOrder({ quantity: 20, unitPrice: 100_000, suppliers: 2 });
    // The same buyer has both orders; the second one gets a shipment and an invoice.
    const second: AwardedOrder = { ...setup, order: setup.orders[1]!, supplier: setup.suppliers[1]!, lines: await db().selectFrom("order_lines").selectAll().where("order_id", "=", setup.orders[1]!.id).execute() };
    await sendAndAccept(setup);
    await sendAndAccept(second);
    const delivered = await ship(second, 4);
    await inspect(second, delivered);
    const foreignInvoice = await invoice(second);
    const foreignShipment = await ship(second, 3);

    await expectRefused(
      setup.order.id,
      async () =>
        inspectShipment(db(), {
          orderId: setup.order.id,
          buyerId: setup.buyer.organizationId,
          actorUserId: setup.buyer.userId,
          input: await inspectionInput(foreignShipment, [{ accepted: 3 }]),
          now: new Date(),
        }),
      { status: 404, messageKey: "error.notFound" },
    );
    expect(await orderSnapshot(second.order.id)).toMatchObject({ shipments: [{ status: "inspected" }, { status: "shipped" }] });
    await expectRefused(
      setup.order.id,
      () =>
        reportTransfer(db(), {
          orderId: setup.order.id,
          buyerId: setup.buyer.organizationId,
          actorUserId: setup.buyer.userId,
          invoiceId: foreignInvoice,
          revision: 1,
          reference: "TRF-1",
          transferDate: "2027-01-05",
          now: new Date(),
        }),
      { status: 404, messageKey: "error.invoiceNotFound" },
    );
    expect((await invoiceOf(foreignInvoice)).status).toBe("issued");
  });
});

describe("authorization: each side takes only its own steps (403), the other side's step still works after", () => {
  it("walks the order through, each step first tried by the wrong side", async () => {
    const setup = await awardedOrder({ quantity: 10, unitPrice: 100_000 });
    const id = setup.order.id;
    const buyer = { userId: setup.buyer.userId, organizationId: setup.buyer.organizationId };
    const supplier = { userId: setup.supplier.userId, organizationId: setup.supplier.organizationId };
    const step = async (as: typeof buyer, event: OrderEvent) =>
      takeOrderStep(db(), { orderId: id, organizationId: as.organizationId, actorUserId: as.userId, event, reason: "alasan", expectedRevision: (await reloadOrder(id)).revision, now: new Date() });
    const buyerOnly = { status: 403, messageKey: "error.buyerOnly" };
    const supplierOnly = { status: 403, messageKey: "error.supplierOnly" };

    // Contract draft: the supplier may neither edit nor send it.
    await expectRefused(id, () => everyUseCase(setup, supplier, { shipmentId: 0, invoiceId: 0 }).updateContract!(), buyerOnly);
    await expectRefused(id, () => step(supplier, "send"), buyerOnly);
    await step(buyer, "send");

    // Sent: the buyer may neither accept it nor ask for a change; the supplier may not revise it.
    await expectRefused(id, () => step(buyer, "accept"), supplierOnly);
    await expectRefused(id, () => step(buyer, "request_change"), supplierOnly);
    await step(supplier, "request_change");
    await expectRefused(id, () => step(supplier, "revise"), buyerOnly);
    await step(buyer, "revise");
    await step(supplier, "accept");
    expect((await reloadOrder(id)).status).toBe("contracted");
    // The purchase order counts that one amendment, not the five state changes.
    expect((await getPurchaseOrder(db(), { orderId: id, organizationId: buyer.organizationId, actorUserId: buyer.userId })).revision).toBe(1);

    // Contracted: production and shipping are the supplier's.
    await expectRefused(id, () => step(buyer, "start_production"), supplierOnly);
    await step(supplier, "start_production");
    await expectRefused(id, () => recordShipment(db(), { orderId: id, supplierId: buyer.organizationId, actorUserId: buyer.userId, input: shipmentInput(setup, [10]), now: new Date() }), supplierOnly);
    const shipmentId = await ship(setup, 10);

    // Deliveries are never a button, for either side.
    for (const as of [buyer, supplier]) {
      for (const event of ["deliver_partial", "deliver_full"] as const) {
        await expectRefused(id, () => step(as, event), { status: 403 });
      }
    }

    // Inspection is the buyer's.
    await expectRefused(
      id,
      async () => inspectShipment(db(), { orderId: id, buyerId: supplier.organizationId, actorUserId: supplier.userId, input: await inspectionInput(shipmentId, [{ accepted: 10 }]), now: new Date() }),
      buyerOnly,
    );
    await inspect(setup, shipmentId);
    expect((await reloadOrder(id)).status).toBe("delivered");

    // Invoicing is the supplier's.
    await expectRefused(id, () => issueInvoice(db(), { orderId: id, supplierId: buyer.organizationId, actorUserId: buyer.userId, now: new Date() }), supplierOnly);
    const invoiceId = await invoice(setup);

    // Completing is the buyer's (and the supplier may not, even if it were paid).
    await expectRefused(id, () => step(supplier, "complete"), buyerOnly);

    // Reporting the transfer is the buyer's, deciding on it the supplier's.
    await expectRefused(
      id,
      () => reportTransfer(db(), { orderId: id, buyerId: supplier.organizationId, actorUserId: supplier.userId, invoiceId, revision: 1, reference: "TRF-1", transferDate: "2027-01-05", now: new Date() }),
      buyerOnly,
    );
    await reportPayment(setup, invoiceId);
    await expectRefused(
      id,
      () => decideTransfer(db(), { orderId: id, supplierId: buyer.organizationId, actorUserId: buyer.userId, invoiceId, revision: 2, decision: "confirm", now: new Date() }),
      supplierOnly,
    );
    await decidePayment(setup, invoiceId, "confirm");
    expect((await invoiceOf(invoiceId)).status).toBe("paid");
    expect((await reloadOrder(id)).status).toBe("completed");
  });
});

describe("the flow, KBJ-like: 2400 sleeves, 200 on the 25th of every month", () => {
  it("contract with a monthly schedule, both accept, ship 200, inspect 195 + 5 rejected, replace 5, invoice with PPN, pay by transfer", async () => {
    const setup = await awardedOrder({ quantity: 2400, unitPrice: 16_650 });
    const id = setup.order.id;
    const [line] = setup.lines as [(typeof setup.lines)[number]];
    expect(setup.order).toMatchObject({ status: "contract_draft", revision: 1, ppn_rate_bp: 1200, dpp_numerator: 11, dpp_denominator: 12, kode_transaksi: "04", buyer_id: setup.buyer.organizationId, supplier_id: setup.supplier.organizationId });
    expect(line).toMatchObject({ quantity: 2400, unit_price: 16_650, position: 1 });
    // The award made one delivery of everything on the needed-by date.
    expect(await schedulesOf(line.id)).toMatchObject([{ sequence: 1, quantity: 2400, due_on: setup.order.needed_by }]);

    // A schedule that does not add up to the line is refused, and so is a half-filled one.
    const revision = (await reloadOrder(id)).revision;
    const contract = (schedule: Record<string, unknown>) =>
      updateContract(db(), {
        orderId: id,
        buyerId: setup.buyer.organizationId,
        actorUserId: setup.buyer.userId,
        input: ContractSchema.parse({ revision, paymentDueDays: 45, paymentTerms: "45 hari setelah faktur", schedules: [{ orderLineId: line.id, ...schedule }] }),
        now: new Date(),
      });
    const wrong = await expectRefused(id, () => contract({ perDelivery: 150, day: 25, months: 12, firstMonth: "2026-12" }), {
      status: 422,
      messageKey: "error.scheduleMustAddUp",
      field: "schedules[0].perDelivery",
    });
    expect((wrong.error as { params?: unknown }).params).toEqual({ total: 1800, quantity: 2400 });
    await expectRefused(id, () => contract({ perDelivery: 200, day: 25 }), { status: 422, messageKey: "error.required", field: "schedules[0].months" });

    // 200 × 12 = 2400.
    await contract({ perDelivery: 200, day: 25, months: 12, firstMonth: "2026-12" });
    const edited = await reloadOrder(id);
    expect(edited).toMatchObject({ status: "contract_draft", revision: revision + 1, payment_due_days: 45, payment_terms: "45 hari setelah faktur" });
    const schedules = await schedulesOf(line.id);
    expect(schedules.map((s) => [s.sequence, s.due_on, s.quantity])).toEqual(
      Array.from({ length: 12 }, (_, i) => [i + 1, i === 0 ? "2026-12-25" : `2027-${String(i).padStart(2, "0")}-25`, 200]),
    );
    // A stale form is refused.
    await expectRefused(id, () => contract({ perDelivery: 400, day: 1, months: 6, firstMonth: "2027-01" }), { status: 409, messageKey: "error.orderChanged" });

    // Both accept: the buyer by sending, the supplier by accepting.
    const contracted = await sendAndAccept(setup);
    expect(contracted).toMatchObject({ status: "contracted", buyer_accepted_by: setup.buyer.userId, supplier_accepted_by: setup.supplier.userId });
    expect(contracted.sent_at).not.toBeNull();
    expect(contracted.supplier_accepted_at).not.toBeNull();
    expect(await notificationsOf(setup.supplier.userId, "order_send")).toHaveLength(1);
    expect(await notificationsOf(setup.buyer.userId, "order_accept")).toHaveLength(1);
    // The agreed contract is locked.
    await expectRefused(id, () => editContract(setup, { paymentDueDays: 10 }), { status: 409, messageKey: "error.contractLocked" });
    await supplierStep(setup, "start_production");

    // Shipment 1: 200 pieces.
    const first = await ship(setup, 200, { shippedOn: "2026-12-20" });
    expect(await shipmentLines(first)).toMatchObject([{ order_line_id: line.id, quantity: 200, replacement_quantity: 0, accepted_quantity: null }]);
    expect(await notificationsOf(setup.buyer.userId, "shipment_sent")).toHaveLength(1);

    // Inspection: 195 accepted, 5 rejected — the reason is required.
    await expectRefused(id, async () => inspect(setup, first, [{ accepted: 195, rejected: 5 }]), { status: 422, messageKey: "error.rejectionReason", field: "lines[0].reason" });
    await inspect(setup, first, [{ accepted: 195, rejected: 5, reason: "Diameter dalam di luar toleransi" }]);
    expect(await shipmentLines(first)).toMatchObject([{ accepted_quantity: 195, rejected_quantity: 5, rejection_reason: "Diameter dalam di luar toleransi" }]);
    expect(await db().selectFrom("shipments").selectAll().where("id", "=", first).executeTakeFirstOrThrow()).toMatchObject({
      status: "inspected",
      received_on: "2026-12-21",
      received_by_user_id: setup.buyer.userId,
      inspected_by_user_id: setup.buyer.userId,
    });
    expect((await reloadOrder(id)).status).toBe("partially_delivered");
    expect(await notificationsOf(setup.supplier.userId, "order_deliver_partial")).toHaveLength(1);

    // The 5 rejected stay open; shipping them again marks them as replacements.
    await expectRefused(id, () => ship(setup, 2206), { status: 422, messageKey: "error.shipMoreThanOpen" });
    const replacements = await ship(setup, 5, { shippedOn: "2026-12-23" });
    expect(await shipmentLines(replacements)).toMatchObject([{ quantity: 5, replacement_quantity: 5 }]);
    await inspect(setup, replacements, [{ accepted: 5 }]);
    const all = await shipmentLinesOf(db(), id);
    expect(all.filter((s) => s.orderLineId === line.id).reduce((sum, s) => sum + (s.accepted ?? 0), 0)).toBe(200);
    expect((await reloadOrder(id)).status).toBe("partially_delivered");
    // December's delivery was met on time by the first 200 (replacements not counted); January's is upcoming.
    const states = scheduleStates(
      (await schedulesOf(line.id)).map((s) => ({ id: s.id, orderLineId: s.order_line_id, sequence: s.sequence, dueOn: s.due_on, quantity: s.quantity })),
      all,
      "2026-12-28",
    );
    expect(states.slice(0, 2).map((s) => s.state)).toEqual(["on_time", "upcoming"]);

    // Invoice: the accepted 200 × 16.650 = 3.330.000; DPP 11/12 = 3.052.500; PPN 12 % 366.300; 3.696.300, due after 45 days.
    const issuedAt = new Date();
    const invoiceId = await invoice(setup, issuedAt);
    const issued = await invoiceOf(invoiceId);
    expect(issued).toMatchObject({
      order_id: id,
      status: "issued",
      revision: 1,
      subtotal: 3_330_000,
      ppn_rate_bp: 1200,
      dpp_amount: 3_052_500,
      ppn_amount: 366_300,
      total: 3_696_300,
      kode_transaksi: "04",
      supplier_pkp: 1,
      ppn_withheld: 0,
      amount_due: 3_696_300,
      issued_on: jakartaDate(issuedAt),
      due_on: jakartaDate(new Date(issuedAt.getTime() + 45 * DAY)),
      payment_method: null,
    });
    expect(await db().selectFrom("invoice_lines").selectAll().where("invoice_id", "=", invoiceId).execute()).toMatchObject([
      { order_line_id: line.id, quantity: 200, unit_price: 16_650, amount: 3_330_000 },
    ]);
    expect(await notificationsOf(setup.buyer.userId, "invoice_issued")).toHaveLength(1);
    // Nothing new accepted, nothing more to invoice.
    await expectRefused(id, () => invoice(setup), { status: 409, messageKey: "error.nothingToInvoice" });

    // Bank transfer: reported by the buyer, confirmed by the supplier.
    await reportPayment(setup, invoiceId);
    expect(await invoiceOf(invoiceId)).toMatchObject({ status: "transfer_reported", revision: 2, payment_method: "bank_transfer", transfer_reference: "TRF-BCA-0001", transfer_date: "2027-01-05", paid_at: null });
    expect(await notificationsOf(setup.supplier.userId, "invoice_transfer_reported")).toHaveLength(1);
    await decidePayment(setup, invoiceId, "confirm");
    const paid = await invoiceOf(invoiceId);
    expect(paid).toMatchObject({ status: "paid", revision: 3 });
    expect(paid.paid_at).not.toBeNull();
    expect(await notificationsOf(setup.buyer.userId, "invoice_paid")).toHaveLength(1);
    // Paid, but 2200 pieces are still to come: the order is not complete.
    expect((await reloadOrder(id)).status).toBe("partially_delivered");

    // Paying twice is refused.
    await expectRefused(id, () => reportPayment(setup, invoiceId), { status: 409, messageKey: "error.alreadyPaid" });
  });

  it("a rejected transfer sends the invoice back to issued, and the buyer can report again", async () => {
    const setup = await awardedOrder({ quantity: 10, unitPrice: 100_000 });
    await sendAndAccept(setup);
    await deliverAll(setup);
    const invoiceId = await invoice(setup);
    await reportPayment(setup, invoiceId);
    await decidePayment(setup, invoiceId, "reject");
    expect(await invoiceOf(invoiceId)).toMatchObject({ status: "issued", revision: 3 });
    expect(await notificationsOf(setup.buyer.userId, "invoice_transfer_rejected")).toHaveLength(1);
    expect((await reloadOrder(setup.order.id)).status).toBe("delivered");
    await payByTransfer(setup, invoiceId);
    expect((await invoiceOf(invoiceId)).status).toBe("paid");
  });
});

describe("bad input is refused with nothing changed", () => {
  it("shipping more than is open (ordered − accepted − on its way), or nothing at all", async () => {
    const setup = await awardedOrder({ quantity: 100, unitPrice: 100_000 });
    await sendAndAccept(setup);
    const over = await expectRefused(setup.order.id, () => ship(setup, 101), { status: 422, messageKey: "error.shipMoreThanOpen", field: "lines[0].quantity" });
    expect((over.error as { params?: unknown }).params).toEqual({ open: 100 });
    const first = await ship(setup, 60);
    const onItsWay = await expectRefused(setup.order.id, () => ship(setup, 41), { status: 422, messageKey: "error.shipMoreThanOpen" });
    expect((onItsWay.error as { params?: unknown }).params).toEqual({ open: 40 });
    await inspect(setup, first, [{ accepted: 50, rejected: 10, reason: "Retak" }]);
    // 50 accepted: 50 open again (the 10 rejected among them).
    await expectRefused(setup.order.id, () => ship(setup, 51), { status: 422, messageKey: "error.shipMoreThanOpen" });
    await expectRefused(setup.order.id, () => ship(setup, 0), { status: 422, messageKey: "error.shipNothing", field: "lines" });
    const rest = await ship(setup, 50);
    expect(await shipmentLines(rest)).toMatchObject([{ quantity: 50, replacement_quantity: 10 }]);
    await inspect(setup, rest);
    expect((await reloadOrder(setup.order.id)).status).toBe("delivered");
    // Delivered: nothing more may be shipped.
    await expectRefused(setup.order.id, () => ship(setup, 1), { status: 409, messageKey: "error.orderNotShippable" });
  });

  it("accepting more than received (accepted + rejected > shipped), or less, or not every line", async () => {
    const setup = await awardedOrder({ quantity: 100, unitPrice: 100_000 });
    await sendAndAccept(setup);
    const shipmentId = await ship(setup, 40);
    await expectRefused(setup.order.id, () => inspect(setup, shipmentId, [{ accepted: 40, rejected: 1, reason: "Retak" }]), {
      status: 422,
      messageKey: "error.inspectMoreThanReceived",
      field: "lines[0].accepted",
    });
    await expectRefused(setup.order.id, () => inspect(setup, shipmentId, [{ accepted: 41 }]), { status: 422, messageKey: "error.inspectMoreThanReceived" });
    await expectRefused(setup.order.id, () => inspect(setup, shipmentId, [{ accepted: 30, rejected: 5, reason: "Retak" }]), {
      status: 422,
      messageKey: "error.inspectAddUp",
    });
    // The shipment is still waiting for its inspection.
    expect(await db().selectFrom("shipments").select(["status", "received_on"]).where("id", "=", shipmentId).executeTakeFirstOrThrow()).toEqual({
      status: "shipped",
      received_on: null,
    });
  });

  it("inspecting a shipment twice (error.alreadyInspected, 409)", async () => {
    const setup = await awardedOrder({ quantity: 100, unitPrice: 100_000 });
    await sendAndAccept(setup);
    const shipmentId = await ship(setup, 40);
    await inspect(setup, shipmentId);
    await expectRefused(setup.order.id, () => inspect(setup, shipmentId, [{ accepted: 30, rejected: 10, reason: "Setelah dicek ulang retak" }]), {
      status: 409,
      messageKey: "error.alreadyInspected",
    });
    expect(await shipmentLines(shipmentId)).toMatchObject([{ accepted_quantity: 40, rejected_quantity: 0 }]);
  });

  it("two tabs inspecting the same shipment at once: one is recorded, the other is told (409)", async () => {
    const setup = await awardedOrder({ quantity: 100, unitPrice: 100_000 });
    await sendAndAccept(setup);
    const shipmentId = await ship(setup, 40);
    const results = await Promise.allSettled([inspect(setup, shipmentId), inspect(setup, shipmentId, [{ accepted: 0, rejected: 40, reason: "Retak" }])]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(failed.reason).toMatchObject({ status: 409, messageKey: "error.alreadyInspected" });
    expect(await db().selectFrom("audit_log").select("id").where("entity_type", "=", "shipment").where("entity_id", "=", String(shipmentId)).where("action", "=", "inspect").execute()).toHaveLength(1);
  });

  it("paying twice: a second transfer report on a paid invoice (error.alreadyPaid, 409), a second confirmation too", async () => {
    const setup = await awardedOrder({ quantity: 20, unitPrice: 100_000 });
    await sendAndAccept(setup);
    const shipmentId = await ship(setup, 10);
    await inspect(setup, shipmentId);
    const invoiceId = await invoice(setup);
    await payByTransfer(setup, invoiceId);
    await expectRefused(setup.order.id, () => reportPayment(setup, invoiceId), { status: 409, messageKey: "error.alreadyPaid" });
    await expectRefused(setup.order.id, () => decidePayment(setup, invoiceId, "confirm"), { status: 409, messageKey: "error.alreadyPaid" });
    await expectRefused(setup.order.id, () => decidePayment(setup, invoiceId, "reject"), { status: 409, messageKey: "error.alreadyPaid" });
  });

  it("paying twice from a form loaded before the payment is told error.alreadyPaid", async () => {
    const setup = await awardedOrder({ quantity: 20, unitPrice: 100_000 });
    await sendAndAccept(setup);
    await deliverAll(setup);
    const invoiceId = await invoice(setup);
    const staleRevision = (await invoiceOf(invoiceId)).revision;
    await payByTransfer(setup, invoiceId);
    await expectRefused(
      setup.order.id,
      () =>
        reportTransfer(db(), {
          orderId: setup.order.id,
          buyerId: setup.buyer.organizationId,
          actorUserId: setup.buyer.userId,
          invoiceId,
          revision: staleRevision,
          reference: "TRF-BCA-0002",
          transferDate: "2027-01-06",
          now: new Date(),
        }),
      { status: 409, messageKey: "error.alreadyPaid" },
    );
  });

  it("an invoice before any delivery, or while the shipment is not yet inspected (error.nothingToInvoice, 409)", async () => {
    const setup = await awardedOrder({ quantity: 20, unitPrice: 100_000 });
    await expectRefused(setup.order.id, () => invoice(setup), { status: 409, messageKey: "error.nothingToInvoice" });
    await sendAndAccept(setup);
    await expectRefused(setup.order.id, () => invoice(setup), { status: 409, messageKey: "error.nothingToInvoice" });
    const shipmentId = await ship(setup, 10);
    await expectRefused(setup.order.id, () => invoice(setup), { status: 409, messageKey: "error.nothingToInvoice" });
    await inspect(setup, shipmentId, [{ accepted: 0, rejected: 10, reason: "Semua retak" }]);
    await expectRefused(setup.order.id, () => invoice(setup), { status: 409, messageKey: "error.nothingToInvoice" });
  });

  it("an illegal transition: complete while in production, start production before the contract, send twice (409)", async () => {
    const setup = await awardedOrder({ quantity: 20, unitPrice: 100_000 });
    const early = await expectRefused(setup.order.id, () => supplierStep(setup, "start_production"), { status: 409 });
    expect(early.error).toBeInstanceOf(TransitionError);
    expect(early.error).toMatchObject({ entity: "order", from: "contract_draft", event: "start_production" });
    await buyerStep(setup, "send");
    const twice = await expectRefused(setup.order.id, () => buyerStep(setup, "send"), { status: 409 });
    expect(twice.error).toBeInstanceOf(TransitionError);
    await supplierStep(setup, "accept");
    await supplierStep(setup, "start_production");
    expect((await reloadOrder(setup.order.id)).status).toBe("in_production");
    // Completing needs payment first, and in production it is not a step at all: either way a 409.
    const complete = await expectRefused(setup.order.id, () => buyerStep(setup, "complete"), { status: 409 });
    expect(["error.orderNotPaid", undefined]).toContain(complete.messageKey);
    const resolve = await expectRefused(setup.order.id, () => buyerStep(setup, "resolve", "Selesai"), { status: 409 });
    expect(resolve.error).toBeInstanceOf(TransitionError);
    // A step that needs a reason is refused without one (422).
    await expectRefused(setup.order.id, () => buyerStep(setup, "dispute"), { status: 422, messageKey: "error.reasonRequired", field: "reason" });
  });

  it("shipping before the contract is agreed, and after it is cancelled or disputed (error.orderNotShippable, 409)", async () => {
    const setup = await awardedOrder({ quantity: 20, unitPrice: 100_000 });
    const notShippable = { status: 409, messageKey: "error.orderNotShippable" };
    await expectRefused(setup.order.id, () => ship(setup, 5), notShippable);
    await buyerStep(setup, "send");
    await expectRefused(setup.order.id, () => ship(setup, 5), notShippable);
    await supplierStep(setup, "request_change", "Jadwal terlalu rapat");
    expect(await reloadOrder(setup.order.id)).toMatchObject({ status: "change_requested", change_request: "Jadwal terlalu rapat" });
    await expectRefused(setup.order.id, () => ship(setup, 5), notShippable);
    await buyerStep(setup, "revise");
    await supplierStep(setup, "accept");
    await buyerStep(setup, "dispute", "Harga tidak sesuai");
    await expectRefused(setup.order.id, () => ship(setup, 5), notShippable);
    await supplierStep(setup, "resolve", "Harga disepakati");
    // Resolved: deliveries go on.
    await ship(setup, 5);

    const cancelled = await awardedOrder({ quantity: 20, unitPrice: 100_000 });
    await sendAndAccept(cancelled);
    await supplierStep(cancelled, "cancel", "Bahan baku tidak tersedia");
    expect(await reloadOrder(cancelled.order.id)).toMatchObject({ status: "cancelled", cancel_reason: "Bahan baku tidak tersedia" });
    await expectRefused(cancelled.order.id, () => ship(cancelled, 5), notShippable);
  });

  it("an inspection naming one shipment line twice (and another not at all) is refused (422) with nothing changed", async () => {
    const setup = await awardedOrder({
      lines: [
        { quantity: 10, unitPrice: 100_000, partName: "Sleeve" },
        { quantity: 10, unitPrice: 50_000, partName: "Flange" },
      ],
    });
    await sendAndAccept(setup);
    const shipmentId = await ship(setup, [10, 10]);
    const [sleeve] = await shipmentLines(shipmentId);
    const input = InspectionSchema.parse({
      shipmentId,
      receivedOn: "2026-12-21",
      lines: [
        { shipmentLineId: sleeve!.id, accepted: 10 },
        { shipmentLineId: sleeve!.id, accepted: 10 },
      ],
    });
    await expectRefused(
      setup.order.id,
      () => inspectShipment(db(), { orderId: setup.order.id, buyerId: setup.buyer.organizationId, actorUserId: setup.buyer.userId, input, now: new Date() }),
      { status: 422 },
    );
  });

  it("a shipment naming the same order line twice is refused with a 422, not a database error", async () => {
    const setup = await awardedOrder({ quantity: 10, unitPrice: 100_000 });
    await sendAndAccept(setup);
    const input = ShipmentSchema.parse({
      shippedOn: "2026-12-20",
      lines: [
        { orderLineId: setup.lines[0]!.id, quantity: 6 },
        { orderLineId: setup.lines[0]!.id, quantity: 6 },
      ],
    });
    await expectRefused(
      setup.order.id,
      () => recordShipment(db(), { orderId: setup.order.id, supplierId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input, now: new Date() }),
      { status: 422 },
    );
  });
});

describe("completing an order", () => {
  it("delivered, everything invoiced and paid: the supplier's confirmation of the last transfer completes it, and both are told", async () => {
    const setup = await awardedOrder({ quantity: 10, unitPrice: 100_000 });
    await sendAndAccept(setup);
    // Part of it first: paid, but not complete.
    const first = await ship(setup, 6);
    await inspect(setup, first);
    const firstInvoice = await invoice(setup);
    await payByTransfer(setup, firstInvoice);
    expect((await reloadOrder(setup.order.id)).status).toBe("partially_delivered");
    // Completing by hand is refused while anything is not invoiced and paid.
    await expectRefused(setup.order.id, () => buyerStep(setup, "complete"), { status: 409 });

    const rest = await ship(setup, 4);
    await inspect(setup, rest);
    expect((await reloadOrder(setup.order.id)).status).toBe("delivered");
    await expectRefused(setup.order.id, () => buyerStep(setup, "complete"), { status: 409, messageKey: "error.orderNotPaid" });
    const secondInvoice = await invoice(setup);
    expect(await invoiceOf(secondInvoice)).toMatchObject({ subtotal: 400_000, ppn_amount: 44_000, total: 444_000 });
    await reportPayment(setup, secondInvoice);
    // Reported but not yet confirmed: still delivered.
    expect((await reloadOrder(setup.order.id)).status).toBe("delivered");
    await expectRefused(setup.order.id, () => buyerStep(setup, "complete"), { status: 409, messageKey: "error.orderNotPaid" });

    const before = await reloadOrder(setup.order.id);
    await decidePayment(setup, secondInvoice, "confirm");
    const completed = await reloadOrder(setup.order.id);
    expect(completed).toMatchObject({ status: "completed", revision: before.revision + 1 });
    const audits = await db().selectFrom("audit_log").selectAll().where("entity_type", "=", "order").where("entity_id", "=", String(setup.order.id)).where("action", "=", "complete").execute();
    expect(audits.map((a) => a.organization_id).sort()).toEqual([setup.buyer.organizationId, setup.supplier.organizationId].sort());
    expect(audits.map((a) => [a.from_state, a.to_state])).toEqual([
      ["delivered", "completed"],
      ["delivered", "completed"],
    ]);
    expect(JSON.parse(audits[0]!.detail)).toMatchObject({ side: null });
    expect(await notificationsOf(setup.buyer.userId, "order_complete")).toHaveLength(1);
    expect(await notificationsOf(setup.supplier.userId, "order_complete")).toHaveLength(1);
    // Complete: nothing more happens to it.
    await expectRefused(setup.order.id, () => buyerStep(setup, "dispute", "Terlambat"), { status: 409 });
    await expectRefused(setup.order.id, () => ship(setup, 1), { status: 409, messageKey: "error.orderNotShippable" });
  });

  it("a delivered order paid in one invoice completes; a disputed one does not, until resolved and completed by hand", async () => {
    const setup = await awardedOrder({ quantity: 10, unitPrice: 100_000 });
    await sendAndAccept(setup);
    await deliverAll(setup);
    const invoiceId = await invoice(setup);
    await reportPayment(setup, invoiceId);
    await buyerStep(setup, "dispute", "Dokumen tidak lengkap");
    await decidePayment(setup, invoiceId, "confirm");
    expect((await invoiceOf(invoiceId)).status).toBe("paid");
    expect((await reloadOrder(setup.order.id)).status).toBe("disputed");
    await supplierStep(setup, "resolve", "Dokumen dikirim");
    expect((await reloadOrder(setup.order.id)).status).toBe("resolved");
    await buyerStep(setup, "complete");
    expect((await reloadOrder(setup.order.id)).status).toBe("completed");
  });
});
