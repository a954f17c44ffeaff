import { getFormProps, useForm } from "@conform-to/react";
import { zodConstraint } from "../components/form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors, TextField } from "../components/form-fields";
import { config } from "../config.server";
import { getDb } from "../db.server";
import { requestPasswordReset } from "../domain/accounts/request-password-reset.server";
import { ForgotPasswordSchema } from "../domain/accounts/schemas";
import { defineAction } from "../http/action.server";
import { replyInvalid } from "../http/forms.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("forgot.title");

export const action = defineAction(async ({ form }) => {
  const submission = parseWithZod(form, { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  // The same answer whether or not the address is registered.
  await requestPasswordReset(getDb(), { email: submission.value.email, now: now(), publicUrl: config().PUBLIC_URL });
  return { result: submission.reply(), sent: true as const };
});

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && "result" in actionData ? actionData.result : actionData;
  const sent = Boolean(actionData && "sent" in actionData);
  const navigation = useNavigation();
  const { t } = useT();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
    constraint: zodConstraint(ForgotPasswordSchema),
  });
  return (
    <section className="narrow stack">
      <h1>{t("forgot.title")}</h1>
      {sent ? (
        <p className="notice" role="status">
          {t("forgot.sent")}
        </p>
      ) : (
        <p>{t("forgot.intro")}</p>
      )}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.email} label={t("field.email")} type="email" autoComplete="email" />
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {t("forgot.submit")}
        </button>
      </Form>
    </section>
  );
}
