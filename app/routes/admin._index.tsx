import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import { programmeOverview } from "../domain/admin/programme-overview.server";
import { requireAdmin } from "../http/auth.server";
import { getSearchEngine } from "../domain/search/engine.server";
import { searchBacklog } from "../domain/search/outbox.server";
import { useT } from "../i18n/use-t";
import { pageTitle } from "../i18n/meta";

export const meta = pageTitle("admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const db = getDb();
  return { ...(await programmeOverview(db)), search: { engine: getSearchEngine().name, backlog: await searchBacklog(db) } };
}

const ENGINE_NAMES = { fts5: "SQLite FTS5", postgres: "PostgreSQL full-text", meilisearch: "Meilisearch" } as const;

export default function AdminPage() {
  const overview = useLoaderData<typeof loader>();
  const { t, date, dateTime } = useT();
  const { engine, backlog } = overview.search;
  return (
    <section className="stack">
      <h1>{t("admin.title")}</h1>
      <p className="actions">
        <Link to="/admin/tax">{t("nav.adminTax")}</Link>
        <Link to="/admin/capabilities">{t("taxonomy.title")}</Link>
      </p>
      <ul className="stat-grid">
        {overview.byKind.map((k) => (
          <li key={k.kind}>
            <span className="stat">{k.count}</span>
            <span>{t(`orgKind.${k.kind}` as const)}</span>
          </li>
        ))}
        <li>
          <span className="stat">{overview.userCount}</span>
          <span>{t("admin.users")}</span>
        </li>
      </ul>
      <div className={backlog.failing > 0 ? "card form-error" : "card"} data-testid="search-backlog">
        <h2>{t("admin.searchIndex")}</h2>
        <p>
          {t("admin.searchEngine", { engine: ENGINE_NAMES[engine] })} ·{" "}
          {t("admin.searchBacklog", { pending: backlog.pending, failing: backlog.failing })}
        </p>
        {backlog.oldestAt ? <p className="hint">{t("admin.searchOldest", { at: dateTime(backlog.oldestAt) })}</p> : null}
        {backlog.lastError ? <p className="hint">{t("admin.searchLastError", { error: backlog.lastError })}</p> : null}
      </div>
      <h2>{t("admin.organizations")}</h2>
      <div className="table-wrap">
        <table className="stacked">
          <thead>
            <tr>
              <th>{t("field.legalName")}</th>
              <th>{t("field.orgKind")}</th>
              <th>{t("admin.memberCount")}</th>
              <th>{t("org.since")}</th>
            </tr>
          </thead>
          <tbody>
            {overview.organizations.map((o) => (
              <tr key={o.id}>
                <td data-label={t("field.legalName")}>{o.legal_name}</td>
                <td data-label={t("field.orgKind")}>{t(`orgKind.${o.kind}` as const)}</td>
                <td data-label={t("admin.memberCount")}>{o.memberCount}</td>
                <td data-label={t("org.since")}>{date(o.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
