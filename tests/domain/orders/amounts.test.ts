import { describe, expect, it } from "vitest";
import { rupiahInWords } from "../../../app/domain/orders/amounts";
import { invoiceTax } from "../../../app/domain/tax/ppn";
import { lineProgress, monthlySchedule, replacementFor, scheduleStates, type ProgressSchedule, type ProgressShipmentLine } from "../../../app/domain/orders/order-progress";
import { ScheduleRowSchema } from "../../../app/domain/orders/schemas";

const rule = (rateBp: number, dppNumerator = 1, dppDenominator = 1) => ({ rateBp, dppNumerator, dppDenominator, kodeTransaksi: dppNumerator === dppDenominator ? "01" : "04" });
const pkp = (subtotal: number, rateBp: number, n = 1, d = 1) => invoiceTax({ subtotal, rule: rule(rateBp, n, d), supplierPkp: true, collector: "none" });

describe("invoiceTax: PPN rounded half up to the whole rupiah", () => {
  it("11 % on the price (the rule of 2022-04-01)", () => {
    expect(pkp(1_250_005, 1100).ppn).toBe(137_501);
    expect(pkp(1_250_000, 1100).ppn).toBe(137_500);
    expect(pkp(150, 1100).ppn).toBe(17); // 16,50
    expect(pkp(50, 1100).ppn).toBe(6); // 5,50
    expect(pkp(1_250_004, 1100).ppn).toBe(137_500); // 137.500,44
    expect(pkp(4, 1100).ppn).toBe(0); // 0,44
    expect(pkp(5, 1100).ppn).toBe(1); // 0,55
    expect(pkp(200 * 150_000, 1100)).toMatchObject({ subtotal: 30_000_000, dpp: 30_000_000, ppn: 3_300_000, total: 33_300_000, amountDue: 33_300_000, kodeTransaksi: "01" });
  });

  it("12 % on a DPP of 11/12 (PMK 131/2024): the DPP rounds first, then the PPN", () => {
    // 1.000.000 × 11/12 = 916.666,67 → 916.667; × 12 % = 110.000,04 → 110.000.
    expect(pkp(1_000_000, 1200, 11, 12)).toMatchObject({ dpp: 916_667, ppn: 110_000, total: 1_110_000, kodeTransaksi: "04" });
    // 39.960.000 × 11/12 = 36.630.000 exactly; × 12 % = 4.395.600.
    expect(pkp(39_960_000, 1200, 11, 12)).toMatchObject({ dpp: 36_630_000, ppn: 4_395_600, total: 44_355_600 });
    // 150 × 11/12 = 137,5 → 138; × 12 % = 16,56 → 17.
    expect(pkp(150, 1200, 11, 12)).toMatchObject({ dpp: 138, ppn: 17 });
  });

  it("12 % on the full price (luxury goods from February 2025) and 0 %", () => {
    expect(pkp(1_250_005, 1200).ppn).toBe(150_001);
    expect(pkp(1_250_004, 1200).ppn).toBe(150_000); // 150.000,48
    expect(pkp(1_250_005, 0).ppn).toBe(0);
    expect(pkp(0, 1100).ppn).toBe(0);
  });

  it("stays exact past 2^53 / 10 000 (large orders)", () => {
    expect(pkp(3_000_012_000, 1100).ppn).toBe(330_001_320);
    expect(pkp(99_999_999_995, 1100).ppn).toBe(10_999_999_999); // 10.999.999.999,45
    expect(pkp(100_000_000_005, 1100).ppn).toBe(11_000_000_001); // 11.000.000.000,55
  });

  it("refuses a subtotal that is not whole rupiah", () => {
    expect(() => pkp(1.5, 1100)).toThrow(RangeError);
    expect(() => pkp(-1, 1100)).toThrow(RangeError);
    expect(() => pkp(Number.NaN, 1100)).toThrow(RangeError);
  });
});

