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
  return { ...comparison, capabilities: await listCapabilities(db) };
});

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const formData = form;
  const submission = parseWithZod(formData, { schema: AwardSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const rfqId = idParam(params, "id");
  try {
    await awardRfq(getDb(), {
      rfqId,
      buyerId: auth.organization.id,
      actorUserId: auth.user.id,
      reason: submission.value.reason,
      allocations: submission.value.allocations,
      now: now(),
    });
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data(result, { status });
  }
  return redirect(`/rfqs/${rfqId}/compare?awarded=1`);
});

export default function ComparePage() {
  const comparison = useLoaderData<typeof loader>();
  const { rfq, bids, award, capabilities, canAward } = comparison;
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, locale, dateTime } = useT();
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
      {canAward ? <AwardFormCard award={awardForm} /> : null}
    </section>
  );
}
