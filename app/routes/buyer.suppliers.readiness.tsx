import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { RelationshipBadge } from "../components/development/badges";
import { zodConstraint } from "../components/form-constraints";
import { FormErrors, SelectField, TextField } from "../components/form-fields";
import { resultErrors, useIntentResult } from "../components/intent-reply";
import { ScorecardCard } from "../components/scorecard";
import { getDb } from "../db.server";
import { InviteTrialSchema, RelationshipStepSchema } from "../domain/development/development-schemas";
import { currentStages, listStages } from "../domain/development/ladder.server";
import { inviteOnTrial, readinessFor, relationshipStep } from "../domain/development/supplier-readiness.server";
import { DomainError } from "../domain/errors";
import { supplierScorecard } from "../domain/scorecards/scorecard.server";
import { jakartaDate } from "../domain/time";
import { defineAction } from "../http/action.server";
import { requireBigBuyer } from "../http/development-guards.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { defineLoader } from "../http/loader.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("readiness.title");

function supplierParam(request: Request): number {
  const id = Number(new URL(request.url).searchParams.get("supplier"));
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError("error.notFound", 404);
  return id;
}

// Where one IKM stands against this buyer's requirements, its place on the ladder and scorecard; the buyer
// invites it on trial (a capped quantity, optionally to an open RFQ), approves it or ends the relationship.
export const loader = defineLoader(async ({ request }) => {
  const auth = await requireBigBuyer(request);
  const db = getDb();
  const supplierId = supplierParam(request);
  const supplier = await db.selectFrom("organizations").select(["id", "legal_name", "slug", "kind"]).where("id", "=", supplierId).where("kind", "in", ["supplier", "cooperative"]).executeTakeFirst();
  if (!supplier) throw new DomainError("error.notFound", 404);
  const today = jakartaDate(now());
  const [readiness, stage, scorecard, stages, openRfqs] = await Promise.all([
    readinessFor(db, { buyerId: auth.organization.id, supplierId, today }),
    currentStages(db, [supplierId]),
    supplierScorecard(db, supplierId, today),
    listStages(db),
    db.selectFrom("rfqs").select(["id", "title"]).where("buyer_id", "=", auth.organization.id).where("status", "=", "open").orderBy("id", "desc").limit(50).execute(),
  ]);
  return { supplier, readiness, stage: stage.get(supplierId) ?? null, scorecard, stages: stages.map((s) => ({ code: s.code, nameId: s.name_id, nameEn: s.name_en })), openRfqs, isOwner: auth.organization.role === "owner" };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireBigBuyer(request);
  const db = getDb();
  const supplierId = supplierParam(request);
  return dispatchIntent(form, {
    invite: intent(InviteTrialSchema, async (input) => {
      if (input.supplierId !== supplierId) throw new DomainError("error.invalid", 400);
      await inviteOnTrial(db, { buyerId: auth.organization.id, actorUserId: auth.user.id, input, now: now() });
      return redirect(`/buyer/suppliers/readiness?supplier=${supplierId}&done=invite`);
    }),
    relationship: intent(RelationshipStepSchema, async (input) => {
      if (input.supplierId !== supplierId) throw new DomainError("error.invalid", 400);
      await relationshipStep(db, { buyerId: auth.organization.id, supplierId, event: input.event, reason: input.reason, actorUserId: auth.user.id, now: now() });
      return redirect(`/buyer/suppliers/readiness?supplier=${supplierId}&done=${input.event}`);
    }),
  });
});

/** The notices shown after each step, by the `done` the action redirects with. */
const READINESS_NOTICES = ["invite", "approve", "end"] as const;

