import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { ComparisonCharts } from "../components/rfqs/comparison-charts";
import { AwardFormCard, ComparisonMatrix, useAwardForm } from "../components/rfqs/comparison-matrix";
import { useCapabilityLabel } from "../components/capability-labels";
import { RfqStatusBadge } from "../components/rfqs/badges";
import { getDb } from "../db.server";
import { awardRfq } from "../domain/rfqs/award-rfq.server";
import { relationshipsOf } from "../domain/development/supplier-readiness.server";
import { buildComparison } from "../domain/rfqs/comparison.server";
import { AwardSchema } from "../domain/rfqs/schemas";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply, replyInvalid } from "../http/forms.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { idParam } from "../http/params.server";

export const meta = pageTitle("compare.title");

// The buyer's comparison matrix after the deadline (sealed before it: 403), and the award.
export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const db = getDb();
  const comparison = await buildComparison(db, { rfqId: idParam(params, "id"), buyerId: auth.organization.id, now: now() });
  // Bidders on probation with this buyer: what the award may give each (issue 17).
  const onTrial = (await relationshipsOf(db, auth.organization.id)).filter((r) => r.status === "trial" && comparison.bids.some((b) => b.supplier.id === r.supplier_id));
  return { ...comparison, capabilities: await listCapabilities(db), onTrial: onTrial.map((r) => ({ name: r.legal_name, cap: r.cap_quantity, passed: r.trial_orders_passed, required: r.trial_orders_required })) };
});

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const formData = form;
  const submission = parseWithZod(formData, { schema: AwardSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const rfqId = idParam(params, "id");
  let agreementIds: number[] = [];
  try {
    ({ agreementIds } = await awardRfq(getDb(), {
      rfqId,
      buyerId: auth.organization.id,
      actorUserId: auth.user.id,
      reason: submission.value.reason,
      allocations: submission.value.allocations,
      trial: submission.value.trial === "on",
      acknowledgeLocalContent: submission.value.acknowledgeLocalContent === "on",
      asAgreement: submission.value.asAgreement === "on" ? { months: submission.value.agreementMonths } : undefined,
      now: now(),
    }));
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data(result, { status });
  }
  if (agreementIds.length === 1) return redirect(`/agreements/${agreementIds[0]}?done=created`);
  if (agreementIds.length > 1) return redirect("/agreements");
  return redirect(`/rfqs/${rfqId}/compare?awarded=1`);
});

export default function ComparePage() {
  const comparison = useLoaderData<typeof loader>();
  const { rfq, bids, award, capabilities, canAward } = comparison;
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, locale, dateTime, number } = useT();
  const label = useCapabilityLabel(capabilityOptions(capabilities, locale));
  const awardForm = useAwardForm(comparison, lastResult, Number(params.get("fill")));

  return (
    <section className="stack">
      <p>
        <Link to={`/rfqs/${rfq.id}`}>← {rfq.title}</Link>
      </p>
      <div className="heading-row">
        <h1>{t("compare.title")}</h1>
        <RfqStatusBadge status={rfq.status} />
      </div>
      {params.get("awarded") ? (
        <p className="notice" role="status">
          {t("compare.awardedNotice")}
        </p>
      ) : null}
      <p className="hint">
        {t("compare.intro", { count: bids.length, closed: rfq.closed_at ? dateTime(rfq.closed_at) : "—" })}{" "}
        <a href={`/rfqs/${rfq.id}/compare.csv`} download>
          {t("compare.csv")}
        </a>
      </p>
      {bids.length === 0 ? <p className="empty">{t("compare.noBids")}</p> : null}
      <ComparisonCharts comparison={comparison} />
      {bids.length > 0 ? <ComparisonMatrix comparison={comparison} award={awardForm} label={label} /> : null}
      {award ? (
        <div className="card">
          <h2>{t("compare.awardTitle")}</h2>
          <p>
            {dateTime(award.created_at)} · {award.reason}
          </p>
        </div>
      ) : null}
      {canAward && comparison.onTrial.length > 0 ? (
        <ul className="notice" data-testid="trial-caps">
          {comparison.onTrial.map((r) => (
            <li key={r.name}>{t("compare.onTrial", { name: r.name, cap: number(r.cap), passed: r.passed, required: r.required })}</li>
          ))}
        </ul>
      ) : null}
      {canAward ? <AwardFormCard award={awardForm} /> : null}
    </section>
  );
}
