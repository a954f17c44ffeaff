import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { FieldErrors, FormErrors, TextAreaField, TextField } from "../components/form-fields";
import { InvoiceStatusBadge, OrderStatusBadge, ScheduleBadge } from "../components/order";
import { getDb } from "../db.server";
import { updateContract } from "../domain/orders/contract.server";
import { decideTransfer, issueInvoice, reportTransfer } from "../domain/orders/invoices.server";
import { ORDER_EVENTS_WITH_REASON, type OrderEvent } from "../domain/orders/order-states";
import { takeOrderStep } from "../domain/orders/order-steps.server";
import { getOrderPage } from "../domain/orders/order-views.server";
import { ContractSchema, InspectionSchema, ShipmentSchema, StepSchema, TransferDecisionSchema, TransferSchema } from "../domain/orders/schemas";
import { inspectShipment, recordShipment } from "../domain/orders/shipments.server";
import type { CapacityUnit } from "../domain/suppliers/listing-data";
import { jakartaDate } from "../domain/suppliers/listing-data";
import { defineAction, defineLoader } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply } from "../http/forms.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { replyWithLists } from "../components/form-reply";

export const meta = pageTitle("order.pageTitle");

const INTENTS = ["contract", "step", "ship", "inspect", "invoice", "transfer", "decide_transfer"] as const;
type Intent = (typeof INTENTS)[number];
const NOTICES = ["contract", "step", "ship", "inspect", "invoice", "transfer", "decide_transfer", "paid", "card_cancelled"] as const;

export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  const page = await getOrderPage(getDb(), {
    orderId: Number(params.id),
    organizationId: auth.organization.id,
    actorUserId: auth.user.id,
    today: jakartaDate(now()),
  });
  return { ...page, today: jakartaDate(now()) };
});

