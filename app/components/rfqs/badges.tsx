import type { BidStatus, RfqStatus } from "../../../db/schema";
import { useT } from "../../i18n/use-t";

// Presentational pieces of the RFQ pages.

export function RfqStatusBadge({ status }: { status: RfqStatus }) {
  const { t } = useT();
  return (
    <span className={`status rfq-status-${status}`} data-status={status}>
      {t(`rfqStatus.${status}` as const)}
    </span>
  );
}

export function BidStatusBadge({ status }: { status: BidStatus }) {
  const { t } = useT();
  return (
    <span className={`status bid-status-${status}`} data-status={status}>
      {t(`bidStatus.${status}` as const)}
    </span>
  );
}
