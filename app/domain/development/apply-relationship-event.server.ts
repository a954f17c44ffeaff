import type { Trx } from "../../../db/client";
import type { SupplierRelationship } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAuditForEach } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { relationshipTransitions, type RelationshipEvent, type RelationshipState } from "./relationship-states";

/**
 * The only code that changes a buyer ↔ supplier probation. Inside a transaction: reads the pair's row (none
 * when missing), asks the table, inserts or updates only if the state and revision are still the ones it
 * read, writes an audit row for both organizations and tells the supplier (and the buyer, when the system
 * approves). `set` carries the cap and counters the caller computed for the new state.
 */
export async function applyRelationshipEvent(
  trx: Trx,
  options: {
    buyerId: number;
    supplierId: number;
    event: RelationshipEvent;
    actorUserId: number | null;
    now: Date;
    reason?: string | null;
    set: { baseCap?: number; cap?: number; required?: number; passed?: number };
    detail?: Record<string, unknown>;
  },
): Promise<{ from: RelationshipState; to: RelationshipState; relationship: SupplierRelationship }> {
  const row = await trx
    .selectFrom("supplier_relationships")
    .selectAll()
    .where("buyer_id", "=", options.buyerId)
    .where("supplier_id", "=", options.supplierId)
    .executeTakeFirst();
  const from: RelationshipState = row?.status ?? "none";
  const to = nextState(relationshipTransitions, from, options.event);
  if (!to || to === "none") throw new TransitionError("supplier relationship", from, options.event);
  const at = toTimestamp(options.now);
  const values = {
    status: to,
    base_cap_quantity: options.set.baseCap ?? row?.base_cap_quantity,
    cap_quantity: options.set.cap ?? row?.cap_quantity,
    trial_orders_required: options.set.required ?? row?.trial_orders_required,
    trial_orders_passed: options.set.passed ?? row?.trial_orders_passed ?? 0,
    reason: options.reason ?? null,
    updated_at: at,
    ...(to === "approved" ? { approved_at: at } : {}),
  };
  if (values.base_cap_quantity === undefined || values.cap_quantity === undefined || values.trial_orders_required === undefined) {
    throw new DomainError("error.invalid", 422);
  }
  if (!row) {
    await trx
      .insertInto("supplier_relationships")
      .values({
        ...values,
        base_cap_quantity: values.base_cap_quantity,
        cap_quantity: values.cap_quantity,
        trial_orders_required: values.trial_orders_required,
        buyer_id: options.buyerId,
        supplier_id: options.supplierId,
        created_by_user_id: options.actorUserId,
        created_at: at,
      })
      .execute();
  } else {
    const result = await trx
      .updateTable("supplier_relationships")
      .set({ ...values, base_cap_quantity: values.base_cap_quantity, cap_quantity: values.cap_quantity, trial_orders_required: values.trial_orders_required, revision: row.revision + 1 })
      .where("id", "=", row.id)
      .where("status", "=", row.status)
      .where("revision", "=", row.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("supplier relationship", from, options.event, "error.conflict");
  }
  const relationship = await trx
    .selectFrom("supplier_relationships")
    .selectAll()
    .where("buyer_id", "=", options.buyerId)
    .where("supplier_id", "=", options.supplierId)
    .executeTakeFirstOrThrow();
  const buyer = await trx.selectFrom("organizations").select("legal_name").where("id", "=", options.buyerId).executeTakeFirstOrThrow();
  await writeAuditForEach(trx, [options.buyerId, options.supplierId], {
    actorUserId: options.actorUserId,
    entityType: "supplier_relationship",
    entityId: relationship.id,
    action: options.event,
    fromState: from,
    toState: to,
    detail: {
      buyerId: options.buyerId,
      supplierId: options.supplierId,
      cap: relationship.cap_quantity,
      passed: relationship.trial_orders_passed,
      required: relationship.trial_orders_required,
      reason: options.reason ?? null,
      ...options.detail,
    },
    now: options.now,
  });
  const params = { buyer: buyer.legal_name, cap: relationship.cap_quantity, passed: relationship.trial_orders_passed, required: relationship.trial_orders_required };
  await notify(trx, { recipients: { organizationId: options.supplierId }, kind: `relationship_${options.event}`, params, link: "/development", organizationId: options.supplierId, now: options.now });
  if (options.actorUserId === null && options.event === "approve") {
    await notify(trx, { recipients: { organizationId: options.buyerId }, kind: "relationship_approve", params, link: "/buyer/suppliers", organizationId: options.buyerId, now: options.now });
  }
  return { from, to, relationship };
}
