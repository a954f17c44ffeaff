import { validProductTkdn } from "../suppliers/listing-data";
import type { Db, DbOrTrx } from "../../../db/client";
import type { Rfq } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { formatDateTime } from "../../i18n/format";
import { writeAudit } from "../audit/write-audit.server";
import { emitWebhook } from "../webhooks/outbox.server";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { requireMembership } from "../organizations/memberships.server";
import { approvedListingData, isApprovedSupplier } from "../suppliers/approved-suppliers.server";
import { jakartaDate } from "../time";
import { applyBidEvent } from "./apply-bid-event.server";
import { closeRfqIfDue } from "./close-due-rfqs.server";
import { visibleTo } from "./rfq-access.server";
import { storeRfqFile } from "./rfq-files.server";
import type { BidInput } from "./schemas";

export interface BidResult {
  bidId: number;
  version: number;
  /** The same form was submitted again (a double click): nothing new was made. */
  duplicate: boolean;
}

/**
 * A supplier's bid, or its revision (a new version; every version is kept). Refused after the deadline
 * (server time), on a cancelled or closed RFQ, for an RFQ the supplier cannot see, for a supplier whose
 * listing is not approved. A cooperative splits each line among its active members; the shares must add
 * up to the line's quantity, and the bid's TKDN is their quantity-weighted roll-up.
 */
