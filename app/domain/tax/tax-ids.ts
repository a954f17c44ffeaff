// Indonesian tax identifiers, pure (browser and server). Sources in README → Decisions.
// - NPWP: 16 digits since PMK 112/2022 (July 2024 in Coretax); an old 15-digit NPWP is the 16-digit one
//   with a leading 0.
// - NITKU: a place of business, 22 digits: the 16-digit NPWP and 6 more ("000000" for the head office).
// - Faktur pajak number (PER-11/PJ/2025 Pasal 37): 17 digits — 2-digit kode transaksi, 2-digit kode status
//   (00 normal, 01 first replacement, …), 13-digit serial that Coretax assigns; where the year sits in the
//   serial is a tax setting (app/domain/tax/tax-settings.server.ts).

const digitsOnly = (value: string) => value.replace(/[\s.\-/]/g, "");

/** The 16-digit form of an NPWP typed with or without dots and dashes, or null if it is not one. */
export function npwp16(value: string): string | null {
  const digits = digitsOnly(value);
  if (/^\d{16}$/.test(digits)) return digits;
  if (/^\d{15}$/.test(digits)) return `0${digits}`;
  return null;
}

export type NitkuProblem = "format" | "npwp";

/** Whether a NITKU is 22 digits and starts with the organization's NPWP. */
export function checkNitku(nitku: string, npwp: string): NitkuProblem | null {
  const digits = digitsOnly(nitku);
  if (!/^\d{22}$/.test(digits)) return "format";
  const own = npwp16(npwp);
  if (!own || !digits.startsWith(own)) return "npwp";
  return null;
}

export const normalizeNitku = digitsOnly;

/** The head office's NITKU: the NPWP and 000000. */
export function headOfficeNitku(npwp: string): string | null {
  const own = npwp16(npwp);
  return own ? `${own}000000` : null;
}

export type FakturProblem = "format" | "kode" | "status" | "year";

export interface FakturExpectation {
  kodeTransaksi: string;
  /** "00" for a first faktur; the replaced faktur's status + 1 for a replacement (pengganti). */
  statusCode: string;
  /** The faktur's date ("YYYY-MM-DD"): its two-digit year must appear in the serial. */
  date: string;
  /** 1-based position of the two-digit year in the 17 digits; null for no check. */
  yearPosition: number | null;
}

/** Checks a faktur pajak number against the invoice it is for; returns the 17 digits or the first problem. */
export function checkFakturNumber(value: string, expected: FakturExpectation): { digits: string } | { problem: FakturProblem } {
  const digits = digitsOnly(value);
  if (!/^\d{17}$/.test(digits)) return { problem: "format" };
  if (digits.slice(0, 2) !== expected.kodeTransaksi) return { problem: "kode" };
  if (digits.slice(2, 4) !== expected.statusCode) return { problem: "status" };
  if (expected.yearPosition !== null) {
    const at = expected.yearPosition - 1;
    if (digits.slice(at, at + 2) !== expected.date.slice(2, 4)) return { problem: "year" };
  }
  return { digits };
}

/** The next kode status after a replaced faktur's ("00" → "01"). */
export function nextFakturStatus(replacedNumber: string | null): string {
  if (!replacedNumber) return "00";
  return String(Math.min(99, Number(replacedNumber.slice(2, 4)) + 1)).padStart(2, "0");
}

/** A faktur number for print: 04.00.25.00000012345 style groups (kode, status, serial). */
export function formatFakturNumber(digits: string): string {
  return /^\d{17}$/.test(digits) ? `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4)}` : digits;
}
