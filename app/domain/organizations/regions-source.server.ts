import { getProvinces, getRegencies } from "idn-area-data";
import type { Regions } from "./region-types";

/** Indonesia's provinces and regencies/cities as idn-area-data has them, sorted by name as the pages list them. */
export async function regionsFromPackage(): Promise<Regions> {
  const [provinces, regencies] = await Promise.all([getProvinces(), getRegencies()]);
  return {
    provinces: provinces.map((p) => ({ code: p.code, name: p.name })).sort((a, b) => a.name.localeCompare(b.name, "id")),
    regencies: regencies
      .map((r) => ({ code: r.code, name: r.name, provinceCode: r.province_code }))
      .sort((a, b) => a.name.localeCompare(b.name, "id") || a.code.localeCompare(b.code)),
  };
}