export async function submitBid(
  db: Db,
  options: { rfqId: number; supplierId: number; actorUserId: number; input: BidInput; now: Date },
): Promise<BidResult> {
  await closeRfqIfDue(db, options.rfqId, options.now);
  return db.transaction().execute(async (trx) => {
    const supplier = await requireMembership(trx, options.actorUserId, options.supplierId);
    if (supplier.kind === "buyer") throw new DomainError("error.forbidden", 403);
    // A repeated form (a double click) answers with what the first one made, even if it lands after the deadline.
    const repeated = await trx
      .selectFrom("bid_versions")
      .innerJoin("bids", "bids.id", "bid_versions.bid_id")
      .select(["bids.id", "bids.supplier_id", "bid_versions.number"])
      .where("bid_versions.submission_key", "=", options.input.submissionKey)
      .executeTakeFirst();
    if (repeated) {
      if (repeated.supplier_id !== options.supplierId) throw new DomainError("error.invalid", 422);
      return { bidId: repeated.id, version: repeated.number, duplicate: true };
    }
    const rfq = await biddableRfq(trx, options.rfqId, options.supplierId, options.actorUserId, options.now);
    if (!(await isApprovedSupplier(trx, options.supplierId))) throw new DomainError("error.supplierNotApproved", 403);
    if (options.input.validUntil < jakartaDate(options.now)) throw new DomainError("error.validUntilPast", 422, "validUntil");

    const priced = await checkLines(trx, rfq, supplier.kind === "cooperative", { ...options, today: jakartaDate(options.now) });
    const at = toTimestamp(options.now);
    const existing = await trx
      .selectFrom("bids")
      .select(["id", "status"])
      .where("rfq_id", "=", rfq.id)
      .where("supplier_id", "=", options.supplierId)
      .executeTakeFirst();
    let bidId: number;
    let version: number;
    if (existing) {
      const revised = await applyBidEvent(trx, { bidId: existing.id, event: "revise", actorUserId: options.actorUserId, now: options.now });
      bidId = existing.id;
      version = revised.version;
    } else {
      bidId = (
        await trx
          .insertInto("bids")
          .values({ rfq_id: rfq.id, supplier_id: options.supplierId, created_at: at, updated_at: at })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      version = 1;
      await writeAudit(trx, {
        actorUserId: options.actorUserId,
        organizationId: options.supplierId,
        entityType: "bid",
        entityId: bidId,
        action: "submit",
        toState: "submitted",
        detail: { rfqId: rfq.id, version },
        now: options.now,
      });
    }

    const { id: versionId } = await trx
      .insertInto("bid_versions")
      .values({
        bid_id: bidId,
        number: version,
        rfq_version: rfq.version,
        lead_time_days: options.input.leadTimeDays,
        valid_until: options.input.validUntil,
        delivery_terms: options.input.deliveryTerms ?? "",
        notes: options.input.notes ?? "",
        total_amount: priced.total,
        tkdn_percent: priced.tkdnPercent,
        submission_key: options.input.submissionKey,
        created_by_user_id: options.actorUserId,
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const line of priced.lines) {
      const { id: bidLineId } = await trx
        .insertInto("bid_lines")
        .values({
          bid_version_id: versionId,
          rfq_line_id: line.rfqLineId,
          quantity: line.quantity,
          unit_price: line.unitPrice,
          product_name: line.productName,
          tkdn_percent: line.tkdnPercent,
          bmp_percent: line.bmpPercent,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const share of line.shares) {
        await trx
          .insertInto("bid_line_shares")
          .values({ bid_line_id: bidLineId, member_id: share.memberId, quantity: share.quantity, tkdn_percent: share.tkdnPercent, bmp_percent: share.bmpPercent })
          .execute();
      }
    }
    if (options.input.attachment && options.input.attachment.size > 0) {
      await storeRfqFile(trx, {
        rfqId: rfq.id,
        bidId,
        organizationId: options.supplierId,
        actorUserId: options.actorUserId,
        file: options.input.attachment,
        field: "attachment",
        now: options.now,
      });
    }
    if (!existing) {
      const { count } = await trx
        .selectFrom("bids")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("rfq_id", "=", rfq.id)
        .where("status", "=", "submitted")
        .executeTakeFirstOrThrow();
      // The buyer's systems hear of it too: a count, never the bid (sealed until the deadline).
      await emitWebhook(trx, {
        organizationId: rfq.buyer_id,
        event: { family: "rfq", type: "rfq.bid_received", data: { object: "rfq", id: rfq.id, bidCount: Number(count), href: `/api/v1/rfqs/${rfq.id}` } },
        now: options.now,
      });
      await notify(trx, {
        recipients: { organizationId: rfq.buyer_id },
        kind: "rfq_bid_received",
        params: { title: rfq.title, count: Number(count) },
        link: `/rfqs/${rfq.id}`,
        organizationId: rfq.buyer_id,
        now: options.now,
      });
    }
    return { bidId, version, duplicate: false };
  });
}

/** The supplier withdraws its bid before the deadline; it may bid again until then. */
export async function withdrawBid(
  db: Db,
  options: { rfqId: number; bidId: number; supplierId: number; actorUserId: number; now: Date },
): Promise<void> {
  await closeRfqIfDue(db, options.rfqId, options.now);
  await db.transaction().execute(async (trx) => {
    await requireMembership(trx, options.actorUserId, options.supplierId);
    const bid = await trx
      .selectFrom("bids")
      .select("id")
      .where("id", "=", options.bidId)
      .where("rfq_id", "=", options.rfqId)
      .where("supplier_id", "=", options.supplierId)
      .executeTakeFirst();
    if (!bid) throw new DomainError("error.bidNotFound", 404);
    await biddableRfq(trx, options.rfqId, options.supplierId, options.actorUserId, options.now);
    await applyBidEvent(trx, { bidId: bid.id, event: "withdraw", actorUserId: options.actorUserId, now: options.now });
  });
}

/** The RFQ, if this supplier can see it and bids are still accepted at `now` (409 with the reason otherwise). */
async function biddableRfq(trx: DbOrTrx, rfqId: number, supplierId: number, userId: number, now: Date): Promise<Rfq> {
  const rfq = await trx
    .selectFrom("rfqs")
    .selectAll()
    .where("id", "=", rfqId)
    .where(visibleTo({ userId, organizationId: supplierId, sells: true }))
    .executeTakeFirst();
  if (!rfq || rfq.status === "draft") throw new DomainError("error.rfqNotFound", 404);
  if (rfq.buyer_id === supplierId) throw new DomainError("error.forbidden", 403);
  if (rfq.status === "cancelled") throw new DomainError("error.rfqCancelled", 409);
  if (rfq.status !== "open" || !rfq.bid_deadline || now >= new Date(rfq.bid_deadline)) {
    throw new DomainError("error.deadlinePassed", 409, undefined, {
      deadline: rfq.bid_deadline ? formatDateTime(rfq.bid_deadline, "id") : "",
    });
  }
  return rfq;
}

interface PricedLine {
  index: number;
  rfqLineId: number;
  quantity: number;
  unitPrice: number;
  productName: string | null;
  /** The offered product's TKDN and BMP on the day of the bid (a joint bid's, rolled up by quantity). */
  tkdnPercent: number | null;
  bmpPercent: number | null;
  shares: { memberId: number; quantity: number; tkdnPercent: number | null; bmpPercent: number | null }[];
}

/** Checks the priced lines against the RFQ (and a cooperative's shares against its members); totals them. */
async function checkLines(
  trx: DbOrTrx,
  rfq: Rfq,
  isCooperative: boolean,
  options: { supplierId: number; input: BidInput; today: string },
): Promise<{ lines: PricedLine[]; total: number; tkdnPercent: number | null }> {
  const rfqLines = new Map(
    (await trx.selectFrom("rfq_lines").select(["id", "quantity", "min_tkdn_percent", "min_tkdn_bmp_percent", "tkdn_rule"]).where("rfq_id", "=", rfq.id).execute()).map((l) => [l.id, l]),
  );
  const activeMembers = isCooperative
    ? new Set(
        (
          await trx
            .selectFrom("cooperative_memberships")
            .select("member_id")
            .where("cooperative_id", "=", options.supplierId)
            .where("status", "=", "active")
            .execute()
        ).map((m) => m.member_id),
      )
    : new Set<number>();
  const lines: PricedLine[] = [];
  const seen = new Set<number>();
  for (const [i, line] of options.input.lines.entries()) {
    if (line.quantity === undefined || line.unitPrice === undefined) continue;
    const rfqLine = rfqLines.get(line.rfqLineId);
    if (!rfqLine || seen.has(line.rfqLineId)) throw new DomainError("error.invalid", 422, `lines[${i}].quantity`);
    seen.add(line.rfqLineId);
    if (line.quantity > rfqLine.quantity) {
      throw new DomainError("error.bidQuantityTooLarge", 422, `lines[${i}].quantity`, { max: rfqLine.quantity });
    }
    if (!isCooperative && line.shares.length > 0) throw new DomainError("error.sharesOnlyCooperative", 422, `lines[${i}].shares`);
    if (isCooperative) {
      if (line.shares.length === 0) throw new DomainError("error.sharesRequired", 422, `lines[${i}].shares`);
      const members = line.shares.map((s) => s.memberId!);
      if (new Set(members).size !== members.length) throw new DomainError("error.shareMemberTwice", 422, `lines[${i}].shares`);
      if (members.some((m) => !activeMembers.has(m))) throw new DomainError("error.notActiveMember", 422, `lines[${i}].shares`);
      const sum = line.shares.reduce((s, share) => s + share.quantity!, 0);
      if (sum !== line.quantity) {
        throw new DomainError("error.sharesMustAddUp", 422, `lines[${i}].shares`, { sum, quantity: line.quantity });
      }
    }
    lines.push({
      index: i,
      rfqLineId: line.rfqLineId,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      productName: line.productName || null,
      tkdnPercent: null,
      bmpPercent: null,
      shares: line.shares.map((s) => ({ memberId: s.memberId!, quantity: s.quantity!, tkdnPercent: null, bmpPercent: null })),
    });
  }
  if (lines.length === 0) throw new DomainError("error.bidLinesRequired", 422, "lines");
  const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);

  const organizations = isCooperative ? lines.flatMap((l) => l.shares.map((s) => s.memberId)) : [options.supplierId];
  const listings = await approvedListingData(trx, organizations);
  const tkdnOf = (orgId: number) => listings.get(orgId)?.tkdn?.percent ?? null;
  // TKDN is certified per product: each line's offered product, valid today (a joint bid: each member's
  // product of that name, rolled up by the quantity it makes).
  const productOf = (orgId: number, name: string | null) => (name ? (listings.get(orgId)?.products.find((p) => p.name === name) ?? null) : null);
  for (const line of lines) {
    if (!isCooperative) {
      const product = productOf(options.supplierId, line.productName);
      if (line.productName && !product) throw new DomainError("error.unknownProduct", 422, `lines[${line.index}].productName`);
      const tkdn = product ? validProductTkdn(product, options.today) : null;
      line.tkdnPercent = tkdn?.percent ?? null;
      line.bmpPercent = tkdn?.bmpPercent ?? null;
    } else {
      for (const share of line.shares) {
        const tkdn = (() => {
          const product = productOf(share.memberId, line.productName);
          return product ? validProductTkdn(product, options.today) : null;
        })();
        share.tkdnPercent = line.productName ? (tkdn?.percent ?? null) : tkdnOf(share.memberId);
        share.bmpPercent = tkdn?.bmpPercent ?? null;
      }
      line.tkdnPercent = line.productName ? rollUpTkdn(line.shares) : null;
      line.bmpPercent = line.productName ? rollUpTkdn(line.shares.map((s) => ({ quantity: s.quantity, tkdnPercent: s.bmpPercent }))) : null;
    }
    checkTkdnRequirement(rfqLines.get(line.rfqLineId)!, line);
  }
  if (!isCooperative) return { lines, total, tkdnPercent: tkdnOf(options.supplierId) };
  return { lines, total, tkdnPercent: rollUpTkdn(lines.flatMap((l) => l.shares)) };
}

/**
 * A line's hard TKDN requirement refuses a bid line below it, with the reason next to the product it offers;
 * a preference only flags it in the comparison.
 */
export function checkTkdnRequirement(
  rfqLine: { min_tkdn_percent: number | null; min_tkdn_bmp_percent: number | null; tkdn_rule: "hard" | "preference" },
  line: { index: number; tkdnPercent: number | null; bmpPercent: number | null },
): void {
  if (rfqLine.tkdn_rule !== "hard") return;
  const tkdn = line.tkdnPercent ?? 0;
  const field = `lines[${line.index}].productName`;
  if (rfqLine.min_tkdn_percent !== null && tkdn < rfqLine.min_tkdn_percent) {
    throw new DomainError("error.tkdnBelowMinimum", 422, field, { minimum: rfqLine.min_tkdn_percent, actual: tkdn });
  }
  if (rfqLine.min_tkdn_bmp_percent !== null && tkdn + (line.bmpPercent ?? 0) < rfqLine.min_tkdn_bmp_percent) {
    throw new DomainError("error.tkdnBmpBelowMinimum", 422, field, { minimum: rfqLine.min_tkdn_bmp_percent, actual: Math.round((tkdn + (line.bmpPercent ?? 0)) * 100) / 100 });
  }
}

/**
 * A cooperative bid's TKDN: the members' TKDN weighted by the quantity each makes. A member without a TKDN
 * certificate counts as 0 %, so the figure is never better than what is certified.
 */
export function rollUpTkdn(shares: { quantity: number; tkdnPercent: number | null }[]): number | null {
  const quantity = shares.reduce((s, share) => s + share.quantity, 0);
  if (quantity === 0) return null;
  const weighted = shares.reduce((s, share) => s + share.quantity * (share.tkdnPercent ?? 0), 0);
  return Math.round((weighted / quantity) * 100) / 100;
}
