import type { CapabilityKind } from "../../../db/schema";
import type { Locale } from "../../i18n/i18n";

export interface Capability {
  kind: CapabilityKind;
  code: string;
  label_id: string;
  label_en: string;
}

export type CapabilityOptions = Record<CapabilityKind, { value: string; label: string }[]>;

/** The taxonomy as select/checkbox options in the reader's language. */
export function capabilityOptions(capabilities: Capability[], locale: Locale): CapabilityOptions {
  const options: CapabilityOptions = { process: [], material: [], certificate: [], cluster: [] };
  for (const c of capabilities) options[c.kind].push({ value: c.code, label: locale === "en" ? c.label_en : c.label_id });
  return options;
}
