import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { zodConstraint } from "../components/form-constraints";
import { FormErrors, SelectField, TextField } from "../components/form-fields";
import { useIntentResult } from "../components/intent-reply";
import { RegistrationStatus, TaxDecisionForm } from "../components/tax/tax-forms";
import { getDb } from "../db.server";
import { listPpnRules, savePpnRule } from "../domain/tax/ppn-rules.server";
import { decideTaxRegistration, taxRegistrationsForAdmin } from "../domain/tax/tax-identity.server";
import { PpnRuleSchema, TaxDecisionSchema, TaxSettingsSchema } from "../domain/tax/tax-schemas";
import { saveTaxSettings, taxSettings } from "../domain/tax/tax-settings.server";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireAdmin } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { formatNpwp } from "../i18n/format";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

// The admin's tax page: registrations awaiting verification (PKP, collectors), the dated PPN rules, and the
// settings the public sources leave uncertain (faktur number layout, Coretax codes).
export const meta = pageTitle("adminTax.pageTitle");

type AdminTaxIntent = "decide_tax" | "rule" | "settings";
type LastResult = SubmissionResult<string[]> | undefined;

export const loader = defineLoader(async ({ request }) => {
  await requireAdmin(request);
  const db = getDb();
  return { queue: await taxRegistrationsForAdmin(db, { pendingOnly: true }), rules: await listPpnRules(db), settings: await taxSettings(db) };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireAdmin(request);
  const db = getDb();
  const base = { adminUserId: auth.user.id, now: now() };
  return dispatchIntent(form, {
    decide_tax: intent(
      TaxDecisionSchema,
      async (v) => {
        await decideTaxRegistration(db, { ...base, registrationId: v.registrationId, event: v.event, reason: v.reason, revision: v.revision });
        // From the listing review, back to the listing.
        const back = new URL(request.url).searchParams.get("back");
        return redirect(back && /^\/admin\/listings\/\d+$/.test(back) ? `${back}?tax=1` : "/admin/tax?done=decide");
      },
      { keyField: "registrationId" },
    ),
    rule: intent(
      PpnRuleSchema,
      async (input) => {
        await savePpnRule(db, { ...base, input });
        return redirect("/admin/tax?done=rule");
      },
      { keyField: "ruleId" },
    ),
    settings: intent(TaxSettingsSchema, async (input) => {
      await saveTaxSettings(db, { ...base, input });
      return redirect("/admin/tax?done=settings");
    }),
  });
});

function RuleForm({ rule, lastResult }: { rule?: ReturnType<typeof useLoaderData<typeof loader>>["rules"][number]; lastResult: LastResult }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `rule-${rule?.id ?? "new"}`,
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: rule
      ? {
          ruleId: String(rule.id),
          validFrom: rule.valid_from,
          goodsKind: rule.goods_kind,
          ratePercent: String(rule.rate_bp / 100),
          dppNumerator: String(rule.dpp_numerator),
          dppDenominator: String(rule.dpp_denominator),
          kodeTransaksi: rule.kode_transaksi,
          source: rule.source,
        }
      : { goodsKind: "non_luxury", dppNumerator: "1", dppDenominator: "1", kodeTransaksi: "01" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PpnRuleSchema }),
    constraint: zodConstraint(PpnRuleSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="row-card stack" data-testid={rule ? `rule-${rule.valid_from}-${rule.goods_kind}` : "rule-new"}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="rule" />
      {rule ? <input {...getInputProps(fields.ruleId, { type: "hidden" })} key={fields.ruleId.key} /> : null}
      <div className="field-row">
        <TextField meta={fields.validFrom} label={t("adminTax.validFrom")} type="date" />
        <SelectField
          meta={fields.goodsKind}
          label={t("adminTax.goodsKind")}
          options={(["non_luxury", "luxury"] as const).map((k) => ({ value: k, label: t(`adminTax.goodsKind.${k}`) }))}
        />
        <TextField meta={fields.ratePercent} label={t("adminTax.rate")} type="number" inputMode="numeric" />
      </div>
      <div className="field-row">
        <TextField meta={fields.dppNumerator} label={t("adminTax.dppNumerator")} type="number" inputMode="numeric" />
        <TextField meta={fields.dppDenominator} label={t("adminTax.dppDenominator")} type="number" inputMode="numeric" />
        <TextField meta={fields.kodeTransaksi} label={t("adminTax.kode")} inputMode="numeric" />
      </div>
      <TextField meta={fields.source} label={t("adminTax.source")} />
      <div className="actions">
        <button type="submit">{rule ? t("adminTax.saveRule") : t("adminTax.addRule")}</button>
      </div>
    </Form>
  );
}

