import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { createOrdersForAward } from "../orders/create-orders.server";
import { createAgreementsForAward } from "../agreements/agreements.server";
import { trialWinners } from "../development/supplier-readiness.server";
import { applyBidEvent } from "./apply-bid-event.server";
import { applyRfqEvent } from "./apply-rfq-event.server";
import { closeRfqIfDue } from "./close-due-rfqs.server";
import { requireOwnRfq } from "./rfq-access.server";
import { localContentPolicy } from "./comparison.server";
import { perpresRule } from "../tax/local-content";

export interface Allocation {
  bidId: number;
  rfqLineId: number;
  quantity?: number;
}

/**
 * The buyer awards a closed RFQ: the whole of it to one supplier, or each line (or part of its quantity) to
 * different suppliers, with a reason. Winning bids are marked won and their suppliers told; every other
 * bid is marked lost and told without any price; one order (a contract draft) is made per winning
 * supplier. The RFQ's status change is the guard: of two staff
 * awarding at once, one wins and the other is told it is already awarded.
 */
export async function awardRfq(
  db: Db,
  options: {
    rfqId: number;
    buyerId: number;
    actorUserId: number;
    reason: string;
    allocations: Allocation[];
    now: Date;
    trial?: boolean;
    /** The buyer read the warning that this award breaks Perpres 46/2025's local-content rule, and goes on. */
    acknowledgeLocalContent?: boolean;
    /** Award as framework agreements (one per winner, for this many months) instead of orders. */
    asAgreement?: { months: number };
  },
): Promise<{ awardId: number; orderIds: number[]; agreementIds: number[]; winners: number[] }> {
  await closeRfqIfDue(db, options.rfqId, options.now);
  return db.transaction().execute(async (trx) => {
    const rfq = await requireOwnRfq(trx, options);
    if (rfq.status === "awarded") throw new DomainError("error.alreadyAwarded", 409);
    if (rfq.status === "draft" || rfq.status === "open") throw new DomainError("error.awardBeforeClose", 409);
    if (rfq.status !== "closed") throw new DomainError("error.rfqCancelled", 409);

    const lines = new Map(
      (await trx.selectFrom("rfq_lines").select(["id", "quantity", "position"]).where("rfq_id", "=", rfq.id).execute()).map((l) => [l.id, l]),
    );
    const bids = await trx
      .selectFrom("bids")
      .innerJoin("bid_versions", (join) => join.onRef("bid_versions.bid_id", "=", "bids.id").onRef("bid_versions.number", "=", "bids.version"))
      .select(["bids.id", "bids.supplier_id", "bids.status", "bid_versions.id as version_id"])
      .where("bids.rfq_id", "=", rfq.id)
      .where("bids.status", "=", "submitted")
      .execute();
    const bidById = new Map(bids.map((b) => [b.id, b]));
    const bidLines = bids.length
      ? await trx
          .selectFrom("bid_lines")
          .select(["bid_version_id", "rfq_line_id", "quantity", "unit_price", "tkdn_percent", "bmp_percent"])
          .where(
            "bid_version_id",
            "in",
            bids.map((b) => b.version_id),
          )
          .execute()
      : [];

    const awarded = new Map<number, number>();
    const awardedFromBid = new Map<string, number>();
    const chosen: { bidId: number; supplierId: number; rfqLineId: number; quantity: number; unitPrice: number }[] = [];
    for (const [i, allocation] of options.allocations.entries()) {
      const quantity = allocation.quantity ?? 0;
      if (quantity === 0) continue;
      const field = `allocations[${i}].quantity`;
      if (quantity < 0 || !Number.isSafeInteger(quantity)) throw new DomainError("error.quantityPositive", 422, field);
      const bid = bidById.get(allocation.bidId);
      if (!bid) throw new DomainError("error.bidNotFound", 404);
      const line = lines.get(allocation.rfqLineId);
      const bidLine = bidLines.find((l) => l.bid_version_id === bid.version_id && l.rfq_line_id === allocation.rfqLineId);
      if (!line || !bidLine) throw new DomainError("error.awardNoBidLine", 422, field);
      const fromBid = (awardedFromBid.get(`${bid.id}:${line.id}`) ?? 0) + quantity;
      if (fromBid > bidLine.quantity) throw new DomainError("error.awardMoreThanBid", 422, field, { max: bidLine.quantity });
      awardedFromBid.set(`${bid.id}:${line.id}`, fromBid);
      const total = (awarded.get(line.id) ?? 0) + quantity;
      if (total > line.quantity) throw new DomainError("error.awardMoreThanLine", 422, field, { line: line.position, max: line.quantity });
      awarded.set(line.id, total);
      const same = chosen.find((c) => c.bidId === bid.id && c.rfqLineId === line.id);
      if (same) same.quantity += quantity;
      else chosen.push({ bidId: bid.id, supplierId: bid.supplier_id, rfqLineId: line.id, quantity, unitPrice: bidLine.unit_price });
    }
    if (chosen.length === 0) throw new DomainError("error.awardEmpty", 422, "allocations");
    // A government or BUMN buyer is warned before an award breaks Perpres 46/2025; going on is its call, audited.
    const policy = await localContentPolicy(trx, options.buyerId);
    const breaking: { line: number; bidId: number; tkdnPercent: number }[] = [];
    for (const line of lines.values()) {
      const offers = bids.flatMap((b) => {
        const bl = bidLines.find((l) => l.bid_version_id === b.version_id && l.rfq_line_id === line.id);
        return bl ? [{ bidId: b.id, tkdnPercent: bl.tkdn_percent, bmpPercent: bl.bmp_percent }] : [];
      });
      const rule = perpresRule(offers, policy);
      for (const c of chosen.filter((x) => x.rfqLineId === line.id)) {
        const wrong = rule?.ineligible.find((i) => i.bidId === c.bidId);
        if (wrong) breaking.push({ line: line.position, bidId: c.bidId, tkdnPercent: wrong.tkdnPercent });
      }
    }
    if (breaking.length > 0 && !options.acknowledgeLocalContent) {
      throw new DomainError("error.perpresWarning", 422, "acknowledgeLocalContent", { line: breaking[0]!.line, minimum: policy.tkdnMinimum, threshold: policy.tkdnBmpThreshold });
    }
    // Suppliers on probation with this buyer (or made so by a trial award) get trial orders, within their cap.
    const trialSuppliers = await trialWinners(trx, {
      buyerId: options.buyerId,
      markTrial: options.trial === true,
      awarded: chosen.map((c) => ({ supplierId: c.supplierId, quantity: c.quantity })),
      actorUserId: options.actorUserId,
      now: options.now,
    });

    await applyRfqEvent(trx, { rfqId: rfq.id, event: "award", actorUserId: options.actorUserId, now: options.now, reason: options.reason });
    const at = toTimestamp(options.now);
    const { id: awardId } = await trx
      .insertInto("awards")
      .values({ rfq_id: rfq.id, reason: options.reason, decided_by_user_id: options.actorUserId, created_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const c of chosen) {
      await trx
        .insertInto("award_lines")
        .values({ award_id: awardId, rfq_line_id: c.rfqLineId, bid_id: c.bidId, supplier_id: c.supplierId, quantity: c.quantity, unit_price: c.unitPrice })
        .execute();
    }
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      entityType: "award",
      entityId: awardId,
      action: "create",
      detail: { rfqId: rfq.id, lines: chosen.length, ...(breaking.length ? { localContentOverride: breaking } : {}) },
      now: options.now,
    });

    // A supplier on probation with this buyer gets trial orders first, not an agreement.
    if (options.asAgreement && trialSuppliers.size > 0) throw new DomainError("error.agreementTrial", 422, "asAgreement");
    const agreementIds = options.asAgreement ? await createAgreementsForAward(trx, { awardId, months: options.asAgreement.months, actorUserId: options.actorUserId, now: options.now }) : [];
    const orderIds = options.asAgreement ? [] : await createOrdersForAward(trx, { awardId, actorUserId: options.actorUserId, now: options.now });
    if (trialSuppliers.size > 0) {
      await trx.updateTable("orders").set({ is_trial: 1 }).where("award_id", "=", awardId).where("supplier_id", "in", [...trialSuppliers]).execute();
    }
    const winners = [...new Set(chosen.map((c) => c.bidId))];
    for (const bid of bids) {
      const won = winners.includes(bid.id);
      await applyBidEvent(trx, { bidId: bid.id, event: won ? "award" : "lose", actorUserId: options.actorUserId, now: options.now });
      await notify(trx, {
        recipients: { organizationId: bid.supplier_id },
        kind: won ? "rfq_won" : "rfq_lost",
        params: { title: rfq.title },
        link: `/rfqs/${rfq.id}/bid`,
        organizationId: bid.supplier_id,
        now: options.now,
      });
    }
    return { awardId, orderIds, agreementIds, winners: winners.map((id) => bidById.get(id)!.supplier_id) };
  });
}
