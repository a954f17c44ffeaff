import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors } from "../components/form-fields";
import { replyWithLists } from "../components/form-reply";
import { resultErrors, useIntentResult } from "../components/intent-reply";
import { AgreementDraftForm, AgreementFacts, AgreementItems, AgreementStatusBadge, AgreementStepForm, CallOffForm, CallOffList } from "../components/agreements/agreement-sections";
import { OrderTimeline } from "../components/orders/order-sections";
import { getDb } from "../db.server";
import { getAgreementPage } from "../domain/agreements/agreement-views.server";
import { callOff, takeAgreementStep, updateAgreementDraft } from "../domain/agreements/agreements.server";
import { AgreementDraftSchema, AgreementStepSchema, CallOffSchema } from "../domain/agreements/schemas";
import { jakartaDate } from "../domain/time";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { idParam } from "../http/params.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("agreement.pageTitle");

type AgreementIntent = "draft" | "step" | "call_off";
const NOTICES = ["created", "draft", "step"] as const;

// One framework agreement (kontrak payung), to both its parties: its items and what is used of them, its
// steps from the table, the buyer's draft form and call-off form, its call-off orders and its history.
export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  return getAgreementPage(getDb(), { agreementId: idParam(params, "id"), organizationId: auth.organization.id, actorUserId: auth.user.id, today: jakartaDate(now()) });
});

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request);
  const db = getDb();
  const agreementId = idParam(params, "id");
  const base = { agreementId, actorUserId: auth.user.id, now: now() };
  return dispatchIntent(form, {
    draft: intent(AgreementDraftSchema, async (input) => {
      await updateAgreementDraft(db, { ...base, buyerId: auth.organization.id, input });
      return redirect(`/agreements/${agreementId}?done=draft`);
    }),
    step: intent(AgreementStepSchema, async (v) => {
      await takeAgreementStep(db, { ...base, organizationId: auth.organization.id, event: v.event, reason: v.reason, endsOn: v.endsOn, maxValue: v.maxValue, expectedRevision: v.revision });
      return redirect(`/agreements/${agreementId}?done=step`);
    }),
    call_off: intent(CallOffSchema, async (input) => {
      const orderId = await callOff(db, { ...base, buyerId: auth.organization.id, input });
      return redirect(`/orders/${orderId}?done=call_off`);
    }),
  });
});

export default function AgreementPage() {
  const page = useLoaderData<typeof loader>();
  const { agreement, steps, actions } = page;
  const resultFor = useIntentResult<AgreementIntent>();
  const [params] = useSearchParams();
  const { t } = useT();
  const done = NOTICES.find((n) => params.get("done") === n);
  return (
    <section className="stack" id="top">
      <p>
        <Link to="/agreements">← {t("agreement.listTitle")}</Link>
      </p>
      <div className="heading-row">
        <h1>
          {t("agreement.pageTitle")} {agreement.number}
        </h1>
        <AgreementStatusBadge status={agreement.status} />
      </div>
      <p className="lead">{agreement.title}</p>
      {done ? (
        <p className="notice" role="status">
          {t(`agreement.done.${done}`)}
        </p>
      ) : null}
      <AgreementFacts page={page} />
      {steps.length > 0 ? (
        <div className="card stack" data-testid="agreement-steps">
          <h2>{t("order.nextSteps")}</h2>
          <FormErrors errors={resultErrors(resultFor("step"))} />
          <div className="actions">
            {steps.map((event) => (
              <AgreementStepForm key={event} event={event} page={page} />
            ))}
          </div>
        </div>
      ) : null}
      <h2>{t("agreement.itemsTitle")}</h2>
      <AgreementItems page={page} />
      {actions.includes("editDraft") ? <AgreementDraftForm page={page} lastResult={replyWithLists(resultFor("draft"), ["items"])} /> : null}
      {actions.includes("callOff") ? <CallOffForm key={agreement.revision} page={page} lastResult={replyWithLists(resultFor("call_off"), ["lines"])} /> : null}
      <h2>{t("agreement.callOffs")}</h2>
      <CallOffList page={page} />
      <OrderTimeline timeline={page.timeline.map((e) => ({ ...e, to_state: null }))} />
    </section>
  );
}
