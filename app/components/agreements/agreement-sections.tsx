import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { AgreementStatus } from "../../../db/schema";
import type { AgreementPage } from "../../domain/agreements/agreement-views.server";
import { AGREEMENT_EVENTS_WITH_REASON, type AgreementEvent } from "../../domain/agreements/agreement-states";
import { AgreementDraftSchema, CallOffSchema } from "../../domain/agreements/schemas";
import { useT } from "../../i18n/use-t";
import { FormErrors, TextAreaField, TextField } from "../form-fields";
import { LifecycleStepForm } from "../step-form";
import { OrderStatusBadge } from "../orders/badges";

type LastResult = SubmissionResult<string[]> | undefined;
const VALIDATION = { shouldValidate: "onBlur", shouldRevalidate: "onInput" } as const;

export function AgreementStatusBadge({ status }: { status: AgreementStatus }) {
  const { t } = useT();
  return (
    <span className={`status agreement-status-${status}`} data-status={status}>
      {t(`agreementStatus.${status}` as const)}
    </span>
  );
}

/** The parties, period, limits and terms, with the warnings both sides see as the agreement nears them. */
export function AgreementFacts({ page }: { page: AgreementPage }) {
  const { t, rupiah, date, number } = useT();
  const { agreement, usage } = page;
  return (
    <div className="card">
      <dl className="facts">
        <dt>{t("order.buyer")}</dt>
        <dd>{page.buyer.legal_name}</dd>
        <dt>{t("order.supplier")}</dt>
        <dd>{page.supplier.legal_name}</dd>
        <dt>{t("agreement.period")}</dt>
        <dd data-testid="agreement-period">
          {date(agreement.starts_on)} – {date(agreement.ends_on)}
        </dd>
        <dt>{t("agreement.maxValue")}</dt>
        <dd>{agreement.max_value ? rupiah(agreement.max_value) : t("agreement.noLimit")}</dd>
        <dt>{t("agreement.used")}</dt>
        <dd data-testid="agreement-used">
          {rupiah(usage.usedValue)}
          {usage.remainingValue !== null ? ` · ${t("agreement.remainingValue", { amount: rupiah(usage.remainingValue) })}` : ""}
          {usage.usedPercent !== null ? ` · ${number(usage.usedPercent)}%` : ""}
        </dd>
        <dt>{t("rfq.paymentTerms")}</dt>
        <dd className="prose">
          {t("order.paymentDays", { days: agreement.payment_due_days })}
          {agreement.payment_terms && !agreement.payment_terms.includes(String(agreement.payment_due_days)) ? ` — ${agreement.payment_terms}` : ""}
        </dd>
        <dt>{t("rfq.deliveryTerms")}</dt>
        <dd className="prose">{agreement.delivery_terms || "—"}</dd>
        <dt>{t("rfq.deliveryAddress")}</dt>
        <dd>
          {agreement.delivery_address}, {page.region.regency}, {page.region.province}
        </dd>
        {page.source ? (
          <>
            <dt>{t("agreement.madeFrom")}</dt>
            <dd>
              <Link to={`/orders/${page.source.id}`}>{page.source.number}</Link>
            </dd>
          </>
        ) : null}
      </dl>
      {agreement.status === "change_requested" && agreement.change_request ? <p className="form-error">{t("order.changeRequested", { reason: agreement.change_request })}</p> : null}
      {agreement.status === "extension_proposed" && agreement.proposed_ends_on ? (
        <p className="notice" data-testid="extension-proposed">
          {t("agreement.extensionProposed", {
            date: date(agreement.proposed_ends_on),
            value: agreement.proposed_max_value ? rupiah(agreement.proposed_max_value) : t("agreement.noLimit"),
            reason: agreement.reason ?? "",
          })}
        </p>
      ) : null}
      {(agreement.status === "ended" || agreement.status === "cancelled") && agreement.reason ? <p className="form-error">{t("agreement.endedBecause", { reason: agreement.reason })}</p> : null}
      {page.warnings.map((w) => (
        <p key={w} className="warning" role="status" data-testid={`agreement-warning-${w}`}>
          {w === "usage" ? t("agreement.warnUsage", { percent: number(usage.usedPercent ?? 0) }) : t("agreement.warnEnding", { date: date(agreement.ends_on) })}
        </p>
      ))}
    </div>
  );
}

