import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { EvidenceList, ListingSummary, VisitsSection } from "../components/development/development-sections";
import { HistoryList } from "../components/development/history";
import { LadderStageCard, VisitForm } from "../components/development/ladder";
import { useIntentResult } from "../components/intent-reply";
import { ScorecardCard } from "../components/scorecard";
import { getDb } from "../db.server";
import { developmentPage } from "../domain/development/coached-view.server";
import { ActionDoneSchema, LadderStepSchema, VisitSchema } from "../domain/development/development-schemas";
import { completeAction, recordVisit, takeLadderStep } from "../domain/development/mentoring.server";
import { MAX_UPLOAD_BYTES } from "../domain/suppliers/schemas";
import { jakartaDate } from "../domain/time";
import { defineAction } from "../http/action.server";
import { requireMentor } from "../http/development-guards.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { defineLoader } from "../http/loader.server";
import { idParam } from "../http/params.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("mentor.ikmTitle");

// A coached IKM as its mentor sees it: listing, certificates, scorecard, ladder (sign-off), visits with
// actions, evidence, history; its bids and orders only when it shares them. An IKM not coached: 404.
export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireMentor(request);
  const today = jakartaDate(now());
  return { today, page: await developmentPage(getDb(), { organizationId: idParam(params, "id"), today, side: "mentor", mentorId: auth.organization.id }) };
});

export const action = defineAction(
  async ({ request, params, form }) => {
    const auth = await requireMentor(request);
    const db = getDb();
    const organizationId = idParam(params, "id");
    const back = (done: string) => redirect(`/mentor/ikm/${organizationId}?done=${done}`);
    return dispatchIntent(form, {
      ladder: intent(
        LadderStepSchema,
        async (input) => {
          await takeLadderStep(db, { organizationId, side: "mentor", mentorId: auth.organization.id, stageId: input.stageId, event: input.event, revision: input.revision, note: input.note, actorUserId: auth.user.id, now: now(), today: jakartaDate(now()) });
          return back(input.event);
        },
        { keyField: "stageId" },
      ),
      visit: intent(
        VisitSchema,
        async (input) => {
          await recordVisit(db, { mentorId: auth.organization.id, organizationId, actorUserId: auth.user.id, input, now: now() });
          return back("visit");
        },
        { keyField: "stageId" },
      ),
      actionDone: intent(ActionDoneSchema, async (input) => {
        await completeAction(db, { actionId: input.actionId, organizationId: auth.organization.id, side: "mentor", actorUserId: auth.user.id, now: now() });
        return back("action");
      }),
    });
  },
  { body: { maxFileBytes: MAX_UPLOAD_BYTES, rows: { actions: 10 } } },
);

/** The notices shown after each step, by the `done` the action redirects with. */
const MENTOR_NOTICES = ["start", "sign_off", "return", "reopen", "visit", "action"] as const;

export default function CoachedIkmPage() {
  const { page, today } = useLoaderData<typeof loader>();
  const { t } = useT();
  const [params] = useSearchParams();
  const resultFor = useIntentResult<"ladder" | "visit" | "actionDone">();
  const done = MENTOR_NOTICES.find((n) => params.get("done") === n);
  return (
    <section className="stack">
      <p>
        <Link to="/mentor">← {t("mentor.title")}</Link>
      </p>
      <h1>{page.organization.legal_name}</h1>
      {done ? (
        <p className="notice" role="status">
          {t(`mentor.done.${done}` as const)}
        </p>
      ) : null}
      <h2>{t("mentor.listing")}</h2>
      <ListingSummary page={page} />
      <ScorecardCard scorecard={page.scorecard} />
      <h2>{t("ladder.title")}</h2>
      <p className="hint">{t("ladder.mentorHint")}</p>
      <div className="stack">
        {page.ladder.map((stage) => (
          <LadderStageCard key={stage.id} stage={stage} stepResult={resultFor("ladder", stage.id)}>
            {stage.state !== "signed_off" ? (
              <details>
                <summary>{t("visit.recordSummary")}</summary>
                <VisitForm stage={stage} today={today} owners={page.people} lastResult={resultFor("visit", stage.id)} />
              </details>
            ) : null}
          </LadderStageCard>
        ))}
      </div>
      <h2>{t("visit.title")}</h2>
      <VisitsSection page={page} canComplete />
      <details className="card">
        <summary>{t("visit.record")}</summary>
        <VisitForm stage={null} today={today} owners={page.people} lastResult={resultFor("visit")} />
      </details>
      <h2>{t("ladder.evidence")}</h2>
      <EvidenceList page={page} />
      <h2>{t("mentor.ordersAndBids")}</h2>
      {page.sharesOrders ? (
        <div className="table-wrap">
          <table data-testid="shared-orders">
            <thead>
              <tr>
                <th>{t("lm.order")}</th>
                <th>{t("lm.buyer")}</th>
                <th>{t("wo.status")}</th>
              </tr>
            </thead>
            <tbody>
              {page.orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    {o.number}
                    {o.is_trial ? ` · ${t("order.trial")}` : ""}
                  </td>
                  <td>{o.buyer_name}</td>
                  <td>{t(`orderStatus.${o.status}` as never)}</td>
                </tr>
              ))}
              {page.bids.map((b) => (
                <tr key={`bid-${b.id}`}>
                  <td>{b.title}</td>
                  <td>{t("mentor.bid")}</td>
                  <td>{t(`bidStatus.${b.status}` as never)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty" data-testid="orders-not-shared">
          {t("mentor.notShared")}
        </p>
      )}
      <h2>{t("history.title")}</h2>
      <HistoryList rows={page.history} stages={page.ladder} />
    </section>
  );
}
