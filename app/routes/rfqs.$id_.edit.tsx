import { rfqActionAllowed } from "../domain/rfqs/rfq-states";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { RfqEditor } from "../components/rfq-editor";
import { listStages } from "../domain/development/ladder.server";
import { getDb } from "../db.server";
import { DomainError } from "../domain/errors";
import { copiedFrom } from "../domain/rfqs/clone-rfq.server";
import { loadOwnRfq } from "../domain/rfqs/rfq-access.server";
import { rfqFormDefaults } from "../domain/rfqs/rfq-form";
import { getRfqPage } from "../domain/rfqs/rfq-views.server";
import { updateRfq } from "../domain/rfqs/save-rfq.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { RFQ_FORM_LIMITS } from "../domain/rfqs/schemas";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply } from "../http/forms.server";
import { readRfqForm } from "../http/rfq-form.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { idParam } from "../http/params.server";

export const meta = pageTitle("rfq.editTitle");

// The buyer edits a draft in place, or amends an open RFQ (a new version that bidders are told about).
export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const db = getDb();
  const rfq = await loadOwnRfq(db, idParam(params, "id"), auth.organization.id, now());
  if (!rfqActionAllowed("edit", rfq.status)) throw new DomainError("error.rfqNotEditable", 409);
  const page = await getRfqPage(db, rfq.id, { userId: auth.user.id, organizationId: auth.organization.id, sells: auth.organization.sells }, now());
  return {
    rfq: { id: rfq.id, title: rfq.title, status: rfq.status, version: rfq.version },
    copiedFrom: await copiedFrom(db, rfq),
    defaults: rfqFormDefaults(rfq, page.lines, { provinceCode: "", regencyCode: "", address: "" }),
    drawings: page.lines.flatMap((l) => l.drawings),
    capabilities: await listCapabilities(db),
    stages: (await listStages(db)).map((s) => ({ code: s.code, nameId: s.name_id, nameEn: s.name_en })),
  };
});

export const action = defineAction(async ({ request, params, form, tooLarge }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const { submission, hideFields, early, input } = readRfqForm({ form, tooLarge });
  if (!input) return early!;
  const rfqId = idParam(params, "id");
  try {
    await updateRfq(getDb(), { rfqId, buyerId: auth.organization.id, actorUserId: auth.user.id, input, now: now() });
  } catch (error) {
    const { result, status } = errorReply(submission, error, hideFields);
    return data(result, { status });
  }
  const notice = { save: "saved", publish: "published", amend: "amended" }[input.intent];
  return redirect(`/rfqs/${rfqId}?${notice}=1`);
}, { body: RFQ_FORM_LIMITS });

export default function EditRfqPage() {
  const { rfq, defaults, drawings, capabilities, copiedFrom, stages } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useT();
  const amending = rfq.status === "open";
  return (
    <section className="stack">
      <p>
        <Link to={`/rfqs/${rfq.id}`}>← {rfq.title}</Link>
      </p>
      <h1>{amending ? t("rfq.amendTitle", { version: rfq.version + 1 }) : t("rfq.editTitle")}</h1>
      {amending ? <p className="hint">{t("rfq.amendIntro")}</p> : null}
      {copiedFrom && params.get("cloned") === String(copiedFrom.id) ? (
        <div className="notice stack" role="status" data-testid="repost-banner">
          <p>{t("repost.banner", { title: copiedFrom.title })}</p>
          <Form method="post" action={`/rfqs/${rfq.id}`}>
            <input type="hidden" name="reason" value={t("repost.discardReason")} />
            <button type="submit" name="intent" value="cancel" className="small">
              {t("repost.discard")}
            </button>
          </Form>
        </div>
      ) : null}
      <RfqEditor
        lastResult={lastResult}
        defaults={defaults}
        options={capabilityOptions(capabilities, locale)}
        mode={amending ? "amend" : "draft"}
        rfqId={rfq.id}
        drawings={drawings}
        stages={stages.map((s) => ({ value: s.code, label: locale === "id" ? s.nameId : s.nameEn }))}
      />
    </section>
  );
}
