import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { now } from "../clock.server";
import { getDb } from "../db.server";
import { confirmSignUp, findPendingSignUp } from "../domain/accounts/confirm-sign-up.server";
import { defineAction } from "../http/action.server";
import { startSession } from "../http/auth.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("signup.confirmTitle");

// The link from the sign-up e-mail. Opening it changes nothing (mail scanners open links); the button does.
export async function loader({ params }: LoaderFunctionArgs) {
  const pending = await findPendingSignUp(getDb(), { token: params.token ?? "", now: now() });
  return { pending: pending ? { email: pending.email, organization: pending.legalName } : null };
}

export const action = defineAction(async ({ request, params }) => {
  const { userId, organizationId } = await confirmSignUp(getDb(), { token: params.token ?? "", now: now() });
  return startSession(request, { userId, organizationId, redirectTo: "/" });
});

export default function ConfirmSignUpPage() {
  const { pending } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { t } = useT();
  return (
    <section className="narrow stack">
      <h1>{t("signup.confirmTitle")}</h1>
      {pending ? (
        <Form method="post" className="stack">
          <p>{t("signup.confirmBody", { email: pending.email, organization: pending.organization })}</p>
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {t("signup.confirmSubmit")}
          </button>
        </Form>
      ) : (
        <>
          <p className="form-error" role="alert">
            {t("error.linkInvalid")}
          </p>
          <p>
            <Link to="/signup">{t("nav.signup")}</Link>
          </p>
        </>
      )}
    </section>
  );
}
