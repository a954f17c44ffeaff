import { getFormProps, useForm } from "@conform-to/react";
import { zodConstraint } from "../components/form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors, TextField, useReplyCount } from "../components/form-fields";
import { getDb } from "../db.server";
import { changePassword } from "../domain/accounts/change-password.server";
import { ChangePasswordSchema, PASSWORD_MIN_LENGTH, ProfileSchema } from "../domain/accounts/schemas";
import { countUserSessions } from "../domain/accounts/sessions.server";
import { renameUser } from "../domain/accounts/update-account.server";
import { defineAction } from "../http/action.server";
import { requireUser } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { useT } from "../i18n/use-t";
import { resolveLocale } from "../i18n/locale.server";
import { strongPassword } from "../domain/accounts/password-strength.server";
import { pageTitle } from "../i18n/meta";

export const meta = pageTitle("account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request);
  return {
    name: auth.user.name,
    email: auth.user.email,
    sessionCount: await countUserSessions(getDb(), auth.user.id),
    twoFactorEnabled: auth.user.twoFactorEnabled,
  };
}

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireUser(request);
  const locale = await resolveLocale(request);
  const passwordSchema = ChangePasswordSchema.superRefine(strongPassword(locale, "newPassword", () => ({ email: auth.user.email, name: auth.user.name })));
  return dispatchIntent(form, {
    profile: intent(ProfileSchema, async (v, submission) => {
      await renameUser(getDb(), auth.user.id, v.name);
      return { intent: "profile" as const, result: submission.reply(), saved: true };
    }),
    password: intent(
      passwordSchema,
      async (v, submission) => {
        const { endedSessions } = await changePassword(getDb(), {
          userId: auth.user.id,
          sessionId: auth.session.id,
          currentPassword: v.currentPassword,
          newPassword: v.newPassword,
          now: now(),
        });
        return { intent: "password" as const, result: submission.reply({ resetForm: true }), saved: true, endedSessions };
      },
      { hideFields: ["currentPassword", "newPassword", "confirmPassword"] },
    ),
  });
});

export default function AccountPage() {
  const account = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  const profileResult = actionData?.intent === "profile" ? actionData.result : undefined;
  const passwordResult = actionData?.intent === "password" ? actionData.result : undefined;
  const [profileForm, profileFields] = useForm({
    id: "profile",
    lastResult: profileResult,
    defaultValue: { name: account.name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
    constraint: zodConstraint(ProfileSchema),
  });
  const [passwordForm, passwordFields] = useForm({
    id: "password",
    lastResult: passwordResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
    constraint: zodConstraint(ChangePasswordSchema),
  });
  const passwordReplies = useReplyCount(passwordResult);
  const saved = actionData && "saved" in actionData ? actionData : null;

  return (
    <section className="narrow stack">
      <h1>{t("account.title")}</h1>
      <p>
        {t("field.email")}: <strong>{account.email}</strong>
      </p>

      <Form method="post" {...getFormProps(profileForm)} className="card stack">
        <h2>{t("account.profile")}</h2>
        <input type="hidden" name="intent" value="profile" />
        <TextField meta={profileFields.name} label={t("field.name")} autoComplete="name" />
        {saved?.intent === "profile" ? <p className="notice">{t("common.saved")}</p> : null}
        <button type="submit">{t("common.save")}</button>
      </Form>

      <Form method="post" {...getFormProps(passwordForm)} className="card stack">
        <h2>{t("account.changePassword")}</h2>
        <FormErrors id={passwordForm.errorId} errors={passwordForm.errors} />
        <input type="hidden" name="intent" value="password" />
        <TextField meta={passwordFields.currentPassword} label={t("field.currentPassword")} type="password" autoComplete="current-password" resetKey={passwordReplies} />
        <TextField
          meta={passwordFields.newPassword}
          label={t("field.newPassword")}
          type="password"
          autoComplete="new-password"
          hint={t("hint.password", { min: PASSWORD_MIN_LENGTH })}
          resetKey={passwordReplies}
        />
        <TextField meta={passwordFields.confirmPassword} label={t("field.confirmPassword")} type="password" autoComplete="new-password" resetKey={passwordReplies} />
        {saved?.intent === "password" ? (
          <p className="notice">{t("account.passwordChanged", { count: ("endedSessions" in saved ? saved.endedSessions : undefined) ?? 0 })}</p>
        ) : null}
        <button type="submit">{t("account.changePassword")}</button>
      </Form>

      <div className="card stack">
        <h2>{t("account.security")}</h2>
        <p>{account.twoFactorEnabled ? t("twoFactor.enabledNotice") : t("twoFactor.off")}</p>
        <p>
          <Link to="/account/two-factor">{t("account.twoFactorLink")}</Link>
        </p>
      </div>

      <div className="card stack">
        <h2>{t("preferences.title")}</h2>
        <p>{t("preferences.accountHint")}</p>
        <p>
          <Link to="/account/notifications">{t("preferences.link")}</Link>
        </p>
      </div>

      <Form method="post" action="/logout" className="card stack">
        <h2>{t("account.sessions")}</h2>
        <p>{t("account.sessionCount", { count: account.sessionCount })}</p>
        <input type="hidden" name="scope" value="everywhere" />
        <button type="submit" className="danger">
          {t("account.logoutEverywhere")}
        </button>
      </Form>
    </section>
  );
}
