import { getFormProps, useForm } from "@conform-to/react";
import { zodConstraint } from "../components/form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors, TextField, useReplyCount } from "../components/form-fields";
import { getDb } from "../db.server";
import { strongPassword } from "../domain/accounts/password-strength.server";
import { findPasswordReset, resetPassword } from "../domain/accounts/reset-password.server";
import { PASSWORD_MIN_LENGTH, ResetPasswordSchema } from "../domain/accounts/schemas";
import { defineAction } from "../http/action.server";
import { clearSessionCookie } from "../http/auth.server";
import { replyInvalid, replyWithError } from "../http/forms.server";
import { resolveLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("reset.title");

export async function loader({ params }: LoaderFunctionArgs) {
  const user = await findPasswordReset(getDb(), { token: params.token ?? "", now: now() });
  return { valid: Boolean(user), email: user?.email ?? null };
}

export const action = defineAction(async ({ request, params, form }) => {
  const db = getDb();
  const token = params.token ?? "";
  const user = await findPasswordReset(db, { token, now: now() });
  const locale = await resolveLocale(request);
  const submission = parseWithZod(form, {
    schema: ResetPasswordSchema.superRefine(strongPassword(locale, "newPassword", () => ({ email: user?.email, name: user?.name }))),
  });
  if (submission.status !== "success") return replyInvalid(submission, ["newPassword", "confirmPassword"]);
  try {
    await resetPassword(db, { token, newPassword: submission.value.newPassword, now: now() });
  } catch (error) {
    return replyWithError(submission, error, ["newPassword", "confirmPassword"]);
  }
  // Every session ended, this browser's too.
  return redirect("/login?reset=1", { headers: { "Set-Cookie": await clearSessionCookie(request) } });
});

export default function ResetPasswordPage() {
  const { valid, email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const replies = useReplyCount(lastResult);
  const { t } = useT();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
    constraint: zodConstraint(ResetPasswordSchema),
  });
  if (!valid) {
    return (
      <section className="narrow stack">
        <h1>{t("reset.title")}</h1>
        <p className="form-error" role="alert">
          {t("reset.invalid")}
        </p>
        <p>
          <Link to="/forgot-password">{t("forgot.title")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow stack">
      <h1>{t("reset.title")}</h1>
      <p>{email}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="text" name="username" value={email ?? ""} autoComplete="username" readOnly hidden />
        <TextField
          meta={fields.newPassword}
          label={t("field.newPassword")}
          type="password"
          autoComplete="new-password"
          hint={t("hint.password", { min: PASSWORD_MIN_LENGTH })}
          resetKey={replies}
        />
        <TextField meta={fields.confirmPassword} label={t("field.confirmPassword")} type="password" autoComplete="new-password" resetKey={replies} />
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {t("reset.submit")}
        </button>
      </Form>
    </section>
  );
}
