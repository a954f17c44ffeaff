import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../../app/clock.server";
import { sendReminders } from "../../../app/domain/notifications/reminders.server";
import { inviteSuppliers } from "../../../app/domain/rfqs/invite-suppliers.server";
import { submitBid, withdrawBid } from "../../../app/domain/rfqs/submit-bid.server";
import { closeRfqIfDue } from "../../../app/domain/rfqs/close-due-rfqs.server";
import { callOff, createAgreementFromOrder, takeAgreementStep, updateAgreementDraft } from "../../../app/domain/agreements/agreements.server";
import { AgreementDraftSchema, CallOffSchema } from "../../../app/domain/agreements/schemas";
import { jakartaDate, jakartaDateAt, shiftDate } from "../../../app/domain/time";
import { awardedOrder, buyerStep, completedOrder, editContract, invoice, sendAndAccept, deliverAll, type AwardedOrder } from "../../support/orders";
import { approvedSupplier, bidInput, createBuyer, publishedRfq, type TestOrganization } from "../../support/rfqs";

// Every reminder fires once per person per event, and only when it is due: the job runs against a fake clock
// (the `now` it is given), many times, and the notifications it wrote are counted per kind and person.

const db = () => getDb();

async function told(kind: string, userId: number): Promise<number> {
  const rows = await db().selectFrom("notifications").select("id").where("kind", "=", kind).where("user_id", "=", userId).execute();
  return rows.length;
}

/** Runs the job at each instant (a fake clock), in order. */
async function runAt(...instants: Date[]) {
  for (const at of instants) await sendReminders(db(), at);
}

describe("bid deadline reminders", () => {
  let buyer: TestOrganization;
  let silent: TestOrganization; // invited, never bids
  let bidder: TestOrganization; // invited, bids
  let withdrawn: TestOrganization; // public bidder that withdrew
  let outsider: TestOrganization; // neither invited nor bidding
  let deadline: Date;
  beforeAll(async () => {
    buyer = await createBuyer();
    [silent, bidder, withdrawn, outsider] = [await approvedSupplier(), await approvedSupplier(), await approvedSupplier(), await approvedSupplier()];
    const now = new Date();
    deadline = new Date(Math.floor((now.getTime() + 3 * DAY_MS) / MINUTE_MS) * MINUTE_MS);
    const rfq = await publishedRfq(buyer, { deadline, now });
    await inviteSuppliers(db(), { rfqId: rfq.rfqId, buyerId: buyer.organizationId, supplierIds: [silent.organizationId, bidder.organizationId], actorUserId: buyer.userId, now });
    await submitBid(db(), { rfqId: rfq.rfqId, supplierId: bidder.organizationId, actorUserId: bidder.userId, input: bidInput([{ rfqLineId: rfq.lineIds[0]!, quantity: rfq.lines[0]!.quantity, unitPrice: 150_000 }]), now });
    const { bidId } = await submitBid(db(), { rfqId: rfq.rfqId, supplierId: withdrawn.organizationId, actorUserId: withdrawn.userId, input: bidInput([{ rfqLineId: rfq.lineIds[0]!, quantity: rfq.lines[0]!.quantity, unitPrice: 151_000 }]), now });
    await withdrawBid(db(), { rfqId: rfq.rfqId, bidId, supplierId: withdrawn.organizationId, actorUserId: withdrawn.userId, now });
  });

  it("is silent more than 24 hours before the deadline", async () => {
    await runAt(new Date(deadline.getTime() - 25 * HOUR_MS), new Date(deadline.getTime() - 24 * HOUR_MS - MINUTE_MS));
    for (const s of [silent, bidder, withdrawn, outsider]) expect(await told("reminder_bid_deadline_24h", s.userId)).toBe(0);
  });

  it("tells the invited supplier that has not bid and the one that withdrew, once, 24 hours before", async () => {
    await runAt(new Date(deadline.getTime() - 23 * HOUR_MS), new Date(deadline.getTime() - 22 * HOUR_MS), new Date(deadline.getTime() - 3 * HOUR_MS));
    expect(await told("reminder_bid_deadline_24h", silent.userId)).toBe(1);
    expect(await told("reminder_bid_deadline_24h", withdrawn.userId)).toBe(1);
    expect(await told("reminder_bid_deadline_24h", bidder.userId)).toBe(0);
    expect(await told("reminder_bid_deadline_24h", outsider.userId)).toBe(0);
    expect(await told("reminder_bid_deadline_2h", silent.userId)).toBe(0);
  });

  it("and once more 2 hours before; nothing after the deadline", async () => {
    await runAt(new Date(deadline.getTime() - 2 * HOUR_MS), new Date(deadline.getTime() - HOUR_MS), new Date(deadline.getTime() + HOUR_MS));
    expect(await told("reminder_bid_deadline_2h", silent.userId)).toBe(1);
    expect(await told("reminder_bid_deadline_2h", withdrawn.userId)).toBe(1);
    expect(await told("reminder_bid_deadline_2h", bidder.userId)).toBe(0);
    expect(await told("reminder_bid_deadline_24h", silent.userId)).toBe(1);
  });

  it("the buyer of an RFQ closed but not awarded is reminded once, three days after it closed unawarded", async () => {
    const closesAt = new Date(deadline.getTime() + MINUTE_MS);
    await closeRfqIfDue(db(), (await db().selectFrom("rfq_invitations").select("rfq_id").where("supplier_id", "=", silent.organizationId).executeTakeFirstOrThrow()).rfq_id, closesAt);
    await runAt(new Date(closesAt.getTime() + 2 * DAY_MS));
    expect(await told("reminder_award_pending", buyer.userId)).toBe(0);
    await runAt(new Date(closesAt.getTime() + 3 * DAY_MS + MINUTE_MS), new Date(closesAt.getTime() + 4 * DAY_MS));
    expect(await told("reminder_award_pending", buyer.userId)).toBe(1);
    expect(await told("reminder_award_pending", silent.userId)).toBe(0);
  });
});

