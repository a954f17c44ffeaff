import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { zodConstraint } from "../components/form-constraints";
import { FormErrors, SelectField, TextField } from "../components/form-fields";
import { useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { DomainError } from "../domain/errors";
import { jakartaDate } from "../domain/time";
import { memberStatements, recordPayout } from "../domain/work-orders/member-money.server";
import { loadBoard, memberRecords } from "../domain/work-orders/member-records.server";
import { CooperativeSettingsSchema, PayoutSchema } from "../domain/work-orders/work-order-schemas";
import { cooperativeSettings, saveCooperativeSettings } from "../domain/work-orders/work-orders.server";
import { defineAction } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { defineLoader } from "../http/loader.server";
import { pageTitle } from "../i18n/meta";
import { formatPercent, formatPpnRate } from "../i18n/format";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("members.title");

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  if (auth.organization.kind !== "cooperative") throw new DomainError("error.cooperativeOnly", 403);
  const db = getDb();
  const today = jakartaDate(now());
  return {
    today,
    isOwner: auth.organization.role === "owner",
    records: await memberRecords(db, auth.organization.id, today),
    board: await loadBoard(db, auth.organization.id, today.slice(0, 7), 6),
    statements: await memberStatements(db, auth.organization.id),
    settings: await cooperativeSettings(db, auth.organization.id),
  };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireOrganization(request, { can: "sell", role: "owner" });
  const db = getDb();
  return dispatchIntent(form, {
    payout: intent(PayoutSchema, async (input) => {
      await recordPayout(db, { cooperativeId: auth.organization.id, actorUserId: auth.user.id, input, now: now() });
      return redirect("/cooperative/members?done=payout#money");
    }),
    settings: intent(CooperativeSettingsSchema, async (v) => {
      await saveCooperativeSettings(db, { cooperativeId: auth.organization.id, actorUserId: auth.user.id, memberFeeBp: v.feePercent, qcLeadDays: v.qcLeadDays, now: now() });
      return redirect("/cooperative/members?done=settings#settings");
    }),
  });
});

const SERIES = [
  { key: "onTime", label: "members.onTime", className: "bar" },
  { key: "cooperativeQc", label: "members.qc", className: "bar bar-second" },
  { key: "buyer", label: "members.atBuyer", className: "bar bar-third" },
] as const;

