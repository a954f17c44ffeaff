import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { getDb } from "../db.server";
import { findInvitationByToken, joinByInvitation } from "../domain/organizations/invitations.server";
import { setSessionOrganization } from "../domain/accounts/sessions.server";
import { DomainError } from "../domain/errors";
import { defineAction } from "../http/action.server";
import { getAuth, notFound, requireUser } from "../http/auth.server";
import { useT } from "../i18n/use-t";
import { pageTitle } from "../i18n/meta";

export const meta = pageTitle("invite.pageTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findInvitationByToken(getDb(), params.token ?? "", now());
  if (!invitation) notFound();
  const auth = await getAuth(request);
  return {
    token: params.token ?? "",
    organizationName: invitation.organizationName,
    role: invitation.role,
    state: invitation.state,
    expiresAt: invitation.expiresAt,
    loggedInAs: auth ? auth.user.email : null,
    alreadyMember: Boolean(auth?.memberships.some((m) => m.id === invitation.organizationId)),
    // Only the invited address may accept (checked again when accepting).
    otherEmail: Boolean(auth && invitation.email?.toLowerCase() !== auth.user.email.toLowerCase()),
  };
}

/** A logged-in user joins the inviting organization with their existing account. */
export const action = defineAction(async ({ request, params }) => {
  const auth = await requireUser(request);
  const db = getDb();
  try {
    const { organizationId } = await joinByInvitation(db, { token: params.token ?? "", userId: auth.user.id, now: now() });
    await setSessionOrganization(db, { sessionId: auth.session.id, userId: auth.user.id, organizationId });
    return redirect("/organization");
  } catch (error) {
    if (error instanceof DomainError) return data({ messageKey: error.messageKey }, { status: error.status });
    throw error;
  }
});

export default function InvitationPage() {
  const invitation = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, dateTime } = useT();
  return (
    <section className="narrow">
      <h1>{t("invite.title", { organization: invitation.organizationName })}</h1>
      {invitation.state !== "valid" ? (
        <p className="form-error" role="alert">
          {t(`invite.state.${invitation.state}` as const, { organization: invitation.organizationName })}
        </p>
      ) : (
        <>
          <p>
            {t("invite.body", {
              organization: invitation.organizationName,
              role: t(`role.${invitation.role}` as const),
              expires: dateTime(invitation.expiresAt),
            })}
          </p>
          {result && "messageKey" in result ? (
            <p className="form-error" role="alert">
              {t(result.messageKey)}
            </p>
          ) : null}
          {invitation.alreadyMember ? (
            <p>{t("error.alreadyMember")}</p>
          ) : invitation.otherEmail ? (
            <p className="form-error" role="alert">
              {t("error.invitationOtherEmail")}
            </p>
          ) : invitation.loggedInAs ? (
            <Form method="post" className="stack">
              <p>{t("invite.joinAs", { email: invitation.loggedInAs })}</p>
              <button type="submit" className="primary">
                {t("invite.join")}
              </button>
            </Form>
          ) : (
            <div className="actions">
              <Link className="button primary" to={`/signup?invite=${encodeURIComponent(invitation.token)}`}>
                {t("invite.createAccount")}
              </Link>
              <Link className="button" to={`/login?redirectTo=${encodeURIComponent(`/invite/${invitation.token}`)}`}>
                {t("invite.haveAccount")}
              </Link>
            </div>
          )}
        </>
      )}
    </section>
  );
}
