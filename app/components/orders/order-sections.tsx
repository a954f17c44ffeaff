import { ShipmentLineLots } from "../work-orders/cooperative-panel";
import { Form, Link } from "@remix-run/react";
import type { OrderPage } from "../../domain/orders/order-views.server";
import { useT } from "../../i18n/use-t";
import { FormErrors } from "../form-fields";
import { replyWithLists } from "../form-reply";
import { resultErrors, useIntentResult } from "../intent-reply";
import { InvoiceStatusBadge, ScheduleBadge } from "./badges";
import { InspectionForm, TransferForm } from "./order-forms";
import { CancelInvoiceForm, CreditNoteForm, CreditNotes, FakturForm, FakturInfo, InvoiceAmounts } from "./tax-sections";

// The read-only sections of the order page and the per-row forms inside them. What each side may do comes
// from the page's data (`actions`, each row's `allowed`), which the loader asks of the lifecycle tables.

export type OrderIntent =
  | "contract"
  | "step"
  | "ship"
  | "inspect"
  | "bast"
  | "invoice"
  | "transfer"
  | "decide_transfer"
  | "faktur"
  | "cancel_invoice"
  | "credit_note"
  | "decide_credit_note"
  | "split"
  | "attribute"
  | "make_agreement"
  | "order_again"
  | "ask_bidders";

