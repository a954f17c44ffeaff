import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { zodConstraint } from "../components/form-constraints";
import { FormErrors, TextField } from "../components/form-fields";
import { useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { REPORT_DIMENSIONS, TargetSchema } from "../domain/development/development-schemas";
import { partnershipReport, saveTarget } from "../domain/development/partnerships.server";
import { defineAction } from "../http/action.server";
import { requireAdmin } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { defineLoader } from "../http/loader.server";
import { requireReportReader } from "../http/report-access.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("lm.title");

// The Link-and-Match report: partnerships (an IKM's first contracted order with a big buyer, derived from
// orders) per year against the year's target, by buyer / cluster / province / programme, the funnel per
// programme; CSV, XLSX and PDF for the chosen period. Admins edit the targets.
export const loader = defineLoader(async ({ request }) => {
  const { auth, mentorId, query } = await requireReportReader(request);
  return { isAdmin: auth.user.isAdmin, query, report: await partnershipReport(getDb(), { ...query, mentorId }) };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireAdmin(request);
  return dispatchIntent(form, {
    target: intent(
      TargetSchema,
      async (input) => {
        await saveTarget(getDb(), { actorUserId: auth.user.id, input, now: now() });
        return redirect(`/reports/partnerships${new URL(request.url).search}`);
      },
      { keyField: "targetId" },
    ),
  });
});

export default function PartnershipReportPage() {
  const { report, query, isAdmin } = useLoaderData<typeof loader>();
  const { t, locale, number, date } = useT();
  const [params] = useSearchParams();
  const resultFor = useIntentResult<"target">();
  const max = Math.max(1, ...report.years.map((y) => Math.max(y.count, y.target ?? 0)));
  const funnelMax = Math.max(1, ...report.funnel.map((f) => f.mentored));
  const search = params.toString();
  const exportLink = (ext: string) => `/reports/partnerships.${ext}${search ? `?${search}` : ""}`;
  return (
    <section className="stack">
      <h1>{t("lm.title")}</h1>
      <p className="hint">{t("lm.intro")}</p>
      <Form method="get" className="card field-row" data-testid="report-filter">
        <label>
          {t("lm.from")}
          <input name="from" type="number" min={2000} max={2100} defaultValue={query.from} />
        </label>
        <label>
          {t("lm.to")}
          <input name="to" type="number" min={2000} max={2100} defaultValue={query.to} />
        </label>
        <label>
          {t("lm.groupBy")}
          <select name="by" defaultValue={query.by}>
            {REPORT_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {t(`lm.by.${d}` as const)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("lm.show")}</button>
      </Form>
      <p className="actions" data-testid="report-exports">
        <a href={exportLink("csv")} download>
          CSV
        </a>{" "}
        <a href={exportLink("xlsx")} download>
          XLSX
        </a>{" "}
        <a href={exportLink("pdf")} target="_blank" rel="noreferrer">
          PDF
        </a>
      </p>
      <p>
        <strong data-testid="report-total">{t("lm.total", { count: report.total })}</strong>
      </p>
      <p data-testid="report-continuity">
        {t("lm.continuity", { repeat: report.continuity.repeatOrders, callOffs: report.continuity.callOffs, agreements: report.continuity.agreements })}
      </p>
      <figure className="card bar-chart" data-testid="partnership-chart">
        <figcaption>{t("lm.chart")}</figcaption>
        {report.years.map((y) => (
          <div className="bar-row" key={y.year} data-year={y.year} data-count={y.count}>
            <span className="bar-label">{y.year}</span>
            <span className="bar-track">
              <span className="bar" style={{ width: `${Math.max(1, (y.count / max) * 100)}%` }} />
              {y.target !== null ? <span className="bar-target" style={{ left: `${(y.target / max) * 100}%` }} title={t("lm.target")} /> : null}
            </span>
            <span className="bar-value">
              {number(y.count)}
              {y.target !== null ? ` / ${number(y.target)}` : y.span ? ` (${y.span})` : ""}
            </span>
          </div>
        ))}
        <p className="hint">{t("lm.chartLegend")}</p>
      </figure>
      <h2>{t("lm.targets")}</h2>
      <div className="table-wrap">
        <table data-testid="targets">
          <thead>
            <tr>
              <th>{t("lm.period")}</th>
              <th className="num">{t("lm.target")}</th>
              <th className="num">{t("lm.achieved")}</th>
              {isAdmin ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {report.spans.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.yearFrom === s.yearTo ? s.yearFrom : `${s.yearFrom}–${s.yearTo}`}
                  {s.note ? <span className="hint"> · {s.note}</span> : null}
                </td>
                <td className="num">{number(s.target)}</td>
                <td className="num">{number(s.achieved)}</td>
                {isAdmin ? (
                  <td>
                    <TargetForm target={s} lastResult={resultFor("target", s.id)} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {isAdmin ? <TargetForm target={null} lastResult={resultFor("target")} /> : null}
      <h2>{t(`lm.by.${report.by}` as const)}</h2>
      <div className="table-wrap">
        <table data-testid="report-groups">
          <tbody>
            {report.groups.map((g) => (
              <tr key={g.key}>
                <td>{locale === "id" ? g.labelId : g.labelEn}</td>
                <td className="num">{number(g.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("lm.funnel")}</h2>
      <figure className="card bar-chart" data-testid="funnel">
        <figcaption>{t("lm.funnelHint")}</figcaption>
        {report.funnel.map((f) => (
          <div key={f.programmeId} className="stack">
            <strong>
              {f.name} · {f.mentorName}
            </strong>
            {(["mentored", "qualified", "trial", "partnered"] as const).map((step) => (
              <div className="bar-row" key={step}>
                <span className="bar-label">{t(`lm.${step}` as const)}</span>
                <span className="bar-track">
                  <span className="bar" style={{ width: `${Math.max(1, (f[step] / funnelMax) * 100)}%` }} />
                </span>
                <span className="bar-value">{number(f[step])}</span>
              </div>
            ))}
          </div>
        ))}
      </figure>
      <h2>{t("lm.sheetPartnerships")}</h2>
      {report.hiddenRows > 0 ? <p className="hint">{t("lm.hiddenRows", { count: report.hiddenRows })}</p> : null}
      <div className="table-wrap">
        <table data-testid="partnership-rows">
          <thead>
            <tr>
              <th>{t("lm.contractedOn")}</th>
              <th>{t("lm.ikm")}</th>
              <th>{t("lm.buyer")}</th>
              <th>{t("lm.province")}</th>
              <th>{t("lm.programme")}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={`${r.supplierId}-${r.buyerId}`}>
                <td>{date(r.contractedOn)}</td>
                <td>{r.supplierName}</td>
                <td>{r.buyerName}</td>
                <td>{r.provinceName}</td>
                <td>{r.programmes.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TargetForm({ target, lastResult }: { target: { id: number; yearFrom: number; yearTo: number; target: number; note: string } | null; lastResult: ReturnType<ReturnType<typeof useIntentResult>> }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `target-${target?.id ?? "new"}`,
    lastResult,
    defaultValue: target ? { targetId: String(target.id), yearFrom: String(target.yearFrom), yearTo: String(target.yearTo), target: String(target.target), note: target.note } : {},
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TargetSchema }),
    constraint: zodConstraint(TargetSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className={target ? "field-row" : "card field-row"} data-testid={`target-form-${target?.id ?? "new"}`}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="target" />
      {target ? <input type="hidden" name="targetId" value={target.id} /> : null}
      <TextField meta={fields.yearFrom} label={t("lm.yearFrom")} inputMode="numeric" />
      <TextField meta={fields.yearTo} label={t("lm.yearTo")} inputMode="numeric" />
      <TextField meta={fields.target} label={t("lm.target")} inputMode="numeric" />
      <TextField meta={fields.note} label={t("lm.note")} />
      <button type="submit" className="small">
        {t(target ? "lm.saveTarget" : "lm.addTarget")}
      </button>
    </Form>
  );
}
