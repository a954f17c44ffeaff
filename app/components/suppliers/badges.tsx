import type { ListingStatus } from "../../../db/schema";
import { useT } from "../../i18n/use-t";

export function ListingStatusBadge({ status }: { status: ListingStatus }) {
  const { t } = useT();
  return (
    <span className={`status status-${status}`} data-status={status}>
      {t(`listingStatus.${status}`)}
    </span>
  );
}
