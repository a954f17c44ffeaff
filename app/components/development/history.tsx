import type { HistoryEntity } from "../../domain/development/history-entities";
import { ENROLMENT_EVENTS } from "../../domain/development/enrolment-states";
import { LADDER_EVENTS } from "../../domain/development/ladder-states";
import { RELATIONSHIP_EVENTS } from "../../domain/development/relationship-states";
import type { MessageKey } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";

export interface HistoryRow {
  id: number;
  entity_type: HistoryEntity;
  action: string;
  from_state: string | null;
  to_state: string | null;
  detail: string;
  created_at: string;
  actor_name: string | null;
}

const is = <T extends string>(list: readonly T[], value: string | null): value is T => value !== null && (list as readonly string[]).includes(value);

/** The words for one audit row's step and resulting state, in the reader's language (the code when unknown). */
function stepWords(row: HistoryRow): { action: MessageKey | null; state: MessageKey | null } {
  const { action, to_state: to } = row;
  switch (row.entity_type) {
    case "ladder_stage":
      return { action: is(LADDER_EVENTS, action) ? `ladder.event.${action}` : null, state: to && is(["in_progress", "submitted", "signed_off"] as const, to) ? `ladder.status.${to}` : null };
    case "enrolment":
      return {
        action: action === "invite" ? "history.invited" : is(ENROLMENT_EVENTS, action) ? `enrolment.event.${action}` : null,
        state: is(["invited", "active", "declined", "left"] as const, to) ? `enrolment.status.${to}` : null,
      };
    case "mentor_visit":
      return { action: is(["visit", "assessment", "gap_assessment"] as const, action) ? `visit.kind.${action}` : null, state: null };
    case "ladder_evidence":
      return { action: "ladder.addEvidence", state: null };
    case "supplier_relationship":
      return { action: is(RELATIONSHIP_EVENTS, action) ? `relationship.history.${action}` : null, state: is(["trial", "approved", "ended"] as const, to) ? `relationship.status.${to}` : null };
  }
}

/** A record's own history (its audit rows), newest first, with stage names from the ladder. */
export function HistoryList({ rows, stages }: { rows: HistoryRow[]; stages: readonly { code: string; nameId: string; nameEn: string }[] }) {
  const { t, dateTime, locale } = useT();
  if (rows.length === 0) return <p className="empty">{t("history.none")}</p>;
  return (
    <ol className="history" data-testid="ladder-history">
      {rows.map((r) => {
        let subject = "";
        try {
          const detail = JSON.parse(r.detail) as { stage?: string; programme?: string };
          const stage = stages.find((s) => s.code === detail.stage);
          subject = stage ? (locale === "id" ? stage.nameId : stage.nameEn) : (detail.programme ?? detail.stage ?? "");
        } catch {
          subject = "";
        }
        const words = stepWords(r);
        return (
          <li key={r.id}>
            <time dateTime={r.created_at}>{dateTime(r.created_at)}</time> · {t(`history.entity.${r.entity_type}` as const)}
            {subject ? ` (${subject})` : ""} · {words.action ? t(words.action) : r.action}
            {r.to_state ? ` → ${words.state ? t(words.state) : r.to_state}` : ""} · {r.actor_name ?? t("history.system")}
          </li>
        );
      })}
    </ol>
  );
}