describe("rupiahInWords", () => {
  it("writes the amount in Bahasa Indonesia followed by rupiah", () => {
    expect(rupiahInWords(39_960_000)).toBe("tiga puluh sembilan juta sembilan ratus enam puluh ribu rupiah");
    expect(rupiahInWords(137_501)).toBe("seratus tiga puluh tujuh ribu lima ratus satu rupiah");
    expect(rupiahInWords(33_300_000)).toBe("tiga puluh tiga juta tiga ratus ribu rupiah");
  });

  it("says se- for one hundred and one thousand, sebelas for eleven", () => {
    expect(rupiahInWords(100)).toBe("seratus rupiah");
    expect(rupiahInWords(1_000)).toBe("seribu rupiah");
    expect(rupiahInWords(11_000)).toBe("sebelas ribu rupiah");
    expect(rupiahInWords(1_001_000)).toBe("satu juta seribu rupiah");
    expect(rupiahInWords(1_000_000)).toBe("satu juta rupiah");
  });

  it("zero is nol rupiah", () => {
    expect(rupiahInWords(0)).toBe("nol rupiah");
  });

  it("writes billions as miliar (KBBI), not milyar", () => {
    expect(rupiahInWords(1_500_000_000)).toBe("satu miliar lima ratus juta rupiah");
  });
});

describe("monthlySchedule", () => {
  it("200 on the 25th for 12 months from 2026-12: Dec 2026 … Nov 2027, 2400 in all", () => {
    const schedule = monthlySchedule({ perDelivery: 200, day: 25, months: 12, firstMonth: "2026-12" });
    expect(schedule).toEqual([
      { dueOn: "2026-12-25", quantity: 200 },
      { dueOn: "2027-01-25", quantity: 200 },
      { dueOn: "2027-02-25", quantity: 200 },
      { dueOn: "2027-03-25", quantity: 200 },
      { dueOn: "2027-04-25", quantity: 200 },
      { dueOn: "2027-05-25", quantity: 200 },
      { dueOn: "2027-06-25", quantity: 200 },
      { dueOn: "2027-07-25", quantity: 200 },
      { dueOn: "2027-08-25", quantity: 200 },
      { dueOn: "2027-09-25", quantity: 200 },
      { dueOn: "2027-10-25", quantity: 200 },
      { dueOn: "2027-11-25", quantity: 200 },
    ]);
    expect(schedule.reduce((s, d) => s + d.quantity, 0)).toBe(2400);
  });

  it("day 31 clamps to the month's last day: 28 in February 2027, 29 in February 2028, 30 in April", () => {
    expect(monthlySchedule({ perDelivery: 10, day: 31, months: 4, firstMonth: "2027-01" }).map((d) => d.dueOn)).toEqual([
      "2027-01-31",
      "2027-02-28",
      "2027-03-31",
      "2027-04-30",
    ]);
    expect(monthlySchedule({ perDelivery: 10, day: 31, months: 2, firstMonth: "2028-01" }).map((d) => d.dueOn)).toEqual(["2028-01-31", "2028-02-29"]);
    expect(monthlySchedule({ perDelivery: 10, day: 29, months: 1, firstMonth: "2100-02" }).map((d) => d.dueOn)).toEqual(["2100-02-28"]);
  });

  it("one month, and a schedule running over several years", () => {
    expect(monthlySchedule({ perDelivery: 5, day: 1, months: 1, firstMonth: "2027-06" })).toEqual([{ dueOn: "2027-06-01", quantity: 5 }]);
    const long = monthlySchedule({ perDelivery: 1, day: 15, months: 26, firstMonth: "2026-11" });
    expect(long).toHaveLength(26);
    expect(long[1]!.dueOn).toBe("2026-12-15");
    expect(long[2]!.dueOn).toBe("2027-01-15");
    expect(long[25]!.dueOn).toBe("2028-12-15");
  });

  it("ScheduleRowSchema refuses a month that does not exist (2026-00, 2026-13)", () => {
    expect(monthlySchedule({ perDelivery: 1, day: 25, months: 1, firstMonth: "2026-00" })[0]!.dueOn).toBe("2025-00-25"); // what it does today
    expect(ScheduleRowSchema.safeParse({ orderLineId: 1, perDelivery: 1, day: 25, months: 1, firstMonth: "2026-00" }).success).toBe(false);
    expect(ScheduleRowSchema.safeParse({ orderLineId: 1, perDelivery: 1, day: 25, months: 1, firstMonth: "2026-13" }).success).toBe(false);
  });

  it("ScheduleRowSchema accepts a real month and refuses days outside 1–31 and months outside 1–60", () => {
    expect(ScheduleRowSchema.safeParse({ orderLineId: 1, perDelivery: 200, day: 25, months: 12, firstMonth: "2026-12" }).success).toBe(true);
    expect(ScheduleRowSchema.safeParse({ orderLineId: 1, perDelivery: 200, day: 32, months: 12, firstMonth: "2026-12" }).success).toBe(false);
    expect(ScheduleRowSchema.safeParse({ orderLineId: 1, perDelivery: 200, day: 0, months: 12, firstMonth: "2026-12" }).success).toBe(false);
    expect(ScheduleRowSchema.safeParse({ orderLineId: 1, perDelivery: 200, day: 25, months: 61, firstMonth: "2026-12" }).success).toBe(false);
    expect(ScheduleRowSchema.safeParse({ orderLineId: 1, perDelivery: 0, day: 25, months: 12, firstMonth: "2026-12" }).success).toBe(false);
  });
});

