import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { WorkOrderPage } from "../../domain/work-orders/work-order-views.server";
import { HandoverInspectionSchema, HandoverSchema, ReallocationSchema } from "../../domain/work-orders/work-order-schemas";
import { WORK_ORDER_EVENTS_WITH_REASON, type WorkOrderEvent } from "../../domain/work-orders/work-order-states";
import { useT } from "../../i18n/use-t";
import { zodConstraint } from "../form-constraints";
import { FieldErrors, FormErrors, SelectField, TextField } from "../form-fields";
import { replyWithLists } from "../form-reply";
import { useIntentResult } from "../intent-reply";
import { LifecycleStepForm } from "../step-form";

// The forms of the work-order page. Each posts its `intent` to the page's one dispatcher (routes/work-orders.$id.tsx).

export type WorkOrderIntent = "step" | "handover" | "inspect" | "reallocate";
type Page = WorkOrderPage;
type LastResult = SubmissionResult<string[]> | undefined;
type LineRow = { workOrderLineId: number; quantity?: number | undefined };
const VALIDATION = { shouldValidate: "onBlur", shouldRevalidate: "onInput" } as const;

export function StepButton({ event, revision }: { event: WorkOrderEvent; revision: number }) {
  const { t } = useT();
  const tone = event === "accept" || event === "start_production" ? "primary" : event === "cancel" || event === "decline" ? "danger" : undefined;
  return <LifecycleStepForm event={event} revision={revision} label={t(`wo.event.${event}`)} reasonLabel={t("wo.reason")} needsReason={WORK_ORDER_EVENTS_WITH_REASON.includes(event)} tone={tone} />;
}

/** One quantity per work-order line (a hand-over, a reallocation), with the line's open pieces in its label. */
function LineQuantities({ fields, page, label }: { fields: FieldMetadata<LineRow[] | undefined, Record<string, unknown>, string[]>; page: Page; label: (part: string, open: string) => string }) {
  const { number } = useT();
  return (
    <>
      {fields.getFieldList().map((item, i) => {
        const row = item.getFieldset();
        const line = page.lines[i]!;
        return (
          <div key={item.key}>
            <input {...getInputProps(row.workOrderLineId, { type: "hidden" })} key={row.workOrderLineId.key} />
            <TextField meta={row.quantity} label={label(line.partName, number(line.progress.open))} type="number" inputMode="numeric" />
          </div>
        );
      })}
    </>
  );
}

export function Handovers({ page }: { page: Page }) {
  const { t, number, date } = useT();
  const resultFor = useIntentResult<WorkOrderIntent>();
  if (page.handovers.length === 0) return <p className="empty">{t("wo.noHandovers")}</p>;
  return (
    <ul className="history" data-testid="handovers">
      {page.handovers.map((h) => (
        <li key={h.id} data-lot={h.lot_number}>
          <p>
            <strong>{t("wo.handover", { number: h.number, lot: h.lot_number, date: date(h.handed_over_on) })}</strong>
          </p>
          <ul className="lines">
            {h.lines.map((l) => {
              const line = page.lines.find((x) => x.id === l.work_order_line_id);
              return (
                <li key={l.id}>
                  {line?.partName}: {number(l.quantity)}
                  {l.accepted_quantity !== null
                    ? ` — ${t("wo.inspected", { accepted: number(l.accepted_quantity), rejected: number(l.rejected_quantity ?? 0) })}${l.rejection_reason ? `: ${l.rejection_reason}` : ""}`
                    : ""}
                  {l.buyer.map((b) => (
                    <span key={b.shipment} className="hint">
                      {" "}
                      · {t("wo.atBuyer", { shipment: b.shipment, quantity: number(b.quantity), rejected: number(b.rejected) })}
                    </span>
                  ))}
                </li>
              );
            })}
          </ul>
          {page.side === "cooperative" && h.status === "handed_over" ? <InspectionForm handover={h} page={page} lastResult={replyWithLists(resultFor("inspect", h.id), ["lines"])} /> : null}
        </li>
      ))}
    </ul>
  );
}

