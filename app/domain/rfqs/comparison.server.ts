import { allows } from "../lifecycle";
import { rfqActionAllowed, rfqTransitions } from "./rfq-states";
import { toCsv } from "../../exports/csv";
import type { Kysely } from "kysely";
import type { DbOrTrx } from "../../../db/client";
import { compiledByShape } from "../../../db/compiled";
import type { Database } from "../../../db/schema";
import { DomainError } from "../errors";
import { scorecardsFor } from "../scorecards/scorecard.server";
import { approvedListingData } from "../suppliers/approved-suppliers.server";
import { certificateState } from "../suppliers/listing-data";
import { groupBy } from "../group-by";
import { jakartaDate } from "../time";
import { COMPARABLE_BID_STATES } from "./bid-states";
import { loadOwnRfq } from "./rfq-access.server";
import { belowLineMinimum, perpresRule, type LocalContentPolicy } from "../tax/local-content";
import { taxStatusOf } from "../tax/tax-identity.server";
import { taxSettings } from "../tax/tax-settings.server";

/** Whether Perpres 46/2025 binds this buyer (a verified government or BUMN collector here), with its figures. */
export async function localContentPolicy(db: DbOrTrx, buyerId: number): Promise<LocalContentPolicy> {
  const [status, settings] = await Promise.all([taxStatusOf(db, buyerId), taxSettings(db)]);
  return { applies: status.collector !== "none", tkdnBmpThreshold: settings.perpresTkdnBmpThreshold, tkdnMinimum: settings.perpresTkdnMinimum };
}

// The comparison's reads, compiled once per shape (db/compiled.ts, compiledByShape): the page is opened again
// and again while a buyer decides, and building these queries cost more than SQLite takes to run them.
const comparisonLines = compiledByShape((db: Kysely<Database>, v: { rfqId: number }) =>
  db
    .selectFrom("rfq_lines")
    .select(["id", "position", "part_name", "part_number", "quantity", "unit", "target_unit_price", "material_code", "process_code", "min_tkdn_percent", "min_tkdn_bmp_percent", "tkdn_rule"])
    .where("rfq_id", "=", v.rfqId)
    .orderBy("position"),
);

const comparableBids = compiledByShape((db: Kysely<Database>, v: { rfqId: number }) =>
  db
    .selectFrom("bids")
    .innerJoin("bid_versions", (join) =>
      join.onRef("bid_versions.bid_id", "=", "bids.id").onRef("bid_versions.number", "=", "bids.version"),
    )
    .innerJoin("organizations", "organizations.id", "bids.supplier_id")
    .select([
      "bids.id",
      "bids.status",
      "bids.supplier_id",
      "organizations.legal_name",
      "organizations.slug",
      "organizations.kind",
      "bid_versions.id as version_id",
      "bid_versions.number as version",
      "bid_versions.rfq_version",
      "bid_versions.lead_time_days",
      "bid_versions.valid_until",
      "bid_versions.delivery_terms",
      "bid_versions.notes",
      "bid_versions.total_amount",
      "bid_versions.tkdn_percent",
    ])
    .where("bids.rfq_id", "=", v.rfqId)
    .where("bids.status", "in", COMPARABLE_BID_STATES)
    .orderBy("bid_versions.total_amount"),
);

const linesOfVersions = compiledByShape((db: Kysely<Database>, v: { versionIds: readonly number[] }) =>
  db
    .selectFrom("bid_lines")
    .select(["id", "bid_version_id", "rfq_line_id", "quantity", "unit_price", "product_name", "tkdn_percent", "bmp_percent"])
    .where("bid_version_id", "in", v.versionIds),
);

const sharesOfLines = compiledByShape((db: Kysely<Database>, v: { bidLineIds: readonly number[] }) =>
  db
    .selectFrom("bid_line_shares")
    .innerJoin("organizations", "organizations.id", "bid_line_shares.member_id")
    .select(["bid_line_shares.bid_line_id", "bid_line_shares.quantity", "bid_line_shares.tkdn_percent", "organizations.legal_name"])
    .where("bid_line_id", "in", v.bidLineIds)
    .orderBy("organizations.legal_name"),
);

