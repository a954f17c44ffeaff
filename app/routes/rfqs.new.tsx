import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { RfqEditor } from "../components/rfq-editor";
import { getDb } from "../db.server";
import { getOrganizationProfile } from "../domain/organizations/organization-profile.server";
import { loadRegions } from "../domain/organizations/regions.server";
import { rfqFormDefaults } from "../domain/rfqs/rfq-form";
import { createRfq } from "../domain/rfqs/save-rfq.server";
import { MAX_DRAWING_BYTES, RfqSchema } from "../domain/rfqs/schemas";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { defineAction, defineLoader } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply } from "../http/forms.server";
import { parseFormWithFiles } from "../http/multipart.server";
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
    regions: await loadRegions(),
  };
});

export const action = defineAction(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const { submission, hideFields, tooLargeReply } = await parseFormWithFiles(request, RfqSchema, {
    maxFileBytes: MAX_DRAWING_BYTES,
    tooLargeMessage: "error.drawingTooLarge",
  });
  if (tooLargeReply) return tooLargeReply;
  // A conform intent (add or remove a line without JavaScript) is not an error: the form comes back changed.
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: submission.status === "error" ? 400 : 200 });
  try {
    const id = await createRfq(getDb(), { buyerId: auth.organization.id, actorUserId: auth.user.id, input: submission.value, now: now() });
    return redirect(`/rfqs/${id}?${submission.value.intent === "publish" ? "published" : "saved"}=1`);
  } catch (error) {
    const { result, status } = errorReply(submission, error, hideFields);
    return data(result, { status });
  }
});

export default function NewRfqPage() {
  const { defaults, capabilities, regions } = useLoaderData<typeof loader>();
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
        regions={regions}
        mode="new"
        drawings={[]}
      />
    </section>
  );
}
