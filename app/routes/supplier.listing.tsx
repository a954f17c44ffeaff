import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { ListingEditor } from "../components/suppliers/listing-editor";
import { ListingHistory } from "../components/suppliers/listing-history";
import { getDb } from "../db.server";
import { getListingEditorPage } from "../domain/suppliers/listing-views.server";
import { saveListing } from "../domain/suppliers/save-listing.server";
import { LISTING_FORM_LIMITS, ListingSchema } from "../domain/suppliers/schemas";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply, replyInvalid } from "../http/forms.server";
import { parseFormWithFiles } from "../http/multipart.server";
import { pageTitle } from "../i18n/meta";

export const meta = pageTitle("listing.title");

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  return getListingEditorPage(getDb(), auth.organization.id);
});

export const action = defineAction(
  async ({ request, form, tooLarge }) => {
    const auth = await requireOrganization(request, { can: "sell" });
    // Files never travel back to the browser; the user chooses them again if the form is refused.
    const { submission, hideFields, tooLargeReply } = parseFormWithFiles({ form, tooLarge }, ListingSchema);
    if (tooLargeReply) return tooLargeReply;
    if (submission.status !== "success") return replyInvalid(submission, hideFields);
    try {
      const result = await saveListing(getDb(), { organizationId: auth.organization.id, actorUserId: auth.user.id, input: submission.value, now: now() });
      return redirect(`/supplier/listing?${submission.value.intent === "submit" && result.submitted ? "submitted" : "saved"}=1`);
    } catch (error) {
      const { result, status } = errorReply(submission, error, hideFields);
      return data(result, { status });
    }
  },
  { body: LISTING_FORM_LIMITS },
);

export default function ListingEditorPage() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { working } = page;
  return (
    <section className="stack">
      {/* A saved version starts the form afresh from what was stored: the files just uploaded are then chosen in
          their selects (conform keeps its first default values for as long as the form stays mounted). */}
      <ListingEditor key={`${working?.id ?? 0}:${working?.revision ?? 0}`} page={page} lastResult={lastResult} />
      <ListingHistory history={page.history} files={page.files} />
    </section>
  );
}
