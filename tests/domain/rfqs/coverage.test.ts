import { describe, expect, it } from "vitest";
import { bidCoverage } from "../../../app/domain/rfqs/comparison.server";

// Issue 13 #2: a bid for 2 of 4 propellers must not read as the cheaper offer.

const lines = [
  { id: 1, quantity: 4, target_unit_price: 150_000_000 },
  { id: 2, quantity: 10, target_unit_price: null },
];
const partial = { id: 10, total: 416_000_000, cells: { 1: { quantity: 2, unitPrice: 208_000_000 } } };
const full = {
  id: 11,
  total: 567_000_000 + 10 * 1_500_000,
  cells: { 1: { quantity: 4, unitPrice: 141_750_000 }, 2: { quantity: 10, unitPrice: 1_500_000 } },
};

describe("what each bid covers, and the whole need priced like with like", () => {
  it("a full bid covers everything and its whole-need estimate is its total", () => {
    const c = bidCoverage(full, [partial, full], lines);
    expect(c).toMatchObject({ complete: true, coveredLines: 2, lineCount: 2, percent: 100, restAmount: 0, wholeNeedAmount: full.total });
  });

  it("a partial bid says how much of each line it covers and prices the rest at the best other offer", () => {
    const c = bidCoverage(partial, [partial, full], lines);
    expect(c.complete).toBe(false);
    expect(c.coveredLines).toBe(0);
    expect(c.perLine[1]).toEqual({ needed: 4, offered: 2, percent: 50, rest: 2 });
    expect(c.perLine[2]).toEqual({ needed: 10, offered: 0, percent: 0, rest: 10 });
    // 2 propellers at 141.75 M and 10 of line 2 at 1.5 M from the other bid.
    expect(c.restAmount).toBe(2 * 141_750_000 + 10 * 1_500_000);
    expect(c.wholeNeedAmount).toBe(416_000_000 + 283_500_000 + 15_000_000);
    expect(c.wholeNeedAmount!).toBeGreaterThan(full.total);
    // Weighted by value: 2 × 208 M of (4 × 208 M + 10 × 1.5 M).
    expect(c.percent).toBe(Math.round(((2 * 208) / (4 * 208 + 15)) * 1000) / 10);
  });

  it("with no other bid, the rest is priced at the target; without a target it cannot be estimated", () => {
    const alone = bidCoverage(partial, [partial], [lines[0]!]);
    expect(alone).toMatchObject({ restAmount: 2 * 150_000_000, restAtTargetLines: 1, wholeNeedAmount: 416_000_000 + 300_000_000 });
    const unknown = bidCoverage(partial, [partial], lines);
    expect(unknown).toMatchObject({ unpricedLines: 1, wholeNeedAmount: null });
  });
});

describe("the dates a repeat of an RFQ proposes", () => {
  it("keeps the original's bidding window and lead to needed-by, from now, closing at 15.00 WIB", async () => {
    const { repostDates } = await import("../../../app/domain/rfqs/rfq-time");
    const now = new Date("2026-12-01T10:00:00.000Z");
    const dates = repostDates(
      { published_at: "2026-10-01T02:00:00.000Z", created_at: "2026-09-30T02:00:00.000Z", bid_deadline: "2026-10-11T08:00:00.000Z", needed_by: "2026-11-10" },
      now,
    );
    // 10 days of bidding → 11 Dec 15.00 WIB (08.00 UTC); 30 days from deadline to needed-by.
    expect(dates).toEqual({ bidDeadline: "2026-12-11T08:00:00.000Z", neededBy: "2027-01-10" });
    const none = repostDates({ published_at: null, created_at: "2026-11-30T00:00:00.000Z", bid_deadline: null, needed_by: null }, now);
    expect(none).toEqual({ bidDeadline: "2026-12-08T08:00:00.000Z", neededBy: "2026-12-22" });
  });
});
