import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { zodConstraint } from "../components/form-constraints";
import { FormErrors, SelectField, TextAreaField, TextField } from "../components/form-fields";
import { replyWithLists } from "../components/form-reply";
import { useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { StageSchema } from "../domain/development/development-schemas";
import { CRITERION_KINDS } from "../domain/development/ladder-criteria";
import { listStages } from "../domain/development/ladder.server";
import { saveStage } from "../domain/development/stages.server";
import { defineAction } from "../http/action.server";
import { requireAdmin } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { defineLoader } from "../http/loader.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("ladderAdmin.title");

// The qualification ladder as data: the admin edits each stage (name, order, rule, criteria) or adds one.
export const loader = defineLoader(async ({ request }) => {
  await requireAdmin(request);
  return { stages: await listStages(getDb(), { includeInactive: true }) };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireAdmin(request);
  return dispatchIntent(form, {
    stage: intent(
      StageSchema,
      async (input) => {
        await saveStage(getDb(), { actorUserId: auth.user.id, input, now: now() });
        return redirect("/admin/ladder?done=1");
      },
      { keyField: "stageId" },
    ),
  });
});

export default function AdminLadderPage() {
  const { stages } = useLoaderData<typeof loader>();
  const { t } = useT();
  const [params] = useSearchParams();
  const resultFor = useIntentResult<"stage">();
  return (
    <section className="stack">
      <h1>{t("ladderAdmin.title")}</h1>
      <p className="hint">{t("ladderAdmin.intro")}</p>
      {params.get("done") ? (
        <p className="notice" role="status">
          {t("ladderAdmin.saved")}
        </p>
      ) : null}
      {stages.map((s) => (
        <details key={s.id} className="card">
          <summary>
            {s.position}. {s.name_id} {s.active ? "" : `(${t("ladderAdmin.inactive")})`}
          </summary>
          <StageForm stage={s} lastResult={resultFor("stage", s.id)} />
        </details>
      ))}
      <details className="card">
        <summary>{t("ladderAdmin.add")}</summary>
        <StageForm stage={null} lastResult={resultFor("stage")} />
      </details>
    </section>
  );
}

type Stage = ReturnType<typeof useLoaderData<typeof loader>>["stages"][number];

function StageForm({ stage, lastResult }: { stage: Stage | null; lastResult: ReturnType<ReturnType<typeof useIntentResult>> }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `stage-${stage?.id ?? "new"}`,
    lastResult: replyWithLists(lastResult, ["criteria"]),
    defaultValue: {
      stageId: stage ? String(stage.id) : "",
      code: stage?.code ?? "",
      position: String(stage?.position ?? 100),
      nameId: stage?.name_id ?? "",
      nameEn: stage?.name_en ?? "",
      descriptionId: stage?.description_id ?? "",
      descriptionEn: stage?.description_en ?? "",
      rule: stage?.rule ?? "all",
      qualifies: stage?.funnel_step === "qualified" ? "on" : undefined,
      active: stage === null || stage.active ? "on" : undefined,
      criteria: [
        ...(stage?.criteriaList ?? []).map((c) => ({ code: c.code, labelId: c.labelId, labelEn: c.labelEn, kind: c.kind, min: c.min === undefined ? "" : String(c.min), max: c.max === undefined ? "" : String(c.max), certificate: c.certificate ?? "" })),
        {},
        {},
      ],
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StageSchema }),
    constraint: zodConstraint(StageSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack" data-testid={`stage-form-${stage?.code ?? "new"}`}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="stage" />
      {stage ? <input type="hidden" name="stageId" value={stage.id} /> : null}
      <div className="field-row">
        <TextField meta={fields.code} label={t("ladderAdmin.code")} />
        <TextField meta={fields.position} label={t("ladderAdmin.position")} inputMode="numeric" />
        <SelectField meta={fields.rule} label={t("ladderAdmin.rule")} options={[{ value: "all", label: t("ladder.ruleAll") }, { value: "any", label: t("ladder.ruleAny") }]} />
      </div>
      <div className="field-row">
        <TextField meta={fields.nameId} label={t("ladderAdmin.nameId")} />
        <TextField meta={fields.nameEn} label={t("ladderAdmin.nameEn")} />
      </div>
      <TextAreaField meta={fields.descriptionId} label={t("ladderAdmin.descriptionId")} />
      <TextAreaField meta={fields.descriptionEn} label={t("ladderAdmin.descriptionEn")} />
      <label className="checkbox">
        <input type="checkbox" name="qualifies" value="on" defaultChecked={stage?.funnel_step === "qualified"} />
        {t("ladderAdmin.qualifies")}
      </label>
      <label className="checkbox">
        <input type="checkbox" name="active" value="on" defaultChecked={stage === null || stage.active === 1} />
        {t("ladderAdmin.active")}
      </label>
      <fieldset>
        <legend>{t("ladderAdmin.criteria")}</legend>
        <p className="hint">{t("ladderAdmin.criteriaHint")}</p>
        {fields.criteria.getFieldList().map((row) => {
          const c = row.getFieldset();
          return (
            <div className="field-row" key={row.key}>
              <TextField meta={c.code} label={t("ladderAdmin.code")} />
              <TextField meta={c.labelId} label={t("ladderAdmin.labelId")} />
              <TextField meta={c.labelEn} label={t("ladderAdmin.labelEn")} />
              <SelectField meta={c.kind} label={t("ladderAdmin.kind")} options={[{ value: "", label: "—" }, ...CRITERION_KINDS.map((k) => ({ value: k, label: t(`ladderAdmin.kind.${k}` as const) }))]} />
              <TextField meta={c.min} label={t("ladderAdmin.min")} inputMode="numeric" />
              <TextField meta={c.max} label={t("ladderAdmin.max")} inputMode="numeric" />
              <TextField meta={c.certificate} label={t("ladderAdmin.certificate")} />
            </div>
          );
        })}
      </fieldset>
      <button type="submit" className="primary">
        {t("ladderAdmin.save")}
      </button>
    </Form>
  );
}
