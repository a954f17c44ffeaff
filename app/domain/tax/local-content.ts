// Local content (TKDN, BMP) across the bids of an RFQ line, pure. Perpres 46/2025 (amending Perpres 16/2018)
// tells government buyers — and BUMN such as KAI — that where products with TKDN + BMP of at least 40 %
// exist, they buy products with a TKDN of at least 25 %. Both figures are tax settings an admin edits.

export interface LocalContentPolicy {
  /** The buyer is a government body or a BUMN (a verified PPN collector here). */
  applies: boolean;
  tkdnBmpThreshold: number;
  tkdnMinimum: number;
}

export interface LocalContentOffer {
  bidId: number;
  tkdnPercent: number | null;
  bmpPercent: number | null;
}

export interface LineRule {
  /** Some offer reaches TKDN + BMP ≥ the threshold, so the minimum TKDN binds. */
  binding: boolean;
  /** Bids the buyer may award this line to under the rule (every bid when it does not bind). */
  eligible: number[];
  /** Bids it may not, each with its TKDN. */
  ineligible: { bidId: number; tkdnPercent: number }[];
}

export function perpresRule(offers: LocalContentOffer[], policy: LocalContentPolicy): LineRule | null {
  if (!policy.applies) return null;
  const binding = offers.some((o) => (o.tkdnPercent ?? 0) + (o.bmpPercent ?? 0) >= policy.tkdnBmpThreshold);
  if (!binding) return { binding, eligible: offers.map((o) => o.bidId), ineligible: [] };
  return {
    binding,
    eligible: offers.filter((o) => (o.tkdnPercent ?? 0) >= policy.tkdnMinimum).map((o) => o.bidId),
    ineligible: offers.filter((o) => (o.tkdnPercent ?? 0) < policy.tkdnMinimum).map((o) => ({ bidId: o.bidId, tkdnPercent: o.tkdnPercent ?? 0 })),
  };
}

/** Whether an offer falls short of a line's minimum (TKDN, or TKDN + BMP); null when the line asks none. */
export function belowLineMinimum(line: { min_tkdn_percent: number | null; min_tkdn_bmp_percent: number | null }, offer: { tkdnPercent: number | null; bmpPercent: number | null }): boolean | null {
  if (line.min_tkdn_percent === null && line.min_tkdn_bmp_percent === null) return null;
  const tkdn = offer.tkdnPercent ?? 0;
  return (line.min_tkdn_percent !== null && tkdn < line.min_tkdn_percent) || (line.min_tkdn_bmp_percent !== null && tkdn + (offer.bmpPercent ?? 0) < line.min_tkdn_bmp_percent);
}
