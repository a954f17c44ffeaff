import terbilang from "@develoka/angka-terbilang-js";

// Money on orders and invoices is whole rupiah; PPN is computed by app/domain/tax/ppn.ts.

/** The amount in words in Bahasa Indonesia, as written on a purchase order: "satu juta … rupiah". */
export function rupiahInWords(amount: number): string {
  // The library writes "milyar"; KBBI (and a purchase order) writes "miliar".
  const words = String(terbilang(String(amount))).trim().replace(/\bmilyar\b/g, "miliar");
  return `${words} rupiah`;
}
