import type { WorkOrderStatus } from "../../../db/schema";
import { useT } from "../../i18n/use-t";

export function WorkOrderStatusBadge({ status }: { status: WorkOrderStatus }) {
  const { t } = useT();
  return (
    <span className={`status work-order-status-${status}`} data-status={status}>
      {t(`wo.status.${status}` as const)}
    </span>
  );
}
