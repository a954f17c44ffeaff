import { REGIONS, type Regions } from "./regions";

export type { Province, Regency, Regions } from "./regions";

/** Indonesia's provinces and regencies/cities (app/domain/organizations/regions.ts). */
export function loadRegions(): Promise<Regions> {
  return Promise.resolve(REGIONS);
}

/** Checks that the province exists and the regency lies in it; says which field is wrong. */
export async function checkRegion(
  provinceCode: string,
  regencyCode: string,
): Promise<{ ok: true } | { ok: false; field: "provinceCode" | "regencyCode" }> {
  const { provinces, regencies } = await loadRegions();
  if (!provinces.some((p) => p.code === provinceCode)) return { ok: false, field: "provinceCode" };
  if (!regencies.some((r) => r.code === regencyCode && r.provinceCode === provinceCode)) {
    return { ok: false, field: "regencyCode" };
  }
  return { ok: true };
}

export async function regionNames(provinceCode: string, regencyCode: string): Promise<{ province: string; regency: string }> {
  const { provinces, regencies } = await loadRegions();
  return {
    province: provinces.find((p) => p.code === provinceCode)?.name ?? provinceCode,
    regency: regencies.find((r) => r.code === regencyCode)?.name ?? regencyCode,
  };
}
