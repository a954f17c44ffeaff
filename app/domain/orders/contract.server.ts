import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { monthlySchedule } from "./order-progress";
import { orderActionAllowed, pricesEditable } from "./order-states";
import { requireOrderParty } from "./order-access.server";
import type { ContractInput } from "./schemas";

/**
 * The buyer edits the contract draft (or answers a change request): payment days and terms, delivery terms,
 * and per line either one delivery on the needed-by date or a monthly schedule (e.g. 200 pieces on the 25th
 * for 12 months) that must add up to the line's quantity. Refused on a stale revision.
 */
export async function updateContract(
  db: Db,
  options: { orderId: number; buyerId: number; actorUserId: number; input: ContractInput; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { order } = await requireOrderParty(trx, { orderId: options.orderId, organizationId: options.buyerId, actorUserId: options.actorUserId, side: "buyer" });
    if (!orderActionAllowed("editContract", order.status)) throw new DomainError("error.contractLocked", 409);
    if (order.revision !== options.input.revision) throw new DomainError("error.orderChanged", 409);
    const lines = await trx.selectFrom("order_lines").select(["id", "quantity", "position"]).where("order_id", "=", order.id).execute();
    for (const [i, row] of options.input.schedules.entries()) {
      const line = lines.find((l) => l.id === row.orderLineId);
      if (!line) throw new DomainError("error.invalid", 422, `schedules[${i}].perDelivery`);
      const started = [row.perDelivery, row.day, row.months, row.firstMonth].some((v) => v !== undefined);
      if (!started) continue;
      for (const key of ["perDelivery", "day", "months", "firstMonth"] as const) {
        if (row[key] === undefined) throw new DomainError("error.required", 422, `schedules[${i}].${key}`);
      }
      if (row.perDelivery! * row.months! !== line.quantity) {
        throw new DomainError("error.scheduleMustAddUp", 422, `schedules[${i}].perDelivery`, {
          total: row.perDelivery! * row.months!,
          quantity: line.quantity,
        });
      }
      const deliveries = monthlySchedule({ perDelivery: row.perDelivery!, day: row.day!, months: row.months!, firstMonth: row.firstMonth! });
      await trx.deleteFrom("delivery_schedules").where("order_line_id", "=", line.id).execute();
      await trx
        .insertInto("delivery_schedules")
        .values(deliveries.map((d, n) => ({ order_line_id: line.id, sequence: n + 1, due_on: d.dueOn, quantity: d.quantity })))
        .execute();
    }
    const priced = options.input.prices.filter((p) => p.unitPrice !== undefined);
    if (priced.length > 0 && !pricesEditable(order)) throw new DomainError("error.pricesFixed", 409);
    for (const [i, row] of options.input.prices.entries()) {
      if (row.unitPrice === undefined) continue;
      if (!lines.some((l) => l.id === row.orderLineId)) throw new DomainError("error.invalid", 422, `prices[${i}].unitPrice`);
      await trx.updateTable("order_lines").set({ unit_price: row.unitPrice }).where("id", "=", row.orderLineId).where("order_id", "=", order.id).execute();
    }
    const result = await trx
      .updateTable("orders")
      .set({
        payment_due_days: options.input.paymentDueDays,
        payment_terms: options.input.paymentTerms ?? "",
        delivery_terms: options.input.deliveryTerms ?? "",
        revision: order.revision + 1,
        updated_at: toTimestamp(options.now),
      })
      .where("id", "=", order.id)
      .where("revision", "=", order.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new DomainError("error.orderChanged", 409);
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      entityType: "order",
      entityId: order.id,
      action: "edit_contract",
      fromState: order.status,
      toState: order.status,
      ...(priced.length > 0 ? { detail: { prices: priced } } : {}),
      now: options.now,
    });
  });
}
