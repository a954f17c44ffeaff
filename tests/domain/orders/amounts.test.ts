import { describe, expect, it } from "vitest";
import { invoiceAmounts, percentToBp, ppnOf, rupiahInWords } from "../../../app/domain/orders/amounts";
import { lineProgress, monthlySchedule, replacementFor, scheduleStates, type ProgressSchedule, type ProgressShipmentLine } from "../../../app/domain/orders/order-progress";
import { ScheduleRowSchema } from "../../../app/domain/orders/schemas";

describe("ppnOf: PPN rounded half up to the whole rupiah", () => {
  it("11 % of 1.250.005 = 137.500,55 → 137.501; of 1.250.000 = 137.500 exactly", () => {
    expect(ppnOf(1_250_005, 1100)).toBe(137_501);
    expect(ppnOf(1_250_000, 1100)).toBe(137_500);
  });

  it("rounds exactly half a rupiah up and anything below half down", () => {
    expect(ppnOf(150, 1100)).toBe(17); // 16,50
    expect(ppnOf(50, 1100)).toBe(6); // 5,50
    expect(ppnOf(1_250_004, 1100)).toBe(137_500); // 137.500,44
    expect(ppnOf(1_250_001, 1100)).toBe(137_500); // 137.500,11
    expect(ppnOf(4, 1100)).toBe(0); // 0,44
    expect(ppnOf(5, 1100)).toBe(1); // 0,55
  });

  it("12 %: 1.250.005 → 150.000,60 → 150.001; 1.250.000 → 150.000; 39.960.000 → 4.795.200", () => {
    expect(ppnOf(1_250_005, 1200)).toBe(150_001);
    expect(ppnOf(1_250_000, 1200)).toBe(150_000);
    expect(ppnOf(39_960_000, 1200)).toBe(4_795_200);
    expect(ppnOf(1_250_004, 1200)).toBe(150_000); // 150.000,48
  });

  it("0 % is no PPN at all; nothing costs nothing", () => {
    expect(ppnOf(1_250_005, 0)).toBe(0);
    expect(ppnOf(0, 1100)).toBe(0);
  });

  it("works for large orders without losing a rupiah (e.g. 2400 × 1.250.005 at 11 %)", () => {
    expect(ppnOf(3_000_012_000, 1100)).toBe(330_001_320);
    expect(ppnOf(99_999_999_995, 1100)).toBe(10_999_999_999); // 10.999.999.999,45
    expect(ppnOf(100_000_000_005, 1100)).toBe(11_000_000_001); // 11.000.000.000,55
  });

  it("refuses anything that is not whole rupiah", () => {
    expect(() => ppnOf(1.5, 1100)).toThrow(RangeError);
    expect(() => ppnOf(-1, 1100)).toThrow(RangeError);
    expect(() => ppnOf(Number.NaN, 1100)).toThrow(RangeError);
  });
});

describe("percentToBp", () => {
  it("turns the configured percent into basis points", () => {
    expect(percentToBp(11)).toBe(1100);
    expect(percentToBp(12)).toBe(1200);
    expect(percentToBp(11.5)).toBe(1150);
    expect(percentToBp(1.15)).toBe(115);
    expect(percentToBp(0)).toBe(0);
  });
});

describe("invoiceAmounts", () => {
  it("sums quantity × unit price, adds PPN on the subtotal (not per line)", () => {
    expect(invoiceAmounts([{ quantity: 200, unitPrice: 150_000 }], 1100)).toEqual({ subtotal: 30_000_000, ppn: 3_300_000, total: 33_300_000 });
    // Per line the PPN would round twice (0,55 + 0,55 → 1 + 1); on the subtotal it rounds once (1,10 → 1).
    expect(invoiceAmounts([{ quantity: 1, unitPrice: 5 }, { quantity: 1, unitPrice: 5 }], 1100)).toEqual({ subtotal: 10, ppn: 1, total: 11 });
    expect(
      invoiceAmounts(
        [
          { quantity: 195, unitPrice: 150_000 },
          { quantity: 5, unitPrice: 82_001 },
        ],
        1100,
      ),
    ).toEqual({ subtotal: 29_660_005, ppn: 3_262_601, total: 32_922_606 });
  });

  it("at 12 % and at 0 %", () => {
    expect(invoiceAmounts([{ quantity: 2400, unitPrice: 16_650 }], 1200)).toEqual({ subtotal: 39_960_000, ppn: 4_795_200, total: 44_755_200 });
    expect(invoiceAmounts([{ quantity: 3, unitPrice: 1_000 }], 0)).toEqual({ subtotal: 3_000, ppn: 0, total: 3_000 });
  });

  it("an empty invoice is zero", () => {
    expect(invoiceAmounts([], 1100)).toEqual({ subtotal: 0, ppn: 0, total: 0 });
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
  it("counts shipped, accepted, rejected, pending; rejected pieces stay open; invoiceable = accepted − invoiced", () => {
    const line = { id: LINE, quantity: 2400 };
    const shipments = [
      shipment("2026-12-20", 200, { accepted: 195, rejected: 5 }),
      shipment("2026-12-22", 5, { replacementQuantity: 5 }),
      { ...shipment("2026-12-22", 50), orderLineId: OTHER },
    ];
    expect(lineProgress(line, shipments, 100)).toEqual({ shipped: 205, accepted: 195, rejected: 5, pending: 5, open: 2200, invoiced: 100, invoiceable: 95 });
    expect(lineProgress({ id: LINE, quantity: 200 }, [shipment("2026-12-20", 200, { accepted: 200, rejected: 0 })], 200)).toEqual({
      shipped: 200,
      accepted: 200,
      rejected: 0,
      pending: 0,
      open: 0,
      invoiced: 200,
      invoiceable: 0,
    });
  });
});
