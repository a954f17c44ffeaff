import { stringify } from "csv-stringify/sync";

// Every CSV Pasok writes goes through here. A text cell that starts with = + - @, a tab or a carriage return
// would run as a formula in Excel or LibreOffice (OWASP "CSV injection"): it gets a leading apostrophe, which
// the spreadsheet shows as text. Numbers stay numbers.
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function toCsv(rows: unknown[][]): string {
  return stringify(rows, { cast: { string: neutraliseCell } });
}
