import type { DbOrTrx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { eventFromAudit } from "../webhooks/events";
import { emitWebhook } from "../webhooks/outbox.server";
import { requestAddress } from "./request-context.server";

export interface AuditEntry {
  actorUserId: number | null;
  organizationId: number | null;
  entityType: string;
  entityId: string | number;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  detail?: Record<string, unknown>;
  now: Date;
}

/**
 * Appends one row to the audit log; called inside the transaction that makes the change. A row that is an event
 * (search: app/domain/webhooks/events.ts) also writes the organization's webhook deliveries, in the same
 * transaction: what is committed is announced, and nothing else.
 */
export async function writeAudit(db: DbOrTrx, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_user_id: entry.actorUserId,
      organization_id: entry.organizationId,
      entity_type: entry.entityType,
      entity_id: String(entry.entityId),
      action: entry.action,
      from_state: entry.fromState ?? null,
      to_state: entry.toState ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      actor_address: requestAddress(),
      created_at: toTimestamp(entry.now),
    })
    .execute();
  const event = entry.organizationId === null ? null : eventFromAudit(entry);
  if (event) await emitWebhook(db, { organizationId: entry.organizationId!, event, now: entry.now });
}

/** The same audit row for each organization concerned (e.g. both parties of an order), so each sees it. */
export async function writeAuditForEach(db: DbOrTrx, organizationIds: number[], entry: Omit<AuditEntry, "organizationId">): Promise<void> {
  for (const organizationId of organizationIds) await writeAudit(db, { ...entry, organizationId });
}

