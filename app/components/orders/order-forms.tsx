import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { zodConstraint } from "../form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { LifecycleStepForm } from "../step-form";
import type { OrderPage } from "../../domain/orders/order-views.server";
import { ORDER_EVENTS_WITH_REASON, type OrderEvent } from "../../domain/orders/order-states";
import { ContractSchema, InspectionSchema, ShipmentSchema, TransferSchema } from "../../domain/orders/schemas";
import { useT } from "../../i18n/use-t";
import { FieldErrors, FormErrors, TextAreaField, TextField } from "../form-fields";

// The forms of the order page. Each posts its `intent` to the page's one dispatcher (routes/orders.$id.tsx).

type LastResult = SubmissionResult<string[]> | undefined;

/** Revalidate while typing, not on blur: an error vanishing on blur moves the button under the pointer. */
const VALIDATION = { shouldValidate: "onBlur", shouldRevalidate: "onInput" } as const;

export function StepForm({ event, revision }: { event: OrderEvent; revision: number }) {
  const { t } = useT();
  const tone = event === "accept" || event === "send" || event === "revise" ? "primary" : event === "cancel" || event === "dispute" ? "danger" : undefined;
  return (
    <LifecycleStepForm
      event={event}
      revision={revision}
      label={t(`orderEvent.${event}`)}
      reasonLabel={t("order.reason")}
      needsReason={ORDER_EVENTS_WITH_REASON.includes(event)}
      tone={tone}
    />
  );
}

export function ContractForm({ page, lastResult }: { page: OrderPage; lastResult: LastResult }) {
  const { t, number } = useT();
  const { order, lines } = page;
  const [form, fields] = useForm({
    id: "contract",
    lastResult,
    ...VALIDATION,
    defaultValue: {
      revision: String(order.revision),
      paymentDueDays: String(order.payment_due_days),
      paymentTerms: order.payment_terms,
      deliveryTerms: order.delivery_terms,
      schedules: lines.map((l) => ({ orderLineId: String(l.id) })),
      prices: page.pricesEditable ? lines.map((l) => ({ orderLineId: String(l.id), unitPrice: String(l.unit_price) })) : [],
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContractSchema }),
    constraint: zodConstraint(ContractSchema),
  });
  const rows = fields.schedules.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="contract-form">
      <h2>{t("order.contract")}</h2>
      <p className="hint">{t("order.contractHint")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="contract" />
      <input {...getInputProps(fields.revision, { type: "hidden" })} key={fields.revision.key} />
      {page.pricesEditable ? (
        <fieldset data-testid="contract-prices">
          <legend>{t("order.repeatPrices")}</legend>
          <p className="hint">{t("order.repeatPricesHint")}</p>
          {fields.prices.getFieldList().map((item, i) => {
            const row = item.getFieldset();
            return (
              <div key={item.key}>
                <input {...getInputProps(row.orderLineId, { type: "hidden" })} key={row.orderLineId.key} />
                <TextField meta={row.unitPrice} label={`${lines[i]!.part_name} — ${t("order.unitPriceRp")}`} type="number" inputMode="numeric" />
              </div>
            );
          })}
        </fieldset>
      ) : null}
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

export function ShipmentForm({ page, lastResult }: { page: OrderPage; lastResult: LastResult }) {
  const { t, number } = useT();
  const { lines, today } = page;
  const [form, fields] = useForm({
    id: "ship",
    lastResult,
    ...VALIDATION,
    defaultValue: { shippedOn: today, lines: lines.map((l) => ({ orderLineId: String(l.id), quantity: "" })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ShipmentSchema }),
    constraint: zodConstraint(ShipmentSchema),
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
            <TextField meta={row.quantity} label={t("order.shipQuantity", { part: line.part_name, open: number(line.progress.open) })} type="number" inputMode="numeric" />
          </div>
        );
      })}
      <button type="submit" className="primary">
        {t("order.ship")}
      </button>
    </Form>
  );
}

export function InspectionForm({ shipment, page, lastResult }: { shipment: OrderPage["shipments"][number]; page: OrderPage; lastResult: LastResult }) {
  const { t, number } = useT();
  const [form, fields] = useForm({
    id: `inspect-${shipment.id}`,
    lastResult,
    ...VALIDATION,
    defaultValue: {
      shipmentId: String(shipment.id),
      receivedOn: page.today,
      lines: shipment.lines.map((l) => ({ shipmentLineId: String(l.id), accepted: String(l.quantity), rejected: "0" })),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InspectionSchema }),
    constraint: zodConstraint(InspectionSchema),
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

export function TransferForm({ invoice, lastResult }: { invoice: OrderPage["invoices"][number]; lastResult: LastResult }) {
  const { t, rupiah } = useT();
  const [form, fields] = useForm({
    id: `transfer-${invoice.id}`,
    lastResult,
    ...VALIDATION,
    defaultValue: { invoiceId: String(invoice.id), revision: String(invoice.revision) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TransferSchema }),
    constraint: zodConstraint(TransferSchema),
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
      <TextField
        meta={fields.amount}
        label={t("invoice.transferAmount")}
        type="number"
        inputMode="numeric"
        hint={t("invoice.transferAmountHint", { amount: rupiah(invoice.outstanding) })}
      />
      <button type="submit">{t("invoice.reportTransfer")}</button>
    </Form>
  );
}
