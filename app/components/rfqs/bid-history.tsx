import type { BidPage } from "../../domain/rfqs/rfq-views.server";
import { useT } from "../../i18n/use-t";

/** A supplier's bid attachments and every version of its bid, newest first. */
export function BidHistory({ page }: { page: BidPage }) {
  const { t, rupiah, number, dateTime, date, fileSize } = useT();
  const { rfq, lines, versions, attachments } = page;
  return (
    <>
      {attachments.length > 0 ? (
        <>
          <h2>{t("bid.attachments")}</h2>
          <ul className="history">
            {attachments.map((a) => (
              <li key={a.id}>
                <a href={`/rfqs/${rfq.id}/files/${a.id}`}>{a.original_name}</a> ({fileSize(a.byte_size)}) · {dateTime(a.created_at)}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {versions.length > 0 ? (
        <>
          <h2>{t("bid.versions")}</h2>
          <ul className="history" data-testid="bid-versions">
            {versions.map((v) => (
              <li key={v.id}>
                <p>
                  <strong>{t("bid.versionN", { version: v.number })}</strong> · {dateTime(v.created_at)} · {t("bid.total")}{" "}
                  <strong>{rupiah(v.total_amount)}</strong>
                  {v.tkdn_percent !== null ? ` · TKDN ${number(v.tkdn_percent)}%` : ""}
                  {v.outdated ? <span className="chip warn"> {t("bid.madeOnVersion", { version: v.rfq_version })}</span> : null}
                </p>
                <ul className="lines">
                  {v.lines.map((l) => {
                    const line = lines.find((x) => x.id === l.rfq_line_id);
                    return (
                      <li key={l.id}>
                        {line?.part_name}: {number(l.quantity)} × {rupiah(l.unit_price)} = {rupiah(l.quantity * l.unit_price)}
                        {l.shares.length > 0 ? ` (${l.shares.map((s) => `${s.legal_name} ${number(s.quantity)}`).join(", ")})` : ""}
                      </li>
                    );
                  })}
                </ul>
                <p className="hint">
                  {t("bid.leadTimeDays")}: {v.lead_time_days} · {t("bid.validUntil")}: {date(v.valid_until)}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
