import { sql } from "kysely";
import type { DbOrTrx } from "../../../db/client";
import { allowedEvents } from "../lifecycle";
import { regionNames } from "../organizations/regions.server";
import { requireAgreementParty } from "./apply-agreement-event.server";
import { AGREEMENT_EVENT_ACTORS, agreementActionsFor, agreementTransitions } from "./agreement-states";
import { agreementUsage, agreementWarnings } from "./agreements.server";

// What the agreement pages show, always scoped to one of the agreement's two parties.

/** The organization's agreements (as buyer or supplier), newest first, with what is used of each. */
export async function listAgreements(db: DbOrTrx, organizationId: number, today: string) {
  const rows = await db
    .selectFrom("agreements")
    .innerJoin("organizations as buyer", "buyer.id", "agreements.buyer_id")
    .innerJoin("organizations as supplier", "supplier.id", "agreements.supplier_id")
    .select([
      "agreements.id",
      "agreements.number",
      "agreements.title",
      "agreements.status",
      "agreements.starts_on",
      "agreements.ends_on",
      "agreements.max_value",
      "agreements.buyer_id",
      "buyer.legal_name as buyer_name",
      "supplier.legal_name as supplier_name",
    ])
    .where((eb) => eb.or([eb("agreements.buyer_id", "=", organizationId), eb("agreements.supplier_id", "=", organizationId)]))
    .orderBy("agreements.id", "desc")
    .limit(200)
    .execute();
  const result = [];
  for (const row of rows) {
    const usage = await agreementUsage(db, row);
    result.push({ ...row, side: row.buyer_id === organizationId ? ("buyer" as const) : ("supplier" as const), usedValue: usage.usedValue, usedPercent: usage.usedPercent, warnings: agreementWarnings(row, usage, today) });
  }
  return result;
}

/** Everything the agreement's page shows to one of its parties. */
export async function getAgreementPage(db: DbOrTrx, options: { agreementId: number; organizationId: number; actorUserId: number; today: string }) {
  const { agreement, side } = await requireAgreementParty(db, options);
  const parties = await db.selectFrom("organizations").select(["id", "legal_name", "slug"]).where("id", "in", [agreement.buyer_id, agreement.supplier_id]).execute();
  const usage = await agreementUsage(db, agreement);
  const callOffs = await db
    .selectFrom("orders")
    .select((eb) => [
      "orders.id",
      "orders.number",
      "orders.status",
      "orders.needed_by",
      "orders.created_at",
      eb
        .selectFrom("order_lines")
        .select(sql<number>`sum(order_lines.quantity * order_lines.unit_price)`.as("v"))
        .whereRef("order_lines.order_id", "=", "orders.id")
        .as("value"),
      eb.selectFrom("order_lines").select(sql<number>`sum(order_lines.quantity)`.as("q")).whereRef("order_lines.order_id", "=", "orders.id").as("quantity"),
    ])
    .where("orders.agreement_id", "=", agreement.id)
    .orderBy("orders.id", "desc")
    .execute();
  const source = agreement.source_order_id
    ? await db.selectFrom("orders").select(["id", "number"]).where("id", "=", agreement.source_order_id).executeTakeFirst()
    : undefined;
  const timeline = await db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_user_id")
    .select(["audit_log.id", "audit_log.entity_type", "audit_log.action", "audit_log.detail", "audit_log.created_at", "users.name as actor"])
    .where("audit_log.organization_id", "=", options.organizationId)
    .where("audit_log.entity_type", "=", "agreement")
    .where("audit_log.entity_id", "=", String(agreement.id))
    .orderBy("audit_log.id", "desc")
    .execute();
  return {
    agreement,
    side,
    buyer: parties.find((p) => p.id === agreement.buyer_id)!,
    supplier: parties.find((p) => p.id === agreement.supplier_id)!,
    region: await regionNames(agreement.delivery_province_code, agreement.delivery_regency_code),
    usage,
    warnings: agreementWarnings(agreement, usage, options.today),
    callOffs: callOffs.map((c) => ({ ...c, value: Number(c.value ?? 0), quantity: Number(c.quantity ?? 0) })),
    source: source ?? null,
    /** The table's events this side may take now, and the other actions (edit the draft, call off). */
    steps: allowedEvents(agreementTransitions, agreement.status, { table: AGREEMENT_EVENT_ACTORS, side }),
    actions: agreementActionsFor(agreement.status, side),
    timeline: timeline.map((t) => ({ ...t, detail: JSON.parse(t.detail) as Record<string, unknown> })),
    today: options.today,
  };
}
export type AgreementPage = Awaited<ReturnType<typeof getAgreementPage>>;
