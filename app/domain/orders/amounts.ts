import terbilang from "@develoka/angka-terbilang-js";

// Money on orders and invoices: whole rupiah, PPN in basis points. Pure, shared by the server and the pages.

/** PPN on a subtotal, rounded half up to the whole rupiah (e.g. 11 % of 1.250.005 = 137.501). */
export function ppnOf(subtotal: number, rateBp: number): number {
  if (!Number.isSafeInteger(subtotal) || subtotal < 0) throw new RangeError("subtotal must be whole rupiah");
  return Math.floor((subtotal * rateBp + 5000) / 10000);
}

export function invoiceAmounts(lines: { quantity: number; unitPrice: number }[], rateBp: number) {
  const subtotal = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  const ppn = ppnOf(subtotal, rateBp);
  return { subtotal, ppn, total: subtotal + ppn };
}

/** A PPN rate in percent (from PPN_RATE) as basis points: 11 → 1100, 11.5 → 1150. */
export function percentToBp(percent: number): number {
  return Math.round(percent * 100);
}

/** The amount in words in Bahasa Indonesia, as written on a purchase order: "satu juta … rupiah". */
export function rupiahInWords(amount: number): string {
  // The library writes "milyar"; KBBI (and a purchase order) writes "miliar".
  const words = String(terbilang(String(amount))).trim().replace(/\bmilyar\b/g, "miliar");
  return `${words} rupiah`;
}
