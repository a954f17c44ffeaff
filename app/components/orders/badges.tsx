import type { InvoiceStatus, OrderStatus } from "../../../db/schema";
import type { ScheduleState } from "../../domain/orders/order-progress";
import { useT } from "../../i18n/use-t";

// Presentational pieces of the order pages.

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useT();
  return (
    <span className={`status order-status-${status}`} data-status={status}>
      {t(`orderStatus.${status}` as const)}
    </span>
  );
}

export function InvoiceStatusBadge({ status, overdue }: { status: InvoiceStatus; overdue: boolean }) {
  const { t } = useT();
  return (
    <>
      <span className={`status invoice-status-${status}`} data-status={status}>
        {t(`invoiceStatus.${status}` as const)}
      </span>{" "}
      {overdue ? <span className="status overdue">{t("invoice.overdue")}</span> : null}
    </>
  );
}

export function ScheduleBadge({ state }: { state: ScheduleState }) {
  const { t } = useT();
  return (
    <span className={`status schedule-${state}`} data-state={state}>
      {t(`scheduleState.${state}` as const)}
    </span>
  );
}
