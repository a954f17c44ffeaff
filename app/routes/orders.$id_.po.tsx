import type { MetaArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import type { PurchaseOrderAcceptance, PurchaseOrderParty } from "../domain/orders/po-document.server";
import { getPurchaseOrder } from "../domain/orders/po-document.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { formatNpwp, formatPpnRate } from "../i18n/format";
import { useT } from "../i18n/use-t";
import { idParam } from "../http/params.server";

export const meta = ({ data }: MetaArgs<typeof loader>) => [{ title: data ? `${data.po.number} · Pasok` : "Pasok" }];

// The purchase order as a printable page (the browser's print, or the PDF), for the order's two parties only.
export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  const po = await getPurchaseOrder(getDb(), { orderId: idParam(params, "id"), organizationId: auth.organization.id, actorUserId: auth.user.id });
  return { po };
});

export default function PurchaseOrderPage() {
  const { po } = useLoaderData<typeof loader>();
  const { t, locale, rupiah, number, date, dateTime } = useT();
  const capitalized = po.totalInWords.charAt(0).toUpperCase() + po.totalInWords.slice(1);

  const party = (title: string, p: PurchaseOrderParty) => (
    <div className="po-party">
      <h2>{title}</h2>
      <p>
        <strong>{p.legalName}</strong>
      </p>
      <p>
        {t("po.nib")}: {p.nib}
        <br />
        {t("po.npwp")}: {formatNpwp(p.npwp)}
        <br />
        {p.address}, {p.regency}, {p.province}
      </p>
    </div>
  );
  const acceptance = (title: string, p: PurchaseOrderParty, a: PurchaseOrderAcceptance) => (
    <div className="po-party" data-accepted={a.at ? "yes" : "no"}>
      <h3>{title}</h3>
      <p>
        <strong>{p.legalName}</strong>
        <br />
        {!a.at ? (
          <em className="warn">{t("po.notYet")}</em>
        ) : a.by ? (
          t("po.acceptedBy", { name: a.by, at: dateTime(a.at) })
        ) : (
          t("po.acceptedAt", { at: dateTime(a.at) })
        )}
      </p>
    </div>
  );

  return (
    <article className="po-document stack">
      <p className="actions no-print">
        <Link to={`/orders/${po.id}`}>← {t("po.backToOrder")}</Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t("po.print")}
        </button>
        <a className="button" href={`/orders/${po.id}/po.pdf`} download={`${po.number}.pdf`}>
          {t("po.downloadPdf")}
        </a>
      </p>

      <header className="po-head">
        <h1>{t("po.title")}</h1>
        <dl className="facts">
          <dt>{t("po.number")}</dt>
          <dd>
            <strong>{po.number}</strong>
          </dd>
          <dt>{t("po.date")}</dt>
          <dd>{date(po.issuedAt)}</dd>
          <dt>{t("po.revision")}</dt>
          <dd>{po.revision}</dd>
          <dt>{t("po.rfq")}</dt>
          <dd>
            #{po.rfq.id} · {po.rfq.title}
          </dd>
        </dl>
      </header>
      {po.agreed ? null : <p className="notice warn">{t("po.notAgreed")}</p>}

      <section className="po-parties">
        {party(t("po.buyer"), po.buyer)}
        {party(t("po.supplier"), po.supplier)}
      </section>

      <section>
        <h2>{t("po.lines")}</h2>
        <div className="table-wrap">
          <table className="po-lines">
            <thead>
              <tr>
                <th className="num">{t("po.col.no")}</th>
                <th>{t("po.col.part")}</th>
                <th>{t("po.col.partNumber")}</th>
                <th className="num">{t("po.col.quantity")}</th>
                <th>{t("po.col.unit")}</th>
                <th className="num">{t("po.col.unitPrice")}</th>
                <th className="num">{t("po.col.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {po.lines.map((l) => (
                <tr key={l.position}>
                  <td className="num">{l.position}</td>
                  <td>{l.partName}</td>
                  <td className="part-number">{l.partNumber || "—"}</td>
                  <td className="num">{number(l.quantity)}</td>
                  <td>{l.unit}</td>
                  <td className="num">{rupiah(l.unitPrice)}</td>
                  <td className="num">{rupiah(l.amount)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={6} className="num">
                  {t("po.subtotal")}
                </th>
                <td className="num">{rupiah(po.subtotal)}</td>
              </tr>
              <tr>
                <th colSpan={6} className="num">
                  {t("po.ppn", { rate: formatPpnRate(po.ppnRateBp, locale) })}
                </th>
                <td className="num">{rupiah(po.ppnAmount)}</td>
              </tr>
              <tr className="po-total">
                <th colSpan={6} className="num">
                  {t("po.total")}
                </th>
                <td className="num">
                  <strong>{rupiah(po.total)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p className="po-words">
          <em>{t("po.inWords", { words: capitalized })}</em>
        </p>
      </section>

      <section>
        <h2>{t("po.schedule")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th className="num">{t("po.col.no")}</th>
                <th>{t("po.col.part")}</th>
                <th className="num">{t("po.col.delivery")}</th>
                <th>{t("po.col.dueOn")}</th>
                <th className="num">{t("po.col.quantity")}</th>
              </tr>
            </thead>
            <tbody>
              {po.lines.flatMap((l) =>
                l.schedule.map((s, i) => (
                  <tr key={`${l.position}-${s.sequence}`}>
                    <td className="num">{i === 0 ? l.position : ""}</td>
                    <td>{i === 0 ? l.partName : ""}</td>
                    <td className="num">{s.sequence}</td>
                    <td>{date(s.dueOn)}</td>
                    <td className="num">
                      {number(s.quantity)} {l.unit}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </section>

      <section>
        <h2>{t("po.terms")}</h2>
        <dl className="facts">
          <dt>{t("po.paymentTerms")}</dt>
          <dd>{[po.paymentTerms, t("po.paymentDue", { days: po.paymentDueDays })].filter(Boolean).join(" · ")}</dd>
          <dt>{t("po.deliveryTerms")}</dt>
          <dd>{po.deliveryTerms || "—"}</dd>
          <dt>{t("po.deliveryAddress")}</dt>
          <dd>
            {po.delivery.address}, {po.delivery.regency}, {po.delivery.province}
          </dd>
          {po.delivery.neededBy ? (
            <>
              <dt>{t("po.neededBy")}</dt>
              <dd>{date(po.delivery.neededBy)}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section>
        <h2>{t("po.acceptance")}</h2>
        <div className="po-parties">
          {acceptance(t("po.buyer"), po.buyer, po.buyerAccepted)}
          {acceptance(t("po.supplier"), po.supplier, po.supplierAccepted)}
        </div>
      </section>
    </article>
  );
}
