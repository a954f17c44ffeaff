import type { ListingStatus } from "../../db/schema";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { ListingStatusBadge } from "../components/suppliers/badges";
import { getDb } from "../db.server";
import { HOUR_MS } from "../clock.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { QUEUE_STATUSES } from "../domain/suppliers/listing-states";
import { listModerationQueue } from "../domain/suppliers/listing-views.server";
import { defineLoader } from "../http/loader.server";
import { requireAdmin } from "../http/auth.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("moderation.title");

export const loader = defineLoader(async ({ request }) => {
  await requireAdmin(request);
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status") ?? "submitted";
  const status: ListingStatus = (QUEUE_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as ListingStatus) : "submitted";
  const kindParam = url.searchParams.get("kind");
  const kind = kindParam === "new" || kindParam === "revision" ? kindParam : undefined;
  const orgKindParam = url.searchParams.get("orgKind");
  const orgKind = orgKindParam === "supplier" || orgKindParam === "cooperative" ? orgKindParam : undefined;
  const cluster = url.searchParams.get("cluster") || undefined;
  const db = getDb();
  const rows = await listModerationQueue(db, { status, kind, cluster, orgKind });
  const at = now().getTime();
  return {
    filter: { status, kind: kind ?? "", orgKind: orgKind ?? "", cluster: cluster ?? "" },
    rows: rows.map((r) => {
      const since = r.submitted_at ?? r.updated_at;
      return { ...r, since, ageHours: Math.max(0, Math.floor((at - new Date(since).getTime()) / HOUR_MS)) };
    }),
    capabilities: await listCapabilities(db),
  };
});

export default function ModerationQueuePage() {
  const { filter, rows, capabilities } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, locale, dateTime } = useT();
  const clusters = capabilityOptions(capabilities, locale).cluster;
  const age = (hours: number) => (hours >= 48 ? t("moderation.ageDays", { count: Math.floor(hours / 24) }) : t("moderation.ageHours", { count: hours }));
  return (
    <section className="stack">
      <div className="heading-row">
        <h1>{t("moderation.title")}</h1>
        <Link to="/admin/capabilities">{t("taxonomy.title")}</Link>
      </div>
      {params.get("decided") ? (
        <p className="notice" role="status">
          {t("moderation.decided")}
        </p>
      ) : null}
      <Form method="get" className="filters card">
        <div className="field">
          <label htmlFor="q-status">{t("org.status")}</label>
          <select id="q-status" name="status" defaultValue={filter.status}>
            {QUEUE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`listingStatus.${s}` as const)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-kind">{t("moderation.kind")}</label>
          <select id="q-kind" name="kind" defaultValue={filter.kind}>
            <option value="">{t("moderation.kind.all")}</option>
            <option value="new">{t("moderation.kind.new")}</option>
            <option value="revision">{t("moderation.kind.revision")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-orgKind">{t("field.orgKind")}</label>
          <select id="q-orgKind" name="orgKind" defaultValue={filter.orgKind}>
            <option value="">{t("moderation.kind.all")}</option>
            <option value="supplier">{t("orgKind.supplier")}</option>
            <option value="cooperative">{t("orgKind.cooperative")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-cluster">{t("listing.cluster")}</label>
          <select id="q-cluster" name="cluster" defaultValue={filter.cluster}>
            <option value="">{t("moderation.kind.all")}</option>
            {clusters.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("directory.filter")}</button>
      </Form>
      {rows.length === 0 ? (
        <p className="empty">{t("moderation.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("field.legalName")}</th>
                <th>{t("org.status")}</th>
                <th>{t("moderation.kind")}</th>
                <th>{t("listing.cluster")}</th>
                <th>{t("moderation.age")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/admin/listings/${r.id}`}>{r.legal_name}</Link>
                    <br />
                    <small>{r.headline}</small>
                  </td>
                  <td>
                    <ListingStatusBadge status={r.status} />
                  </td>
                  <td>
                    {t(r.isRevision ? "moderation.kind.revision" : "moderation.kind.new")} · #{r.number}
                  </td>
                  <td>{clusters.find((c) => c.value === r.cluster_code)?.label ?? "—"}</td>
                  <td title={dateTime(r.since)}>{age(r.ageHours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