type Reply = { intent: Intent; key?: number; result: SubmissionResult<string[]> };
const reply = (intent: Intent, result: SubmissionResult<string[]>, status: number, key?: number) => data<Reply>({ intent, key, result }, { status });

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request);
  const formData = form;
  const intent = String(formData.get("intent")) as Intent;
  const orderId = Number(params.id);
  const base = { orderId, actorUserId: auth.user.id, now: now() };
  const db = getDb();
  const done = () => redirect(`/orders/${orderId}?done=${intent}#${intent === "ship" || intent === "inspect" ? "shipments" : intent.includes("transfer") || intent === "invoice" ? "invoices" : "top"}`);
  const run = async (schema: Parameters<typeof parseWithZod>[1]["schema"], use: (value: never) => Promise<unknown>, key?: number) => {
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") return reply(intent, submission.reply(), 400, key);
    try {
      await use(submission.value as never);
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply(intent, result, status, key);
    }
    return done();
  };
  switch (intent) {
    case "contract":
      return run(ContractSchema, (input) => updateContract(db, { ...base, buyerId: auth.organization.id, input }));
    case "step":
      return run(StepSchema, (v: { event: OrderEvent; reason?: string; revision: number }) =>
        takeOrderStep(db, { ...base, organizationId: auth.organization.id, event: v.event, reason: v.reason, expectedRevision: v.revision }),
      );
    case "ship":
      return run(ShipmentSchema, (input) => recordShipment(db, { ...base, supplierId: auth.organization.id, input }));
    case "inspect":
      return run(InspectionSchema, (input) => inspectShipment(db, { ...base, buyerId: auth.organization.id, input }), Number(formData.get("shipmentId")));
    case "invoice":
      return run(StepSchema.pick({}), () => issueInvoice(db, { ...base, supplierId: auth.organization.id }));
    case "transfer":
      return run(
        TransferSchema,
        (v: { invoiceId: number; revision: number; reference: string; transferDate: string }) =>
          reportTransfer(db, { ...base, buyerId: auth.organization.id, ...v }),
        Number(formData.get("invoiceId")),
      );
    case "decide_transfer":
      return run(
        TransferDecisionSchema,
        (v: { invoiceId: number; revision: number; decision: "confirm" | "reject" }) => decideTransfer(db, { ...base, supplierId: auth.organization.id, ...v }),
        Number(formData.get("invoiceId")),
      );
    default:
      throw data({ messageKey: "error.invalid" }, { status: 400 });
  }
});

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function OrderPage() {
  const page = useLoaderData<typeof loader>();
  const { order, side, rfq, buyer, supplier, lines, shipments, invoices, timeline, steps, region } = page;
  const actionData = useActionData<typeof action>() as Reply | undefined;
  const [params] = useSearchParams();
  const { t, tStored, rupiah, number, date, dateTime } = useT();
  const resultFor = (intent: Intent, key?: number) =>
    actionData?.intent === intent && (key === undefined || actionData.key === key) ? actionData.result : undefined;
  const done = NOTICES.find((n) => params.get("done") === n);
  const subtotal = lines.reduce((s, l) => s + l.quantity * l.unit_price, 0);
  const unit = (u: string) => t(`rfqUnit.${u as CapacityUnit}` as const);
  const canShip = side === "supplier" && ["contracted", "in_production", "partially_delivered", "resolved"].includes(order.status);
  const invoiceable = lines.reduce((s, l) => s + l.progress.invoiceable, 0);

  return (
    <section className="stack" id="top">
      <p>
        <Link to="/orders">← {t("order.listTitle")}</Link>
      </p>
      <div className="heading-row">
        <h1>
          {t("order.pageTitle")} {order.number}
        </h1>
        <OrderStatusBadge status={order.status} />
      </div>
      {done ? (
        <p className="notice" role="status">
          {t(`order.done.${done}` as const)}
        </p>
      ) : null}
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
          <dt>{t("order.value")}</dt>
          <dd>
            {rupiah(subtotal)} + PPN {order.ppn_rate_bp / 100}%
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

      {side === "buyer" && (order.status === "contract_draft" || order.status === "change_requested") ? (
        <ContractForm page={page} lastResult={replyWithLists(resultFor("contract"), ["schedules"])} />
      ) : null}

      {steps.length > 0 ? (
        <div className="card stack" data-testid="steps">
          <h2>{t("order.nextSteps")}</h2>
          <FormErrors errors={Object.values(resultFor("step")?.error ?? {}).flat() as string[]} />
          <div className="actions">
            {steps.map((event) => (
              <StepForm key={event} event={event} revision={order.revision} />
            ))}
          </div>
        </div>
      ) : null}

      <h2>{t("order.lines")}</h2>
      <div className="table-wrap">
        <table className="stacked" data-testid="order-lines">
          <thead>
            <tr>
              <th>{t("rfq.partName")}</th>
              <th className="num">{t("order.ordered")}</th>
              <th className="num">{t("bid.unitPrice")}</th>
              <th className="num">{t("order.shipped")}</th>
              <th className="num">{t("order.acceptedQty")}</th>
              <th className="num">{t("order.rejectedQty")}</th>
              <th className="num">{t("order.open")}</th>
              <th className="num">{t("order.invoiced")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td data-label={t("rfq.partName")}>
                  {l.position}. {l.part_name} {l.part_number ? <span className="part-number">({l.part_number})</span> : null}
                </td>
                <td data-label={t("order.ordered")} className="num">
                  {number(l.quantity)} {unit(l.unit)}
                </td>
                <td data-label={t("bid.unitPrice")} className="num">
                  {rupiah(l.unit_price)}
                </td>
                <td data-label={t("order.shipped")} className="num">
                  {number(l.progress.shipped)}
                </td>
                <td data-label={t("order.acceptedQty")} className="num">
                  {number(l.progress.accepted)}
                </td>
                <td data-label={t("order.rejectedQty")} className="num">
                  {number(l.progress.rejected)}
                </td>
                <td data-label={t("order.open")} className="num">
                  {number(l.progress.open)}
                </td>
                <td data-label={t("order.invoiced")} className="num">
                  {number(l.progress.invoiced)}
                </td>
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

      <h2 id="shipments">{t("order.shipments")}</h2>
      {shipments.length === 0 ? <p className="empty">{t("order.noShipments")}</p> : null}
      <ul className="history" data-testid="shipments">
        {shipments.map((s) => (
          <li key={s.id} data-shipment={s.number}>
            <p>
              <strong>{t("order.shipmentN", { number: s.number })}</strong> · {date(s.shipped_on)}
              {s.vehicle ? ` · ${s.vehicle}` : ""}
              {s.delivery_note ? ` · ${t("order.deliveryNote")} ${s.delivery_note}` : ""} · {t(`shipmentStatus.${s.status}` as const)}
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
                  </li>
                );
              })}
            </ul>
            {side === "buyer" && s.status !== "inspected" ? <InspectionForm shipment={s} page={page} lastResult={replyWithLists(resultFor("inspect", s.id), ["lines"])} /> : null}
          </li>
        ))}
      </ul>
      {canShip ? <ShipmentForm page={page} lastResult={replyWithLists(resultFor("ship"), ["lines"])} /> : null}

      <h2 id="invoices">{t("order.invoices")}</h2>
      {invoices.length === 0 ? <p className="empty">{t("order.noInvoices")}</p> : null}
      <ul className="history" data-testid="invoices">
        {invoices.map((inv) => (
          <li key={inv.id} data-invoice={inv.number}>
            <p>
              <strong>{inv.number}</strong> · <InvoiceStatusBadge status={inv.status} overdue={inv.overdue} /> · {t("order.issuedOn", { date: date(inv.issued_on) })} ·{" "}
              {t("order.dueOnDate", { date: date(inv.due_on) })}
            </p>
            <p>
              {t("invoice.subtotal")} {rupiah(inv.subtotal)} + PPN {inv.ppn_rate_bp / 100}% {rupiah(inv.ppn_amount)} = <strong>{rupiah(inv.total)}</strong>
            </p>
            {inv.transfer_reference ? (
              <p className="hint">
                {t("invoice.transferReported", { reference: inv.transfer_reference, date: inv.transfer_date ? date(inv.transfer_date) : "—" })}
              </p>
            ) : null}
            {inv.paid_at ? <p className="hint">{t("invoice.paidAt", { at: dateTime(inv.paid_at) })}</p> : null}
            {side === "buyer" && inv.status === "issued" ? (
              <>
                <TransferForm invoice={inv} lastResult={resultFor("transfer", inv.id)} />
                {page.cardPayments ? (
                  <Form method="post" action={`/orders/${order.id}/invoices/${inv.id}/pay`}>
                    <input type="hidden" name="revision" value={inv.revision} />
                    <button type="submit">{t("invoice.payByCard")}</button>
                  </Form>
                ) : null}
              </>
            ) : null}
            {side === "buyer" && inv.status === "card_processing" ? (
              <p>
                <Link to={`/orders/${order.id}/invoices/${inv.id}/pay`}>{t("invoice.continueCard")}</Link>
              </p>
            ) : null}
            {side === "supplier" && inv.status === "transfer_reported" ? (
              <Form method="post" className="actions">
                <FormErrors errors={Object.values(resultFor("decide_transfer", inv.id)?.error ?? {}).flat() as string[]} />
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
          </li>
        ))}
      </ul>
      {side === "supplier" && invoiceable > 0 ? (
        <Form method="post" className="card stack">
          <FormErrors errors={Object.values(resultFor("invoice")?.error ?? {}).flat() as string[]} />
          <p>{t("invoice.canIssue", { quantity: invoiceable })}</p>
          <button type="submit" name="intent" value="invoice" className="primary">
            {t("invoice.issue")}
          </button>
        </Form>
      ) : null}

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
    </section>
  );
}