export default function ReadinessPage() {
  const { supplier, readiness, stage, scorecard, stages, openRfqs } = useLoaderData<typeof loader>();
  const { t, locale, number } = useT();
  const [params] = useSearchParams();
  const done = READINESS_NOTICES.find((n) => params.get("done") === n);
  const resultFor = useIntentResult<"invite" | "relationship">();
  const stageName = (code: string) => {
    const s = stages.find((x) => x.code === code);
    return s ? (locale === "id" ? s.nameId : s.nameEn) : code;
  };
  const relationshipErrors = resultErrors(resultFor("relationship"));
  return (
    <section className="stack">
      <p>
        <Link to="/buyer/suppliers">← {t("buyerSuppliers.title")}</Link>
      </p>
      <h1>{t("readiness.of", { name: supplier.legal_name })}</h1>
      {done ? (
        <p className="notice" role="status">
          {t(`readiness.done.${done}` as const)}
        </p>
      ) : null}
      <p>
        <Link to={`/suppliers/${supplier.slug}`}>{t("mentor.openListing")}</Link> · {t("readiness.stage")}: <strong data-testid="current-stage">{stage ? (locale === "id" ? stage.nameId : stage.nameEn) : t("readiness.noStage")}</strong>
      </p>
      <div className="card stack" data-testid="readiness">
        <h2>
          {t("readiness.against")} · {t("readiness.metCount", { met: readiness.met, of: readiness.items.length })}
        </h2>
        {readiness.items.length === 0 ? <p className="empty">{t("readiness.noRequirements")}</p> : null}
        <ul className="criteria">
          {readiness.items.map((i) => (
            <li key={`${i.kind}-${i.code}`} data-met={i.met ? "yes" : "no"}>
              <span aria-hidden="true">{i.met ? "✔" : "○"}</span>{" "}
              {i.kind === "stage"
                ? t("readiness.item.stage", { stage: stageName(i.code) })
                : i.kind === "certificate"
                  ? t("readiness.item.certificate", { code: i.code.toUpperCase() })
                  : i.kind === "ppap"
                    ? t("readiness.item.ppap", { level: i.required ?? 0, value: i.value ?? "—" })
                    : t("readiness.item.trials", { required: i.required ?? 0, value: i.value ?? 0 })}
              <span className="visually-hidden">{i.met ? t("ladder.met") : t("ladder.notMet")}</span>
            </li>
          ))}
        </ul>
        <p>
          {t("readiness.relationship")}: <RelationshipBadge status={readiness.state} />
          {readiness.relationship && readiness.state === "trial"
            ? ` · ${t("relationship.capLine", { cap: number(readiness.relationship.cap_quantity), passed: readiness.relationship.trial_orders_passed, required: readiness.relationship.trial_orders_required })}`
            : ""}
        </p>
      </div>
      {readiness.events.includes("invite_trial") ? <InviteForm supplierId={supplier.id} defaultCap={readiness.requirements.trialCapQuantity} openRfqs={openRfqs} lastResult={resultFor("invite")} /> : null}
      {readiness.events.filter((e) => e === "approve" || e === "end").length > 0 ? (
        <Form method="post" className="card stack" data-testid="relationship-steps">
          <input type="hidden" name="intent" value="relationship" />
          <input type="hidden" name="supplierId" value={supplier.id} />
          <label>
            {t("readiness.reason")}
            <input name="reason" maxLength={500} />
          </label>
          {relationshipErrors.length > 0 ? <p className="form-error">{relationshipErrors.map((e) => t(e as never)).join(" ")}</p> : null}
          <div className="actions">
            {readiness.events
              .filter((e): e is "approve" | "end" => e === "approve" || e === "end")
              .map((e) => (
                <button key={e} type="submit" name="event" value={e}>
                  {t(`relationship.event.${e}` as const)}
                </button>
              ))}
          </div>
        </Form>
      ) : null}
      <ScorecardCard scorecard={scorecard} />
    </section>
  );
}

function InviteForm({ supplierId, defaultCap, openRfqs, lastResult }: { supplierId: number; defaultCap: number; openRfqs: { id: number; title: string }[]; lastResult: ReturnType<ReturnType<typeof useIntentResult>> }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: "invite",
    lastResult,
    defaultValue: { supplierId: String(supplierId), capQuantity: String(defaultCap), rfqId: "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteTrialSchema }),
    constraint: zodConstraint(InviteTrialSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="invite-trial">
      <h2>{t("readiness.invite")}</h2>
      <p className="hint">{t("readiness.inviteHint")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="invite" />
      <input type="hidden" name="supplierId" value={supplierId} />
      <TextField meta={fields.capQuantity} label={t("readiness.cap")} inputMode="numeric" />
      <SelectField meta={fields.rfqId} label={t("readiness.toRfq")} options={[{ value: "", label: t("readiness.noRfq") }, ...openRfqs.map((r) => ({ value: String(r.id), label: r.title }))]} />
      <button type="submit" className="primary">
        {t("readiness.inviteSubmit")}
      </button>
    </Form>
  );
}
