import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { OrderStatusBadge } from "../components/orders/badges";
import { getDb } from "../db.server";
import { listOrders } from "../domain/orders/order-views.server";
import { ORDER_STATES } from "../domain/orders/order-states";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("order.listTitle");

const FilterSchema = z.object({
  side: z.enum(["buying", "selling"]).optional().catch(undefined),
  status: z.enum(ORDER_STATES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
});

// Both sides' order lists, filtered by side, status and a search over number, RFQ and counterpart.
export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request);
  const url = new URL(request.url);
  const filter = FilterSchema.parse(Object.fromEntries(url.searchParams));
  return {
    filter,
    orders: await listOrders(getDb(), auth.organization.id, { ...filter, q: filter.q || undefined }),
    // A selling organization exports its invoices with PPN for Coretax.
    sells: auth.organization.sells,
  };
});

export default function OrderListPage() {
  const { filter, orders, sells } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, rupiah, date } = useT();
  return (
    <section className="stack">
      <div className="heading-row">
        <h1>{t("order.listTitle")}</h1>
        <Link to="/agreements">{t("agreement.listLink")}</Link>
      </div>
      <Form method="get" className="filters card">
        <div className="field">
          <label htmlFor="side">{t("order.side")}</label>
          <select id="side" name="side" defaultValue={filter.side ?? ""}>
            <option value="">{t("order.side.all")}</option>
            <option value="buying">{t("order.side.buying")}</option>
            <option value="selling">{t("order.side.selling")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("order.status")}</label>
          <select id="status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("order.status.all")}</option>
            {ORDER_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`orderStatus.${s}` as const)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q">{t("order.search")}</label>
          <input id="q" name="q" type="search" defaultValue={filter.q ?? ""} />
        </div>
        <div className="actions">
          <button type="submit">{t("order.filter")}</button>
          {params.toString() ? <Link to="/orders">{t("order.resetFilter")}</Link> : null}
        </div>
      </Form>
      {sells ? (
        <Form method="get" action="/orders/coretax.xml" reloadDocument className="card stack" data-testid="coretax-export">
          <p className="hint">{t("invoice.coretaxIntro")}</p>
          <div className="field-row">
            <div className="field">
              <label htmlFor="coretax-month">{t("invoice.coretaxMonth")}</label>
              <input id="coretax-month" name="month" type="month" placeholder="2026-12" />
            </div>
          </div>
          <div className="actions">
            <button type="submit">{t("invoice.coretaxExport")}</button>
          </div>
        </Form>
      ) : null}
      {orders.length === 0 ? <p className="empty">{t("order.none")}</p> : null}
      {orders.length > 0 ? (
        <div className="table-wrap">
          <table className="stacked" data-testid="orders">
            <thead>
              <tr>
                <th>{t("order.number")}</th>
                <th>{t("order.counterpart")}</th>
                <th>{t("order.rfq")}</th>
                <th>{t("order.status")}</th>
                <th className="num">{t("order.value")}</th>
                <th>{t("order.created")}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td data-label={t("order.number")}>
                    <Link to={`/orders/${o.id}`}>{o.number}</Link>
                    <div className="hint">{t(o.side === "buyer" ? "order.youBuy" : "order.youSell")}</div>
                  </td>
                  <td data-label={t("order.counterpart")}>{o.counterpart}</td>
                  <td data-label={t("order.rfq")}>{o.title}</td>
                  <td data-label={t("order.status")}>
                    <OrderStatusBadge status={o.status} />
                    {o.openInvoices > 0 ? <div className="hint">{t("order.openInvoices", { count: o.openInvoices })}</div> : null}
                  </td>
                  <td data-label={t("order.value")} className="num">
                    {rupiah(o.value)}
                  </td>
                  <td data-label={t("order.created")}>{date(o.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