function SettingsForm({ settings, lastResult }: { settings: ReturnType<typeof useLoaderData<typeof loader>>["settings"]; lastResult: LastResult }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: "settings",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: {
      fakturYearPosition: settings.fakturYearPosition === null ? "" : String(settings.fakturYearPosition),
      unitPcs: settings.coretaxUnitCodes.pcs,
      unitSet: settings.coretaxUnitCodes.set,
      unitKg: settings.coretaxUnitCodes.kg,
      unitTon: settings.coretaxUnitCodes.ton,
      defaultGoodsCode: settings.defaultGoodsCode,
      perpresTkdnBmpThreshold: String(settings.perpresTkdnBmpThreshold),
      perpresTkdnMinimum: String(settings.perpresTkdnMinimum),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TaxSettingsSchema }),
    constraint: zodConstraint(TaxSettingsSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="tax-settings">
      <h2>{t("adminTax.settings")}</h2>
      <p className="hint">{t("adminTax.settingsIntro")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="settings" />
      <TextField meta={fields.fakturYearPosition} label={t("adminTax.yearPosition")} type="number" inputMode="numeric" hint={t("adminTax.yearPositionHint")} />
      <div className="field-row">
        <TextField meta={fields.unitPcs} label={t("adminTax.unit", { unit: "pcs" })} />
        <TextField meta={fields.unitSet} label={t("adminTax.unit", { unit: "set" })} />
        <TextField meta={fields.unitKg} label={t("adminTax.unit", { unit: "kg" })} />
        <TextField meta={fields.unitTon} label={t("adminTax.unit", { unit: "ton" })} />
      </div>
      <TextField meta={fields.defaultGoodsCode} label={t("adminTax.goodsCode")} inputMode="numeric" />
      <div className="field-row">
        <TextField meta={fields.perpresTkdnBmpThreshold} label={t("adminTax.perpresThreshold")} type="number" inputMode="numeric" />
        <TextField meta={fields.perpresTkdnMinimum} label={t("adminTax.perpresMinimum")} type="number" inputMode="numeric" />
      </div>
      <div className="actions">
        <button type="submit">{t("adminTax.saveSettings")}</button>
      </div>
    </Form>
  );
}

export default function AdminTaxPage() {
  const { queue, rules, settings } = useLoaderData<typeof loader>();
  const resultFor = useIntentResult<AdminTaxIntent>();
  const [params] = useSearchParams();
  const { t } = useT();
  const done = (["decide", "rule", "settings"] as const).find((d) => params.get("done") === d);
  return (
    <section className="stack">
      <h1>{t("adminTax.pageTitle")}</h1>
      {done ? (
        <p className="notice" role="status">
          {t(`adminTax.done.${done}`)}
        </p>
      ) : null}
      <div className="card stack">
        <h2>{t("adminTax.queue")}</h2>
        {queue.length === 0 ? <p className="empty">{t("adminTax.queueEmpty")}</p> : null}
        <ul className="card-list" data-testid="tax-queue">
          {queue.map((r) => (
            <li key={r.id} data-organization={r.legal_name}>
              <p>
                <strong>{r.legal_name}</strong> · NPWP {r.npwp16 ? formatNpwp(r.npwp16) : r.npwp} · {r.kind === "pkp" ? t("tax.pkp") : `${t("tax.collector")} — ${t(`tax.collectorKind.${r.collector_kind ?? "appointed"}`)}`}
              </p>
              <RegistrationStatus registration={r} />
              <TaxDecisionForm registration={r} lastResult={resultFor("decide_tax", r.id)} />
            </li>
          ))}
        </ul>
      </div>
      <div className="card stack">
        <h2>{t("adminTax.rules")}</h2>
        <p className="hint">{t("adminTax.rulesIntro")}</p>
        {rules.map((rule) => (
          <RuleForm key={rule.id} rule={rule} lastResult={resultFor("rule", rule.id)} />
        ))}
        <h3>{t("adminTax.addRule")}</h3>
        <RuleForm lastResult={resultFor("rule")} />
      </div>
      <SettingsForm settings={settings} lastResult={resultFor("settings")} />
    </section>
  );
}
