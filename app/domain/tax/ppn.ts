import type { CollectorKind } from "../../../db/schema";

// PPN on an invoice, pure (server and pages). The rule (rate, DPP fraction, kode transaksi) is frozen on the
// order when it is made (app/domain/tax/ppn-rules.server.ts); whether the supplier charges PPN at all (PKP)
// and whether the buyer withholds it (a collector) are read when the invoice is issued.

export interface PpnRule {
  rateBp: number;
  dppNumerator: number;
  dppDenominator: number;
  /** The rule's kode transaksi for a buyer that is not a collector: 01 (DPP = price) or 04 (DPP nilai lain). */
  kodeTransaksi: string;
}

export interface InvoiceTax {
  subtotal: number;
  /** Dasar pengenaan pajak: the subtotal × the rule's fraction (11/12 since 2025), rounded half up. */
  dpp: number;
  ppn: number;
  total: number;
  /** PPN the buyer withholds (a collector pays it to the state itself). */
  withheld: number;
  /** What the buyer pays the supplier. */
  amountDue: number;
  /** 01 / 04 from the rule, 02 / 03 for a collector; null when the supplier is not PKP. */
  kodeTransaksi: string | null;
}

/** a × b / c rounded half up, in whole rupiah, without floating point. */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  return Number((n * 2n + d) / (2n * d));
}

export function invoiceTax(options: { subtotal: number; rule: PpnRule; supplierPkp: boolean; collector: CollectorKind }): InvoiceTax {
  const { subtotal, rule } = options;
  if (!Number.isSafeInteger(subtotal) || subtotal < 0) throw new RangeError("subtotal must be whole rupiah");
  // A supplier that is not PKP may not charge PPN or issue a faktur pajak (UU KUP Pasal 39A).
  if (!options.supplierPkp) return { subtotal, dpp: subtotal, ppn: 0, total: subtotal, withheld: 0, amountDue: subtotal, kodeTransaksi: null };
  const dpp = mulDivHalfUp(subtotal, rule.dppNumerator, rule.dppDenominator);
  const ppn = mulDivHalfUp(dpp, rule.rateBp, 10_000);
  const withheld = options.collector === "none" ? 0 : ppn;
  const kodeTransaksi = options.collector === "government" ? "02" : options.collector === "appointed" ? "03" : rule.kodeTransaksi;
  return { subtotal, dpp, ppn, total: subtotal + ppn, withheld, amountDue: subtotal + ppn - withheld, kodeTransaksi };
}

/** The rate a reader sees: 12 % × 11/12 is "12 % × 11/12 DPP", or plainly 11 % when the fraction is 1. */
export function effectiveRateBp(rule: Pick<PpnRule, "rateBp" | "dppNumerator" | "dppDenominator">): number {
  return Math.round((rule.rateBp * rule.dppNumerator) / rule.dppDenominator);
}
