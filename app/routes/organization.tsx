import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "../i18n/use-t";
import { now } from "../clock.server";
import { useIntentResult } from "../components/intent-reply";
import { InvitationList, InviteForm, MemberList, OrganizationFacts, ProfileForm } from "../components/organizations/organization-sections";
import { config } from "../config.server";
import { getDb } from "../db.server";
import { createInvitation, invitationPath, revokeInvitation } from "../domain/organizations/invitations.server";
import { getOrganizationPage } from "../domain/organizations/organization-profile.server";
import { InvitationSchema, OrganizationProfileSchema, RevokeInvitationSchema } from "../domain/organizations/schemas";
import { updateOrganization } from "../domain/organizations/update-organization.server";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { pageTitle } from "../i18n/meta";

export const meta = pageTitle("nav.organization");

type OrganizationIntent = "profile" | "invite" | "revoke";

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request);
  return getOrganizationPage(getDb(), { organizationId: auth.organization.id, isOwner: auth.organization.role === "owner", now: now() });
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireOrganization(request, { role: "owner" });
  const db = getDb();
  const organizationId = auth.organization.id;
  const base = { organizationId, actorUserId: auth.user.id, now: now() };
  return dispatchIntent(form, {
    profile: intent(OrganizationProfileSchema, async (v, submission) => {
      await updateOrganization(db, { ...v, ...base, website: v.website ?? null, buys: v.buys === "on" });
      return { intent: "profile" as const, result: submission.reply(), saved: true as const };
    }),
    // The link is shown once, to the owner who made it; the form is emptied for the next one.
    invite: intent(InvitationSchema, async (v, submission) => {
      const { token, expiresAt } = await createInvitation(db, { ...base, email: v.email, role: v.role, publicUrl: config().PUBLIC_URL });
      return { intent: "invite" as const, result: submission.reply({ resetForm: true }), link: new URL(invitationPath(token), request.url).toString(), expiresAt };
    }),
    revoke: intent(RevokeInvitationSchema, async (v) => {
      await revokeInvitation(db, { ...base, invitationId: v.invitationId });
      return redirect("/organization");
    }),
  });
});

export default function OrganizationPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = useIntentResult<OrganizationIntent>();
  const newLink = actionData && "link" in actionData ? { link: actionData.link, expiresAt: actionData.expiresAt } : null;
  const saved = Boolean(actionData && "saved" in actionData);
  const { profile, isOwner } = page;
  const { t } = useT();
  return (
    <section className="stack">
      <h1>{profile.legal_name}</h1>
      <OrganizationFacts page={page} />
      <p>
        <Link to="/organization/tax" data-testid="tax-link">
          {t("tax.pageTitle")} →
        </Link>
        {isOwner ? (
          <>
            {" · "}
            <Link to="/organization/api-keys" data-testid="api-keys-link">
              {t("apiKeys.link")}
            </Link>
            {" · "}
            <Link to="/organization/webhooks" data-testid="webhooks-link">
              {t("webhooks.link")}
            </Link>
          </>
        ) : null}
      </p>
      <MemberList members={page.members} />
      {isOwner ? (
        <>
          <InviteForm lastResult={resultFor("invite")} newLink={newLink} />
          <InvitationList invitations={page.invitations} />
          <ProfileForm profile={profile} lastResult={resultFor("profile")} saved={saved} />
        </>
      ) : null}
    </section>
  );
}