function StepForm({ event, revision }: { event: OrderEvent; revision: number }) {
  const { t } = useT();
  const navigation = useNavigation();
  const needsReason = ORDER_EVENTS_WITH_REASON.includes(event);
  const button = (
    <button type="submit" className={event === "accept" || event === "send" || event === "revise" ? "primary" : event === "cancel" || event === "dispute" ? "danger" : undefined} disabled={navigation.state === "submitting"}>
      {t(`orderEvent.${event}` as const)}
    </button>
  );
  const hidden = (
    <>
      <input type="hidden" name="intent" value="step" />
      <input type="hidden" name="event" value={event} />
      <input type="hidden" name="revision" value={revision} />
    </>
  );
  if (!needsReason) {
    return (
      <Form method="post">
        {hidden}
        {button}
      </Form>
    );
  }
  return (
    <details className="step-with-reason">
      <summary>{t(`orderEvent.${event}` as const)}</summary>
      <Form method="post" className="stack">
        {hidden}
        <div className="field">
          <label htmlFor={`reason-${event}`}>{t("order.reason")}</label>
          <textarea id={`reason-${event}`} name="reason" required rows={2} />
        </div>
        {button}
      </Form>
    </details>
  );
}

function ContractForm({ page, lastResult }: { page: Page; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t, number } = useT();
  const { order, lines } = page;
  const [form, fields] = useForm({
    id: "contract",
    lastResult,
    shouldValidate: "onBlur",
    // Revalidate while typing, not on blur: an error vanishing on blur moves the button under the pointer.
    shouldRevalidate: "onInput",
    defaultValue: {
      revision: String(order.revision),
      paymentDueDays: String(order.payment_due_days),
      paymentTerms: order.payment_terms,
      deliveryTerms: order.delivery_terms,
      schedules: lines.map((l) => ({ orderLineId: String(l.id) })),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContractSchema }),
  });
  const rows = fields.schedules.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="contract-form">
      <h2>{t("order.contract")}</h2>
      <p className="hint">{t("order.contractHint")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="contract" />
      <input {...getInputProps(fields.revision, { type: "hidden" })} key={fields.revision.key} />
      <TextField meta={fields.paymentDueDays} label={t("order.paymentDueDays")} type="number" inputMode="numeric" />
      <TextAreaField meta={fields.paymentTerms} label={t("rfq.paymentTerms")} />
      <TextAreaField meta={fields.deliveryTerms} label={t("rfq.deliveryTerms")} />
      <fieldset>
        <legend>{t("order.monthlySchedule")}</legend>
        <p className="hint">{t("order.monthlyScheduleHint")}</p>
        {rows.map((item, i) => {
          const row = item.getFieldset();
          const line = lines[i]!;
          return (
            <div className="row-card" key={item.key} data-testid="schedule-row">
              <input {...getInputProps(row.orderLineId, { type: "hidden" })} key={row.orderLineId.key} />
              <p>
                <strong>{line.part_name}</strong> — {number(line.quantity)}
              </p>
              <div className="field-row">
                <TextField meta={row.perDelivery} label={t("order.perDelivery")} type="number" inputMode="numeric" />
                <TextField meta={row.day} label={t("order.dayOfMonth")} type="number" inputMode="numeric" />
                <TextField meta={row.months} label={t("order.months")} type="number" inputMode="numeric" />
                <div className="field">
                  <label htmlFor={row.firstMonth.id}>{t("order.firstMonth")}</label>
                  <input {...getInputProps(row.firstMonth, { type: "month" as "text" })} key={row.firstMonth.key} placeholder="2026-12" />
                  <FieldErrors id={row.firstMonth.errorId} errors={row.firstMonth.errors} />
                </div>
              </div>
            </div>
          );
        })}
      </fieldset>
      <button type="submit">{t("order.saveContract")}</button>
    </Form>
  );
}

