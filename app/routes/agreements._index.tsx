import { Link, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { AgreementStatusBadge } from "../components/agreements/agreement-sections";
import { getDb } from "../db.server";
import { listAgreements } from "../domain/agreements/agreement-views.server";
import { jakartaDate } from "../domain/time";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("agreement.listTitle");

// Both sides' framework agreements: period, status, what is used, and a warning as one nears its limit or end.
export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request);
  return { agreements: await listAgreements(getDb(), auth.organization.id, jakartaDate(now())) };
});

export default function AgreementList() {
  const { agreements } = useLoaderData<typeof loader>();
  const { t, rupiah, date, number } = useT();
  return (
    <section className="stack">
      <h1>{t("agreement.listTitle")}</h1>
      <p className="hint">{t("agreement.listIntro")}</p>
      {agreements.length === 0 ? <p className="empty">{t("agreement.none")}</p> : null}
      {agreements.length > 0 ? (
        <div className="table-wrap">
          <table className="stacked" data-testid="agreements">
            <thead>
              <tr>
                <th>{t("order.number")}</th>
                <th>{t("order.counterpart")}</th>
                <th>{t("agreement.period")}</th>
                <th>{t("order.status")}</th>
                <th className="num">{t("agreement.used")}</th>
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <tr key={a.id}>
                  <td data-label={t("order.number")}>
                    <Link to={`/agreements/${a.id}`}>{a.number}</Link>
                    <div className="hint">{a.title}</div>
                  </td>
                  <td data-label={t("order.counterpart")}>{a.side === "buyer" ? a.supplier_name : a.buyer_name}</td>
                  <td data-label={t("agreement.period")}>
                    {date(a.starts_on)} – {date(a.ends_on)}
                  </td>
                  <td data-label={t("order.status")}>
                    <AgreementStatusBadge status={a.status} />
                    {a.warnings.map((w) => (
                      <div key={w} className="hint warning">
                        {w === "usage" ? t("agreement.warnUsageShort") : t("agreement.warnEndingShort")}
                      </div>
                    ))}
                  </td>
                  <td data-label={t("agreement.used")} className="num">
                    {rupiah(a.usedValue)}
                    {a.usedPercent !== null ? ` (${number(a.usedPercent)}%)` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
