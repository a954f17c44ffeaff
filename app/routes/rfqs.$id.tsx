import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { useCapabilityLabel } from "../components/capability-labels";
import { useIntentResult } from "../components/intent-reply";
import { RfqStatusBadge } from "../components/rfqs/badges";
import { BuyerPanel } from "../components/rfqs/buyer-panel";
import { AskForm } from "../components/rfqs/question-forms";
import { MyBid, RfqAmendments, RfqFacts, RfqLines, RfqQuestions, type RfqIntent } from "../components/rfqs/rfq-sections";
import { getDb } from "../db.server";
import { regionNames } from "../domain/organizations/regions.server";
import { cancelRfq } from "../domain/rfqs/cancel-rfq.server";
import { inviteSuppliers } from "../domain/rfqs/invite-suppliers.server";
import { answerQuestion, askQuestion } from "../domain/rfqs/questions.server";
import { getRfqPage } from "../domain/rfqs/rfq-views.server";
import { publishRfq } from "../domain/rfqs/save-rfq.server";
import { AnswerSchema, CancelRfqSchema, InviteSuppliersSchema, PublishRfqSchema, QuestionSchema } from "../domain/rfqs/schemas";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { idParam } from "../http/params.server";

export const meta = pageTitle("rfq.pageTitle");

const NOTICES = ["saved", "published", "amended", "invited", "asked", "answered", "cancelled"] as const;

export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  const db = getDb();
  const viewer = { userId: auth.user.id, organizationId: auth.organization.id, sells: auth.organization.sells };
  const page = await getRfqPage(db, idParam(params, "id"), viewer, now());
  return {
    ...page,
    region: await regionNames(page.rfq.delivery_province_code, page.rfq.delivery_regency_code),
    capabilities: await listCapabilities(db),
  };
});

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request);
  const rfqId = idParam(params, "id");
  const db = getDb();
  const base = { rfqId, actorUserId: auth.user.id, now: now() };
  const buyer = { ...base, buyerId: auth.organization.id };
  const supplier = { ...base, supplierId: auth.organization.id };
  const to = (notice: string, anchor = "") => redirect(`/rfqs/${rfqId}?${notice}=1${anchor}`);
  return dispatchIntent(form, {
    publish: intent(PublishRfqSchema, async () => (await publishRfq(db, buyer), to("published"))),
    invite: intent(InviteSuppliersSchema, async (v) => (await inviteSuppliers(db, { ...buyer, supplierIds: v.supplierIds }), to("invited"))),
    cancel: intent(CancelRfqSchema, async (v) => (await cancelRfq(db, { ...buyer, reason: v.reason }), to("cancelled"))),
    ask: intent(QuestionSchema, async (v) => (await askQuestion(db, { ...supplier, question: v.question }), to("asked", "#questions"))),
    answer: intent(AnswerSchema, async (v) => (await answerQuestion(db, { ...buyer, questionId: v.questionId, answer: v.answer }), to("answered", "#questions")), {
      keyField: "questionId",
    }),
  });
});

export default function RfqPage() {
  const page = useLoaderData<typeof loader>();
  const { rfq, role, actions, buyerView, region, capabilities } = page;
  const resultFor = useIntentResult<RfqIntent>();
  const [params] = useSearchParams();
  const { t, locale } = useT();
  const label = useCapabilityLabel(capabilityOptions(capabilities, locale));
  const notice = NOTICES.find((n) => params.get(n));

  return (
    <section className="stack">
      <p>
        <Link to="/rfqs">← {t("rfq.listTitle")}</Link>
      </p>
      <div className="heading-row">
        <h1>{rfq.title}</h1>
        <RfqStatusBadge status={rfq.status} />
      </div>
      {notice ? (
        <p className="notice" role="status">
          {t(`rfq.notice.${notice}`)}
        </p>
      ) : null}
      {rfq.status === "cancelled" ? (
        <div className="form-error" role="alert">
          <p>
            {t("rfq.cancelledBecause")} {rfq.cancel_reason}
          </p>
        </div>
      ) : null}
      <RfqFacts page={page} region={region} label={label} />
      <RfqLines page={page} label={label} />
      <RfqAmendments versions={page.versions} />
      {role === "supplier" ? <MyBid page={page} /> : null}
      {buyerView ? <BuyerPanel page={page} view={buyerView} /> : null}
      <RfqQuestions page={page} />
      {actions.includes("ask") ? <AskForm lastResult={resultFor("ask")} /> : null}
    </section>
  );
}
