import { getProvinces, getRegencies } from "idn-area-data";

export interface Province {
  code: string;
  name: string;
}
export interface Regency {
  code: string;
  name: string;
  provinceCode: string;
}
export interface Regions {
  provinces: Province[];
  regencies: Regency[];
}

let loaded: Promise<Regions> | undefined;

/** Indonesia's provinces and regencies/cities from `idn-area-data` (Kemendagri's current codes), read once. */
export function loadRegions(): Promise<Regions> {
  loaded ??= (async () => {
    const [provinces, regencies] = await Promise.all([getProvinces(), getRegencies()]);
    return {
      provinces: provinces.map((p) => ({ code: p.code, name: p.name })).sort((a, b) => a.name.localeCompare(b.name, "id")),
      regencies: regencies
        .map((r) => ({ code: r.code, name: r.name, provinceCode: r.province_code }))
        .sort((a, b) => a.name.localeCompare(b.name, "id")),
    };
  })();
  return loaded;
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
