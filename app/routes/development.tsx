import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { EnrolmentBadge, RelationshipBadge } from "../components/development/badges";
import { EvidenceList, VisitsSection } from "../components/development/development-sections";
import { HistoryList } from "../components/development/history";
import { EvidenceForm, LadderStageCard } from "../components/development/ladder";
import { useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { developmentPage } from "../domain/development/coached-view.server";
import { ActionDoneSchema, EnrolmentStepSchema, EvidenceSchema, LadderStepSchema, ShareSchema } from "../domain/development/development-schemas";
import { addEvidence, completeAction, enrolmentsOf, setSharing, takeEnrolmentStep, takeLadderStep } from "../domain/development/mentoring.server";
import { MAX_UPLOAD_BYTES } from "../domain/suppliers/schemas";
import { jakartaDate } from "../domain/time";
import { defineAction } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { defineLoader } from "../http/loader.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("development.title");

// An IKM's (or cooperative's) own development: its programmes (accept, decline, leave, share orders with the
// mentor), its ladder with evidence and submission for sign-off, visits and actions, its buyers' probation.
export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const db = getDb();
  const today = jakartaDate(now());
  const relationships = await db
    .selectFrom("supplier_relationships")
    .innerJoin("organizations", "organizations.id", "supplier_relationships.buyer_id")
    .select(["supplier_relationships.id", "supplier_relationships.status", "supplier_relationships.cap_quantity", "supplier_relationships.trial_orders_passed", "supplier_relationships.trial_orders_required", "organizations.legal_name"])
    .where("supplier_relationships.supplier_id", "=", auth.organization.id)
    .orderBy("organizations.legal_name")
    .execute();
  return {
    isOwner: auth.organization.role === "owner",
    enrolments: await enrolmentsOf(db, auth.organization.id),
    page: await developmentPage(db, { organizationId: auth.organization.id, today, side: "ikm", mentorId: null }),
    relationships,
  };
});

export const action = defineAction(
  async ({ request, form }) => {
    const auth = await requireOrganization(request, { can: "sell" });
    const db = getDb();
    const organizationId = auth.organization.id;
    const back = (done: string) => redirect(`/development?done=${done}`);
    return dispatchIntent(form, {
      enrolment: intent(
        EnrolmentStepSchema,
        async (input) => {
          if (auth.organization.role !== "owner") throw new Response(null, { status: 403 });
          await takeEnrolmentStep(db, { organizationId, side: "ikm", enrolmentId: input.enrolmentId, event: input.event, actorUserId: auth.user.id, now: now() });
          return back(input.event);
        },
        { keyField: "enrolmentId" },
      ),
      share: intent(
        ShareSchema,
        async (input) => {
          if (auth.organization.role !== "owner") throw new Response(null, { status: 403 });
          await setSharing(db, { organizationId, enrolmentId: input.enrolmentId, share: input.share === "on", actorUserId: auth.user.id, now: now() });
          return back("share");
        },
        { keyField: "enrolmentId" },
      ),
      evidence: intent(
        EvidenceSchema,
        async (input) => {
          await addEvidence(db, { organizationId, side: "ikm", mentorId: null, actorUserId: auth.user.id, input, now: now() });
          return back("evidence");
        },
        { keyField: "stageId", hideFields: ["file"] },
      ),
      ladder: intent(
        LadderStepSchema,
        async (input) => {
          await takeLadderStep(db, { organizationId, side: "ikm", mentorId: null, stageId: input.stageId, event: input.event, revision: input.revision, note: input.note, actorUserId: auth.user.id, now: now(), today: jakartaDate(now()) });
          return back(input.event);
        },
        { keyField: "stageId" },
      ),
      actionDone: intent(ActionDoneSchema, async (input) => {
        await completeAction(db, { actionId: input.actionId, organizationId, side: "ikm", actorUserId: auth.user.id, now: now() });
        return back("action");
      }),
    });
  },
  { body: { maxFileBytes: MAX_UPLOAD_BYTES } },
);

/** The notices shown after each step, by the `done` the action redirects with. */
const DEVELOPMENT_NOTICES = ["accept", "decline", "leave", "share", "evidence", "start", "submit", "action"] as const;

export default function DevelopmentRoute() {
  const { enrolments, page, relationships, isOwner } = useLoaderData<typeof loader>();
  const { t, date, number } = useT();
  const [params] = useSearchParams();
  const resultFor = useIntentResult<"enrolment" | "share" | "evidence" | "ladder" | "actionDone">();
  const done = DEVELOPMENT_NOTICES.find((n) => params.get("done") === n);
  return (
    <section className="stack">
      <h1>{t("development.title")}</h1>
      <p className="hint">{t("development.intro")}</p>
      {done ? (
        <p className="notice" role="status">
          {t(`development.done.${done}` as const)}
        </p>
      ) : null}
      <h2>{t("development.programmes")}</h2>
      {enrolments.length === 0 ? (
        <p className="empty">{t("development.noProgrammes")}</p>
      ) : (
        <ul className="stack card-list" data-testid="enrolments">
          {enrolments.map((e) => (
            <li key={e.id} className="card stack">
              <strong>
                {e.name} · {e.mentor_name} <EnrolmentBadge status={e.status} />
              </strong>
              <span className="hint">
                {e.cohort ? `${e.cohort} · ` : ""}
                {date(e.starts_on)} – {date(e.ends_on)}
              </span>
              {isOwner ? (
                <div className="actions">
                  {e.events.map((event) => (
                    <Form method="post" key={event} className="inline">
                      <input type="hidden" name="intent" value="enrolment" />
                      <input type="hidden" name="enrolmentId" value={e.id} />
                      <button type="submit" name="event" value={event} className={event === "accept" ? "primary" : undefined}>
                        {t(`enrolment.event.${event}` as const)}
                      </button>
                    </Form>
                  ))}
                  {e.status === "active" ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="share" />
                      <input type="hidden" name="enrolmentId" value={e.id} />
                      <button type="submit" name="share" value={e.shares_orders ? "off" : "on"}>
                        {t(e.shares_orders ? "development.stopSharing" : "development.shareOrders")}
                      </button>
                    </Form>
                  ) : null}
                </div>
              ) : null}
              {e.status === "active" ? <span className="hint">{t(e.shares_orders ? "development.sharing" : "development.notSharing")}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {relationships.length > 0 ? (
        <>
          <h2>{t("development.buyers")}</h2>
          <ul data-testid="my-relationships">
            {relationships.map((r) => (
              <li key={r.id}>
                {r.legal_name} <RelationshipBadge status={r.status} />
                {r.status === "trial" ? ` · ${t("relationship.capLine", { cap: number(r.cap_quantity), passed: r.trial_orders_passed, required: r.trial_orders_required })}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("ladder.title")}</h2>
      <p className="hint">{t("ladder.ikmHint")}</p>
      <div className="stack">
        {page.ladder.map((stage) => (
          <LadderStageCard key={stage.id} stage={stage} stepResult={resultFor("ladder", stage.id)}>
            {stage.state !== "signed_off" ? <EvidenceForm stage={stage} lastResult={resultFor("evidence", stage.id)} /> : null}
          </LadderStageCard>
        ))}
      </div>
      <h2>{t("ladder.evidence")}</h2>
      <EvidenceList page={page} />
      <h2>{t("visit.title")}</h2>
      <VisitsSection page={page} canComplete />
      <h2>{t("history.title")}</h2>
      <HistoryList rows={page.history} stages={page.ladder} />
    </section>
  );
}