describe("delivery, invoice and contract reminders", () => {
  let order: AwardedOrder;
  const dueOn = "2027-03-15";
  beforeAll(async () => {
    order = await awardedOrder({ quantity: 100 });
  });

  it("a contract sent and not answered reminds the supplier once after three days", async () => {
    const sentAt = new Date();
    await buyerStep(order, "send", undefined, sentAt);
    await runAt(new Date(sentAt.getTime() + 2 * DAY_MS));
    expect(await told("reminder_contract_unanswered", order.supplier.userId)).toBe(0);
    await runAt(new Date(sentAt.getTime() + 3 * DAY_MS + MINUTE_MS), new Date(sentAt.getTime() + 5 * DAY_MS));
    expect(await told("reminder_contract_unanswered", order.supplier.userId)).toBe(1);
    expect(await told("reminder_contract_unanswered", order.buyer.userId)).toBe(0);
  });

  it("a scheduled delivery: both sides three days before, and again once it is overdue; never once shipped", async () => {
    const fresh = await awardedOrder({ quantity: 100 });
    await editContract(fresh, { schedules: [{ orderLineId: fresh.lines[0]!.id }] });
    await db().updateTable("delivery_schedules").set({ due_on: dueOn }).where("order_line_id", "=", fresh.lines[0]!.id).execute();
    await sendAndAccept(fresh);
    const day = (date: string) => jakartaDateAt(date, "09:00");
    await runAt(day(shiftDate(dueOn, -4)));
    for (const p of [fresh.buyer, fresh.supplier]) expect(await told("reminder_delivery_due", p.userId)).toBe(0);
    await runAt(day(shiftDate(dueOn, -3)), day(shiftDate(dueOn, -1)), day(dueOn));
    for (const p of [fresh.buyer, fresh.supplier]) {
      expect(await told("reminder_delivery_due", p.userId)).toBe(1);
      expect(await told("reminder_delivery_overdue", p.userId)).toBe(0);
    }
    await runAt(day(shiftDate(dueOn, 1)), day(shiftDate(dueOn, 5)));
    for (const p of [fresh.buyer, fresh.supplier]) expect(await told("reminder_delivery_overdue", p.userId)).toBe(1);

    // Another order delivered in full before its date: no reminder at all.
    const shipped = await awardedOrder({ quantity: 10 });
    await sendAndAccept(shipped);
    await db().updateTable("delivery_schedules").set({ due_on: dueOn }).where("order_line_id", "=", shipped.lines[0]!.id).execute();
    await deliverAll(shipped);
    await db().updateTable("shipments").set({ shipped_on: shiftDate(dueOn, -10) }).where("order_id", "=", shipped.order.id).execute();
    await runAt(day(shiftDate(dueOn, -2)), day(shiftDate(dueOn, 3)));
    for (const kind of ["reminder_delivery_due", "reminder_delivery_overdue"]) expect(await told(kind, shipped.supplier.userId)).toBe(0);
  });

  it("an invoice: the buyer three days before it is due, both sides once it is overdue", async () => {
    const invoiced = await awardedOrder({ quantity: 10 });
    await sendAndAccept(invoiced);
    await deliverAll(invoiced);
    const invoiceId = await invoice(invoiced);
    const { due_on } = await db().selectFrom("invoices").select("due_on").where("id", "=", invoiceId).executeTakeFirstOrThrow();
    const day = (date: string) => jakartaDateAt(date, "09:00");
    await runAt(day(shiftDate(due_on, -4)));
    expect(await told("reminder_invoice_due", invoiced.buyer.userId)).toBe(0);
    await runAt(day(shiftDate(due_on, -3)), day(due_on));
    expect(await told("reminder_invoice_due", invoiced.buyer.userId)).toBe(1);
    expect(await told("reminder_invoice_due", invoiced.supplier.userId)).toBe(0);
    await runAt(day(shiftDate(due_on, 1)), day(shiftDate(due_on, 2)));
    expect(await told("reminder_invoice_overdue", invoiced.buyer.userId)).toBe(1);
    expect(await told("reminder_invoice_overdue", invoiced.supplier.userId)).toBe(1);
  });
});

