import type { ListingStatus } from "../../db/schema";
import type { CapabilityOptions } from "../domain/suppliers/capability-options";
import type { CapacityUnit } from "../domain/suppliers/listing-data";
import { useT } from "../i18n/use-t";

// Presentational pieces shared by the supplier's editor, the admin's pages and the public directory.

export function StatusBadge({ status }: { status: ListingStatus }) {
  const { t } = useT();
  return (
    <span className={`status status-${status}`} data-status={status}>
      {t(`listingStatus.${status}` as const)}
    </span>
  );
}

/** The label of a taxonomy code in the reader's language (the code itself if it was removed). */
export function useCapabilityLabel(options: CapabilityOptions) {
  return (kind: keyof CapabilityOptions, code: string) => options[kind].find((o) => o.value === code)?.label ?? code;
}

export function Chips({ items }: { items: string[] }) {
  if (items.length === 0) return <span className="empty">—</span>;
  return (
    <ul className="chips">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

export function useUnitLabel() {
  const { t } = useT();
  return (unit: CapacityUnit) => t(`unit.${unit}` as const);
}

export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
