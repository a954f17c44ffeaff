import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { EnrolmentBadge } from "../components/development/badges";
import { zodConstraint } from "../components/form-constraints";
import { FormErrors, SelectField, TextAreaField, TextField } from "../components/form-fields";
import { useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { EnrolSchema, EnrolmentStepSchema, ProgrammeSchema } from "../domain/development/development-schemas";
import { createProgramme, enrolOrganization, mentorProgrammes, takeEnrolmentStep } from "../domain/development/mentoring.server";
import { listApprovedSuppliers } from "../domain/suppliers/approved-suppliers.server";
import { defineAction } from "../http/action.server";
import { requireMentor } from "../http/development-guards.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { defineLoader } from "../http/loader.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("mentor.title");

// A mentor's home: its programmes, the IKMs enrolled in each (and their answer), enrol another, open a coached IKM.
export const loader = defineLoader(async ({ request }) => {
  const auth = await requireMentor(request);
  const db = getDb();
  return {
    mentorName: auth.organization.legalName,
    programmes: await mentorProgrammes(db, auth.organization.id),
    candidates: (await listApprovedSuppliers(db)).map((s) => ({ id: s.id, name: s.legal_name, kind: s.kind })),
  };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireMentor(request);
  const db = getDb();
  return dispatchIntent(form, {
    programme: intent(ProgrammeSchema, async (input) => {
      await createProgramme(db, { mentorId: auth.organization.id, actorUserId: auth.user.id, input, now: now() });
      return redirect("/mentor?done=programme");
    }),
    enrol: intent(
      EnrolSchema,
      async (input) => {
        await enrolOrganization(db, { mentorId: auth.organization.id, programmeId: input.programmeId, organizationId: input.organizationId, actorUserId: auth.user.id, now: now() });
        return redirect("/mentor?done=enrol");
      },
      { keyField: "programmeId" },
    ),
    step: intent(
      EnrolmentStepSchema,
      async (input) => {
        await takeEnrolmentStep(db, { organizationId: auth.organization.id, side: "mentor", enrolmentId: input.enrolmentId, event: input.event, actorUserId: auth.user.id, now: now() });
        return redirect("/mentor?done=enrol");
      },
      { keyField: "enrolmentId" },
    ),
  });
});

export default function MentorPage() {
  const { programmes, candidates, mentorName } = useLoaderData<typeof loader>();
  const { t, date, locale } = useT();
  const [params] = useSearchParams();
  const resultFor = useIntentResult<"programme" | "enrol" | "step">();
  const done = params.get("done");
  return (
    <section className="stack">
      <h1>{t("mentor.title")}</h1>
      <p className="hint">{t("mentor.intro", { mentor: mentorName })}</p>
      {done ? (
        <p className="notice" role="status">
          {t(done === "programme" ? "mentor.programmeDone" : "mentor.enrolDone")}
        </p>
      ) : null}
      {programmes.length === 0 ? <p className="empty">{t("mentor.noProgrammes")}</p> : null}
      {programmes.map((p) => (
        <article key={p.id} className="card stack" data-testid={`programme-${p.id}`}>
          <h2>
            {p.name}
            {p.cohort ? <span className="hint"> · {p.cohort}</span> : null}
          </h2>
          <p className="hint">
            {date(p.starts_on)} – {date(p.ends_on)}
            {p.description ? ` · ${p.description}` : ""}
          </p>
          {p.enrolments.length === 0 ? (
            <p className="empty">{t("mentor.noEnrolments")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("mentor.ikm")}</th>
                    <th>{t("wo.status")}</th>
                    <th>{t("readiness.stage")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {p.enrolments.map((e) => (
                    <tr key={e.id}>
                      <td>{e.status === "active" ? <Link to={`/mentor/ikm/${e.organization_id}`}>{e.legal_name}</Link> : e.legal_name}</td>
                      <td>
                        <EnrolmentBadge status={e.status} />
                        {e.shares_orders ? <span className="hint"> · {t("mentor.sharesOrders")}</span> : null}
                      </td>
                      <td data-testid="enrolment-stage">{e.stage ? (locale === "id" ? e.stage.nameId : e.stage.nameEn) : e.status === "active" ? t("readiness.noStage") : ""}</td>
                      <td>
                        {e.events.map((event) => (
                          <Form method="post" key={event} className="inline">
                            <input type="hidden" name="intent" value="step" />
                            <input type="hidden" name="enrolmentId" value={e.id} />
                            <button type="submit" name="event" value={event} className="small">
                              {t(`enrolment.event.${event}` as const)}
                            </button>
                          </Form>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <EnrolForm programmeId={p.id} candidates={candidates.filter((c) => !p.enrolments.some((e) => e.organization_id === c.id && (e.status === "active" || e.status === "invited")))} lastResult={resultFor("enrol", p.id)} />
        </article>
      ))}
      <ProgrammeForm lastResult={resultFor("programme")} />
    </section>
  );
}

type Result = ReturnType<ReturnType<typeof useIntentResult>>;

function EnrolForm({ programmeId, candidates, lastResult }: { programmeId: number; candidates: { id: number; name: string; kind: string }[]; lastResult: Result }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `enrol-${programmeId}`,
    lastResult,
    defaultValue: { programmeId: String(programmeId) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EnrolSchema }),
    constraint: zodConstraint(EnrolSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack" data-testid={`enrol-form-${programmeId}`}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="enrol" />
      <input type="hidden" name="programmeId" value={programmeId} />
      <SelectField
        meta={fields.organizationId}
        label={t("mentor.enrolWho")}
        options={[{ value: "", label: t("mentor.choose") }, ...candidates.map((c) => ({ value: String(c.id), label: c.kind === "cooperative" ? `${c.name} (${t("orgKind.cooperative")})` : c.name }))]}
      />
      <button type="submit" className="primary">
        {t("mentor.enrol")}
      </button>
    </Form>
  );
}

function ProgrammeForm({ lastResult }: { lastResult: Result }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: "programme",
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgrammeSchema }),
    constraint: zodConstraint(ProgrammeSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="programme-form">
      <h2>{t("mentor.newProgramme")}</h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="programme" />
      <TextField meta={fields.name} label={t("mentor.programmeName")} />
      <TextField meta={fields.cohort} label={t("mentor.cohort")} />
      <div className="field-row">
        <TextField meta={fields.startsOn} label={t("mentor.startsOn")} type="date" />
        <TextField meta={fields.endsOn} label={t("mentor.endsOn")} type="date" />
      </div>
      <TextAreaField meta={fields.description} label={t("mentor.description")} />
      <button type="submit" className="primary">
        {t("mentor.createProgramme")}
      </button>
    </Form>
  );
}
