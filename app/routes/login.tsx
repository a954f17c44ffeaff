import { getFormProps, useForm } from "@conform-to/react";
import { zodConstraint } from "../components/form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors, TextField, useReplyCount } from "../components/form-fields";
import { getDb } from "../db.server";
import { logIn } from "../domain/accounts/log-in.server";
import { LoginSchema } from "../domain/accounts/schemas";
import { defineAction } from "../http/action.server";
import { clientIp, getAuth, safeRedirect, startSession } from "../http/auth.server";
import { replyInvalid } from "../http/forms.server";
import { formatTime } from "../i18n/format";
import { errorMessage } from "../i18n/i18n";
import { localeFromCookie, resolveLocale } from "../i18n/locale.server";
import { setUserLocale } from "../domain/accounts/update-account.server";
import { useT } from "../i18n/use-t";
import { pageTitle } from "../i18n/meta";

export const meta = pageTitle("login.title");


export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getAuth(request);
  if (auth) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export const action = defineAction(async ({ request, form, context }) => {
  const formData = form;
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") return replyInvalid(submission, ["password"]);

  const { email, password, redirectTo } = submission.value;
  const result = await logIn(getDb(), { email, password, ip: clientIp(context), now: now() });
  if (result.ok) {
    // The language picked on this device before logging in is the latest choice: keep it on the account.
    const chosen = await localeFromCookie(request);
    if (chosen) await setUserLocale(getDb(), result.userId, chosen);
    return startSession(request, {
      userId: result.userId,
      organizationId: result.organizationId,
      redirectTo: safeRedirect(redirectTo),
    });
  }
  if (result.reason === "throttled") {
    const locale = await resolveLocale(request);
    const message = errorMessage("error.loginThrottled", { time: formatTime(result.retryAt.toISOString(), locale) });
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), { status: 429 });
  }
  return data(submission.reply({ formErrors: ["error.loginInvalid"], hideFields: ["password"] }), { status: 401 });
});

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useT();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    constraint: zodConstraint(LoginSchema),
  });
  const replies = useReplyCount(lastResult);
  return (
    <section className="narrow">
      <h1>{t("login.title")}</h1>
      {searchParams.get("reset") ? (
        <p className="notice" role="status">
          {t("login.resetDone")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <TextField meta={fields.email} label={t("field.email")} type="email" autoComplete="email" />
        <TextField
          meta={fields.password}
          label={t("field.password")}
          type="password"
          autoComplete="current-password"
          resetKey={replies}
        />
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
      </p>
    </section>
  );
}