function ShipmentForm({ page, lastResult }: { page: Page; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t, number } = useT();
  const { lines, today } = page;
  const [form, fields] = useForm({
    id: "ship",
    lastResult,
    shouldValidate: "onBlur",
    // Revalidate while typing, not on blur: an error vanishing on blur moves the button under the pointer.
    shouldRevalidate: "onInput",
    defaultValue: { shippedOn: today, lines: lines.map((l) => ({ orderLineId: String(l.id), quantity: "" })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ShipmentSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="shipment-form">
      <h3>{t("order.recordShipment")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <FieldErrors id={fields.lines.errorId} errors={fields.lines.errors} />
      <input type="hidden" name="intent" value="ship" />
      <div className="field-row">
        <TextField meta={fields.shippedOn} label={t("order.shippedOn")} type="date" />
        <TextField meta={fields.vehicle} label={t("order.vehicle")} />
        <TextField meta={fields.deliveryNote} label={t("order.deliveryNoteNumber")} />
      </div>
      {fields.lines.getFieldList().map((item, i) => {
        const row = item.getFieldset();
        const line = lines[i]!;
        return (
          <div key={item.key}>
            <input {...getInputProps(row.orderLineId, { type: "hidden" })} key={row.orderLineId.key} />
            <TextField
              meta={row.quantity}
              label={t("order.shipQuantity", { part: line.part_name, open: number(line.progress.open) })}
              type="number"
              inputMode="numeric"
            />
          </div>
        );
      })}
      <button type="submit" className="primary">
        {t("order.ship")}
      </button>
    </Form>
  );
}

function InspectionForm({
  shipment,
  page,
  lastResult,
}: {
  shipment: Page["shipments"][number];
  page: Page;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, number } = useT();
  const [form, fields] = useForm({
    id: `inspect-${shipment.id}`,
    lastResult,
    shouldValidate: "onBlur",
    // Revalidate while typing, not on blur: an error vanishing on blur moves the button under the pointer.
    shouldRevalidate: "onInput",
    defaultValue: {
      shipmentId: String(shipment.id),
      receivedOn: page.today,
      lines: shipment.lines.map((l) => ({ shipmentLineId: String(l.id), accepted: String(l.quantity), rejected: "0" })),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InspectionSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack inspection-form" data-testid="inspection-form">
      <h4>{t("order.inspect")}</h4>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="inspect" />
      <input {...getInputProps(fields.shipmentId, { type: "hidden" })} key={fields.shipmentId.key} />
      <TextField meta={fields.receivedOn} label={t("order.receivedOn")} type="date" />
      {fields.lines.getFieldList().map((item, i) => {
        const row = item.getFieldset();
        const sl = shipment.lines[i]!;
        const line = page.lines.find((l) => l.id === sl.order_line_id);
        return (
          <div className="row-card" key={item.key}>
            <input {...getInputProps(row.shipmentLineId, { type: "hidden" })} key={row.shipmentLineId.key} />
            <p>
              <strong>{line?.part_name}</strong> — {t("order.shippedN", { quantity: number(sl.quantity) })}
            </p>
            <div className="field-row">
              <TextField meta={row.accepted} label={t("order.acceptedQty")} type="number" inputMode="numeric" />
              <TextField meta={row.rejected} label={t("order.rejectedQty")} type="number" inputMode="numeric" />
              <TextField meta={row.reason} label={t("order.rejectionReason")} />
            </div>
          </div>
        );
      })}
      <TextAreaField meta={fields.notes} label={t("order.inspectionNotes")} />
      <button type="submit" className="primary">
        {t("order.saveInspection")}
      </button>
    </Form>
  );
}

function TransferForm({ invoice, lastResult }: { invoice: Page["invoices"][number]; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `transfer-${invoice.id}`,
    lastResult,
    shouldValidate: "onBlur",
    // Revalidate while typing, not on blur: an error vanishing on blur moves the button under the pointer.
    shouldRevalidate: "onInput",
    defaultValue: { invoiceId: String(invoice.id), revision: String(invoice.revision) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TransferSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack transfer-form">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="transfer" />
      <input {...getInputProps(fields.invoiceId, { type: "hidden" })} key={fields.invoiceId.key} />
      <input {...getInputProps(fields.revision, { type: "hidden" })} key={fields.revision.key} />
      <div className="field-row">
        <TextField meta={fields.reference} label={t("invoice.transferReference")} />
        <TextField meta={fields.transferDate} label={t("invoice.transferDate")} type="date" />
      </div>
      <button type="submit">{t("invoice.reportTransfer")}</button>
    </Form>
  );
}