const attachmentsOfBids = compiledByShape((db: Kysely<Database>, v: { rfqId: number; bidIds: readonly number[] }) =>
  db
    .selectFrom("rfq_files")
    .select(["id", "bid_id", "original_name", "byte_size", "content_type"])
    .where("rfq_id", "=", v.rfqId)
    .where("bid_id", "in", v.bidIds),
);

const awardOf = compiledByShape((db: Kysely<Database>, v: { rfqId: number }) =>
  db.selectFrom("awards").select(["id", "reason", "created_at"]).where("rfq_id", "=", v.rfqId),
);

const linesOfAward = compiledByShape((db: Kysely<Database>, v: { awardId: number }) =>
  db.selectFrom("award_lines").select(["rfq_line_id", "bid_id", "quantity", "unit_price"]).where("award_id", "=", v.awardId),
);

/**
 * The buyer's comparison matrix: lines × suppliers, lowest price per line flagged, totals, lead time, TKDN,
 * valid certificates and each supplier's scorecard. Only the RFQ's buyer, and only once bids are opened
 * (closed or awarded): before the deadline the bids stay sealed (403), for anyone else the RFQ does not
 * exist (404).
 */
export async function buildComparison(db: DbOrTrx, options: { rfqId: number; buyerId: number; now: Date }) {
  const rfq = await loadOwnRfq(db, options.rfqId, options.buyerId, options.now);
  if (!rfqActionAllowed("compare", rfq.status)) {
    throw new DomainError(rfq.status === "cancelled" ? "error.rfqCancelled" : "error.bidsSealed", rfq.status === "cancelled" ? 409 : 403);
  }
  const lines = await comparisonLines(db, { rfqId: rfq.id });
  const bidRows = await comparableBids(db, { rfqId: rfq.id });
  const versionIds = bidRows.map((b) => b.version_id);
  const bidLines = versionIds.length ? await linesOfVersions(db, { versionIds }) : [];
  const shares = bidLines.length ? await sharesOfLines(db, { bidLineIds: bidLines.map((l) => l.id) }) : [];
  const attachments = bidRows.length
    ? await attachmentsOfBids(db, {
        rfqId: rfq.id,
        bidIds: bidRows.map((b) => b.id),
      })
    : [];
  const listings = await approvedListingData(
    db,
    bidRows.map((b) => b.supplier_id),
  );
  const scorecards = await scorecardsFor(
    db,
    bidRows.map((b) => b.supplier_id),
    jakartaDate(options.now),
  );
  const required = JSON.parse(rfq.required_certificates) as string[];
  const onDate = rfq.needed_by ?? jakartaDate(options.now);

  const lowest = new Map<number, number>();
  for (const l of bidLines) lowest.set(l.rfq_line_id, Math.min(lowest.get(l.rfq_line_id) ?? Infinity, l.unit_price));
  // Grouped once, so building each bid's cells looks its rows up instead of filtering every list per cell.
  const linesByVersion = groupBy(bidLines, (l) => l.bid_version_id);
  const sharesByLine = groupBy(shares, (s) => s.bid_line_id);
  const attachmentsByBid = groupBy(attachments, (a) => a.bid_id);

  const [award] = await awardOf(db, { rfqId: rfq.id });
  const awardLines = award ? await linesOfAward(db, { awardId: award.id }) : [];
  const awardedByBidLine = new Map<string, number>();
  for (const a of awardLines) {
    const key = `${a.bid_id}:${a.rfq_line_id}`;
    awardedByBidLine.set(key, (awardedByBidLine.get(key) ?? 0) + a.quantity);
  }
  const bids = bidRows.map((b) => {
    const listing = listings.get(b.supplier_id);
    const validCertificates = [
      ...new Set((listing?.certificates ?? []).filter((c) => certificateState(c, onDate) === "valid").map((c) => c.typeCode)),
    ];
    return {
      id: b.id,
      status: b.status,
      supplier: {
        id: b.supplier_id,
        legalName: b.legal_name,
        slug: b.slug,
        kind: b.kind,
      },
      version: b.version,
      outdated: b.rfq_version < rfq.version,
      rfqVersion: b.rfq_version,
      leadTimeDays: b.lead_time_days,
      validUntil: b.valid_until,
      deliveryTerms: b.delivery_terms,
      notes: b.notes,
      total: b.total_amount,
      tkdnPercent: b.tkdn_percent,
      validCertificates,
      scorecard: scorecards.get(b.supplier_id) ?? null,
      missingCertificates: required.filter((code) => !validCertificates.includes(code)),
      attachments: (attachmentsByBid.get(b.id) ?? []).map((a) => ({
        id: a.id,
        name: a.original_name,
        size: a.byte_size,
        contentType: a.content_type,
      })),
      cells: Object.fromEntries(
        (linesByVersion.get(b.version_id) ?? []).map((l) => [
          l.rfq_line_id,
          {
            quantity: l.quantity,
            unitPrice: l.unit_price,
            amount: l.quantity * l.unit_price,
            lowest: l.unit_price === lowest.get(l.rfq_line_id),
            product: l.product_name,
            tkdnPercent: l.tkdn_percent,
            bmpPercent: l.bmp_percent,
            /** Below the line's minimum TKDN (or TKDN + BMP): a preference is only flagged. */
            belowMinimum: belowLineMinimum(lines.find((x) => x.id === l.rfq_line_id) ?? { min_tkdn_percent: null, min_tkdn_bmp_percent: null }, { tkdnPercent: l.tkdn_percent, bmpPercent: l.bmp_percent }),
            shares: (sharesByLine.get(l.id) ?? []).map((s) => ({
              member: s.legal_name,
              quantity: s.quantity,
              tkdnPercent: s.tkdn_percent,
            })),
            awarded: awardedByBidLine.get(`${b.id}:${l.rfq_line_id}`) ?? 0,
          },
        ]),
      ) as Record<
        number,
        {
          quantity: number;
          unitPrice: number;
          amount: number;
          lowest: boolean;
          product: string | null;
          tkdnPercent: number | null;
          bmpPercent: number | null;
          belowMinimum: boolean | null;
          shares: {
            member: string;
            quantity: number;
            tkdnPercent: number | null;
          }[];
          awarded: number;
        }
      >,
    };
  });
  const prices = linePrices(bids, lines);
  const policy = await localContentPolicy(db, rfq.buyer_id);
  return {
    rfq: { ...rfq, requiredCertificates: required },
    /** Per line, Perpres 46/2025's rule across its bids (for a government or BUMN buyer), else null. */
    lines: lines.map((line) => ({
      ...line,
      perpres: perpresRule(
        bids.filter((b) => b.cells[line.id]).map((b) => ({ bidId: b.id, tkdnPercent: b.cells[line.id]!.tkdnPercent, bmpPercent: b.cells[line.id]!.bmpPercent })),
        policy,
      ),
    })),
    policy,
    bids: bids.map((b) => ({ ...b, coverage: bidCoverage(b, bids, lines, prices) })),
    award: award ? { ...award, lines: awardLines } : null,
    /** The RFQ's table accepts the award now, and there is something to award. */
    canAward: allows(rfqTransitions, rfq.status, "award") && bids.length > 0,
  };
}

