import type { BidStatus, RfqStatus } from "../../db/schema";
import type { MessageKey } from "../i18n/i18n";
import { useT } from "../i18n/use-t";

// Presentational pieces of the RFQ pages.

export function RfqStatusBadge({ status }: { status: RfqStatus }) {
  const { t } = useT();
  return (
    <span className={`status rfq-status-${status}`} data-status={status}>
      {t(`rfqStatus.${status}` as MessageKey)}
    </span>
  );
}

export function BidStatusBadge({ status }: { status: BidStatus }) {
  const { t } = useT();
  return (
    <span className={`status bid-status-${status}`} data-status={status}>
      {t(`bidStatus.${status}` as MessageKey)}
    </span>
  );
}
