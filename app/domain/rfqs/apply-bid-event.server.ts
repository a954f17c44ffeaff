import type { Trx } from "../../../db/client";
import type { BidStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { bidTransitions, type BidEvent } from "./bid-states";

/**
 * The only code that changes a bid's status (and which version is current). Call it inside a transaction:
 * it re-reads the row, asks the transition table, updates only if status and version are unchanged, and
 * writes an audit row for the supplier.
 */
export async function applyBidEvent(
  trx: Trx,
  options: { bidId: number; event: BidEvent; actorUserId: number | null; now: Date; detail?: Record<string, unknown> },
): Promise<{ from: BidStatus; to: BidStatus; version: number; supplierId: number; rfqId: number }> {
  const bid = await trx
    .selectFrom("bids")
    .select(["id", "status", "version", "supplier_id", "rfq_id"])
    .where("id", "=", options.bidId)
    .executeTakeFirst();
  if (!bid) throw new DomainError("error.bidNotFound", 404);
  const to = nextState(bidTransitions, bid.status, options.event);
  if (!to) throw new TransitionError("bid", bid.status, options.event);

  const version = options.event === "revise" ? bid.version + 1 : bid.version;
  const result = await trx
    .updateTable("bids")
    .set({ status: to, version, updated_at: toTimestamp(options.now) })
    .where("id", "=", bid.id)
    .where("status", "=", bid.status)
    .where("version", "=", bid.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("bid", bid.status, options.event);

  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: bid.supplier_id,
    entityType: "bid",
    entityId: bid.id,
    action: options.event,
    fromState: bid.status,
    toState: to,
    detail: { rfqId: bid.rfq_id, version, ...options.detail },
    now: options.now,
  });
  return { from: bid.status, to, version, supplierId: bid.supplier_id, rfqId: bid.rfq_id };
}