type LinePrices = Map<number, { count: number; lowest: number; lowestBidId: number | null; second: number }>;

/** Per line: how many bids quote it, the lowest unit price and whose it is, and the next lowest after that bid's. */
export function linePrices(
  bids: { id: number; cells: Record<number, { unitPrice: number }> }[],
  lines: { id: number }[],
): LinePrices {
  const prices: LinePrices = new Map(lines.map((l) => [l.id, { count: 0, lowest: Infinity, lowestBidId: null, second: Infinity }]));
  for (const bid of bids) {
    for (const line of lines) {
      const cell = bid.cells[line.id];
      const p = prices.get(line.id)!;
      if (!cell) continue;
      p.count++;
      if (cell.unitPrice < p.lowest) {
        p.second = p.lowest;
        p.lowest = cell.unitPrice;
        p.lowestBidId = bid.id;
      } else if (cell.unitPrice < p.second) p.second = cell.unitPrice;
    }
  }
  return prices;
}

/**
 * What a bid covers of the RFQ, and what the whole need would cost with it, so bids compare like with like:
 * a bid for 2 of 4 propellers is not the cheaper offer because its total is smaller. The rest of each line
 * is priced at the lowest unit price another bid offers for that line (ignoring how many that bid offers),
 * or at the buyer's target price when no other bid quotes it; a line nobody else quotes and without a
 * target leaves the estimate incomplete.
 */
