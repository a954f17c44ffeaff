import type { Db, DbOrTrx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { requireMembership } from "../organizations/memberships.server";
import { earningsOf, netOfFee, type Earning } from "./work-order-math";
import { payoutTransitions } from "./payout-states";
import type { PayoutInput } from "./work-order-schemas";
import { cooperativeSettings } from "./work-orders.server";

export interface StatementEarning extends Earning {
  orderNumber: string;
  partName: string;
  fee: number;
  net: number;
}

export interface MemberStatement {
  memberId: number;
  memberName: string;
  feeBp: number;
  earnings: StatementEarning[];
  payouts: { id: number; amount: number; paidOn: string; reference: string; status: "sent" | "confirmed"; confirmedAt: string | null }[];
  owed: number;
  paid: number;
  outstanding: number;
}

/**
 * What a cooperative owes its members: for every paid invoice of its orders shared among members, the kept
 * pieces of each member's lots it paid for (work-order-math `earningsOf`) at the member's price, less the
 * cooperative's fee; less what it has paid out. One member's statement with `memberId`, else every member
 * with work orders. The fee is the cooperative's current one (its profile), applied to every earning.
 */
export async function memberStatements(db: DbOrTrx, cooperativeId: number, memberId?: number): Promise<MemberStatement[]> {
  const { memberFeeBp } = await cooperativeSettings(db, cooperativeId);
  const lots = await db
    .selectFrom("shipment_lots")
    .innerJoin("shipment_lines", "shipment_lines.id", "shipment_lots.shipment_line_id")
    .innerJoin("shipments", "shipments.id", "shipment_lines.shipment_id")
    .innerJoin("handover_lines", "handover_lines.id", "shipment_lots.handover_line_id")
    .innerJoin("work_order_lines", "work_order_lines.id", "handover_lines.work_order_line_id")
    .innerJoin("work_orders", "work_orders.id", "work_order_lines.work_order_id")
    .select([
      "shipment_lots.quantity",
      "shipment_lots.buyer_rejected_quantity",
      "shipment_lines.order_line_id",
      "work_orders.member_id",
      "work_order_lines.member_unit_price",
      "shipments.order_id",
    ])
    .where("work_orders.cooperative_id", "=", cooperativeId)
    .where("shipments.status", "=", "inspected")
    .orderBy("shipments.order_id")
    .orderBy("shipments.number")
    .orderBy("shipment_lots.id")
    .execute();
  const orderIds = [...new Set(lots.map((l) => l.order_id))];
  const invoiceLines = orderIds.length
    ? await db
        .selectFrom("invoice_lines")
        .innerJoin("invoices", "invoices.id", "invoice_lines.invoice_id")
        .innerJoin("orders", "orders.id", "invoices.order_id")
        .innerJoin("order_lines", "order_lines.id", "invoice_lines.order_line_id")
        .select([
          "invoices.id as invoice_id",
          "invoices.number",
          "invoices.paid_at",
          "invoice_lines.order_line_id",
          "invoice_lines.quantity",
          "orders.number as order_number",
          "order_lines.part_name",
        ])
        .where("invoices.order_id", "in", orderIds)
        .where("invoices.status", "=", "paid")
        .orderBy("invoices.paid_at")
        .orderBy("invoices.id")
        .execute()
    : [];
  const earnings = earningsOf(
    lots.map((l) => ({ orderLineId: l.order_line_id, memberId: l.member_id, kept: l.quantity - l.buyer_rejected_quantity, memberUnitPrice: l.member_unit_price })),
    invoiceLines.map((i) => ({ invoiceId: i.invoice_id, invoiceNumber: i.number, paidOn: (i.paid_at ?? "").slice(0, 10), orderLineId: i.order_line_id, quantity: i.quantity })),
  );
  const members = await db
    .selectFrom("organizations")
    .select(["id", "legal_name"])
    .where((eb) =>
      eb(
        "id",
        "in",
        eb.selectFrom("work_orders").select("member_id").where("cooperative_id", "=", cooperativeId),
      ),
    )
    .$if(memberId !== undefined, (q) => q.where("id", "=", memberId!))
    .orderBy("legal_name")
    .execute();
  const payouts = await db
    .selectFrom("member_payouts")
    .select(["id", "member_id", "amount", "paid_on", "reference", "status", "confirmed_at"])
    .where("cooperative_id", "=", cooperativeId)
    .$if(memberId !== undefined, (q) => q.where("member_id", "=", memberId!))
    .orderBy("paid_on")
    .orderBy("id")
    .execute();
  return members.map((m) => {
    const own: StatementEarning[] = earnings
      .filter((e) => e.memberId === m.id)
      .map((e) => {
        const line = invoiceLines.find((i) => i.invoice_id === e.invoiceId && i.order_line_id === e.orderLineId)!;
        return { ...e, orderNumber: line.order_number, partName: line.part_name, ...netOfFee(e.gross, memberFeeBp) };
      });
    const ownPayouts = payouts
      .filter((p) => p.member_id === m.id)
      .map((p) => ({ id: p.id, amount: p.amount, paidOn: p.paid_on, reference: p.reference, status: p.status, confirmedAt: p.confirmed_at }));
    const owed = own.reduce((s, e) => s + e.net, 0);
    const paid = ownPayouts.reduce((s, p) => s + p.amount, 0);
    return { memberId: m.id, memberName: m.legal_name, feeBp: memberFeeBp, earnings: own, payouts: ownPayouts, owed, paid, outstanding: owed - paid };
  });
}

/** The cooperative records a payout to a member (transfer reference, date): at most what it still owes. */
export async function recordPayout(db: Db, options: { cooperativeId: number; actorUserId: number; input: PayoutInput; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await requireMembership(trx, options.actorUserId, options.cooperativeId, "owner");
    const [statement] = await memberStatements(trx, options.cooperativeId, options.input.memberId);
    if (!statement) throw new DomainError("error.notMemberWithWork", 422, "memberId");
    if (options.input.amount > statement.outstanding) throw new DomainError("error.payoutMoreThanOwed", 422, "amount", { outstanding: statement.outstanding });
    const { id } = await trx
      .insertInto("member_payouts")
      .values({
        cooperative_id: options.cooperativeId,
        member_id: options.input.memberId,
        amount: options.input.amount,
        paid_on: options.input.paidOn,
        reference: options.input.reference,
        created_by_user_id: options.actorUserId,
        created_at: toTimestamp(options.now),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAuditForEach(trx, [options.cooperativeId, options.input.memberId], {
      actorUserId: options.actorUserId,
      entityType: "member_payout",
      entityId: id,
      action: "send",
      toState: "sent",
      detail: { amount: options.input.amount, paidOn: options.input.paidOn, reference: options.input.reference },
      now: options.now,
    });
    await notify(trx, {
      recipients: { organizationId: options.input.memberId },
      kind: "payout_sent",
      params: { amount: options.input.amount, reference: options.input.reference },
      link: `/work-orders/statement?cooperative=${options.cooperativeId}`,
      organizationId: options.input.memberId,
      now: options.now,
    });
    return id;
  });
}

/** The member confirms a payout arrived (the payout table's one event). */
export async function confirmPayout(db: Db, options: { memberId: number; actorUserId: number; payoutId: number; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireMembership(trx, options.actorUserId, options.memberId);
    const payout = await trx.selectFrom("member_payouts").selectAll().where("id", "=", options.payoutId).where("member_id", "=", options.memberId).executeTakeFirst();
    if (!payout) throw new DomainError("error.notFound", 404);
    const to = nextState(payoutTransitions, payout.status, "confirm");
    if (!to) throw new DomainError("error.alreadyConfirmed", 409);
    const at = toTimestamp(options.now);
    const result = await trx
      .updateTable("member_payouts")
      .set({ status: to, confirmed_at: at, confirmed_by_user_id: options.actorUserId })
      .where("id", "=", payout.id)
      .where("status", "=", payout.status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new DomainError("error.alreadyConfirmed", 409);
    await writeAuditForEach(trx, [payout.cooperative_id, payout.member_id], {
      actorUserId: options.actorUserId,
      entityType: "member_payout",
      entityId: payout.id,
      action: "confirm",
      fromState: payout.status,
      toState: to,
      detail: { amount: payout.amount, reference: payout.reference },
      now: options.now,
    });
    await notify(trx, {
      recipients: { organizationId: payout.cooperative_id },
      kind: "payout_confirmed",
      params: { amount: payout.amount, reference: payout.reference },
      link: `/cooperative/members#payouts`,
      organizationId: payout.cooperative_id,
      now: options.now,
    });
  });
}

/**
 * The statement the acting organization may see: a member its own at `cooperativeId` (one it has work orders
 * with), a cooperative any member's (`memberId`). Anyone else: 404.
 */
export async function statementFor(db: DbOrTrx, options: { organizationId: number; actorUserId: number; cooperativeId?: number; memberId?: number }) {
  const acting = await requireMembership(db, options.actorUserId, options.organizationId);
  const asCooperative = acting.kind === "cooperative" && options.memberId !== undefined;
  const cooperativeId = asCooperative ? options.organizationId : options.cooperativeId;
  const memberId = asCooperative ? options.memberId! : options.organizationId;
  if (cooperativeId === undefined) throw new DomainError("error.notFound", 404);
  const [statement] = await memberStatements(db, cooperativeId, memberId);
  if (!statement) throw new DomainError("error.notFound", 404);
  const cooperative = await db.selectFrom("organizations").select(["id", "legal_name"]).where("id", "=", cooperativeId).executeTakeFirstOrThrow();
  return { statement, cooperative, side: asCooperative ? ("cooperative" as const) : ("member" as const) };
}

/** The cooperatives a member has work orders with (its statements). */
export async function cooperativesOfMember(db: DbOrTrx, memberId: number) {
  return db
    .selectFrom("organizations")
    .select(["id", "legal_name"])
    .where("id", "in", db.selectFrom("work_orders").select("cooperative_id").where("member_id", "=", memberId))
    .orderBy("legal_name")
    .execute();
}
