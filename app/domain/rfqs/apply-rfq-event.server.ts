import type { Trx } from "../../../db/client";
import type { RfqStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { enqueueSearchUpdate } from "../search/outbox.server";
import { rfqTransitions, type RfqEvent } from "./rfq-states";

export interface RfqEventResult {
  from: RfqStatus;
  to: RfqStatus;
  rfqId: number;
  buyerId: number;
  title: string;
  version: number;
}

/**
 * The only code that changes an RFQ's status (and its content version number). Call it inside a
 * transaction: it re-reads the row, asks the transition table, updates only if the status and version are
 * still the ones it read (so of two buyers' staff awarding at once exactly one wins), and writes an audit row.
 */
export async function applyRfqEvent(
  trx: Trx,
  options: {
    rfqId: number;
    event: RfqEvent;
    actorUserId: number | null;
    now: Date;
    reason?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<RfqEventResult> {
  const rfq = await trx
    .selectFrom("rfqs")
    .select(["id", "status", "version", "buyer_id", "title"])
    .where("id", "=", options.rfqId)
    .executeTakeFirst();
  if (!rfq) throw new DomainError("error.rfqNotFound", 404);
  const to = nextState(rfqTransitions, rfq.status, options.event);
  if (!to) throw new TransitionError("rfq", rfq.status, options.event);

  const at = toTimestamp(options.now);
  const version = options.event === "amend" ? rfq.version + 1 : rfq.version;
  const result = await trx
    .updateTable("rfqs")
    .set({
      status: to,
      version,
      updated_at: at,
      ...(options.event === "publish" ? { published_at: at } : {}),
      ...(options.event === "close" ? { closed_at: at } : {}),
      ...(options.event === "cancel" ? { cancel_reason: options.reason ?? null } : {}),
    })
    .where("id", "=", rfq.id)
    .where("status", "=", rfq.status)
    .where("version", "=", rfq.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("rfq", rfq.status, options.event);

  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: rfq.buyer_id,
    entityType: "rfq",
    entityId: rfq.id,
    action: options.event,
    fromState: rfq.status,
    toState: to,
    detail: { version, reason: options.reason ?? null, ...options.detail },
    now: options.now,
  });
  // Open public RFQs are in the search index: every status change (and amendment) refreshes or removes it.
  await enqueueSearchUpdate(trx, { type: "rfq", id: rfq.id, now: options.now });
  return { from: rfq.status, to, rfqId: rfq.id, buyerId: rfq.buyer_id, title: rfq.title, version };
}
