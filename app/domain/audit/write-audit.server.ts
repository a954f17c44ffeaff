import type { DbOrTrx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
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

/** Appends one row to the audit log; called inside the transaction that makes the change. */
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
}

/** The same audit row for each organization concerned (e.g. both parties of an order), so each sees it. */
export async function writeAuditForEach(db: DbOrTrx, organizationIds: number[], entry: Omit<AuditEntry, "organizationId">): Promise<void> {
  for (const organizationId of organizationIds) await writeAudit(db, { ...entry, organizationId });
}