/** The agreed items: price, limit, what is called off and what remains, drawn as bars. */
export function AgreementItems({ page }: { page: AgreementPage }) {
  const { t, rupiah, number } = useT();
  const items = page.usage.items;
  return (
    <>
      <div className="table-wrap">
        <table className="stacked" data-testid="agreement-items">
          <thead>
            <tr>
              <th>{t("rfq.partName")}</th>
              <th className="num">{t("bid.unitPrice")}</th>
              <th className="num">{t("agreement.maxQuantity")}</th>
              <th className="num">{t("agreement.calledOff")}</th>
              <th className="num">{t("agreement.remaining")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td data-label={t("rfq.partName")}>
                  {item.position}. {item.part_name}
                  {item.part_number ? <div className="hint">{item.part_number}</div> : null}
                </td>
                <td data-label={t("bid.unitPrice")} className="num">
                  {rupiah(item.unit_price)}
                </td>
                <td data-label={t("agreement.maxQuantity")} className="num">
                  {item.max_quantity ? number(item.max_quantity) : t("agreement.noLimit")}
                </td>
                <td data-label={t("agreement.calledOff")} className="num">
                  {number(item.used)}
                </td>
                <td data-label={t("agreement.remaining")} className="num">
                  {item.remaining !== null ? number(item.remaining) : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {items.some((i) => i.max_quantity) ? (
        <figure className="card bar-chart" data-testid="agreement-usage-chart">
          <figcaption>{t("agreement.usageChart")}</figcaption>
          {items
            .filter((i) => i.max_quantity)
            .map((i) => (
              <div className={i.used / i.max_quantity! >= 0.8 ? "bar-row" : "bar-row lowest"} key={i.id}>
                <span className="bar-label">{i.part_name}</span>
                <span className="bar-track">
                  <span className="bar" style={{ width: `${Math.max(2, Math.min(100, (i.used / i.max_quantity!) * 100))}%` }} />
                </span>
                <span className="bar-value">
                  {number(i.used)} / {number(i.max_quantity!)}
                </span>
              </div>
            ))}
        </figure>
      ) : null}
    </>
  );
}

/** The buyer's draft: title, period, value limit, terms, and each item's price and quantity limit. */
export function AgreementDraftForm({ page, lastResult }: { page: AgreementPage; lastResult: LastResult }) {
  const { t } = useT();
  const { agreement, usage } = page;
  const [form, fields] = useForm({
    id: "agreement-draft",
    lastResult,
    ...VALIDATION,
    defaultValue: {
      revision: String(agreement.revision),
      title: agreement.title,
      startsOn: agreement.starts_on,
      endsOn: agreement.ends_on,
      maxValue: agreement.max_value ? String(agreement.max_value) : "",
      paymentDueDays: String(agreement.payment_due_days),
      paymentTerms: agreement.payment_terms,
      deliveryTerms: agreement.delivery_terms,
      items: usage.items.map((i) => ({ itemId: String(i.id), unitPrice: String(i.unit_price), maxQuantity: i.max_quantity ? String(i.max_quantity) : "" })),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AgreementDraftSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="agreement-draft">
      <h2>{t("agreement.draftTitle")}</h2>
      <p className="hint">{t("agreement.draftHint")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="draft" />
      <input {...getInputProps(fields.revision, { type: "hidden" })} key={fields.revision.key} />
      <TextField meta={fields.title} label={t("agreement.titleField")} />
      <div className="field-row">
        <TextField meta={fields.startsOn} label={t("agreement.startsOn")} type="date" />
        <TextField meta={fields.endsOn} label={t("agreement.endsOn")} type="date" />
      </div>
      <TextField meta={fields.maxValue} label={t("agreement.maxValueField")} type="number" inputMode="numeric" hint={t("agreement.maxValueHint")} />
      <fieldset>
        <legend>{t("agreement.itemsTitle")}</legend>
        {fields.items.getFieldList().map((item, i) => {
          const row = item.getFieldset();
          const source = usage.items[i]!;
          return (
            <div className="row-card" key={item.key} data-testid="agreement-item-row">
              <input {...getInputProps(row.itemId, { type: "hidden" })} key={row.itemId.key} />
              <p>
                <strong>{source.part_name}</strong>
              </p>
              <div className="field-row">
                <TextField meta={row.unitPrice} label={t("agreement.itemPrice", { part: source.part_name })} type="number" inputMode="numeric" />
                <TextField meta={row.maxQuantity} label={t("agreement.itemMax", { part: source.part_name })} type="number" inputMode="numeric" />
              </div>
            </div>
          );
        })}
      </fieldset>
      <TextField meta={fields.paymentDueDays} label={t("order.paymentDueDays")} type="number" inputMode="numeric" />
      <TextAreaField meta={fields.paymentTerms} label={t("rfq.paymentTerms")} />
      <TextAreaField meta={fields.deliveryTerms} label={t("rfq.deliveryTerms")} />
      <div className="actions">
        <button type="submit">{t("agreement.saveDraft")}</button>
      </div>
    </Form>
  );
}

/** One step of the agreement's table; an extension asks its new end date and value limit. */
export function AgreementStepForm({ event, page }: { event: AgreementEvent; page: AgreementPage }) {
  const { t } = useT();
  const navigation = useNavigation();
  const tone = event === "send" || event === "accept" || event === "revise" || event === "accept_extension" ? "primary" : event === "end" || event === "cancel" ? "danger" : undefined;
  if (event !== "propose_extension") {
    return (
      <LifecycleStepForm
        event={event}
        revision={page.agreement.revision}
        label={t(`agreementEvent.${event}`)}
        reasonLabel={t("order.reason")}
        needsReason={AGREEMENT_EVENTS_WITH_REASON.includes(event)}
        tone={tone}
      />
    );
  }
  return (
    <details className="step-with-reason">
      <summary>{t("agreementEvent.propose_extension")}</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="step" />
        <input type="hidden" name="event" value={event} />
        <input type="hidden" name="revision" value={page.agreement.revision} />
        <div className="field">
          <label htmlFor="extension-ends">{t("agreement.newEndsOn")}</label>
          <input id="extension-ends" name="endsOn" type="date" required min={page.agreement.ends_on} />
        </div>
        <div className="field">
          <label htmlFor="extension-value">{t("agreement.newMaxValue")}</label>
          <input id="extension-value" name="maxValue" type="number" inputMode="numeric" defaultValue={page.agreement.max_value ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="extension-reason">{t("order.reason")}</label>
          <textarea id="extension-reason" name="reason" required rows={2} />
        </div>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("agreementEvent.propose_extension")}
        </button>
      </Form>
    </details>
  );
}

/** The buyer's call-off: a quantity per item, the (first) delivery date, and optionally a monthly spread. */
export function CallOffForm({ page, lastResult }: { page: AgreementPage; lastResult: LastResult }) {
  const { t, number } = useT();
  const { usage } = page;
  const [form, fields] = useForm({
    id: "call-off",
    lastResult,
    ...VALIDATION,
    defaultValue: { revision: String(page.agreement.revision), months: "1", lines: usage.items.map((i) => ({ itemId: String(i.id) })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CallOffSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="call-off-form">
      <h2>{t("agreement.callOffTitle")}</h2>
      <p className="hint">{t("agreement.callOffHint")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="call_off" />
      <input {...getInputProps(fields.revision, { type: "hidden" })} key={fields.revision.key} />
      {fields.lines.getFieldList().map((line, i) => {
        const row = line.getFieldset();
        const item = usage.items[i]!;
        return (
          <div key={line.key}>
            <input {...getInputProps(row.itemId, { type: "hidden" })} key={row.itemId.key} />
            <TextField
              meta={row.quantity}
              label={t("agreement.callOffQuantity", { part: item.part_name })}
              type="number"
              inputMode="numeric"
              hint={item.remaining !== null ? t("agreement.remainingHint", { remaining: number(item.remaining) }) : undefined}
            />
          </div>
        );
      })}
      <div className="field-row">
        <TextField meta={fields.deliverOn} label={t("agreement.deliverOn")} type="date" />
        <TextField meta={fields.months} label={t("agreement.spreadMonths")} type="number" inputMode="numeric" hint={t("agreement.spreadHint")} />
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          {t("agreement.callOff")}
        </button>
      </div>
    </Form>
  );
}

export function CallOffList({ page }: { page: AgreementPage }) {
  const { t, rupiah, number, date } = useT();
  if (page.callOffs.length === 0) return <p className="empty">{t("agreement.noCallOffs")}</p>;
  return (
    <div className="table-wrap">
      <table className="stacked" data-testid="call-offs">
        <thead>
          <tr>
            <th>{t("order.number")}</th>
            <th>{t("order.status")}</th>
            <th className="num">{t("agreement.quantity")}</th>
            <th className="num">{t("order.value")}</th>
            <th>{t("agreement.deliverOn")}</th>
          </tr>
        </thead>
        <tbody>
          {page.callOffs.map((c) => (
            <tr key={c.id}>
              <td data-label={t("order.number")}>
                <Link to={`/orders/${c.id}`}>{c.number}</Link>
              </td>
              <td data-label={t("order.status")}>
                <OrderStatusBadge status={c.status} />
              </td>
              <td data-label={t("agreement.quantity")} className="num">
                {number(c.quantity)}
              </td>
              <td data-label={t("order.value")} className="num">
                {rupiah(c.value)}
              </td>
              <td data-label={t("agreement.deliverOn")}>{c.needed_by ? date(c.needed_by) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
