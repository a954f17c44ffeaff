import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { RelationshipBadge } from "../components/development/badges";
import { zodConstraint } from "../components/form-constraints";
import { FormErrors, TextAreaField, TextField } from "../components/form-fields";
import { useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { RequirementsSchema } from "../domain/development/development-schemas";
import { listStages } from "../domain/development/ladder.server";
import { buyerRequirements, relationshipsOf, saveRequirements } from "../domain/development/supplier-readiness.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { listApprovedSuppliers } from "../domain/suppliers/approved-suppliers.server";
import { defineAction } from "../http/action.server";
import { requireBigBuyer } from "../http/development-guards.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { defineLoader } from "../http/loader.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("buyerSuppliers.title");

// A big buyer's supplier development: what "approved supplier" means to it, its suppliers on trial and
// approved, and any IKM's readiness against it.
export const loader = defineLoader(async ({ request }) => {
  const auth = await requireBigBuyer(request);
  const db = getDb();
  const [requirements, relationships, stages, capabilities, suppliers] = await Promise.all([
    buyerRequirements(db, auth.organization.id),
    relationshipsOf(db, auth.organization.id),
    listStages(db),
    listCapabilities(db),
    listApprovedSuppliers(db),
  ]);
  return {
    isOwner: auth.organization.role === "owner",
    requirements,
    relationships,
    stages: stages.map((s) => ({ code: s.code, nameId: s.name_id, nameEn: s.name_en })),
    certificates: capabilities.filter((c) => c.kind === "certificate").map((c) => ({ code: c.code, labelId: c.label_id, labelEn: c.label_en })),
    suppliers: suppliers.map((s) => ({ id: s.id, name: s.legal_name })),
  };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireBigBuyer(request, { role: "owner" });
  return dispatchIntent(form, {
    requirements: intent(RequirementsSchema, async (input) => {
      await saveRequirements(getDb(), { buyerId: auth.organization.id, actorUserId: auth.user.id, input, now: now() });
      return redirect("/buyer/suppliers?done=requirements");
    }),
  });
});

export default function BuyerSuppliersPage() {
  const data = useLoaderData<typeof loader>();
  const { t, locale, number } = useT();
  const [params] = useSearchParams();
  const resultFor = useIntentResult<"requirements">();
  return (
    <section className="stack">
      <h1>{t("buyerSuppliers.title")}</h1>
      {params.get("done") ? (
        <p className="notice" role="status">
          {t("buyerSuppliers.saved")}
        </p>
      ) : null}
      <Form method="get" action="/buyer/suppliers/readiness" className="card stack" data-testid="readiness-picker">
        <h2>{t("buyerSuppliers.check")}</h2>
        <label>
          {t("buyerSuppliers.pick")}
          <select name="supplier" required>
            <option value="">{t("mentor.choose")}</option>
            {data.suppliers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("buyerSuppliers.open")}</button>
      </Form>
      <h2>{t("buyerSuppliers.relationships")}</h2>
      {data.relationships.length === 0 ? (
        <p className="empty">{t("buyerSuppliers.none")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="relationships">
            <thead>
              <tr>
                <th>{t("mentor.ikm")}</th>
                <th>{t("wo.status")}</th>
                <th className="num">{t("relationship.cap")}</th>
                <th className="num">{t("relationship.passed")}</th>
              </tr>
            </thead>
            <tbody>
              {data.relationships.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/buyer/suppliers/readiness?supplier=${r.supplier_id}`}>{r.legal_name}</Link>
                  </td>
                  <td>
                    <RelationshipBadge status={r.status} />
                  </td>
                  <td className="num">{r.status === "trial" ? number(r.cap_quantity) : "—"}</td>
                  <td className="num">
                    {r.trial_orders_passed} / {r.trial_orders_required}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.isOwner ? <RequirementsForm data={data} lastResult={resultFor("requirements")} /> : <RequirementsSummary data={data} />}
    </section>
  );
  function RequirementsSummary({ data: d }: { data: typeof data }) {
    return (
      <p className="card">
        {t("buyerSuppliers.requirementsSummary", {
          stages: d.requirements.stageCodes.map((c) => d.stages.find((s) => s.code === c)?.[locale === "id" ? "nameId" : "nameEn"] ?? c).join(", ") || "—",
          certificates: d.requirements.certificates.join(", ").toUpperCase() || "—",
          trials: d.requirements.trialOrders,
        })}
      </p>
    );
  }
}

function RequirementsForm({ data, lastResult }: { data: ReturnType<typeof useLoaderData<typeof loader>>; lastResult: ReturnType<ReturnType<typeof useIntentResult>> }) {
  const { t, locale } = useT();
  const [form, fields] = useForm({
    id: "requirements",
    lastResult,
    defaultValue: {
      stageCodes: data.requirements.stageCodes,
      certificates: data.requirements.certificates,
      ppapLevel: data.requirements.ppapLevel === null ? "" : String(data.requirements.ppapLevel),
      trialOrders: String(data.requirements.trialOrders),
      trialCapQuantity: String(data.requirements.trialCapQuantity),
      note: data.requirements.note,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RequirementsSchema }),
    constraint: zodConstraint(RequirementsSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="requirements-form">
      <h2>{t("buyerSuppliers.requirements")}</h2>
      <p className="hint">{t("buyerSuppliers.requirementsHint")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="requirements" />
      <fieldset>
        <legend>{t("buyerSuppliers.stages")}</legend>
        {data.stages.map((s) => (
          <label key={s.code} className="checkbox">
            <input type="checkbox" name="stageCodes" value={s.code} defaultChecked={data.requirements.stageCodes.includes(s.code)} />
            {locale === "id" ? s.nameId : s.nameEn}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("buyerSuppliers.certificates")}</legend>
        {data.certificates.map((c) => (
          <label key={c.code} className="checkbox">
            <input type="checkbox" name="certificates" value={c.code} defaultChecked={data.requirements.certificates.includes(c.code)} />
            {locale === "id" ? c.labelId : c.labelEn}
          </label>
        ))}
      </fieldset>
      <div className="field-row">
        <TextField meta={fields.ppapLevel} label={t("buyerSuppliers.ppapLevel")} inputMode="numeric" />
        <TextField meta={fields.trialOrders} label={t("buyerSuppliers.trialOrders")} inputMode="numeric" />
        <TextField meta={fields.trialCapQuantity} label={t("buyerSuppliers.trialCap")} inputMode="numeric" />
      </div>
      <TextAreaField meta={fields.note} label={t("buyerSuppliers.note")} />
      <button type="submit" className="primary">
        {t("buyerSuppliers.saveRequirements")}
      </button>
    </Form>
  );
}
