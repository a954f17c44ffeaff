// Probation arithmetic (issue 17): pure, so the tests state it exactly.

/**
 * How much a supplier on trial may be awarded by one buyer in one award (pieces, summed over lines). It starts
 * at the buyer's base cap and grows with every trial order passed, faster the better the supplier's scorecard:
 * the growth per pass is the base × 2 when both on-time delivery and first-pass acceptance are at least 95 %,
 * × 1 when both are at least 85 % (or the supplier has no record yet), × ½ otherwise. Rounded up to a piece.
 */
export function probationCap(options: { baseCap: number; passed: number; onTimePercent: number | null; firstPassPercent: number | null }): number {
  const { baseCap, passed } = options;
  const rates = [options.onTimePercent, options.firstPassPercent].filter((r): r is number => r !== null);
  const worst = rates.length ? Math.min(...rates) : null;
  const growth = worst === null ? 1 : worst >= 95 ? 2 : worst >= 85 ? 1 : 0.5;
  return Math.ceil(baseCap * (1 + Math.max(0, passed) * growth));
}

/**
 * A trial order passes when every scheduled delivery was met on time (first shipments by their due dates, or
 * the order's needed-by date when it has no schedule), everything ordered was accepted, and nothing rejected.
 */
export function trialVerdict(options: { deliveries: readonly ("on_time" | "late_delivered" | "late" | "upcoming")[]; ordered: number; accepted: number; rejected: number }): boolean {
  if (options.rejected > 0 || options.accepted < options.ordered) return false;
  return options.deliveries.length > 0 && options.deliveries.every((d) => d === "on_time");
}

/** Whether a supplier has passed enough trial orders to be approved. */
export function probationComplete(passed: number, required: number): boolean {
  return passed >= required;
}
