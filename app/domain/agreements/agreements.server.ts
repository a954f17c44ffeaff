import { sql } from "kysely";
import type { Db, DbOrTrx } from "../../../db/client";
import type { Agreement, QuantityUnit } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit, writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { allows } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { insertOrder, paymentDaysFrom } from "../orders/create-orders.server";
import { applyOrderEvent } from "../orders/apply-order-event.server";
import { requireOrderParty } from "../orders/order-access.server";
import { orderActionAllowed } from "../orders/order-states";
import { monthlySchedule } from "../orders/order-progress";
import { addMonths, jakartaDate, shiftDate } from "../time";
import { applyAgreementEvent, requireAgreementParty } from "./apply-agreement-event.server";
import { AGREEMENT_EVENT_ACTORS, AGREEMENT_EVENTS_WITH_REASON, AGREEMENT_OPEN_STATES, agreementActionAllowed, agreementTransitions, type AgreementEvent } from "./agreement-states";
import type { AgreementDraftInput, CallOffInput } from "./schemas";

/** An agreement warns both sides from this share of its limit used, and this many days before its end. */
export const USAGE_WARNING_PERCENT = 80;
export const ENDING_WARNING_DAYS = 30;

interface DraftItem {
  rfq_line_id: number;
  part_name: string;
  part_number: string;
  unit: QuantityUnit;
  unit_price: number;
  max_quantity: number | null;
}