describe("agreement reminders", () => {
  it("80 % used and 30 days before the end, each once to both sides", async () => {
    const source = await completedOrder({ quantity: 100 });
    const now = new Date();
    const today = jakartaDate(now);
    const id = await createAgreementFromOrder(db(), { orderId: source.order.id, buyerId: source.buyer.organizationId, actorUserId: source.buyer.userId, months: 12, now });
    const a = await db().selectFrom("agreements").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const [item] = await db().selectFrom("agreement_items").selectAll().where("agreement_id", "=", id).execute();
    const endsOn = shiftDate(today, 100);
    await updateAgreementDraft(db(), {
      agreementId: id,
      buyerId: source.buyer.organizationId,
      actorUserId: source.buyer.userId,
      input: AgreementDraftSchema.parse({ revision: a.revision, title: a.title, startsOn: today, endsOn, paymentDueDays: 30, items: [{ itemId: item!.id, unitPrice: item!.unit_price, maxQuantity: 1000 }] }),
      now,
    });
    for (const [party, event] of [[source.buyer, "send"], [source.supplier, "accept"]] as const) {
      const { revision } = await db().selectFrom("agreements").select("revision").where("id", "=", id).executeTakeFirstOrThrow();
      await takeAgreementStep(db(), { agreementId: id, organizationId: party.organizationId, actorUserId: party.userId, event, expectedRevision: revision, now });
    }
    const callOffOf = async (quantity: number) => {
      const { revision } = await db().selectFrom("agreements").select("revision").where("id", "=", id).executeTakeFirstOrThrow();
      await callOff(db(), { agreementId: id, buyerId: source.buyer.organizationId, actorUserId: source.buyer.userId, input: CallOffSchema.parse({ revision, deliverOn: shiftDate(today, 10), lines: [{ itemId: item!.id, quantity }] }), now });
    };
    await callOffOf(790);
    await runAt(now);
    expect(await told("reminder_agreement_usage", source.buyer.userId)).toBe(0);
    await callOffOf(10);
    await runAt(now, new Date(now.getTime() + HOUR_MS));
    expect(await told("reminder_agreement_usage", source.buyer.userId)).toBe(1);
    expect(await told("reminder_agreement_usage", source.supplier.userId)).toBe(1);

    const day = (date: string) => jakartaDateAt(date, "09:00");
    await runAt(day(shiftDate(endsOn, -31)));
    expect(await told("reminder_agreement_ending", source.buyer.userId)).toBe(0);
    await runAt(day(shiftDate(endsOn, -30)), day(shiftDate(endsOn, -10)));
    expect(await told("reminder_agreement_ending", source.buyer.userId)).toBe(1);
    expect(await told("reminder_agreement_ending", source.supplier.userId)).toBe(1);
  });
});
