// The shape of the region reference data (regions-data.ts, generated) and of what reads it.
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
