import type { EnrolmentStatus, RelationshipStatus } from "../../../db/schema";
import type { LadderState } from "../../domain/development/ladder-states";
import { useT } from "../../i18n/use-t";

export function EnrolmentBadge({ status }: { status: EnrolmentStatus }) {
  const { t } = useT();
  return (
    <span className={`status enrolment-status-${status}`} data-status={status}>
      {t(`enrolment.status.${status}` as const)}
    </span>
  );
}

export function LadderBadge({ state }: { state: LadderState }) {
  const { t } = useT();
  return (
    <span className={`status ladder-status-${state}`} data-status={state}>
      {t(`ladder.status.${state}` as const)}
    </span>
  );
}

export function RelationshipBadge({ status }: { status: RelationshipStatus | "none" }) {
  const { t } = useT();
  return (
    <span className={`status relationship-status-${status}`} data-status={status}>
      {t(`relationship.status.${status}` as const)}
    </span>
  );
}
