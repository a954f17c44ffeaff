import type { CapabilityOptions } from "../domain/suppliers/capability-options";
import type { CapacityUnit } from "../domain/suppliers/listing-data";
import { useT } from "../i18n/use-t";

/** The label of a taxonomy code in the reader's language (the code itself if it was removed). */
export function useCapabilityLabel(options: CapabilityOptions) {
  return (kind: keyof CapabilityOptions, code: string) => options[kind].find((o) => o.value === code)?.label ?? code;
}

/** A capacity unit as a listing writes it ("pcs per month" …), in the reader's language. */
export function useUnitLabel() {
  const { t } = useT();
  return (unit: CapacityUnit) => t(`unit.${unit}`);
}