export function HandoverForm({ page, lastResult }: { page: Page; lastResult: LastResult }) {
  const { t } = useT();
  const today = page.today;
  const [form, fields] = useForm({
    id: "handover",
    lastResult,
    ...VALIDATION,
    defaultValue: { handedOverOn: today, lines: page.lines.map((l) => ({ workOrderLineId: String(l.id), quantity: "" })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HandoverSchema }),
    constraint: zodConstraint(HandoverSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="handover-form">
      <h3>{t("wo.recordHandover")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <FieldErrors id={fields.lines.errorId} errors={fields.lines.errors} />
      <input type="hidden" name="intent" value="handover" />
      <div className="field-row">
        <TextField meta={fields.handedOverOn} label={t("wo.handedOverOn")} type="date" />
        <TextField meta={fields.lotNumber} label={t("wo.lotNumber")} />
      </div>
      <LineQuantities fields={fields.lines} page={page} label={(part, open) => t("wo.handOverQuantity", { part, open })} />
      <TextField meta={fields.notes} label={t("wo.notes")} />
      <button type="submit" className="primary">
        {t("wo.handOver")}
      </button>
    </Form>
  );
}

function InspectionForm({ handover, page, lastResult }: { handover: Page["handovers"][number]; page: Page; lastResult: LastResult }) {
  const { t, number } = useT();
  const [form, fields] = useForm({
    id: `inspect-${handover.id}`,
    lastResult,
    ...VALIDATION,
    defaultValue: { handoverId: String(handover.id), lines: handover.lines.map((l) => ({ handoverLineId: String(l.id), accepted: String(l.quantity), rejected: "0" })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HandoverInspectionSchema }),
    constraint: zodConstraint(HandoverInspectionSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack inspection-form" data-testid="qc-form">
      <h4>{t("wo.inspect")}</h4>
      <FormErrors id={form.errorId} errors={form.errors} />
      <FieldErrors id={fields.lines.errorId} errors={fields.lines.errors} />
      <input type="hidden" name="intent" value="inspect" />
      <input {...getInputProps(fields.handoverId, { type: "hidden" })} key={fields.handoverId.key} />
      {fields.lines.getFieldList().map((item, i) => {
        const row = item.getFieldset();
        const hl = handover.lines[i]!;
        const line = page.lines.find((l) => l.id === hl.work_order_line_id);
        return (
          <div className="row-card" key={item.key}>
            <input {...getInputProps(row.handoverLineId, { type: "hidden" })} key={row.handoverLineId.key} />
            <p>
              <strong>{line?.partName}</strong> — {number(hl.quantity)}
            </p>
            <div className="field-row">
              <TextField meta={row.accepted} label={t("wo.acceptedQty")} type="number" inputMode="numeric" />
              <TextField meta={row.rejected} label={t("wo.rejectedQty")} type="number" inputMode="numeric" />
              <TextField meta={row.reason} label={t("wo.rejectionReason")} />
            </div>
          </div>
        );
      })}
      <button type="submit" className="primary">
        {t("wo.saveInspection")}
      </button>
    </Form>
  );
}

export function ReallocationForm({ page, lastResult }: { page: Page; lastResult: LastResult }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: "reallocate",
    lastResult,
    ...VALIDATION,
    defaultValue: { lines: page.lines.map((l) => ({ workOrderLineId: String(l.id), quantity: "" })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReallocationSchema }),
    constraint: zodConstraint(ReallocationSchema),
  });
  return (
    <details className="card">
      <summary>{t("wo.reallocate")}</summary>
      <Form method="post" {...getFormProps(form)} className="stack" data-testid="reallocation-form">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FieldErrors id={fields.lines.errorId} errors={fields.lines.errors} />
        <input type="hidden" name="intent" value="reallocate" />
        <SelectField meta={fields.toMemberId} label={t("wo.reallocateTo")} options={page.otherMembers.map((m) => ({ value: String(m.id), label: m.legal_name }))} />
        <LineQuantities fields={fields.lines} page={page} label={(part, open) => t("wo.reallocateQuantity", { part, open })} />
        <TextField meta={fields.reason} label={t("wo.reason")} />
        <button type="submit" className="primary">
          {t("wo.reallocateButton")}
        </button>
      </Form>
    </details>
  );
}
