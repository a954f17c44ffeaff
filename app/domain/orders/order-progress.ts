// Where an order stands, per line and per scheduled delivery. Pure: computed from the order's lines,
// shipments (with their inspection) and invoices, on the server and shown as is.

export interface ProgressLine {
  id: number;
  quantity: number;
}
export interface ProgressShipmentLine {
  orderLineId: number;
  shippedOn: string;
  quantity: number;
  replacementQuantity: number;
  accepted: number | null;
  rejected: number | null;
}
export interface ProgressSchedule {
  id: number;
  orderLineId: number;
  sequence: number;
  dueOn: string;
  quantity: number;
}

export interface LineProgress {
  shipped: number;
  accepted: number;
  rejected: number;
  /** Shipped but not yet inspected. */
  pending: number;
  /** Still to be shipped: ordered − accepted − pending (rejected pieces stay open until replaced). */
  open: number;
  invoiced: number;
  /** Accepted pieces in BASTs both parties confirmed. */
  handedOver: number;
  /** Handed over (confirmed BAST) but not yet invoiced. */
  invoiceable: number;
}

/** `handedOver`: the line's pieces in confirmed BASTs — only those may be invoiced (0 when not given). */
export function lineProgress(line: ProgressLine, shipments: ProgressShipmentLine[], invoiced: number, handedOver = 0): LineProgress {
  const own = shipments.filter((s) => s.orderLineId === line.id);
  const shipped = own.reduce((s, x) => s + x.quantity, 0);
  const accepted = own.reduce((s, x) => s + (x.accepted ?? 0), 0);
  const rejected = own.reduce((s, x) => s + (x.rejected ?? 0), 0);
  const pending = own.filter((x) => x.accepted === null).reduce((s, x) => s + x.quantity, 0);
  return { shipped, accepted, rejected, pending, open: Math.max(0, line.quantity - accepted - pending), invoiced, handedOver, invoiceable: Math.max(0, Math.min(accepted, handedOver) - invoiced) };
}

/** How much of a new shipment of a line replaces rejected pieces not yet replaced. */
export function replacementFor(quantity: number, shipments: ProgressShipmentLine[], orderLineId: number): number {
  const own = shipments.filter((s) => s.orderLineId === orderLineId);
  const rejected = own.reduce((s, x) => s + (x.rejected ?? 0), 0);
  const replaced = own.reduce((s, x) => s + x.replacementQuantity, 0);
  return Math.min(quantity, Math.max(0, rejected - replaced));
}

export type ScheduleState = "on_time" | "late_delivered" | "late" | "upcoming";

/**
 * Each scheduled delivery of a line, in order: met on time when the pieces first shipped (replacements not
 * counted) by its due date cover every delivery up to and including it; late while they do not and the due
 * date has passed; "late_delivered" when covered only after the due date.
 */
export function scheduleStates(schedules: ProgressSchedule[], shipments: ProgressShipmentLine[], today: string) {
  const byLine = new Map<number, ProgressSchedule[]>();
  for (const s of [...schedules].sort((a, b) => a.sequence - b.sequence)) byLine.set(s.orderLineId, [...(byLine.get(s.orderLineId) ?? []), s]);
  const result: (ProgressSchedule & { state: ScheduleState; coveredOn: string | null })[] = [];
  for (const [lineId, list] of byLine) {
    const firstShipments = shipments
      .filter((s) => s.orderLineId === lineId && s.quantity - s.replacementQuantity > 0)
      .map((s) => ({ on: s.shippedOn, quantity: s.quantity - s.replacementQuantity }))
      .sort((a, b) => a.on.localeCompare(b.on));
    let needed = 0;
    for (const schedule of list) {
      needed += schedule.quantity;
      let cumulative = 0;
      let coveredOn: string | null = null;
      for (const s of firstShipments) {
        cumulative += s.quantity;
        if (cumulative >= needed) {
          coveredOn = s.on;
          break;
        }
      }
      const state: ScheduleState = coveredOn
        ? coveredOn <= schedule.dueOn
          ? "on_time"
          : "late_delivered"
        : schedule.dueOn < today
          ? "late"
          : "upcoming";
      result.push({ ...schedule, state, coveredOn });
    }
  }
  return result;
}

/** A monthly schedule: `perDelivery` pieces on `day` of each month for `months` months from `firstMonth` ("YYYY-MM"). */
export function monthlySchedule(options: { perDelivery: number; day: number; months: number; firstMonth: string }): { dueOn: string; quantity: number }[] {
  const [year, month] = options.firstMonth.split("-").map(Number) as [number, number];
  return Array.from({ length: options.months }, (_, i) => {
    const m = month - 1 + i;
    const y = year + Math.floor(m / 12);
    const mm = (m % 12) + 1;
    const lastDay = new Date(Date.UTC(y, mm, 0)).getUTCDate();
    const day = Math.min(options.day, lastDay);
    return { dueOn: `${y}-${String(mm).padStart(2, "0")}-${String(day).padStart(2, "0")}`, quantity: options.perDelivery };
  });
}