export default function CooperativeMembersPage() {
  const { records, board, statements, settings, isOwner, today } = useLoaderData<typeof loader>();
  const { t, number, rupiah, locale } = useT();
  const [params] = useSearchParams();
  const resultFor = useIntentResult<"payout" | "settings">();
  const done = params.get("done");
  const fee = formatPpnRate(settings.memberFeeBp, locale);
  return (
    <section className="stack">
      <p>
        <Link to="/work-orders">← {t("wo.listTitle")}</Link>
      </p>
      <h1>{t("members.title")}</h1>
      {done === "payout" || done === "settings" ? (
        <p className="notice" role="status">
          {t(done === "payout" ? "members.payoutDone" : "members.settingsDone")}
        </p>
      ) : null}

      <h2>{t("members.records")}</h2>
      {records.length === 0 ? (
        <p className="empty">{t("members.none")}</p>
      ) : (
        <>
          <figure className="card bar-chart" data-testid="member-records-chart">
            <figcaption>{t("members.recordsChart")}</figcaption>
            {records.map((r) => (
              <div key={r.memberId} className="stack">
                <strong>{r.memberName}</strong>
                {SERIES.map((s) => {
                  const value = r[s.key].percent;
                  return (
                    <div className="bar-row" key={s.key}>
                      <span className="bar-label">{t(s.label)}</span>
                      <span className="bar-track">
                        <span className={s.className} style={{ width: `${Math.max(2, value ?? 0)}%` }} />
                      </span>
                      <span className="bar-value">{formatPercent(value, locale)}</span>
                    </div>
                  );
                })}
              </div>
            ))}
          </figure>
          <div className="table-wrap">
            <table data-testid="member-records">
              <thead>
                <tr>
                  <th>{t("wo.member")}</th>
                  <th className="num">{t("members.onTime")}</th>
                  <th className="num">{t("members.qc")}</th>
                  <th className="num">{t("members.atBuyer")}</th>
                </tr>
              </thead>
              <tbody>
                {records.map((r) => (
                  <tr key={r.memberId}>
                    <td>{r.memberName}</td>
                    <td className="num">{t("members.counts", { hit: number(r.onTime.met), of: number(r.onTime.due) })}</td>
                    <td className="num">{t("members.counts", { hit: number(r.cooperativeQc.accepted), of: number(r.cooperativeQc.inspected) })}</td>
                    <td className="num">{t("members.counts", { hit: number(r.buyer.kept), of: number(r.buyer.inspected) })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <h2>{t("members.load")}</h2>
      <p className="hint">{t("members.loadHint")}</p>
      <div className="table-wrap">
        <table data-testid="load-board">
          <thead>
            <tr>
              <th>{t("wo.member")}</th>
              <th className="num">{t("members.capacity")}</th>
              {board.months.map((m) => (
                <th className="num" key={m}>
                  {new Intl.DateTimeFormat(locale === "id" ? "id-ID" : "en-GB", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${m}-01T00:00:00Z`))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {board.members.map((m) => (
              <tr key={m.memberId}>
                <td>{m.memberName}</td>
                <td className="num">{m.capacity === null ? t("members.noCapacity") : number(m.capacity)}</td>
                {m.months.map((month) => (
                  <td key={month.month} className={month.over ? "num over-capacity" : "num"} data-over={month.over ? "true" : undefined}>
                    {number(month.committed)}
                    {month.over ? <span className="visually-hidden"> ({t("members.over")})</span> : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="money">{t("members.money")}</h2>
      <p className="hint">{t("members.moneyHint", { fee })}</p>
      {statements.length === 0 ? (
        <p className="empty">{t("members.none")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="member-money">
            <thead>
              <tr>
                <th>{t("wo.member")}</th>
                <th className="num">{t("members.owed")}</th>
                <th className="num">{t("members.paid")}</th>
                <th className="num">{t("members.outstanding")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {statements.map((s) => (
                <tr key={s.memberId}>
                  <td>{s.memberName}</td>
                  <td className="num">{rupiah(s.owed)}</td>
                  <td className="num">{rupiah(s.paid)}</td>
                  <td className="num">{rupiah(s.outstanding)}</td>
                  <td>
                    <Link to={`/work-orders/statement?member=${s.memberId}`}>{t("members.statement")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isOwner && statements.some((s) => s.outstanding > 0) ? <PayoutForm key={statements.map((s) => s.paid).join(",")} statements={statements} today={today} lastResult={resultFor("payout")} /> : null}

      {isOwner ? <SettingsForm settings={settings} lastResult={resultFor("settings")} /> : null}
    </section>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function PayoutForm({ statements, today, lastResult }: { statements: Data["statements"]; today: string; lastResult: ReturnType<ReturnType<typeof useIntentResult>> }) {
  const { t, rupiah } = useT();
  const owing = statements.filter((s) => s.outstanding > 0);
  const [form, fields] = useForm({
    id: "payout",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { memberId: owing.length === 1 ? String(owing[0]!.memberId) : "", paidOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PayoutSchema }),
    constraint: zodConstraint(PayoutSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="payout-form">
      <h3>{t("members.recordPayout")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="payout" />
      <SelectField meta={fields.memberId} label={t("wo.member")} options={owing.map((s) => ({ value: String(s.memberId), label: `${s.memberName} (${t("members.outstanding")} ${rupiah(s.outstanding)})` }))} />
      <div className="field-row">
        <TextField meta={fields.amount} label={t("members.amount")} inputMode="numeric" />
        <TextField meta={fields.paidOn} label={t("members.paidOn")} type="date" />
        <TextField meta={fields.reference} label={t("members.reference")} />
      </div>
      <button type="submit" className="primary">
        {t("members.payoutSubmit")}
      </button>
    </Form>
  );
}

function SettingsForm({ settings, lastResult }: { settings: Data["settings"]; lastResult: ReturnType<ReturnType<typeof useIntentResult>> }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: "settings",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { feePercent: String(settings.memberFeeBp / 100).replace(".", ","), qcLeadDays: String(settings.qcLeadDays) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CooperativeSettingsSchema }),
    constraint: zodConstraint(CooperativeSettingsSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" id="settings" data-testid="settings-form">
      <h2>{t("members.settings")}</h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="settings" />
      <div className="field-row">
        <TextField meta={fields.feePercent} label={t("members.feePercent")} inputMode="text" />
        <TextField meta={fields.qcLeadDays} label={t("members.qcLeadDays")} type="number" inputMode="numeric" />
      </div>
      <button type="submit">{t("members.saveSettings")}</button>
    </Form>
  );
}
