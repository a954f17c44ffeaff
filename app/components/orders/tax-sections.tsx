import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import type { OrderPage } from "../../domain/orders/order-views.server";
import { CancelInvoiceSchema, CreditNoteDecisionSchema, CreditNoteSchema, FakturSchema, IssueInvoiceSchema } from "../../domain/orders/schemas";
import { formatFakturNumber } from "../../domain/tax/tax-ids";
import { useT } from "../../i18n/use-t";
import { zodConstraint } from "../form-constraints";
import { FileInput, FormErrors, SelectField, TextAreaField, TextField } from "../form-fields";
import { resultErrors, useIntentResult } from "../intent-reply";


// The order page's tax and handover sections: BASTs, an invoice's PPN breakdown, faktur pajak, cancellation and
// replacement, credit notes. What each side may do comes from the loader (each row's `allowed`, `may…`).

type LastResult = SubmissionResult<string[]> | undefined;
type Invoice = OrderPage["invoices"][number];
const VALIDATION = { shouldValidate: "onBlur", shouldRevalidate: "onInput" } as const;

export function OrderBasts({ page }: { page: OrderPage }) {
  const { t, number, date, dateTime } = useT();
  const resultFor = useIntentResult<"bast">();
  const partOf = (id: number) => page.lines.find((l) => l.id === id);
  return (
    <>
      <h2 id="basts">{t("bast.title")}</h2>
      {page.basts.length === 0 ? <p className="empty">{t("bast.none")}</p> : null}
      <ul className="history" data-testid="basts">
        {page.basts.map((b) => (
          <li key={b.id} data-bast={b.number} data-status={b.status}>
            <p>
              <strong>{t("bast.number", { number: b.number })}</strong> · {t("bast.handedOver", { date: date(b.handed_over_on) })} · {t(`bast.status.${b.status}`)}
            </p>
            <ul className="lines">
              {b.lines.map((l) => (
                <li key={l.id}>
                  {partOf(l.order_line_id)?.part_name}: {number(l.quantity)} {t(`rfqUnit.${partOf(l.order_line_id)?.unit ?? "pcs"}`)}
                </li>
              ))}
            </ul>
            <p className="hint">
              {t("bast.supplierSigned")}: {b.supplier_confirmed_at ? dateTime(b.supplier_confirmed_at) : t("bast.notConfirmed")} · {t("bast.buyerSigned")}:{" "}
              {b.buyer_confirmed_at ? dateTime(b.buyer_confirmed_at) : t("bast.notConfirmed")}
            </p>
            <p className="actions">
              <a href={`/orders/${page.order.id}/basts/${b.id}.pdf`} download>
                {t("bast.pdf")}
              </a>
            </p>
            {b.allowed.length > 0 ? (
              <Form method="post" className="actions">
                <FormErrors errors={resultErrors(resultFor("bast", b.id))} />
                <input type="hidden" name="intent" value="bast" />
                <input type="hidden" name="bastId" value={b.id} />
                <input type="hidden" name="revision" value={b.revision} />
                <button type="submit" className="primary">
                  {t("bast.confirm")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The invoice's money: subtotal, DPP, PPN with its kode, what a collector withholds, credits, payments, what is left. */
export function InvoiceAmounts({ inv }: { inv: Invoice }) {
  const { t, rupiah, ppn } = useT();
  if (inv.supplier_pkp !== 1) {
    return (
      <div className="stack" data-testid="invoice-amounts">
        <p>
          {t("invoice.subtotal")} <strong>{rupiah(inv.subtotal)}</strong>
        </p>
        <p className="hint" data-testid="no-ppn">
          {t("invoice.noPpn")}
        </p>
        <InvoiceBalance inv={inv} />
      </div>
    );
  }
  const fraction = inv.dpp_numerator === inv.dpp_denominator ? "" : `${inv.dpp_numerator}/${inv.dpp_denominator}`;
  return (
    <div className="stack" data-testid="invoice-amounts">
      <dl className="facts compact">
        <dt>{t("invoice.subtotal")}</dt>
        <dd>{rupiah(inv.subtotal)}</dd>
        {fraction ? (
          <>
            <dt>{t("invoice.dpp", { fraction })}</dt>
            <dd>{rupiah(inv.dpp_amount)}</dd>
          </>
        ) : null}
        <dt>{ppn(inv.ppn_rate_bp)}</dt>
        <dd>{rupiah(inv.ppn_amount)}</dd>
        <dt>Total</dt>
        <dd>
          <strong>{rupiah(inv.total)}</strong>
        </dd>
        {inv.ppn_withheld > 0 ? (
          <>
            <dt>{t("invoice.withheld", { collector: t(`invoice.collector.${inv.collector_kind === "government" ? "government" : "appointed"}`) })}</dt>
            <dd>− {rupiah(inv.ppn_withheld)}</dd>
            <dt>{t("invoice.amountDue")}</dt>
            <dd>
              <strong data-testid="amount-due">{rupiah(inv.amount_due)}</strong>
            </dd>
          </>
        ) : null}
      </dl>
      <p className="hint" data-testid="kode-transaksi">
        {t("invoice.kode", { kode: inv.kode_transaksi ?? "—" })}
      </p>
      <InvoiceBalance inv={inv} />
    </div>
  );
}

function InvoiceBalance({ inv }: { inv: Invoice }) {
  const { t, rupiah, date } = useT();
  if (inv.amount_credited === 0 && inv.amount_paid === 0 && inv.transfer_amount === null) return null;
  return (
    <>
      <dl className="facts compact">
        {inv.amount_credited > 0 ? (
          <>
            <dt>{t("invoice.credited")}</dt>
            <dd>− {rupiah(inv.amount_credited)}</dd>
          </>
        ) : null}
        {inv.amount_paid > 0 ? (
          <>
            <dt>{t("invoice.paidSoFar")}</dt>
            <dd>− {rupiah(inv.amount_paid)}</dd>
          </>
        ) : null}
        <dt>{t("invoice.outstanding")}</dt>
        <dd>
          <strong data-testid="outstanding">{rupiah(inv.outstanding)}</strong>
        </dd>
      </dl>
      {inv.payments.length > 0 ? (
        <ul className="lines" aria-label={t("invoice.payments")}>
          {inv.payments.map((p) => (
            <li key={p.id}>
              {date(p.paid_on)} · {rupiah(p.amount)} · {p.reference}
            </li>
          ))}
        </ul>
      ) : null}
      {inv.transfer_amount !== null && inv.status === "transfer_reported" ? <p className="hint">{t("invoice.transferPending", { amount: rupiah(inv.transfer_amount) })}</p> : null}
    </>
  );
}

export function FakturInfo({ inv, orderId }: { inv: Invoice; orderId: number }) {
  const { t } = useT();
  if (inv.supplier_pkp !== 1) return null;
  return inv.faktur_number ? (
    <p data-testid="faktur-number">
      {t("invoice.faktur", { number: formatFakturNumber(inv.faktur_number) })}
      {inv.faktur_file_id ? (
        <>
          {" · "}
          <Link to={`/files/${inv.faktur_file_id}`} reloadDocument>
            {t("invoice.viewFaktur")}
          </Link>
        </>
      ) : null}
    </p>
  ) : (
    <p className="hint">{t("invoice.fakturMissing")}</p>
  );
}

export function FakturForm({ inv, lastResult }: { inv: Invoice; lastResult: LastResult }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `faktur-${inv.id}`,
    lastResult,
    ...VALIDATION,
    defaultValue: { invoiceId: String(inv.id), revision: String(inv.revision), fakturNumber: inv.faktur_number ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FakturSchema }),
    constraint: zodConstraint(FakturSchema),
  });
  const e = inv.fakturExpected!;
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack" data-testid={`faktur-form-${inv.number}`}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="faktur" />
      <input {...getInputProps(fields.invoiceId, { type: "hidden" })} key={fields.invoiceId.key} />
      <input {...getInputProps(fields.revision, { type: "hidden" })} key={fields.revision.key} />
      <TextField meta={fields.fakturNumber} label={t("invoice.fakturNumber")} inputMode="numeric" hint={t("invoice.fakturHint", { kode: e.kode, status: e.status, year: e.year })} />
      <FileInput meta={fields.file} label={t("invoice.fakturFile")} accept="application/pdf,image/jpeg,image/png" hint={inv.faktur_file_id ? t("tax.documentKept") : undefined} />
      <button type="submit">{t("invoice.recordFaktur")}</button>
    </Form>
  );
}

export function CancelInvoiceForm({ inv, lastResult }: { inv: Invoice; lastResult: LastResult }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `cancel-${inv.id}`,
    lastResult,
    ...VALIDATION,
    defaultValue: { invoiceId: String(inv.id), revision: String(inv.revision) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelInvoiceSchema }),
    constraint: zodConstraint(CancelInvoiceSchema),
  });
  return (
    <details open={Boolean(lastResult)}>
      <summary>{t("invoice.cancel")}</summary>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="cancel_invoice" />
        <input {...getInputProps(fields.invoiceId, { type: "hidden" })} key={fields.invoiceId.key} />
        <input {...getInputProps(fields.revision, { type: "hidden" })} key={fields.revision.key} />
        <TextAreaField meta={fields.reason} label={t("invoice.cancelReason")} />
        <button type="submit" className="danger">
          {t("invoice.cancel")}
        </button>
      </Form>
    </details>
  );
}

/** The supplier's invoice form: pieces of confirmed BASTs, all by default or fewer per line; a replacement names the cancelled invoice. */
export function IssueInvoiceForm({ page, lastResult }: { page: OrderPage; lastResult: LastResult }) {
  const { t, number } = useT();
  const billable = page.lines.filter((l) => l.progress.invoiceable > 0);
  const [form, fields] = useForm({
    id: "invoice",
    lastResult,
    ...VALIDATION,
    defaultValue: { lines: billable.map((l) => ({ orderLineId: String(l.id), quantity: String(l.progress.invoiceable) })), replacesInvoiceId: "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IssueInvoiceSchema }),
    constraint: zodConstraint(IssueInvoiceSchema),
  });
  const rows = fields.lines.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="issue-invoice">
      <FormErrors id={form.errorId} errors={form.errors} />
      <FormErrors errors={fields.lines.errors} />
      <p>{t("invoice.canIssue", { quantity: page.invoiceable })}</p>
      <input type="hidden" name="intent" value="invoice" />
      {rows.map((item, i) => {
        const row = item.getFieldset();
        const line = billable[i];
        if (!line) return null;
        return (
          <div className="field-row" key={item.key}>
            <input {...getInputProps(row.orderLineId, { type: "hidden" })} key={row.orderLineId.key} />
            <TextField
              meta={row.quantity}
              label={`${line.part_name} — ${t("invoice.quantityToBill")}`}
              type="number"
              inputMode="numeric"
              hint={t("invoice.billable", { quantity: number(line.progress.invoiceable) })}
            />
          </div>
        );
      })}
      {page.replaceable.length > 0 ? (
        <SelectField
          meta={fields.replacesInvoiceId}
          label={t("invoice.issueReplacement")}
          placeholder="—"
          options={page.replaceable.map((r) => ({ value: String(r.id), label: t("invoice.replaces", { number: r.number }) }))}
        />
      ) : null}
      <button type="submit" name="intent" value="invoice" className="primary">
        {t("invoice.issue")}
      </button>
    </Form>
  );
}

export function CreditNoteForm({ inv, page, lastResult }: { inv: Invoice; page: OrderPage; lastResult: LastResult }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `credit-${inv.id}`,
    lastResult,
    ...VALIDATION,
    defaultValue: { invoiceId: String(inv.id), lines: inv.lines.map((l) => ({ invoiceLineId: String(l.id) })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreditNoteSchema }),
    constraint: zodConstraint(CreditNoteSchema),
  });
  const rows = fields.lines.getFieldList();
  return (
    <details open={Boolean(lastResult)}>
      <summary>{t("creditNote.issue")}</summary>
      <Form method="post" {...getFormProps(form)} className="stack" data-testid={`credit-form-${inv.number}`}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormErrors errors={fields.lines.errors} />
        <input type="hidden" name="intent" value="credit_note" />
        <input {...getInputProps(fields.invoiceId, { type: "hidden" })} key={fields.invoiceId.key} />
        {rows.map((item, i) => {
          const row = item.getFieldset();
          const line = inv.lines[i]!;
          const part = page.lines.find((l) => l.id === line.order_line_id);
          return (
            <div className="field-row" key={item.key}>
              <input {...getInputProps(row.invoiceLineId, { type: "hidden" })} key={row.invoiceLineId.key} />
              <TextField meta={row.quantity} label={`${part?.part_name ?? ""} — ${t("creditNote.quantity")}`} type="number" inputMode="numeric" />
            </div>
          );
        })}
        <TextAreaField meta={fields.reason} label={t("creditNote.reason")} />
        <button type="submit">{t("creditNote.issue")}</button>
      </Form>
    </details>
  );
}

