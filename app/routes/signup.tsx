import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { zodConstraint } from "../components/form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { now } from "../clock.server";
import { FieldErrors, FormErrors, RegionFields, TextField, useReplyCount, useHydrated } from "../components/form-fields";
import { getDb } from "../db.server";
import { SignUpByInvitationSchema, SignUpWithOrganizationSchema, PASSWORD_MIN_LENGTH } from "../domain/accounts/schemas";
import { signUp } from "../domain/accounts/sign-up.server";
import { requestSignUp } from "../domain/accounts/request-sign-up.server";
import { strongPassword } from "../domain/accounts/password-strength.server";
import { config } from "../config.server";
import { findInvitationByToken } from "../domain/organizations/invitations.server";
import { ORGANIZATION_KINDS } from "../domain/organizations/schemas";
import { defineAction } from "../http/action.server";
import { getAuth, startSession } from "../http/auth.server";
import { replyInvalid, replyWithError } from "../http/forms.server";
import { resolveLocale } from "../i18n/locale.server";
import { useT } from "../i18n/use-t";
import { pageTitle } from "../i18n/meta";

export const meta = pageTitle("signup.title");


export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("invite");
  if (token && (await getAuth(request))) throw redirect(`/invite/${encodeURIComponent(token)}`);
  const invitation = token ? await findInvitationByToken(getDb(), token, now()) : null;
  return {
    invite: token && invitation ? { token, organizationName: invitation.organizationName, state: invitation.state, email: invitation.email } : null,
    inviteUnknown: Boolean(token && !invitation),
  };
}

export const action = defineAction(async ({ request, form }) => {
  const locale = await resolveLocale(request);
  if (form.has("invite")) {
    // Through an invitation link: the link went to the invited address, and accepting checks the address is
    // that one, so the account is made at once.
    const submission = parseWithZod(form, {
      schema: SignUpByInvitationSchema.superRefine(strongPassword(locale, "password", (v) => ({ email: v.email, name: v.name }))),
    });
    if (submission.status !== "success") return replyInvalid(submission, ["password"]);
    try {
      const { userId, organizationId } = await signUp(getDb(), submission.value, { locale, now: now() });
      return startSession(request, { userId, organizationId, redirectTo: "/organization" });
    } catch (error) {
      return replyWithError(submission, error, ["password"]);
    }
  }
  const submission = parseWithZod(form, {
    schema: SignUpWithOrganizationSchema.superRefine(
      strongPassword(locale, "password", (v) => ({ email: v.email, name: v.name, organization: v.legalName })),
    ),
  });
  if (submission.status !== "success") return replyInvalid(submission, ["password"]);
  // The same answer whether or not the address is registered: its owner gets an e-mail either way.
  try {
    await requestSignUp(getDb(), submission.value, { locale, now: now(), publicUrl: config().PUBLIC_URL });
  } catch (error) {
    return replyWithError(submission, error, ["password"]);
  }
  return redirect("/signup/sent");
});

export default function SignUpPage() {
  const { invite, inviteUnknown } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const { t } = useT();
  const schema = invite ? SignUpByInvitationSchema : SignUpWithOrganizationSchema;
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { kind: "buyer", email: invite?.email ?? undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    constraint: zodConstraint(schema),
  });
  const replies = useReplyCount(lastResult);

  if (invite && invite.state !== "valid") {
    return (
      <section className="narrow">
        <h1>{t("signup.title")}</h1>
        <p className="form-error" role="alert">
          {t(`invite.state.${invite.state}` as const, { organization: invite.organizationName })}
        </p>
        <p>
          <Link to="/signup">{t("signup.newOrganization")}</Link>
        </p>
      </section>
    );
  }

  const kind = String(fields.kind.value ?? "buyer");
  // Without JavaScript the page cannot react to the chosen kind, so the checkbox is always there
  // (the server ignores it for buyers, who always buy).
  return (
    <section className="narrow">
      <h1>{invite ? t("signup.joinTitle", { organization: invite.organizationName }) : t("signup.title")}</h1>
      {inviteUnknown ? (
        <p className="form-error" role="alert">
          {t("error.invitationNotFound")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        {invite ? <input type="hidden" name="invite" value={invite.token} /> : null}
        {invite ? <FieldErrors id={`${form.id}-invite-error`} errors={form.allErrors.invite} /> : null}
        <fieldset>
          <legend>{t("signup.you")}</legend>
          <TextField meta={fields.name} label={t("field.name")} autoComplete="name" />
          <TextField meta={fields.email} label={t("field.email")} type="email" autoComplete="email" />
          <TextField
            meta={fields.password}
            label={t("field.password")}
            type="password"
            autoComplete="new-password"
            hint={t("hint.password", { min: PASSWORD_MIN_LENGTH })}
            resetKey={replies}
          />
        </fieldset>
        {!invite ? (
          <fieldset>
            <legend>{t("signup.organization")}</legend>
            <div className="field">
              <span className="label">{t("field.orgKind")}</span>
              <div className="choices" role="radiogroup" aria-label={t("field.orgKind")}>
                {ORGANIZATION_KINDS.map((k) => (
                  <label key={k} className="choice">
                    <input {...getInputProps(fields.kind, { type: "radio", value: k })} key={k} />
                    <span>
                      <strong>{t(`orgKind.${k}` as const)}</strong>
                      <small>{t(`orgKind.${k}.hint` as const)}</small>
                    </span>
                  </label>
                ))}
              </div>
              <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} />
            </div>
            {!hydrated || kind !== "buyer" ? (
              <label className="checkbox">
                <input {...getInputProps(fields.buys, { type: "checkbox", value: "on" })} />
                {t("field.alsoBuys")}
              </label>
            ) : null}
            <TextField meta={fields.legalName} label={t("field.legalName")} autoComplete="organization" />
            <div className="field-row">
              <TextField meta={fields.nib} label={t("field.nib")} inputMode="numeric" hint={t("hint.nib")} />
              <TextField meta={fields.npwp} label={t("field.npwp")} inputMode="numeric" hint={t("hint.npwp")} />
            </div>
            <TextField meta={fields.address} label={t("field.address")} autoComplete="street-address" />
            <RegionFields province={fields.provinceCode} regency={fields.regencyCode} />
            <div className="field-row">
              <TextField meta={fields.phone} label={t("field.phone")} type="tel" autoComplete="tel" />
              <TextField meta={fields.website} label={t("field.website")} hint={t("hint.optional")} />
            </div>
          </fieldset>
        ) : null}
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {invite ? t("signup.submitJoin") : t("signup.submit")}
        </button>
      </Form>
      <p>
        {t("signup.haveAccount")} <Link to={invite ? `/login?redirectTo=/invite/${invite.token}` : "/login"}>{t("nav.login")}</Link>
      </p>
    </section>
  );
}
