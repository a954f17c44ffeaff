import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { now } from "../clock.server";
import { FormErrors, TextField, useReplyCount } from "../components/form-fields";
import { getDb } from "../db.server";
import { SecondFactorSchema } from "../domain/accounts/schemas";
import { verifySecondFactor } from "../domain/accounts/verify-second-factor.server";
import { DomainError } from "../domain/errors";
import { defineAction } from "../http/action.server";
import { clearSessionCookie, getAuth, getSessionAwaitingSecondFactor, safeRedirect } from "../http/auth.server";
import { replyInvalid, replyWithError } from "../http/forms.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("twoFactor.loginTitle");

// The second step of signing in, for users who turned two-factor sign-in on (every admin).
export async function loader({ request }: LoaderFunctionArgs) {
  const back = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getAuth(request)) throw redirect(back);
  if (!(await getSessionAwaitingSecondFactor(request))) throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  return null;
}

export const action = defineAction(async ({ request, form }) => {
  const pending = await getSessionAwaitingSecondFactor(request);
  if (!pending) throw redirect("/login");
  const submission = parseWithZod(form, { schema: SecondFactorSchema });
  if (submission.status !== "success") return replyInvalid(submission, ["code", "recoveryCode"]);
  const { intent, code, recoveryCode, redirectTo } = submission.value;
  try {
    await verifySecondFactor(getDb(), {
      sessionId: pending.session.id,
      userId: pending.user.id,
      ...(intent === "recovery" ? { recoveryCode } : { code }),
      now: now(),
    });
  } catch (error) {
    if (error instanceof DomainError && error.status === 429) {
      // The session ended: back to the password.
      throw redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie(request) } });
    }
    return replyWithError(submission, error, ["code", "recoveryCode"]);
  }
  return redirect(safeRedirect(redirectTo));
});

export default function SecondFactorPage() {
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const replies = useReplyCount(lastResult);
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof SecondFactorSchema>>({ lastResult, shouldValidate: "onSubmit" });
  const redirectTo = params.get("redirectTo") ?? "/";
  return (
    <section className="narrow stack">
      <h1>{t("twoFactor.loginTitle")}</h1>
      <p>{t("twoFactor.loginIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField meta={fields.code} label={t("field.totpCode")} inputMode="numeric" autoComplete="one-time-code" resetKey={replies} />
        <button type="submit" name="intent" value="code" className="primary" disabled={navigation.state === "submitting"}>
          {t("twoFactor.verify")}
        </button>
        <details open={Boolean(fields.recoveryCode.errors)}>
          <summary>{t("twoFactor.useRecovery")}</summary>
          <div className="stack">
            <TextField meta={fields.recoveryCode} label={t("field.recoveryCode")} hint={t("twoFactor.recoveryHint")} autoComplete="off" resetKey={replies} />
            <button type="submit" name="intent" value="recovery">
              {t("twoFactor.verify")}
            </button>
          </div>
        </details>
      </Form>
    </section>
  );
}