const LINE = 7;
const OTHER = 8;

function shipment(shippedOn: string, quantity: number, options: Partial<ProgressShipmentLine> = {}): ProgressShipmentLine {
  return { orderLineId: LINE, shippedOn, quantity, replacementQuantity: 0, accepted: null, rejected: null, ...options };
}

describe("scheduleStates", () => {
  // 200 on the 25th of Dec, Jan, Feb, Mar.
  const schedules: ProgressSchedule[] = monthlySchedule({ perDelivery: 200, day: 25, months: 4, firstMonth: "2026-12" }).map((d, i) => ({
    id: 100 + i,
    orderLineId: LINE,
    sequence: i + 1,
    dueOn: d.dueOn,
    quantity: d.quantity,
  }));

  it("on time, late delivered, late and upcoming, judged on the cumulative first shipments", () => {
    const shipments = [
      shipment("2026-12-20", 200, { accepted: 195, rejected: 5 }), // covers December, on time
      shipment("2027-01-10", 5, { replacementQuantity: 5, accepted: 5, rejected: 0 }), // a replacement: does not count
      shipment("2027-01-28", 200), // covers January, three days late
      shipment("2027-02-20", 150), // not enough for February
    ];
    const states = scheduleStates(schedules, shipments, "2027-03-01");
    expect(states.map((s) => [s.dueOn, s.state, s.coveredOn])).toEqual([
      ["2026-12-25", "on_time", "2026-12-20"],
      ["2027-01-25", "late_delivered", "2027-01-28"],
      ["2027-02-25", "late", null],
      ["2027-03-25", "upcoming", null],
    ]);
    expect(states[0]).toMatchObject({ id: 100, sequence: 1, quantity: 200, orderLineId: LINE });
  });

  it("replacements do not count: 195 first pieces + 5 replacements do not meet a delivery of 200", () => {
    const shipments = [shipment("2026-12-20", 195), shipment("2026-12-22", 5, { replacementQuantity: 5 })];
    expect(scheduleStates(schedules.slice(0, 1), shipments, "2027-01-01")[0]).toMatchObject({ state: "late", coveredOn: null });
    // Without the replacement mark those 5 pieces would have met it.
    const counted = [shipment("2026-12-20", 195), shipment("2026-12-22", 5)];
    expect(scheduleStates(schedules.slice(0, 1), counted, "2027-01-01")[0]).toMatchObject({ state: "on_time", coveredOn: "2026-12-22" });
  });

  it("a shipment partly replacing counts only its new pieces", () => {
    const shipments = [shipment("2026-12-20", 190), shipment("2026-12-24", 15, { replacementQuantity: 5 })];
    expect(scheduleStates(schedules.slice(0, 1), shipments, "2027-01-01")[0]).toMatchObject({ state: "on_time", coveredOn: "2026-12-24" });
  });

  it("a delivery due today and not yet met is upcoming, not late; due yesterday it is late", () => {
    expect(scheduleStates(schedules.slice(0, 1), [], "2026-12-25")[0]!.state).toBe("upcoming");
    expect(scheduleStates(schedules.slice(0, 1), [], "2026-12-26")[0]!.state).toBe("late");
    expect(scheduleStates(schedules.slice(0, 1), [shipment("2026-12-25", 200)], "2026-12-26")[0]!.state).toBe("on_time");
  });

  it("one big early shipment meets several deliveries on time; shipments are taken in date order", () => {
    const states = scheduleStates(schedules, [shipment("2027-02-01", 200), shipment("2026-12-01", 400)], "2027-02-10");
    expect(states.map((s) => s.state)).toEqual(["on_time", "on_time", "on_time", "upcoming"]);
    expect(states.map((s) => s.coveredOn)).toEqual(["2026-12-01", "2026-12-01", "2027-02-01", null]);
  });

  it("keeps lines apart and orders each line's deliveries by sequence", () => {
    const other: ProgressSchedule = { id: 200, orderLineId: OTHER, sequence: 1, dueOn: "2026-12-25", quantity: 10 };
    const states = scheduleStates([schedules[1]!, other, schedules[0]!], [shipment("2026-12-20", 200)], "2027-01-30");
    // Lines come in no promised order; within a line, by sequence.
    const byLine = [...states].sort((a, b) => a.orderLineId - b.orderLineId);
    expect(states.filter((s) => s.orderLineId === LINE).map((s) => s.sequence)).toEqual([1, 2]);
    expect(byLine.map((s) => [s.orderLineId, s.sequence, s.state])).toEqual([
      [LINE, 1, "on_time"],
      [LINE, 2, "late"],
      [OTHER, 1, "late"],
    ]);
  });
});

