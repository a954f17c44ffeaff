import { Form, Link } from "@remix-run/react";
import type { DevelopmentPage } from "../../domain/development/coached-view.server";
import { useT } from "../../i18n/use-t";

/** Visits and assessments with their scores, findings, photos and follow-up actions (done by either side). */
export function VisitsSection({ page, canComplete }: { page: DevelopmentPage; canComplete: boolean }) {
  const { t, date, locale } = useT();
  if (page.visits.length === 0) return <p className="empty">{t("visit.none")}</p>;
  return (
    <ol className="stack card-list" data-testid="visits">
      {page.visits.map((v) => (
        <li key={v.id} className="card stack">
          <p>
            <strong>
              {date(v.visited_on)} · {t(`visit.kind.${v.kind}` as const)}
              {v.stage_name_id ? ` · ${locale === "id" ? v.stage_name_id : v.stage_name_en}` : ""}
            </strong>
            <br />
            <span className="hint">
              {v.mentor_name}
              {v.mentor_person ? ` · ${v.mentor_person}` : ""}
            </span>
          </p>
          {Object.keys(v.scores).length > 0 ? (
            <p data-testid="visit-scores">
              {Object.entries(v.scores)
                .map(([code, score]) => {
                  const criterion = page.ladder.flatMap((s) => s.criteria).find((c) => c.code === code);
                  return `${criterion ? (locale === "id" ? criterion.labelId : criterion.labelEn) : code}: ${score}`;
                })
                .join(" · ")}
            </p>
          ) : null}
          <p>{v.findings}</p>
          {v.photoFileIds.length > 0 ? (
            <p>
              {v.photoFileIds.map((id, i) => (
                <a key={id} href={`/files/${id}`} target="_blank" rel="noreferrer">
                  {t("visit.photo", { n: i + 1 })}{" "}
                </a>
              ))}
            </p>
          ) : null}
          {v.actions.length > 0 ? (
            <ul>
              {v.actions.map((a) => (
                <li key={a.id} data-status={a.status}>
                  {a.description} · {t("visit.dueOn")} {date(a.due_on)}
                  {a.owner_name ? ` · ${a.owner_name}` : ""} ·{" "}
                  {a.status === "done" ? t("visit.done") : a.due_on < page.today ? <strong className="warn">{t("visit.overdue")}</strong> : t("visit.open")}
                  {canComplete && a.status === "open" ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="actionDone" />
                      <input type="hidden" name="actionId" value={a.id} />
                      <button type="submit" className="small">
                        {t("visit.markDone")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function EvidenceList({ page }: { page: DevelopmentPage }) {
  const { t, date, locale } = useT();
  if (page.evidence.length === 0) return <p className="empty">{t("ladder.noEvidence")}</p>;
  const stageName = (id: number) => {
    const s = page.ladder.find((x) => x.id === id);
    return s ? (locale === "id" ? s.nameId : s.nameEn) : "";
  };
  const criterionName = (stageId: number, code: string) => {
    const c = page.ladder.find((x) => x.id === stageId)?.criteria.find((x) => x.code === code);
    return c ? (locale === "id" ? c.labelId : c.labelEn) : code;
  };
  return (
    <ul data-testid="evidence">
      {page.evidence.map((e) => (
        <li key={e.id}>
          {stageName(e.stage_id)} · {criterionName(e.stage_id, e.criterion_code)}
          {e.ppap_level ? ` · PPAP ${e.ppap_level}${e.part_name ? ` (${e.part_name})` : ""}` : ""} ·{" "}
          {e.file_id ? (
            <a href={`/files/${e.file_id}`} target="_blank" rel="noreferrer">
              {e.original_name}
            </a>
          ) : null}
          {e.valid_until ? ` · ${t("ladder.validUntil")} ${date(e.valid_until)}` : ""} · {e.added_by ?? ""} · {date(e.created_at.slice(0, 10))}
        </li>
      ))}
    </ul>
  );
}

export function ListingSummary({ page }: { page: DevelopmentPage }) {
  const { t, date, locale } = useT();
  if (!page.listing) return <p className="empty">{t("mentor.noListing")}</p>;
  return (
    <div className="card stack" data-testid="coached-listing">
      <p>{locale === "id" ? page.listing.headline : page.listing.headlineEn || page.listing.headline}</p>
      <p>
        <Link to={`/suppliers/${page.organization.slug}`}>{t("mentor.openListing")}</Link>
      </p>
      <h3>{t("mentor.certificates")}</h3>
      {page.listing.certificates.length === 0 ? (
        <p className="empty">{t("mentor.noCertificates")}</p>
      ) : (
        <ul>
          {page.listing.certificates.map((c) => (
            <li key={`${c.typeCode}-${c.number}`}>
              {c.typeCode.toUpperCase()} {c.number} · {t("ladder.validUntil")} {date(c.validUntil)} · {t(`certState.${c.state}` as const)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
