import type { Regions } from "./region-types";
import { REGIONS_DATA } from "./regions-data";

export type { Province, Regency, Regions } from "./region-types";

// Indonesia's provinces and regencies/cities (Kemendagri's codes, from idn-area-data via
// `npm run regions:generate`). Static reference data: the server checks against it and the region fields
// render from it, in the browser too, without it riding in any loader's data.


export const REGIONS: Regions = REGIONS_DATA;

/** The province a regency/city code lies in ("33.18" → "33"). */
export function provinceOfRegency(regencyCode: string): string {
  return regencyCode.slice(0, 2);
}