export function CreditNotes({ inv, page }: { inv: Invoice; page: OrderPage }) {
  const { t, rupiah, date } = useT();
  const resultFor = useIntentResult<"decide_credit_note">();
  if (inv.creditNotes.length === 0) return null;
  return (
    <ul className="lines" data-testid={`credit-notes-${inv.number}`}>
      {inv.creditNotes.map((c) => (
        <li key={c.id} data-status={c.status}>
          <strong>{t("creditNote.number", { number: c.number })}</strong> · {date(c.issued_on)} · {rupiah(c.amount_due)} · {t(`creditNote.status.${c.status}`)} —{" "}
          {c.reason}
          {c.decision_reason ? ` (${c.decision_reason})` : ""}{" "}
          <a href={`/orders/${page.order.id}/credit-notes/${c.id}.pdf`} download>
            {t("creditNote.pdf")}
          </a>
          {c.allowed.includes("accept") ? (
            <Form method="post" className="stack">
              <FormErrors errors={resultErrors(resultFor("decide_credit_note", c.id))} />
              <input type="hidden" name="intent" value="decide_credit_note" />
              <input type="hidden" name="creditNoteId" value={c.id} />
              <input type="hidden" name="revision" value={c.revision} />
              <div className="field">
                <label htmlFor={`cn-reason-${c.id}`}>{t("creditNote.rejectReason")}</label>
                <input id={`cn-reason-${c.id}`} name="reason" maxLength={1000} />
              </div>
              <div className="actions">
                <button type="submit" name="decision" value="accept" className="primary">
                  {t("creditNote.accept")}
                </button>
                <button type="submit" name="decision" value="reject">
                  {t("creditNote.reject")}
                </button>
              </div>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

