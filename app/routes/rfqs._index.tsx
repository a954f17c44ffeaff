import { Link, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { RfqStatusBadge } from "../components/rfq";
import { getDb } from "../db.server";
import { listBuyerRfqs, listSupplierRfqs } from "../domain/rfqs/rfq-views.server";
import { defineLoader } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import type { MessageKey } from "../i18n/i18n";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("rfq.listTitle");

// A buyer's own RFQs, and for a supplier the open public RFQs, the ones it was invited to and the ones it bid on.
export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request);
  const db = getDb();
  const viewer = { userId: auth.user.id, organizationId: auth.organization.id, sells: auth.organization.sells };
  return {
    buys: auth.organization.buys,
    sells: auth.organization.sells,
    mine: auth.organization.buys ? await listBuyerRfqs(db, auth.organization.id, now()) : [],
    forSuppliers: auth.organization.sells ? await listSupplierRfqs(db, viewer, now()) : [],
  };
});

export default function RfqListPage() {
  const { buys, sells, mine, forSuppliers } = useLoaderData<typeof loader>();
  const { t, dateTime } = useT();
  return (
    <section className="stack">
      <div className="heading-row">
        <h1>{t("rfq.listTitle")}</h1>
        {buys ? (
          <Link to="/rfqs/new" className="button primary">
            {t("rfq.newTitle")}
          </Link>
        ) : null}
      </div>
      {buys ? (
        <>
          <h2>{t("rfq.mine")}</h2>
          {mine.length === 0 ? <p className="empty">{t("rfq.noneMine")}</p> : null}
          {mine.length > 0 ? (
            <div className="table-wrap">
              <table className="stacked">
                <thead>
                  <tr>
                    <th>{t("rfq.title")}</th>
                    <th>{t("rfq.status")}</th>
                    <th>{t("rfq.bidDeadline")}</th>
                    <th>{t("rfq.lines")}</th>
                    <th>{t("rfq.bids")}</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((r) => (
                    <tr key={r.id}>
                      <td data-label={t("rfq.title")}>
                        <Link to={`/rfqs/${r.id}`}>{r.title}</Link>
                      </td>
                      <td data-label={t("rfq.status")}>
                        <RfqStatusBadge status={r.status} />
                      </td>
                      <td data-label={t("rfq.bidDeadline")}>{r.bid_deadline ? dateTime(r.bid_deadline) : "—"}</td>
                      <td data-label={t("rfq.lines")}>{Number(r.line_count)}</td>
                      <td data-label={t("rfq.bids")}>{Number(r.bid_count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
      {sells ? (
        <>
          <h2>{t("rfq.forYou")}</h2>
          {forSuppliers.length === 0 ? <p className="empty">{t("rfq.noneForYou")}</p> : null}
          {forSuppliers.length > 0 ? (
            <div className="table-wrap">
              <table className="stacked">
                <thead>
                  <tr>
                    <th>{t("rfq.title")}</th>
                    <th>{t("rfq.buyer")}</th>
                    <th>{t("rfq.bidDeadline")}</th>
                    <th>{t("rfq.status")}</th>
                    <th>{t("bid.mine")}</th>
                  </tr>
                </thead>
                <tbody>
                  {forSuppliers.map((r) => (
                    <tr key={r.id}>
                      <td data-label={t("rfq.title")}>
                        <Link to={`/rfqs/${r.id}`}>{r.title}</Link> {r.invited ? <span className="chip">{t("rfq.invitedBadge")}</span> : null}
                      </td>
                      <td data-label={t("rfq.buyer")}>{r.buyer_name}</td>
                      <td data-label={t("rfq.bidDeadline")}>{r.bid_deadline ? dateTime(r.bid_deadline) : "—"}</td>
                      <td data-label={t("rfq.status")}>
                        <RfqStatusBadge status={r.status} />
                      </td>
                      <td data-label={t("bid.mine")}>{r.bid_status ? t(`bidStatus.${r.bid_status}` as MessageKey) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