export function OrderFacts({ page }: { page: OrderPage }) {
  const { t, rupiah, dateTime, ppn } = useT();
  const { order, buyer, supplier, rfq, region, lines } = page;
  const fraction = order.dpp_numerator === order.dpp_denominator ? "" : ` × DPP ${order.dpp_numerator}/${order.dpp_denominator}`;
  const subtotal = lines.reduce((s, l) => s + l.quantity * l.unit_price, 0);
  return (
    <div className="card">
      <dl className="facts">
        <dt>{t("order.buyer")}</dt>
        <dd>{buyer.legal_name}</dd>
        <dt>{t("order.supplier")}</dt>
        <dd>{supplier.legal_name}</dd>
        <dt>{t("order.rfq")}</dt>
        <dd>
          <Link to={`/rfqs/${rfq.id}`}>{rfq.title}</Link>
        </dd>
        {page.origin.agreement ? (
          <>
            <dt>{t("order.origin")}</dt>
            <dd data-testid="order-origin">
              {t("order.callOffOf")} <Link to={`/agreements/${page.origin.agreement.id}`}>{page.origin.agreement.number}</Link>
            </dd>
          </>
        ) : page.origin.repeatOf ? (
          <>
            <dt>{t("order.origin")}</dt>
            <dd data-testid="order-origin">
              {t("order.repeatOf")} <Link to={`/orders/${page.origin.repeatOf.id}`}>{page.origin.repeatOf.number}</Link>
            </dd>
          </>
        ) : null}
        {page.origin.agreementsMade.length > 0 ? (
          <>
            <dt>{t("order.agreementsMade")}</dt>
            <dd>
              {page.origin.agreementsMade.map((a, i) => (
                <span key={a.id}>
                  {i > 0 ? ", " : ""}
                  <Link to={`/agreements/${a.id}`}>{a.number}</Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
        <dt>{t("order.value")}</dt>
        <dd data-testid="order-value">
          {page.tax.supplierPkp ? `${rupiah(subtotal)} + ${ppn(order.ppn_rate_bp)}${fraction}` : `${rupiah(subtotal)} — ${t("invoice.noPpn")}`}
        </dd>
        <dt>{t("rfq.deliveryAddress")}</dt>
        <dd>
          {order.delivery_address}, {region.regency}, {region.province}
        </dd>
        <dt>{t("rfq.paymentTerms")}</dt>
        <dd className="prose">
          {t("order.paymentDays", { days: order.payment_due_days })}
          {/* The terms' own words, unless they only repeat the number of days. */}
          {order.payment_terms && !order.payment_terms.includes(String(order.payment_due_days)) ? ` — ${order.payment_terms}` : ""}
        </dd>
        <dt>{t("rfq.deliveryTerms")}</dt>
        <dd className="prose">{order.delivery_terms || "—"}</dd>
        <dt>{t("order.accepted")}</dt>
        <dd>
          {t("order.buyerAccepted")}: {order.buyer_accepted_at ? dateTime(order.buyer_accepted_at) : t("order.notYet")} · {t("order.supplierAccepted")}:{" "}
          {order.supplier_accepted_at ? dateTime(order.supplier_accepted_at) : t("order.notYet")}
        </dd>
      </dl>
      {order.change_request && order.status === "change_requested" ? <p className="form-error">{t("order.changeRequested", { reason: order.change_request })}</p> : null}
      {order.status === "disputed" && order.dispute_reason ? <p className="form-error">{t("order.disputed", { reason: order.dispute_reason })}</p> : null}
      {order.status === "cancelled" && order.cancel_reason ? <p className="form-error">{t("order.cancelled", { reason: order.cancel_reason })}</p> : null}
      <p className="actions">
        <Link to={`/orders/${order.id}/po`}>{t("order.poPrintable")}</Link>
        <a href={`/orders/${order.id}/po.pdf`} download>
          {t("order.poPdf")}
        </a>
      </p>
    </div>
  );
}

export function OrderLines({ lines }: { lines: OrderPage["lines"] }) {
  const { t, rupiah, number, date } = useT();
  const columns = [
    ["order.ordered", (l: OrderPage["lines"][number]) => `${number(l.quantity)} ${t(`rfqUnit.${l.unit}`)}`],
    ["bid.unitPrice", (l: OrderPage["lines"][number]) => rupiah(l.unit_price)],
    ["order.shipped", (l: OrderPage["lines"][number]) => number(l.progress.shipped)],
    ["order.acceptedQty", (l: OrderPage["lines"][number]) => number(l.progress.accepted)],
    ["order.rejectedQty", (l: OrderPage["lines"][number]) => number(l.progress.rejected)],
    ["order.open", (l: OrderPage["lines"][number]) => number(l.progress.open)],
    ["order.invoiced", (l: OrderPage["lines"][number]) => number(l.progress.invoiced)],
  ] as const;
  return (
    <>
      <h2>{t("order.lines")}</h2>
      <div className="table-wrap">
        <table className="stacked" data-testid="order-lines">
          <thead>
            <tr>
              <th>{t("rfq.partName")}</th>
              {columns.map(([label]) => (
                <th key={label} className="num">
                  {t(label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td data-label={t("rfq.partName")}>
                  {l.position}. {l.part_name} {l.part_number ? <span className="part-number">({l.part_number})</span> : null}
                </td>
                {columns.map(([label, value]) => (
                  <td key={label} data-label={t(label)} className="num">
                    {value(l)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t("order.schedule")}</h2>
      <div className="table-wrap">
        <table className="stacked" data-testid="schedule">
          <thead>
            <tr>
              <th>{t("rfq.partName")}</th>
              <th>#</th>
              <th>{t("order.dueOn")}</th>
              <th className="num">{t("rfq.quantity")}</th>
              <th>{t("order.status")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.flatMap((l) =>
              l.schedule.map((s) => (
                <tr key={s.id} className={s.state === "late" ? "late" : undefined}>
                  <td data-label={t("rfq.partName")}>{l.part_name}</td>
                  <td data-label="#">{s.sequence}</td>
                  <td data-label={t("order.dueOn")}>{date(s.dueOn)}</td>
                  <td data-label={t("rfq.quantity")} className="num">
                    {number(s.quantity)}
                  </td>
                  <td data-label={t("order.status")}>
                    <ScheduleBadge state={s.state} />
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function OrderShipments({ page }: { page: OrderPage }) {
  const { t, number, date } = useT();
  const resultFor = useIntentResult<OrderIntent>();
  const { shipments, lines } = page;
  return (
    <>
      {shipments.length === 0 ? <p className="empty">{t("order.noShipments")}</p> : null}
      <ul className="history" data-testid="shipments">
        {shipments.map((s) => (
          <li key={s.id} data-shipment={s.number}>
            <p>
              <strong>{t("order.shipmentN", { number: s.number })}</strong> · {date(s.shipped_on)}
              {s.vehicle ? ` · ${s.vehicle}` : ""}
              {s.delivery_note ? ` · ${t("order.deliveryNote")} ${s.delivery_note}` : ""} · {t(`shipmentStatus.${s.status}`)}
            </p>
            <ul className="lines">
              {s.lines.map((sl) => {
                const line = lines.find((l) => l.id === sl.order_line_id);
                return (
                  <li key={sl.id}>
                    {line?.part_name}: {number(sl.quantity)}
                    {sl.replacement_quantity > 0 ? ` (${t("order.replacement", { quantity: sl.replacement_quantity })})` : ""}
                    {sl.accepted_quantity !== null
                      ? ` — ${t("order.inspected", { accepted: number(sl.accepted_quantity), rejected: number(sl.rejected_quantity ?? 0) })}${sl.rejection_reason ? `: ${sl.rejection_reason}` : ""}`
                      : ""}
                    {page.members ? <ShipmentLineLots panel={page.members} shipmentLine={sl} lastResult={replyWithLists(resultFor("attribute", sl.id), ["lots"])} /> : null}
                  </li>
                );
              })}
            </ul>
            {s.allowed.includes("inspect") || s.allowed.includes("receive") ? (
              <InspectionForm shipment={s} page={page} lastResult={replyWithLists(resultFor("inspect", s.id), ["lines"])} />
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function OrderInvoices({ page }: { page: OrderPage }) {
  const { t, date, dateTime } = useT();
  const resultFor = useIntentResult<OrderIntent>();
  const { order, invoices } = page;
  return (
    <>
      {invoices.length === 0 ? <p className="empty">{t("order.noInvoices")}</p> : null}
      <ul className="history" data-testid="invoices">
        {invoices.map((inv) => (
          <li key={inv.id} data-invoice={inv.number}>
            <p>
              <strong>{inv.number}</strong> · <InvoiceStatusBadge status={inv.status} overdue={inv.overdue} /> · {t("order.issuedOn", { date: date(inv.issued_on) })} ·{" "}
              {t("order.dueOnDate", { date: date(inv.due_on) })}
              {inv.replacesNumber ? ` · ${t("invoice.replaces", { number: inv.replacesNumber })}` : ""}
            </p>
            <InvoiceAmounts inv={inv} />
            <FakturInfo inv={inv} orderId={order.id} />
            <p className="actions">
              <a href={`/orders/${order.id}/invoices/${inv.id}.pdf`} download>
                {t("invoice.pdf")}
              </a>
            </p>
            {inv.cancel_reason ? <p className="form-error">{t("invoice.cancelledBecause", { reason: inv.cancel_reason })}</p> : null}
            {inv.transfer_reference ? (
              <p className="hint">{t("invoice.transferReported", { reference: inv.transfer_reference, date: inv.transfer_date ? date(inv.transfer_date) : "—" })}</p>
            ) : null}
            {inv.paid_at ? <p className="hint">{t("invoice.paidAt", { at: dateTime(inv.paid_at) })}</p> : null}
            {inv.mayRecordFaktur ? <FakturForm inv={inv} lastResult={resultFor("faktur", inv.id)} /> : null}
            {inv.allowed.includes("report_transfer") ? <TransferForm invoice={inv} lastResult={resultFor("transfer", inv.id)} /> : null}
            {/* A card payment under way is continued on its own page, where a new one also starts. */}
            {inv.allowed.includes("start_card") && inv.status === "card_processing" ? (
              <p>
                <Link to={`/orders/${order.id}/invoices/${inv.id}/pay`}>{t("invoice.continueCard")}</Link>
              </p>
            ) : inv.allowed.includes("start_card") && page.cardPayments ? (
              <Form method="post" action={`/orders/${order.id}/invoices/${inv.id}/pay`}>
                <input type="hidden" name="revision" value={inv.revision} />
                <button type="submit">{t("invoice.payByCard")}</button>
              </Form>
            ) : null}
            {inv.allowed.includes("confirm_transfer") ? (
              <Form method="post" className="actions">
                <FormErrors errors={resultErrors(resultFor("decide_transfer", inv.id))} />
                <input type="hidden" name="intent" value="decide_transfer" />
                <input type="hidden" name="invoiceId" value={inv.id} />
                <input type="hidden" name="revision" value={inv.revision} />
                <button type="submit" name="decision" value="confirm" className="primary">
                  {t("invoice.confirmTransfer")}
                </button>
                <button type="submit" name="decision" value="reject">
                  {t("invoice.rejectTransfer")}
                </button>
              </Form>
            ) : null}
            <CreditNotes inv={inv} page={page} />
            {inv.mayCredit ? <CreditNoteForm inv={inv} page={page} lastResult={replyWithLists(resultFor("credit_note", inv.id), ["lines"])} /> : null}
            {inv.allowed.includes("cancel") ? <CancelInvoiceForm inv={inv} lastResult={resultFor("cancel_invoice", inv.id)} /> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function OrderTimeline({ timeline }: { timeline: OrderPage["timeline"] }) {
  const { t, tStored, dateTime } = useT();
  return (
    <>
      <h2>{t("order.timeline")}</h2>
      <ol className="history timeline" data-testid="timeline">
        {timeline.map((e) => (
          <li key={e.id}>
            <strong>{tStored(`timeline.${e.entity_type}.${e.action}`)}</strong> · {dateTime(e.created_at)}
            {e.actor ? ` · ${e.actor}` : ""}
            {typeof e.detail.reason === "string" && e.detail.reason ? <p>{e.detail.reason}</p> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
