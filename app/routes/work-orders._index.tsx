import { Link, useLoaderData } from "@remix-run/react";
import { WorkOrderStatusBadge } from "../components/work-orders/badges";
import { getDb } from "../db.server";
import { cooperativesOfMember } from "../domain/work-orders/member-money.server";
import { listWorkOrders } from "../domain/work-orders/work-order-views.server";
import { requireOrganization } from "../http/auth.server";
import { defineLoader } from "../http/loader.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("wo.listTitle");

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const db = getDb();
  return {
    workOrders: await listWorkOrders(db, auth.organization.id),
    isCooperative: auth.organization.kind === "cooperative",
    statements: auth.organization.kind === "cooperative" ? [] : await cooperativesOfMember(db, auth.organization.id),
  };
});

export default function WorkOrdersPage() {
  const { workOrders, isCooperative, statements } = useLoaderData<typeof loader>();
  const { t, number, date } = useT();
  return (
    <section className="stack">
      <h1>{t("wo.listTitle")}</h1>
      {isCooperative ? (
        <p>
          <Link to="/cooperative/members">{t("members.title")}</Link>
        </p>
      ) : (
        statements.map((c) => (
          <p key={c.id}>
            <Link to={`/work-orders/statement?cooperative=${c.id}`}>
              {t("statement.title")} — {c.legal_name}
            </Link>
          </p>
        ))
      )}
      {workOrders.length === 0 ? (
        <p className="empty">{t("wo.none")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="work-order-list">
            <thead>
              <tr>
                <th>{t("wo.number")}</th>
                <th>{isCooperative ? t("wo.member") : t("wo.cooperative")}</th>
                <th>{t("wo.buyer")}</th>
                <th className="num">{t("wo.quantity")}</th>
                <th>{t("wo.firstDue")}</th>
                <th>{t("wo.status")}</th>
              </tr>
            </thead>
            <tbody>
              {workOrders.map((w) => (
                <tr key={w.id}>
                  <td>
                    <Link to={`/work-orders/${w.id}`}>{w.number}</Link>
                  </td>
                  <td>{w.side === "cooperative" ? w.member_name : w.cooperative_name}</td>
                  <td>{w.buyer_name}</td>
                  <td className="num">{number(w.quantity)}</td>
                  <td>{w.first_due ? date(w.first_due) : "—"}</td>
                  <td>
                    <WorkOrderStatusBadge status={w.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
