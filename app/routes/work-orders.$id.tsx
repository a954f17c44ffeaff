import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { zodConstraint } from "../components/form-constraints";
import { FieldErrors, FormErrors, SelectField, TextField } from "../components/form-fields";
import { replyWithLists } from "../components/form-reply";
import { resultErrors, useIntentResult } from "../components/intent-reply";
import { WorkOrderStatusBadge } from "../components/work-orders/badges";
import { getDb } from "../db.server";
import { jakartaDate } from "../domain/time";
import { HandoverInspectionSchema, HandoverSchema, ReallocationSchema, WorkOrderStepSchema } from "../domain/work-orders/work-order-schemas";
import { WORK_ORDER_EVENTS_WITH_REASON, type WorkOrderEvent } from "../domain/work-orders/work-order-states";
import { getWorkOrderPage } from "../domain/work-orders/work-order-views.server";
import { inspectHandover, reallocateWorkOrder, recordHandover, takeWorkOrderStep } from "../domain/work-orders/work-orders.server";
import { defineAction } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { defineLoader } from "../http/loader.server";
import { idParam } from "../http/params.server";
import { pageTitle } from "../i18n/meta";
import { formatPercent } from "../i18n/format";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("wo.pageTitle");

type Intent = "step" | "handover" | "inspect" | "reallocate";
const NOTICES = ["step", "handover", "inspect", "reallocate"] as const;
const VALIDATION = { shouldValidate: "onBlur", shouldRevalidate: "onInput" } as const;
type LastResult = SubmissionResult<string[]> | undefined;

