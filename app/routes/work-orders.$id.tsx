import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors } from "../components/form-fields";
import { replyWithLists } from "../components/form-reply";
import { resultErrors, useIntentResult } from "../components/intent-reply";
import { WorkOrderStatusBadge } from "../components/work-orders/badges";
import { HandoverForm, Handovers, ReallocationForm, StepButton, type WorkOrderIntent } from "../components/work-orders/work-order-forms";
import { getDb } from "../db.server";
import { jakartaDate } from "../domain/time";
import { HandoverInspectionSchema, HandoverSchema, ReallocationSchema, WorkOrderStepSchema } from "../domain/work-orders/work-order-schemas";
import type { WorkOrderEvent } from "../domain/work-orders/work-order-states";
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

type Intent = WorkOrderIntent;
const NOTICES = ["step", "handover", "inspect", "reallocate"] as const;

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