describe("replacementFor", () => {
  it("is nothing while no piece was rejected", () => {
    expect(replacementFor(200, [], LINE)).toBe(0);
    expect(replacementFor(200, [shipment("2026-12-20", 200, { accepted: 200, rejected: 0 })], LINE)).toBe(0);
    expect(replacementFor(200, [shipment("2026-12-20", 200)], LINE)).toBe(0); // not inspected yet
  });

  it("covers rejected pieces not yet replaced, at most the new shipment's quantity", () => {
    const first = shipment("2026-12-20", 200, { accepted: 195, rejected: 5 });
    expect(replacementFor(5, [first], LINE)).toBe(5);
    expect(replacementFor(3, [first], LINE)).toBe(3);
    expect(replacementFor(205, [first], LINE)).toBe(5);
    const partly = shipment("2026-12-22", 3, { replacementQuantity: 3 });
    expect(replacementFor(10, [first, partly], LINE)).toBe(2);
    const done = shipment("2026-12-23", 2, { replacementQuantity: 2 });
    expect(replacementFor(10, [first, partly, done], LINE)).toBe(0);
  });

  it("a rejected replacement needs replacing too; other lines do not count", () => {
    const first = shipment("2026-12-20", 200, { accepted: 195, rejected: 5 });
    const badReplacement = shipment("2026-12-22", 5, { replacementQuantity: 5, accepted: 3, rejected: 2 });
    expect(replacementFor(10, [first, badReplacement], LINE)).toBe(2);
    expect(replacementFor(10, [{ ...first, orderLineId: OTHER }], LINE)).toBe(0);
  });
});

describe("lineProgress", () => {
  it("counts shipped, accepted, rejected, pending; rejected pieces stay open; invoiceable = handed over (confirmed BAST) − invoiced", () => {
    const line = { id: LINE, quantity: 2400 };
    const shipments = [
      shipment("2026-12-20", 200, { accepted: 195, rejected: 5 }),
      shipment("2026-12-22", 5, { replacementQuantity: 5 }),
      { ...shipment("2026-12-22", 50), orderLineId: OTHER },
    ];
    expect(lineProgress(line, shipments, 100, 195)).toEqual({ shipped: 205, accepted: 195, rejected: 5, pending: 5, open: 2200, invoiced: 100, handedOver: 195, invoiceable: 95 });
    // Accepted but not handed over in a confirmed BAST: nothing to invoice; handed over in part: that part.
    expect(lineProgress(line, shipments, 0).invoiceable).toBe(0);
    expect(lineProgress(line, shipments, 100, 150).invoiceable).toBe(50);
    expect(lineProgress({ id: LINE, quantity: 200 }, [shipment("2026-12-20", 200, { accepted: 200, rejected: 0 })], 200, 200)).toEqual({
      shipped: 200,
      accepted: 200,
      rejected: 0,
      pending: 0,
      open: 0,
      invoiced: 200,
      handedOver: 200,
      invoiceable: 0,
    });
  });
});