export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  return getWorkOrderPage(getDb(), { workOrderId: idParam(params, "id"), organizationId: auth.organization.id, actorUserId: auth.user.id, today: jakartaDate(now()) });
});

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request);
  const db = getDb();
  const workOrderId = idParam(params, "id");
  const base = { workOrderId, actorUserId: auth.user.id, now: now() };
  const then = async (name: Intent, run: () => Promise<unknown>) => {
    const result = await run();
    // A reallocation opens the new work order it made.
    const target = name === "reallocate" && typeof result === "number" ? result : workOrderId;
    return redirect(`/work-orders/${target}?done=${name}${name === "handover" || name === "inspect" ? "#handovers" : ""}`);
  };
  return dispatchIntent(form, {
    step: intent(WorkOrderStepSchema, (v) =>
      then("step", () => takeWorkOrderStep(db, { ...base, organizationId: auth.organization.id, event: v.event, reason: v.reason, expectedRevision: v.revision })),
    ),
    handover: intent(HandoverSchema, (input) => then("handover", () => recordHandover(db, { ...base, memberId: auth.organization.id, input }))),
    inspect: intent(HandoverInspectionSchema, (input) => then("inspect", () => inspectHandover(db, { ...base, cooperativeId: auth.organization.id, input })), { keyField: "handoverId" }),
    reallocate: intent(ReallocationSchema, (input) => then("reallocate", () => reallocateWorkOrder(db, { ...base, cooperativeId: auth.organization.id, input }))),
  });
});

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function WorkOrderPage() {
  const page = useLoaderData<typeof loader>();
  const { workOrder, order, side, lines, schedules, steps, actions, record } = page;
  const resultFor = useIntentResult<Intent>();
  const [params] = useSearchParams();
  const { t, number, rupiah, date, fileSize, locale } = useT();
  const done = NOTICES.find((n) => params.get("done") === n);
  return (
    <section className="stack" id="top">
      <p>
        <Link to="/work-orders">← {t("wo.listTitle")}</Link>
      </p>
      <div className="heading-row">
        <h1>
          {t("wo.pageTitle")} {workOrder.number}
        </h1>
        <WorkOrderStatusBadge status={workOrder.status} />
      </div>
      {done ? (
        <p className="notice" role="status">
          {t(`wo.done.${done}`)}
        </p>
      ) : null}
      <dl className="facts card">
        <dt>{t("wo.buyer")}</dt>
        <dd>{order.buyerName}</dd>
        <dt>{t("wo.order")}</dt>
        <dd>{side === "cooperative" ? <Link to={`/orders/${order.id}`}>{order.number}</Link> : order.number} · {order.title}</dd>
        <dt>{t("wo.cooperative")}</dt>
        <dd>{page.cooperative.legal_name}</dd>
        <dt>{t("wo.member")}</dt>
        <dd>{page.member.legal_name}</dd>
        {workOrder.reason ? (
          <>
            <dt>{t("wo.reason")}</dt>
            <dd>{workOrder.reason}</dd>
          </>
        ) : null}
        <dt>{t("wo.drawings")}</dt>
        <dd>
          {page.drawings.length === 0
            ? t("wo.noDrawings")
            : page.drawings.map((d) => (
                <a key={d.id} href={`/work-orders/${workOrder.id}/files/${d.id}`} download>
                  {d.original_name} ({fileSize(d.byte_size)}){" "}
                </a>
              ))}
        </dd>
      </dl>
      <p className="hint">{t("wo.deliverTo", { address: order.deliveryAddress })}</p>

      <h2>{t("wo.lines")}</h2>
      <div className="table-wrap">
        <table data-testid="work-order-lines">
          <thead>
            <tr>
              <th>{t("wo.part")}</th>
              <th className="num">{t("wo.quantity")}</th>
              <th className="num">{t("wo.memberPrice")}</th>
              {lines.some((l) => l.buyerUnitPrice !== null) ? <th className="num">{t("wo.buyerPrice")}</th> : null}
              <th className="num">{t("wo.handedOver")}</th>
              <th className="num">{t("wo.accepted")}</th>
              <th className="num">{t("wo.rejected")}</th>
              <th className="num">{t("wo.open")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.partName}
                  {l.partNumber ? ` (${l.partNumber})` : ""}
                </td>
                <td className="num">{number(l.quantity)}</td>
                <td className="num">{rupiah(l.memberUnitPrice)}</td>
                {lines.some((x) => x.buyerUnitPrice !== null) ? <td className="num">{l.buyerUnitPrice !== null ? rupiah(l.buyerUnitPrice) : "—"}</td> : null}
                <td className="num">{number(l.progress.handedOver)}</td>
                <td className="num">{number(l.progress.accepted)}</td>
                <td className="num">{number(l.progress.rejected)}</td>
                <td className="num">{number(l.progress.open)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t("wo.schedule")}</h2>
      <div className="table-wrap">
        <table data-testid="work-order-schedule">
          <thead>
            <tr>
              <th>{t("wo.dueOn")}</th>
              <th className="num">{t("wo.quantity")}</th>
              {side === "cooperative" ? <th>{t("wo.buyerDueOn")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.id}>
                <td>{date(s.due_on)}</td>
                <td className="num">{number(s.quantity)}</td>
                {side === "cooperative" ? <td>{s.buyer_due_on ? date(s.buyer_due_on) : ""}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {steps.length > 0 ? (
        <div className="card stack" data-testid="steps">
          <h2>{t("wo.steps")}</h2>
          <FormErrors errors={resultErrors(resultFor("step"))} />
          <div className="actions">
            {steps.map((event) => (
              <StepButton key={event} event={event} revision={workOrder.revision} />
            ))}
          </div>
        </div>
      ) : null}

      <h2 id="handovers">{t("wo.handovers")}</h2>
      <Handovers page={page} />
      {actions.includes("handOver") ? <HandoverForm key={page.handovers.length} page={page} lastResult={replyWithLists(resultFor("handover"), ["lines"])} /> : null}
      {actions.includes("reallocate") && page.otherMembers.length > 0 ? (
        <ReallocationForm page={page} lastResult={replyWithLists(resultFor("reallocate"), ["lines"])} />
      ) : null}

      {record ? (
        <div className="card stack" data-testid="member-record">
          <h2>{t("wo.record")}</h2>
          <ul className="plain">
            <li>
              {t("members.onTime")}: {formatPercent(record.onTime.percent, locale)} ({t("members.counts", { hit: number(record.onTime.met), of: number(record.onTime.due) })})
            </li>
            <li>
              {t("members.qc")}: {formatPercent(record.cooperativeQc.percent, locale)} ({t("members.counts", { hit: number(record.cooperativeQc.accepted), of: number(record.cooperativeQc.inspected) })})
            </li>
            <li>
              {t("members.atBuyer")}: {formatPercent(record.buyer.percent, locale)} ({t("members.counts", { hit: number(record.buyer.kept), of: number(record.buyer.inspected) })})
            </li>
          </ul>
        </div>
      ) : null}

      <h2>{t("wo.history")}</h2>
      <ul className="history" data-testid="work-order-history">
        {page.history.map((h) => (
          <li key={h.id}>
            {date(h.created_at.slice(0, 10))} · {historyLabel(t, h.action)}
            {typeof h.detail.reason === "string" && h.detail.reason ? ` — ${h.detail.reason}` : ""}
            {typeof h.detail.lotNumber === "string" ? ` · ${t("lots.lot")} ${h.detail.lotNumber}` : ""}
            {typeof h.detail.reallocatedFrom === "string" ? ` · ${t("wo.reallocatedFrom", { number: h.detail.reallocatedFrom })}` : ""}
          </li>
        ))}
      </ul>
    </section>
  );
}

function historyLabel(t: ReturnType<typeof useT>["t"], action: string): string {
  const events = ["accept", "decline", "start_production", "hand_over", "complete", "cancel", "reallocate"];
  if (events.includes(action)) return t(`wo.event.${action as WorkOrderEvent}`);
  if (action === "assign" || action === "reallocate_part" || action === "inspect" || action === "attribute_rejection") return t(`wo.action.${action}`);
  return action;
}

function StepButton({ event, revision }: { event: WorkOrderEvent; revision: number }) {
  const { t } = useT();
  const navigation = useNavigation();
  const label = t(`wo.event.${event}`);
  const hidden = (
    <>
      <input type="hidden" name="intent" value="step" />
      <input type="hidden" name="event" value={event} />
      <input type="hidden" name="revision" value={revision} />
    </>
  );
  const tone = event === "accept" || event === "start_production" ? "primary" : event === "cancel" || event === "decline" ? "danger" : undefined;
  if (!WORK_ORDER_EVENTS_WITH_REASON.includes(event)) {
    return (
      <Form method="post">
        {hidden}
        <button type="submit" className={tone} disabled={navigation.state === "submitting"}>
          {label}
        </button>
      </Form>
    );
  }
  return (
    <details className="step-with-reason">
      <summary>{label}</summary>
      <Form method="post" className="stack">
        {hidden}
        <div className="field">
          <label htmlFor={`reason-${event}`}>{t("wo.reason")}</label>
          <textarea id={`reason-${event}`} name="reason" required rows={2} />
        </div>
        <button type="submit" className={tone}>
          {label}
        </button>
      </Form>
    </details>
  );
}

function Handovers({ page }: { page: Page }) {
  const { t, number, date } = useT();
  const resultFor = useIntentResult<Intent>();
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

function HandoverForm({ page, lastResult }: { page: Page; lastResult: LastResult }) {
  const { t, number } = useT();
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
      {fields.lines.getFieldList().map((item, i) => {
        const row = item.getFieldset();
        const line = page.lines[i]!;
        return (
          <div key={item.key}>
            <input {...getInputProps(row.workOrderLineId, { type: "hidden" })} key={row.workOrderLineId.key} />
            <TextField meta={row.quantity} label={t("wo.handOverQuantity", { part: line.partName, open: number(line.progress.open) })} type="number" inputMode="numeric" />
          </div>
        );
      })}
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

function ReallocationForm({ page, lastResult }: { page: Page; lastResult: LastResult }) {
  const { t, number } = useT();
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
        {fields.lines.getFieldList().map((item, i) => {
          const row = item.getFieldset();
          const line = page.lines[i]!;
          return (
            <div key={item.key}>
              <input {...getInputProps(row.workOrderLineId, { type: "hidden" })} key={row.workOrderLineId.key} />
              <TextField meta={row.quantity} label={t("wo.reallocateQuantity", { part: line.partName, open: number(line.progress.open) })} type="number" inputMode="numeric" />
            </div>
          );
        })}
        <TextField meta={fields.reason} label={t("wo.reason")} />
        <button type="submit" className="primary">
          {t("wo.reallocateButton")}
        </button>
      </Form>
    </details>
  );
}
