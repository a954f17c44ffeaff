import type { CapabilityKind } from "../../../db/schema";
import type { Locale } from "../../i18n/i18n";

export interface Capability {
  kind: CapabilityKind;
  code: string;
  label_id: string;
  label_en: string;
  /** Clusters: the regency/city codes it lies in, comma-separated. */
  regency_codes?: string;
}

export type CapabilityOptions = Record<CapabilityKind, { value: string; label: string }[]>;

/** The taxonomy as select/checkbox options in the reader's language. */
export function capabilityOptions(capabilities: Capability[], locale: Locale): CapabilityOptions {
  const options: CapabilityOptions = { process: [], material: [], certificate: [], cluster: [] };
  for (const c of capabilities) options[c.kind].push({ value: c.code, label: locale === "en" ? c.label_en : c.label_id });
  return options;
}

/** The listed clusters that lie in a regency/city: what the listing editor suggests. */
export function clustersInRegency(capabilities: Capability[], regencyCode: string): Capability[] {
  if (!regencyCode) return [];
  return capabilities.filter((c) => c.kind === "cluster" && (c.regency_codes ?? "").split(",").includes(regencyCode));
}
