import { describe, expect, it } from "vitest";
import { REGIONS, provinceOfRegency } from "../../../app/domain/organizations/regions";
import { regionsFromPackage } from "../../../app/domain/organizations/regions-source.server";

describe("the region list the pages use", () => {
  it("is exactly what idn-area-data has (after an upgrade: npm run regions:generate)", async () => {
    expect(REGIONS).toEqual(await regionsFromPackage());
  });

  it("puts every regency/city in a province of the list, whose code begins its own", () => {
    const provinces = new Set(REGIONS.provinces.map((p) => p.code));
    expect(REGIONS.regencies.length).toBeGreaterThan(500);
    for (const r of REGIONS.regencies) {
      expect(provinces.has(r.provinceCode)).toBe(true);
      expect(provinceOfRegency(r.code)).toBe(r.provinceCode);
    }
    expect(REGIONS.regencies.find((r) => r.code === "33.10")?.name).toBe("Kabupaten Klaten");
  });
});