export function bidCoverage(
  bid: {
    id: number;
    total: number;
    cells: Record<number, { quantity: number; unitPrice: number }>;
  },
  bids: {
    id: number;
    cells: Record<number, { quantity: number; unitPrice: number }>;
  }[],
  lines: { id: number; quantity: number; target_unit_price: number | null }[],
  prices: LinePrices = linePrices(bids, lines),
) {
  let restAmount = 0;
  let unpricedLines = 0;
  let restAtTargetLines = 0;
  let coveredLines = 0;
  let neededValue = 0;
  let coveredValue = 0;
  const perLine: Record<number, { needed: number; offered: number; percent: number; rest: number }> = {};
  for (const line of lines) {
    const offered = Math.min(bid.cells[line.id]?.quantity ?? 0, line.quantity);
    const rest = line.quantity - offered;
    perLine[line.id] = {
      needed: line.quantity,
      offered,
      percent: Math.round((offered / line.quantity) * 1000) / 10,
      rest,
    };
    if (rest === 0) coveredLines++;
    // The value of the line, at the price this bid asks (or the best other price), weighs coverage.
    const quoted = prices.get(line.id)!;
    const othersQuote = quoted.count - (bid.cells[line.id] ? 1 : 0) > 0;
    // The lowest price another bid asks: the lowest, unless this bid is the (one) bid asking it.
    const othersLowest = quoted.lowestBidId === bid.id ? quoted.second : quoted.lowest;
    const restPrice = othersQuote ? othersLowest : line.target_unit_price;
    const unit = bid.cells[line.id]?.unitPrice ?? restPrice ?? 0;
    neededValue += line.quantity * unit;
    coveredValue += offered * unit;
    if (rest === 0) continue;
    if (restPrice === null) {
      unpricedLines++;
      continue;
    }
    if (!othersQuote) restAtTargetLines++;
    restAmount += rest * restPrice;
  }
  return {
    complete: coveredLines === lines.length,
    coveredLines,
    lineCount: lines.length,
    /** The share of the RFQ's value this bid covers, in percent (one decimal). */
    percent: neededValue > 0 ? Math.round((coveredValue / neededValue) * 1000) / 10 : 0,
    perLine,
    restAmount,
    /** The bid's total plus the rest priced as above: the same quantity for every bid. */
    wholeNeedAmount: unpricedLines === 0 ? bid.total + restAmount : null,
    unpricedLines,
    restAtTargetLines,
  };
}
export type Comparison = Awaited<ReturnType<typeof buildComparison>>;

/** The comparison as CSV (one row per line and bid), for the buyer's own spreadsheet. */
export function comparisonCsv(
  comparison: Comparison,
  labels: Record<string, string>,
  certificateName: (code: string) => string = (code) => code,
): string {
  const header = [
    labels.line!,
    labels.partName!,
    labels.partNumber!,
    labels.quantityRequested!,
    labels.supplier!,
    labels.quantityBid!,
    labels.unitPrice!,
    labels.amount!,
    labels.lowest!,
    labels.leadTime!,
    labels.tkdn!,
    labels.certificates!,
    labels.bidTotal!,
    labels.coverage!,
    labels.wholeNeed!,
    labels.outdated!,
    labels.awarded!,
  ];
  const rows: (string | number)[][] = [];
  for (const line of comparison.lines) {
    for (const bid of comparison.bids) {
      const cell = bid.cells[line.id];
      if (!cell) continue;
      rows.push([
        line.position,
        line.part_name,
        line.part_number,
        line.quantity,
        bid.supplier.legalName,
        cell.quantity,
        cell.unitPrice,
        cell.amount,
        cell.lowest ? labels.yes! : "",
        bid.leadTimeDays,
        bid.tkdnPercent ?? "",
        bid.validCertificates.map((code) => certificateName(code)).join("; "),
        bid.total,
        bid.coverage.percent,
        bid.coverage.wholeNeedAmount ?? "",
        bid.outdated ? labels.yes! : "",
        cell.awarded || "",
      ]);
    }
  }
  return toCsv([header, ...rows]);
}
