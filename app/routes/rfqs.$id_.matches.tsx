import { rfqActionAllowed } from "../domain/rfqs/rfq-states";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { MatchReasons } from "../components/match-reasons";
import { RfqStatusBadge } from "../components/rfqs/badges";
import { getDb } from "../db.server";
import { matchSuppliersForRfq } from "../domain/matching/matching.server";
import { loadOwnRfq } from "../domain/rfqs/rfq-access.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { inviteSuppliers } from "../domain/rfqs/invite-suppliers.server";
import { InviteSuppliersSchema } from "../domain/rfqs/schemas";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { replyWithError, replyInvalid } from "../http/forms.server";
import { requireOrganization } from "../http/auth.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { idParam } from "../http/params.server";

export const meta = pageTitle("match.title");

// The buyer's matches for one of its RFQs: suppliers that meet the hard requirements, ranked, each with the
// reasons it fits; the buyer invites from here, and a refusal is shown here, next to the invite button.
export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const db = getDb();
  const row = await loadOwnRfq(db, idParam(params, "id"), auth.organization.id, now());
  const { matches } = await matchSuppliersForRfq(db, { rfqId: row.id, buyerId: auth.organization.id, now: now() });
  return {
    rfq: { id: row.id, title: row.title, status: row.status },
    canInvite: rfqActionAllowed("invite", row.status),
    matches,
    capabilities: await listCapabilities(db),
  };
});

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const rfqId = idParam(params, "id");
  const submission = parseWithZod(form, { schema: InviteSuppliersSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await inviteSuppliers(getDb(), { rfqId, buyerId: auth.organization.id, actorUserId: auth.user.id, now: now(), supplierIds: submission.value.supplierIds });
  } catch (error) {
    return replyWithError(submission, error);
  }
  return redirect(`/rfqs/${rfqId}/matches?invited=${submission.value.supplierIds.length}`);
});

export default function MatchesPage() {
  const { rfq, matches, canInvite, capabilities } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, te, locale } = useT();
  const refusal = [...(lastResult?.error?.supplierIds ?? []), ...(lastResult?.error?.[""] ?? [])];
  const options = capabilityOptions(capabilities, locale);
  return (
    <section className="stack">
      <p>
        <Link to={`/rfqs/${rfq.id}`}>← {rfq.title}</Link>
      </p>
      <div className="heading-row">
        <h1>{t("match.title")}</h1>
        <RfqStatusBadge status={rfq.status} />
      </div>
      <p className="hint">{t("match.intro")}</p>
      {matches.length === 0 ? <p className="empty">{t("match.none")}</p> : null}
      {params.get("invited") ? (
        <p className="notice" role="status">
          {t("rfq.notice.invited")}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <ol className="match-list" data-testid="matches">
          {matches.map((m) => (
            <li key={m.supplier.id} className="card" data-supplier={m.supplier.name}>
              <div className="heading-row">
                <h2>
                  <Link to={`/suppliers/${m.supplier.slug}`}>{m.supplier.name}</Link>
                </h2>
                {m.invited ? (
                  <span className="chip ok">{t("rfq.invitedBadge")}</span>
                ) : canInvite ? (
                  <label className="checkbox">
                    <input type="checkbox" name="supplierIds" value={m.supplier.id} />
                    {t("match.invite")}
                  </label>
                ) : null}
              </div>
              <p className="hint">
                {t(`orgKind.${m.supplier.kind}` as const)} · {m.supplier.clusterLabel || "—"} · {m.supplier.provinceName}
              </p>
              <p>{m.supplier.headline}</p>
              <MatchReasons reasons={m.reasons} options={options} />
            </li>
          ))}
        </ol>
        {canInvite && matches.some((m) => !m.invited) ? (
          <div className="actions sticky-actions">
            {refusal.length > 0 ? (
              <p className="field-error" role="alert" id="invite-error">
                {refusal.map((e) => te(e)).join(" ")}
              </p>
            ) : null}
            <button type="submit" className="primary" aria-describedby={refusal.length > 0 ? "invite-error" : undefined}>
              {t("match.inviteChosen")}
            </button>
          </div>
        ) : null}
      </Form>
    </section>
  );
}
