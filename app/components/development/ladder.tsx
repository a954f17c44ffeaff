import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { EvidenceSchema, VisitSchema } from "../../domain/development/development-schemas";
import type { LadderView } from "../../domain/development/ladder.server";
import { useT } from "../../i18n/use-t";
import { zodConstraint } from "../form-constraints";
import { FieldErrors, FormErrors, SelectField, TextAreaField, TextField } from "../form-fields";
import { resultErrors } from "../intent-reply";
import { LadderBadge } from "./badges";

type Stage = LadderView[number];
type Result = SubmissionResult<string[]> | undefined;

/** One stage of the ladder: its state, criteria (met or not), the steps the viewing side may take. */
export function LadderStageCard({
  stage,
  stepResult,
  children,
}: {
  stage: Stage;
  stepResult: Result;
  children?: React.ReactNode;
}) {
  const { t, locale, dateTime } = useT();
  const errors = resultErrors(stepResult);
  return (
    <article className="card stack" data-testid={`stage-${stage.code}`} data-state={stage.state}>
      <h3>
        {locale === "id" ? stage.nameId : stage.nameEn} <LadderBadge state={stage.state} />
      </h3>
      {(locale === "id" ? stage.descriptionId : stage.descriptionEn) ? <p className="hint">{locale === "id" ? stage.descriptionId : stage.descriptionEn}</p> : null}
      {stage.signedOffAt ? <p className="hint">{t("ladder.signedOffAt", { at: dateTime(stage.signedOffAt) })}</p> : null}
      {stage.criteria.length > 0 ? (
        <>
          <p className="hint">{t(stage.rule === "any" ? "ladder.ruleAny" : "ladder.ruleAll")}</p>
          <ul className="criteria">
            {stage.criteria.map((c) => (
              <li key={c.code} data-met={c.met ? "yes" : "no"}>
                <span aria-hidden="true">{c.met ? "✔" : "○"}</span> {locale === "id" ? c.labelId : c.labelEn}
                {c.value !== null ? <span className="hint"> · {c.kind === "score" ? t("ladder.score", { value: c.value, max: c.max ?? 5, min: c.min ?? 1 }) : String(c.value)}</span> : null}
                <span className="visually-hidden">{c.met ? t("ladder.met") : t("ladder.notMet")}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {stage.events.length > 0 ? (
        <Form method="post" className="stack" data-testid={`stage-step-${stage.code}`}>
          <input type="hidden" name="intent" value="ladder" />
          <input type="hidden" name="stageId" value={stage.id} />
          <input type="hidden" name="revision" value={stage.revision} />
          <label>
            {t("ladder.note")}
            <input name="note" maxLength={1000} />
          </label>
          {errors.length > 0 ? (
            <p className="form-error" role="alert">
              {errors.map((e) => t(e as never)).join(" ")}
            </p>
          ) : null}
          <div className="actions">
            {stage.events.map((event) => (
              <button key={event} type="submit" name="event" value={event} className={event === "sign_off" ? "primary" : undefined}>
                {t(`ladder.event.${event}` as const)}
              </button>
            ))}
          </div>
        </Form>
      ) : stage.state !== "signed_off" && !stage.ready ? (
        <p className="hint">{t("ladder.notReady")}</p>
      ) : null}
      {children}
    </article>
  );
}

/** The IKM (or its mentor) adds evidence to a criterion: a certificate with its validity, a PPAP with its FAI report, a document. */
export function EvidenceForm({ stage, lastResult }: { stage: Stage; lastResult: Result }) {
  const { t, locale } = useT();
  const uploadable = stage.criteria.filter((c) => c.kind === "certificate" || c.kind === "document" || c.kind === "ppap");
  const [form, fields] = useForm({
    id: `evidence-${stage.id}`,
    lastResult,
    defaultValue: { stageId: String(stage.id), criterionCode: uploadable[0]?.code ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EvidenceSchema }),
    constraint: zodConstraint(EvidenceSchema),
  });
  if (uploadable.length === 0) return null;
  const hasPpap = uploadable.some((c) => c.kind === "ppap");
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack" data-testid={`evidence-form-${stage.code}`}>
      <h4>{t("ladder.addEvidence")}</h4>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="evidence" />
      <input type="hidden" name="stageId" value={stage.id} />
      <SelectField meta={fields.criterionCode} label={t("ladder.criterion")} options={uploadable.map((c) => ({ value: c.code, label: locale === "id" ? c.labelId : c.labelEn }))} />
      <div className="field">
        <label htmlFor={fields.file.id}>{t("ladder.file")}</label>
        <input id={fields.file.id} name={fields.file.name} type="file" accept="application/pdf,image/jpeg,image/png" aria-invalid={fields.file.errors ? true : undefined} />
        <FieldErrors id={fields.file.errorId} errors={fields.file.errors} />
      </div>
      <div className="field-row">
        <TextField meta={fields.validUntil} label={t("ladder.validUntil")} type="date" />
        {hasPpap ? <TextField meta={fields.ppapLevel} label={t("ladder.ppapLevel")} inputMode="numeric" /> : null}
        {hasPpap ? <TextField meta={fields.partName} label={t("ladder.partName")} /> : null}
      </div>
      <TextField meta={fields.note} label={t("ladder.note")} />
      <button type="submit">{t("ladder.upload")}</button>
    </Form>
  );
}

/** A mentor records a visit or an assessment of one stage: the stage's scored checklist, findings, actions, photos. */
export function VisitForm({ stage, today, owners, lastResult }: { stage: Stage | null; today: string; owners: { id: number; name: string }[]; lastResult: Result }) {
  const { t, locale } = useT();
  const scored = stage?.criteria.filter((c) => c.kind === "score") ?? [];
  const gap = stage?.criteria.some((c) => c.kind === "gap_assessment") ?? false;
  const kinds = stage ? [...(scored.length > 0 ? (["assessment"] as const) : []), ...(gap ? (["gap_assessment"] as const) : []), "visit" as const] : (["visit"] as const);
  const [form, fields] = useForm({
    id: `visit-${stage?.id ?? "general"}`,
    lastResult,
    defaultValue: { kind: kinds[0], visitedOn: today, stageId: stage ? String(stage.id) : "", actions: [{}, {}] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: VisitSchema }),
    constraint: zodConstraint(VisitSchema),
  });
  const scores = fields.scores.getFieldset();
  const actions = fields.actions.getFieldList();
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack" data-testid={`visit-form-${stage?.code ?? "general"}`}>
      <h4>{stage ? t("visit.recordFor", { stage: locale === "id" ? stage.nameId : stage.nameEn }) : t("visit.record")}</h4>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="visit" />
      {stage ? <input type="hidden" name="stageId" value={stage.id} /> : null}
      <div className="field-row">
        <SelectField meta={fields.kind} label={t("visit.kind")} options={kinds.map((k) => ({ value: k, label: t(`visit.kind.${k}` as const) }))} />
        <TextField meta={fields.visitedOn} label={t("visit.date")} type="date" />
      </div>
      {scored.length > 0 ? (
        <fieldset>
          <legend>{t("visit.scores")}</legend>
          <div className="field-row">
            {scored.map((c) => {
              const meta = (scores as Record<string, typeof fields.visitedOn>)[c.code]!;
              return <TextField key={c.code} meta={meta} label={`${locale === "id" ? c.labelId : c.labelEn} (0–${c.max ?? 5})`} inputMode="numeric" />;
            })}
          </div>
        </fieldset>
      ) : null}
      <TextAreaField meta={fields.findings} label={t("visit.findings")} />
      <fieldset>
        <legend>{t("visit.actions")}</legend>
        {actions.map((a, i) => {
          const row = a.getFieldset();
          return (
            <div className="field-row" key={a.key}>
              <TextField meta={row.description} label={t("visit.actionText", { n: i + 1 })} />
              <TextField meta={row.dueOn} label={t("visit.dueField")} type="date" />
              <SelectField meta={row.ownerUserId} label={t("visit.owner")} options={[{ value: "", label: t("visit.ownerOrganization") }, ...owners.map((o) => ({ value: String(o.id), label: o.name }))]} />
            </div>
          );
        })}
      </fieldset>
      <div className="field">
        <label htmlFor={`photos-${stage?.id ?? "general"}`}>{t("visit.photos")}</label>
        <input id={`photos-${stage?.id ?? "general"}`} name="photos" type="file" accept="image/jpeg,image/png" multiple />
      </div>
      <button type="submit" className="primary">
        {t("visit.save")}
      </button>
    </Form>
  );
}
