import { getDb } from "../../app/db.server";
import { awardRfq } from "../../app/domain/rfqs/award-rfq.server";
import { submitBid } from "../../app/domain/rfqs/submit-bid.server";
import { SplitSchema } from "../../app/domain/work-orders/work-order-schemas";
import { splitOrder } from "../../app/domain/work-orders/work-orders.server";
import { editContract, linesOf, sendAndAccept, type AwardedOrder } from "./orders";
import { bidInput, cooperativeWithMembers, createBuyer, DAY, publishedRfq, type TestOrganization } from "./rfqs";

// A cooperative's order made the real way: a joint bid with member shares, awarded; the contract agreed
// with a monthly schedule. Then the split into work orders through the real use case.

const MINUTE = 60_000;

export interface CooperativeOrder extends AwardedOrder {
  members: TestOrganization[];
  shares: number[];
}

/** 2,400 sleeves at Rp 89.500, shared 1,200 / 720 / 480 among three members; 200 a month for 12 months. */
export async function cooperativeOrder(options: { shares?: number[]; perDelivery?: number; months?: number; unitPrice?: number } = {}): Promise<CooperativeOrder> {
  const db = getDb();
  const shares = options.shares ?? [1200, 720, 480];
  const quantity = shares.reduce((s, x) => s + x, 0);
  const { cooperative, members } = await cooperativeWithMembers(shares.map(() => 40));
  const buyer = await createBuyer();
  const publishedAt = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 20 * DAY);
  const deadline = new Date(publishedAt.getTime() + DAY);
  const rfq = await publishedRfq(buyer, { title: "Cylinder sleeve FC250", now: publishedAt, deadline, lines: [{ partName: "Cylinder sleeve blank", partNumber: "TPR-CS-250", quantity, unit: "pcs" }] });
  const { bidId } = await submitBid(db, {
    rfqId: rfq.rfqId,
    supplierId: cooperative.organizationId,
    actorUserId: cooperative.userId,
    input: bidInput([{ rfqLineId: rfq.lineIds[0]!, quantity, unitPrice: options.unitPrice ?? 89_500, shares: members.map((m, i) => ({ memberId: m.organizationId, quantity: shares[i]! })) }]),
    now: new Date(publishedAt.getTime() + MINUTE),
  });
  const awardedAt = new Date(deadline.getTime() + 1000);
  const { awardId, orderIds } = await awardRfq(db, {
    rfqId: rfq.rfqId,
    buyerId: buyer.organizationId,
    actorUserId: buyer.userId,
    reason: "Harga terbaik",
    allocations: [{ bidId, rfqLineId: rfq.lineIds[0]!, quantity }],
    now: awardedAt,
  });
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderIds[0]!).executeTakeFirstOrThrow();
  const lines = await linesOf(order.id);
  const setup: CooperativeOrder = { order, buyer, supplier: cooperative, lines, orders: [order], suppliers: [cooperative], rfqId: rfq.rfqId, awardId, awardedAt, members, shares };
  const perDelivery = options.perDelivery ?? 200;
  await editContract(setup, { schedules: [{ orderLineId: lines[0]!.id, perDelivery, day: 25, months: options.months ?? quantity / perDelivery, firstMonth: "2027-01" }] });
  setup.order = await sendAndAccept(setup);
  return setup;
}

/** The split form as the browser sends it: each member's share of the one line at `memberPrice`. */
export function splitInput(setup: CooperativeOrder, overrides: { quantities?: number[]; memberPrice?: string; leadDays?: number; showBuyerPrice?: boolean } = {}) {
  return SplitSchema.parse({
    leadDays: overrides.leadDays ?? 7,
    showBuyerPrice: overrides.showBuyerPrice ?? false,
    members: setup.members.map((m, i) => ({
      memberId: m.organizationId,
      lines: [{ orderLineId: setup.lines[0]!.id, quantity: (overrides.quantities ?? setup.shares)[i], memberUnitPrice: overrides.memberPrice ?? "80.000" }],
    })),
  });
}

export function split(setup: CooperativeOrder, overrides: Parameters<typeof splitInput>[1] = {}) {
  return splitOrder(getDb(), { orderId: setup.order.id, cooperativeId: setup.supplier.organizationId, actorUserId: setup.supplier.userId, input: splitInput(setup, overrides), now: new Date() });
}