/** Writes an agreement draft with its items, audited for both parties; the buyer is told it waits for them. */
async function insertAgreement(
  trx: DbOrTrx,
  options: {
    buyerId: number;
    supplierId: number;
    rfqId: number;
    awardId: number;
    sourceOrderId: number | null;
    title: string;
    startsOn: string;
    endsOn: string;
    terms: { payment_due_days: number; payment_terms: string; delivery_terms: string; delivery_address: string; delivery_province_code: string; delivery_regency_code: string };
    items: DraftItem[];
    actorUserId: number;
    now: Date;
  },
): Promise<number> {
  const at = toTimestamp(options.now);
  const { next } = await trx.selectFrom("agreements").select(sql<number>`coalesce(max(id), 0) + 1`.as("next")).executeTakeFirstOrThrow();
  const { id } = await trx
    .insertInto("agreements")
    .values({
      number: `KP-${options.startsOn.slice(0, 4)}-${String(next).padStart(5, "0")}`,
      buyer_id: options.buyerId,
      supplier_id: options.supplierId,
      title: options.title.slice(0, 200),
      rfq_id: options.rfqId,
      award_id: options.awardId,
      source_order_id: options.sourceOrderId,
      starts_on: options.startsOn,
      ends_on: options.endsOn,
      ...options.terms,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("agreement_items")
    .values(options.items.map((item, i) => ({ agreement_id: id, position: i + 1, ...item })))
    .execute();
  await writeAuditForEach(trx, [options.buyerId, options.supplierId], {
    actorUserId: options.actorUserId,
    entityType: "agreement",
    entityId: id,
    action: "create",
    toState: "draft",
    detail: { awardId: options.awardId, sourceOrderId: options.sourceOrderId, items: options.items.length },
    now: options.now,
  });
  await notify(trx, {
    recipients: { organizationId: options.buyerId },
    kind: "agreement_created",
    params: { title: options.title },
    link: `/agreements/${id}`,
    organizationId: options.buyerId,
    now: options.now,
  });
  return id;
}

/**
 * "Award as an agreement": called by the award in its transaction instead of making orders. One agreement
 * draft per winning supplier, with the awarded lines at the bid's prices and the awarded quantities as each
 * item's maximum, for `months` from the award day. Returns the ids.
 */
export async function createAgreementsForAward(trx: DbOrTrx, options: { awardId: number; months: number; actorUserId: number; now: Date }): Promise<number[]> {
  const award = await trx
    .selectFrom("awards")
    .innerJoin("rfqs", "rfqs.id", "awards.rfq_id")
    .select(["awards.id", "rfqs.id as rfq_id", "rfqs.buyer_id", "rfqs.title", "rfqs.payment_terms", "rfqs.delivery_terms", "rfqs.delivery_address", "rfqs.delivery_province_code", "rfqs.delivery_regency_code"])
    .where("awards.id", "=", options.awardId)
    .executeTakeFirstOrThrow();
  const lines = await trx
    .selectFrom("award_lines")
    .innerJoin("rfq_lines", "rfq_lines.id", "award_lines.rfq_line_id")
    .select(["award_lines.supplier_id", "award_lines.quantity", "award_lines.unit_price", "rfq_lines.id as rfq_line_id", "rfq_lines.part_name", "rfq_lines.part_number", "rfq_lines.unit"])
    .where("award_lines.award_id", "=", award.id)
    .orderBy("rfq_lines.position")
    .orderBy("award_lines.id")
    .execute();
  const startsOn = jakartaDate(options.now);
  const ids: number[] = [];
  for (const supplierId of [...new Set(lines.map((l) => l.supplier_id))]) {
    ids.push(
      await insertAgreement(trx, {
        buyerId: award.buyer_id,
        supplierId,
        rfqId: award.rfq_id,
        awardId: award.id,
        sourceOrderId: null,
        title: award.title,
        startsOn,
        endsOn: shiftDate(addMonths(startsOn, options.months), -1),
        terms: {
          payment_due_days: paymentDaysFrom(award.payment_terms),
          payment_terms: award.payment_terms,
          delivery_terms: award.delivery_terms,
          delivery_address: award.delivery_address,
          delivery_province_code: award.delivery_province_code,
          delivery_regency_code: award.delivery_regency_code,
        },
        items: lines
          .filter((l) => l.supplier_id === supplierId)
          .map((l) => ({ rfq_line_id: l.rfq_line_id, part_name: l.part_name, part_number: l.part_number, unit: l.unit, unit_price: l.unit_price, max_quantity: l.quantity })),
        actorUserId: options.actorUserId,
        now: options.now,
      }),
    );
  }
  return ids;
}

/**
 * "Agree these prices for next year": from a completed order, the buyer drafts an agreement with the same
 * supplier, the order's lines at its prices (no limits yet), from today for `months` (the draft may change both).
 */
export async function createAgreementFromOrder(db: Db, options: { orderId: number; buyerId: number; actorUserId: number; months: number; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
    if (!orderActionAllowed("makeAgreement", order.status)) throw new DomainError("error.agreementFromCompletedOnly", 409);
    const rfq = await trx.selectFrom("rfqs").select("title").where("id", "=", order.rfq_id).executeTakeFirstOrThrow();
    const lines = await trx.selectFrom("order_lines").selectAll().where("order_id", "=", order.id).orderBy("position").execute();
    const startsOn = jakartaDate(options.now);
    return insertAgreement(trx, {
      buyerId: order.buyer_id,
      supplierId: order.supplier_id,
      rfqId: order.rfq_id,
      awardId: order.award_id,
      sourceOrderId: order.id,
      title: rfq.title,
      startsOn,
      endsOn: shiftDate(addMonths(startsOn, options.months), -1),
      terms: {
        payment_due_days: order.payment_due_days,
        payment_terms: order.payment_terms,
        delivery_terms: order.delivery_terms,
        delivery_address: order.delivery_address,
        delivery_province_code: order.delivery_province_code,
        delivery_regency_code: order.delivery_regency_code,
      },
      items: lines.map((l) => ({ rfq_line_id: l.rfq_line_id, part_name: l.part_name, part_number: l.part_number, unit: l.unit, unit_price: l.unit_price, max_quantity: null })),
      actorUserId: options.actorUserId,
      now: options.now,
    });
  });
}

/** The buyer edits a draft (or answers a change request): title, period, limits, prices, terms. Refused on a stale revision. */
export async function updateAgreementDraft(db: Db, options: { agreementId: number; buyerId: number; actorUserId: number; input: AgreementDraftInput; now: Date }): Promise<void> {
  const { input } = options;
  if (input.endsOn < input.startsOn) throw new DomainError("error.endBeforeStart", 422, "endsOn");
  await db.transaction().execute(async (trx) => {
    const { agreement } = await requireAgreementParty(trx, { agreementId: options.agreementId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
    if (!agreementActionAllowed("editDraft", agreement.status)) throw new DomainError("error.agreementLocked", 409);
    if (agreement.revision !== input.revision) throw new DomainError("error.agreementChanged", 409);
    const items = await trx.selectFrom("agreement_items").select("id").where("agreement_id", "=", agreement.id).execute();
    for (const [i, row] of input.items.entries()) {
      if (!items.some((item) => item.id === row.itemId)) throw new DomainError("error.invalid", 422, `items[${i}].unitPrice`);
      await trx
        .updateTable("agreement_items")
        .set({ unit_price: row.unitPrice, max_quantity: row.maxQuantity ?? null })
        .where("id", "=", row.itemId)
        .where("agreement_id", "=", agreement.id)
        .execute();
    }
    const result = await trx
      .updateTable("agreements")
      .set({
        title: input.title,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        max_value: input.maxValue ?? null,
        payment_due_days: input.paymentDueDays,
        payment_terms: input.paymentTerms ?? "",
        delivery_terms: input.deliveryTerms ?? "",
        revision: agreement.revision + 1,
        updated_at: toTimestamp(options.now),
      })
      .where("id", "=", agreement.id)
      .where("revision", "=", agreement.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new DomainError("error.agreementChanged", 409);
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      entityType: "agreement",
      entityId: agreement.id,
      action: "edit_draft",
      fromState: agreement.status,
      toState: agreement.status,
      detail: { endsOn: input.endsOn, maxValue: input.maxValue ?? null },
      now: options.now,
    });
  });
}

/** A party takes a step of the agreement's table by hand (send, accept, ask for a change, extend, end …). */
export async function takeAgreementStep(
  db: Db,
  options: {
    agreementId: number;
    organizationId: number;
    actorUserId: number;
    event: AgreementEvent;
    reason?: string;
    endsOn?: string;
    maxValue?: number;
    expectedRevision: number;
    now: Date;
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { agreement, side } = await requireAgreementParty(trx, options);
    if (!AGREEMENT_EVENT_ACTORS[options.event].includes(side)) throw new DomainError(side === "buyer" ? "error.supplierOnly" : "error.buyerOnly", 403);
    if (AGREEMENT_EVENTS_WITH_REASON.includes(options.event) && !options.reason) throw new DomainError("error.reasonRequired", 422, "reason");
    let extension: { endsOn: string; maxValue: number | null } | undefined;
    if (options.event === "propose_extension") {
      if (!options.endsOn) throw new DomainError("error.required", 422, "endsOn");
      if (options.endsOn <= agreement.ends_on) throw new DomainError("error.extensionLater", 422, "endsOn", { date: agreement.ends_on });
      if (options.maxValue !== undefined && agreement.max_value !== null && options.maxValue < agreement.max_value) {
        throw new DomainError("error.extensionValue", 422, "maxValue");
      }
      extension = { endsOn: options.endsOn, maxValue: options.maxValue ?? agreement.max_value };
    }
    await applyAgreementEvent(trx, { ...options, side, reason: options.reason ?? null, extension });
  });
}

export interface ItemUsage {
  id: number;
  position: number;
  part_name: string;
  part_number: string;
  unit: QuantityUnit;
  unit_price: number;
  max_quantity: number | null;
  rfq_line_id: number;
  used: number;
  remaining: number | null;
}

/** What has been called off per item and in value (every call-off that was not cancelled), and what remains. */
export async function agreementUsage(db: DbOrTrx, agreement: Pick<Agreement, "id" | "max_value">) {
  const items = await db.selectFrom("agreement_items").selectAll().where("agreement_id", "=", agreement.id).orderBy("position").execute();
  const used = await db
    .selectFrom("order_lines")
    .innerJoin("orders", "orders.id", "order_lines.order_id")
    .select(["order_lines.agreement_item_id", (eb) => eb.fn.sum<number>("order_lines.quantity").as("quantity"), sql<number>`sum(order_lines.quantity * order_lines.unit_price)`.as("value")])
    .where("orders.agreement_id", "=", agreement.id)
    .where("orders.status", "!=", "cancelled")
    .groupBy("order_lines.agreement_item_id")
    .execute();
  const byItem = new Map(used.map((u) => [u.agreement_item_id, { quantity: Number(u.quantity), value: Number(u.value) }]));
  const usedValue = used.reduce((sum, u) => sum + Number(u.value), 0);
  const rows: ItemUsage[] = items.map((item) => {
    const u = byItem.get(item.id)?.quantity ?? 0;
    return { ...item, used: u, remaining: item.max_quantity === null ? null : Math.max(0, item.max_quantity - u) };
  });
  // The share used: of the value limit if there is one, else of the item with the most used of its limit.
  const shares = [
    ...(agreement.max_value ? [usedValue / agreement.max_value] : []),
    ...rows.filter((r) => r.max_quantity).map((r) => r.used / r.max_quantity!),
  ];
  const usedPercent = shares.length ? Math.round(Math.max(...shares) * 100) : null;
  return {
    items: rows,
    usedValue,
    remainingValue: agreement.max_value === null ? null : Math.max(0, agreement.max_value - usedValue),
    usedPercent,
  };
}

/** The warnings an agreement shows both sides: nearly used up, or nearly at its end. */
export function agreementWarnings(agreement: Pick<Agreement, "ends_on" | "status">, usage: { usedPercent: number | null }, today: string) {
  const warnings: ("usage" | "ending")[] = [];
  if (!(AGREEMENT_OPEN_STATES as readonly string[]).includes(agreement.status)) return warnings;
  if (usage.usedPercent !== null && usage.usedPercent >= USAGE_WARNING_PERCENT) warnings.push("usage");
  if (shiftDate(today, ENDING_WARNING_DAYS) >= agreement.ends_on) warnings.push("ending");
  return warnings;
}

/**
 * The buyer calls off an order against an active agreement: per item a quantity at the agreed price, delivered
 * on one date or spread monthly. Refused past an item's remaining quantity, the remaining value, outside the
 * period, or with a delivery after its end. The call-off is an order sent to the supplier, who accepts it as
 * any contract; it then runs the usual way (shipments, inspection, BAST, invoice, payment).
 */
export async function callOff(db: Db, options: { agreementId: number; buyerId: number; actorUserId: number; input: CallOffInput; now: Date }): Promise<number> {
  const { input } = options;
  return db.transaction().execute(async (trx) => {
    const { agreement } = await requireAgreementParty(trx, { agreementId: options.agreementId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
    if (!agreementActionAllowed("callOff", agreement.status)) throw new DomainError("error.agreementNotActive", 409);
    if (agreement.revision !== input.revision) throw new DomainError("error.agreementChanged", 409);
    const today = jakartaDate(options.now);
    if (today < agreement.starts_on) throw new DomainError("error.agreementNotStarted", 409, undefined, { date: agreement.starts_on });
    if (today > agreement.ends_on) throw new DomainError("error.agreementEnded", 409, undefined, { date: agreement.ends_on });
    if (input.deliverOn < today) throw new DomainError("error.deliveryInPast", 422, "deliverOn");
    const schedule = (quantity: number) =>
      monthlySchedule({ perDelivery: quantity / input.months, day: Number(input.deliverOn.slice(8, 10)), months: input.months, firstMonth: input.deliverOn.slice(0, 7) });
    const usage = await agreementUsage(trx, agreement);
    const chosen = input.lines.flatMap((row, i) => (row.quantity ? [{ ...row, quantity: row.quantity, i }] : []));
    if (chosen.length === 0) throw new DomainError("error.callOffNothing", 422);
    let value = 0;
    const lines = [];
    for (const row of chosen) {
      const item = usage.items.find((it) => it.id === row.itemId);
      if (!item) throw new DomainError("error.invalid", 422, `lines[${row.i}].quantity`);
      if (item.remaining !== null && row.quantity > item.remaining) {
        throw new DomainError("error.callOffOverQuantity", 422, `lines[${row.i}].quantity`, { remaining: item.remaining });
      }
      if (row.quantity % input.months !== 0) throw new DomainError("error.callOffSpread", 422, `lines[${row.i}].quantity`, { months: input.months });
      const deliveries = schedule(row.quantity);
      if (deliveries.at(-1)!.dueOn > agreement.ends_on) throw new DomainError("error.callOffAfterEnd", 422, "deliverOn", { date: agreement.ends_on });
      value += row.quantity * item.unit_price;
      lines.push({
        rfq_line_id: item.rfq_line_id,
        part_name: item.part_name,
        part_number: item.part_number,
        unit: item.unit,
        quantity: row.quantity,
        unit_price: item.unit_price,
        agreement_item_id: item.id,
        deliveries,
      });
    }
    if (usage.remainingValue !== null && value > usage.remainingValue) {
      throw new DomainError("error.callOffOverValue", 422, undefined, { remaining: usage.remainingValue });
    }
    const orderId = await insertOrder(trx, {
      origin: "call_off",
      rfqId: agreement.rfq_id,
      awardId: agreement.award_id,
      buyerId: agreement.buyer_id,
      supplierId: agreement.supplier_id,
      title: agreement.title,
      agreementId: agreement.id,
      terms: {
        payment_due_days: agreement.payment_due_days,
        payment_terms: agreement.payment_terms,
        delivery_terms: agreement.delivery_terms,
        delivery_address: agreement.delivery_address,
        delivery_province_code: agreement.delivery_province_code,
        delivery_regency_code: agreement.delivery_regency_code,
        needed_by: input.deliverOn,
      },
      lines,
      actorUserId: options.actorUserId,
      now: options.now,
    });
    // The call-off is the buyer's signature: the order goes to the supplier at once.
    await applyOrderEvent(trx, { orderId, event: "send", actorUserId: options.actorUserId, side: "buyer", now: options.now });
    // A call-off changes what remains: a second tab's call-off on the old revision is refused.
    await trx.updateTable("agreements").set({ revision: agreement.revision + 1, updated_at: toTimestamp(options.now) }).where("id", "=", agreement.id).execute();
    await writeAuditForEach(trx, [agreement.buyer_id, agreement.supplier_id], {
      actorUserId: options.actorUserId,
      entityType: "agreement",
      entityId: agreement.id,
      action: "call_off",
      fromState: agreement.status,
      toState: agreement.status,
      detail: { orderId, value, lines: chosen.map((c) => ({ itemId: c.itemId, quantity: c.quantity })), deliverOn: input.deliverOn, months: input.months },
      now: options.now,
    });
    return orderId;
  });
}

/** The daily job: agreements past their end date expire (both sides told). Idempotent. */
export async function expireAgreements(db: Db, now: Date): Promise<number> {
  const today = jakartaDate(now);
  const due = await db.selectFrom("agreements").select("id").where("status", "in", ["active", "extension_proposed"]).where("ends_on", "<", today).execute();
  let expired = 0;
  for (const { id } of due) {
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom("agreements").select("status").where("id", "=", id).executeTakeFirstOrThrow();
      if (!allows(agreementTransitions, row.status, "expire")) return;
      await applyAgreementEvent(trx, { agreementId: id, event: "expire", actorUserId: null, side: null, now });
      expired++;
    });
  }
  return expired;
}
