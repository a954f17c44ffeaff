import type { HistoryEntity } from "../../domain/development/history-entities";
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

/** A record's own history (its audit rows), newest first. */
export function HistoryList({ rows }: { rows: HistoryRow[] }) {
  const { t, dateTime } = useT();
  if (rows.length === 0) return <p className="empty">{t("history.none")}</p>;
  return (
    <ol className="history" data-testid="ladder-history">
      {rows.map((r) => {
        let stage = "";
        try {
          const detail = JSON.parse(r.detail) as { stage?: string; programme?: string };
          stage = detail.stage ?? detail.programme ?? "";
        } catch {
          stage = "";
        }
        return (
          <li key={r.id}>
            <time dateTime={r.created_at}>{dateTime(r.created_at)}</time> · {t(`history.entity.${r.entity_type}` as const)} {stage ? `(${stage})` : ""} · {r.action}
            {r.to_state ? ` → ${r.to_state}` : ""} · {r.actor_name ?? t("history.system")}
          </li>
        );
      })}
    </ol>
  );
}
