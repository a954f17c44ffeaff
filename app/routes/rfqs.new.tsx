import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { RfqEditor } from "../components/rfq-editor";
import { listStages } from "../domain/development/ladder.server";
import { getDb } from "../db.server";
import { getOrganizationProfile } from "../domain/organizations/organization-profile.server";
import { rfqFormDefaults } from "../domain/rfqs/rfq-form";
import { createRfq } from "../domain/rfqs/save-rfq.server";
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

export const meta = pageTitle("rfq.newTitle");

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const db = getDb();
  const profile = await getOrganizationProfile(db, auth.organization.id);
  return {
    defaults: rfqFormDefaults(null, [], { provinceCode: profile.province_code, regencyCode: profile.regency_code, address: profile.address }),
    capabilities: await listCapabilities(db),
    stages: (await listStages(db)).map((s) => ({ code: s.code, nameId: s.name_id, nameEn: s.name_en })),
  };
});

export const action = defineAction(async ({ request, form, tooLarge }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const { submission, hideFields, early, input } = readRfqForm({ form, tooLarge });
  if (!input) return early!;
  try {
    const id = await createRfq(getDb(), { buyerId: auth.organization.id, actorUserId: auth.user.id, input, now: now() });
    return redirect(`/rfqs/${id}?${input.intent === "publish" ? "published" : "saved"}=1`);
  } catch (error) {
    const { result, status } = errorReply(submission, error, hideFields);
    return data(result, { status });
  }
}, { body: RFQ_FORM_LIMITS });

export default function NewRfqPage() {
  const { defaults, capabilities, stages } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useT();
  return (
    <section className="stack">
      <p>
        <Link to="/rfqs">← {t("rfq.listTitle")}</Link>
      </p>
      <h1>{t("rfq.newTitle")}</h1>
      <p className="hint">{t("rfq.newIntro")}</p>
      <RfqEditor
        lastResult={lastResult}
        defaults={defaults}
        options={capabilityOptions(capabilities, locale)}
        mode="new"
        stages={stages.map((s) => ({ value: s.code, label: locale === "id" ? s.nameId : s.nameEn }))}
        drawings={[]}
      />
    </section>
  );
}
