// Pure arithmetic of member work orders: splitting the buyer's schedule among members, a work order line's
// progress from its hand-overs, and what a cooperative owes each member. Used by the writers and the pages.

export interface ScheduleSlot {
  id: number;
  sequence: number;
  dueOn: string;
  quantity: number;
}

/**
 * Each member's part of every scheduled delivery of a line, proportional to its share, in whole pieces:
 * every delivery's parts add up to the delivery and every member's parts to its share (shares must add up to
 * the schedule's total). Largest remainder per delivery, on what each member is still owed of its running
 * ideal, so rounding never drifts: 200 a month split 60 / 40 is 120 / 80 every month; 1,200 / 720 / 480 of
 * 2,400 in twelve deliveries is 100 / 60 / 40 each.
 */
export function splitSchedule(slots: readonly ScheduleSlot[], shares: readonly number[]): number[][] {
  const total = slots.reduce((s, x) => s + x.quantity, 0);
  if (shares.reduce((s, x) => s + x, 0) !== total) throw new Error("splitSchedule: the shares do not add up to the schedule");
  const assigned = shares.map(() => 0);
  const parts = shares.map(() => [] as number[]);
  let cumulative = 0;
  for (const slot of slots) {
    cumulative += slot.quantity;
    // What each member should have by the end of this delivery, less what it has: numerator over `total`.
    const owed = shares.map((share, m) => cumulative * share - assigned[m]! * total);
    const whole = owed.map((n, m) => Math.max(0, Math.min(shares[m]! - assigned[m]!, Math.floor(n / total))));
    let rest = slot.quantity - whole.reduce((s, x) => s + x, 0);
    const order = owed
      .map((n, m) => ({ m, fraction: n - whole[m]! * total }))
      .filter(({ m }) => assigned[m]! + whole[m]! < shares[m]!)
      .sort((a, b) => b.fraction - a.fraction || a.m - b.m);
    for (const { m } of order) {
      if (rest <= 0) break;
      whole[m]!++;
      rest--;
    }
    whole.forEach((q, m) => {
      assigned[m]! += q;
      parts[m]!.push(q);
    });
  }
  return parts;
}

export interface HandoverLineProgress {
  quantity: number;
  replacementQuantity: number;
  accepted: number | null;
  rejected: number | null;
}

export interface WorkLineProgress {
  handedOver: number;
  accepted: number;
  rejected: number;
  /** Handed over, not yet inspected by the cooperative. */
  pending: number;
  /** Still to hand over: quantity − accepted − pending (rejected pieces stay open until replaced). */
  open: number;
}

export function workLineProgress(quantity: number, lines: readonly HandoverLineProgress[]): WorkLineProgress {
  const handedOver = lines.reduce((s, l) => s + l.quantity, 0);
  const accepted = lines.reduce((s, l) => s + (l.accepted ?? 0), 0);
  const rejected = lines.reduce((s, l) => s + (l.rejected ?? 0), 0);
  const pending = lines.filter((l) => l.accepted === null).reduce((s, l) => s + l.quantity, 0);
  return { handedOver, accepted, rejected, pending, open: Math.max(0, quantity - accepted - pending) };
}

/** How much of a new hand-over replaces pieces the cooperative rejected and that were not replaced yet. */
export function handoverReplacement(quantity: number, lines: readonly HandoverLineProgress[]): number {
  const rejected = lines.reduce((s, l) => s + (l.rejected ?? 0), 0);
  const replaced = lines.reduce((s, l) => s + l.replacementQuantity, 0);
  return Math.min(quantity, Math.max(0, rejected - replaced));
}

/** A member's fee-less earnings: gross less the cooperative's fee (basis points), rounded to the rupiah. */
export function netOfFee(gross: number, feeBp: number): { fee: number; net: number } {
  const fee = Math.round((gross * feeBp) / 10_000);
  return { fee, net: gross - fee };
}

export interface PaidLot {
  orderLineId: number;
  memberId: number;
  /** Pieces of the lot the buyer kept: shipped − attributed buyer rejections, once the shipment is inspected. */
  kept: number;
  memberUnitPrice: number;
}

export interface PaidInvoiceLine {
  invoiceId: number;
  invoiceNumber: string;
  paidOn: string;
  orderLineId: number;
  quantity: number;
}

export interface Earning {
  invoiceId: number;
  invoiceNumber: string;
  paidOn: string;
  orderLineId: number;
  memberId: number;
  quantity: number;
  memberUnitPrice: number;
  gross: number;
}

/**
 * Which member's pieces each paid invoice paid for: per order line, the paid invoices' pieces (in the order
 * they were paid) are matched to the kept pieces of the lots the cooperative shipped (in shipment order),
 * first come first served. A member earns its price on every kept piece a paid invoice covers.
 */
export function earningsOf(lots: readonly PaidLot[], invoices: readonly PaidInvoiceLine[]): Earning[] {
  const earnings: Earning[] = [];
  const lotsByLine = new Map<number, { lot: PaidLot; left: number }[]>();
  for (const lot of lots) {
    if (lot.kept <= 0) continue;
    const list = lotsByLine.get(lot.orderLineId) ?? [];
    list.push({ lot, left: lot.kept });
    lotsByLine.set(lot.orderLineId, list);
  }
  for (const invoice of invoices) {
    let toPay = invoice.quantity;
    for (const entry of lotsByLine.get(invoice.orderLineId) ?? []) {
      if (toPay <= 0) break;
      const take = Math.min(entry.left, toPay);
      if (take <= 0) continue;
      entry.left -= take;
      toPay -= take;
      const last = earnings.at(-1);
      if (last && last.invoiceId === invoice.invoiceId && last.memberId === entry.lot.memberId && last.orderLineId === invoice.orderLineId && last.memberUnitPrice === entry.lot.memberUnitPrice) {
        last.quantity += take;
        last.gross += take * entry.lot.memberUnitPrice;
      } else {
        earnings.push({
          invoiceId: invoice.invoiceId,
          invoiceNumber: invoice.invoiceNumber,
          paidOn: invoice.paidOn,
          orderLineId: invoice.orderLineId,
          memberId: entry.lot.memberId,
          quantity: take,
          memberUnitPrice: entry.lot.memberUnitPrice,
          gross: take * entry.lot.memberUnitPrice,
        });
      }
    }
  }
  return earnings;
}
