import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { zodConstraint } from "../form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { AnswerSchema, QuestionSchema } from "../../domain/rfqs/schemas";
import { useT } from "../../i18n/use-t";
import { FormErrors, TextAreaField } from "../form-fields";

export function AskForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof QuestionSchema>>({
    id: "ask",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: QuestionSchema }),
    constraint: zodConstraint(QuestionSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h3>{t("rfq.ask")}</h3>
      <p className="hint">{t("rfq.askHint")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextAreaField meta={fields.question} label={t("rfq.question")} />
      <button type="submit" name="intent" value="ask">
        {t("rfq.sendQuestion")}
      </button>
    </Form>
  );
}

export function AnswerForm({ questionId, lastResult }: { questionId: number; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof AnswerSchema>>({
    id: `answer-${questionId}`,
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: { questionId: String(questionId) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnswerSchema }),
    constraint: zodConstraint(AnswerSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input {...getInputProps(fields.questionId, { type: "hidden" })} key={fields.questionId.key} />
      <TextAreaField meta={fields.answer} label={t("rfq.answer")} />
      <button type="submit" name="intent" value="answer">
        {t("rfq.sendAnswer")}
      </button>
    </Form>
  );
}
