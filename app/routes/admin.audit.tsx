import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import { AUDIT_CSV_LIMIT, auditFilterFrom, recordLink, searchAudit } from "../domain/audit/audit-search.server";
import { requireAdmin } from "../http/auth.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("audit.title");

// Issue 17: every audit row, searchable by organization, record, kind, action, actor and date; CSV export.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const filter = auditFilterFrom(url);
  const found = await searchAudit(getDb(), filter);
  return {
    filter,
    csvLimit: AUDIT_CSV_LIMIT,
    kinds: found.kinds,
    next: found.next,
    rows: found.rows.map((r) => {
      const detail = JSON.parse(r.detail) as Record<string, unknown>;
      return { ...r, detail: r.detail.length > 300 ? `${r.detail.slice(0, 300)}…` : r.detail, link: recordLink(r.entity_type, r.entity_id, detail) };
    }),
  };
}

export default function AuditPage() {
  const { filter, kinds, next, rows, csvLimit } = useLoaderData<typeof loader>();
  const { t, dateTime, number } = useT();
  const query = new URLSearchParams(Object.entries(filter).filter(([k, v]) => v !== undefined && k !== "before").map(([k, v]) => [k, String(v)]));
  const field = (name: keyof typeof filter, label: string, type = "text") => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <input id={`audit-${name}`} name={name} type={type} defaultValue={filter[name] === undefined ? "" : String(filter[name])} />
    </div>
  );
  return (
    <section className="stack">
      <h1>{t("audit.title")}</h1>
      <p className="hint">{t("audit.hint")}</p>
      <Form method="get" className="card stack" data-testid="audit-filters">
        <div className="field-row">
          {field("organization", t("audit.organization"))}
          <div className="field">
            <label htmlFor="audit-kind">{t("audit.kind")}</label>
            <select id="audit-kind" name="kind" defaultValue={filter.kind ?? ""}>
              <option value="">{t("audit.anyKind")}</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </div>
          {field("record", t("audit.record"))}
        </div>
        <div className="field-row">
          {field("action", t("audit.action"))}
          {field("actor", t("audit.actor"))}
          {field("from", t("audit.from"), "date")}
          {field("to", t("audit.to"), "date")}
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("audit.search")}
          </button>
          <a href={`/admin/audit.csv?${query.toString()}`} download>
            {t("audit.csv")}
          </a>
        </div>
        <p className="hint">{t("audit.csvLimit", { limit: csvLimit })}</p>
      </Form>
      {rows.length === 0 ? (
        <p className="empty">{t("audit.none")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="audit-rows">
            <thead>
              <tr>
                <th>{t("audit.when")}</th>
                <th>{t("audit.who")}</th>
                <th>{t("audit.organizationColumn")}</th>
                <th>{t("audit.which")}</th>
                <th>{t("audit.what")}</th>
                <th>{t("audit.state")}</th>
                <th>{t("audit.address")}</th>
                <th>{t("audit.detail")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{dateTime(r.created_at)}</td>
                  <td>{r.actor_name ? `${r.actor_name} <${r.actor_email}>` : t("audit.system")}</td>
                  <td>{r.organization_name ?? "—"}</td>
                  <td>
                    {r.link ? <Link to={r.link}>{`${r.entity_type} #${r.entity_id}`}</Link> : `${r.entity_type} #${r.entity_id}`}{" "}
                    <Link to={`/admin/audit?kind=${r.entity_type}&record=${encodeURIComponent(r.entity_id)}`} aria-label={t("audit.history")}>
                      ⟲
                    </Link>
                  </td>
                  <td>{r.action}</td>
                  <td>{r.from_state || r.to_state ? `${r.from_state ?? "—"} → ${r.to_state ?? "—"}` : ""}</td>
                  <td>{r.actor_address ?? "—"}</td>
                  <td className="audit-detail">{r.detail === "{}" ? "" : r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <p>
          <Link to={`/admin/audit?${new URLSearchParams([...query.entries(), ["before", String(next)]]).toString()}`}>{t("audit.older")}</Link> ({number(rows.length)})
        </p>
      ) : null}
    </section>
  );
}
