import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors, SelectField, TextField } from "../components/form-fields";
import { getDb } from "../db.server";
import { addCapability } from "../domain/suppliers/add-capability.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { CapabilitySchema } from "../domain/suppliers/schemas";
import { defineAction, defineLoader } from "../http/action.server";
import { requireAdmin } from "../http/auth.server";
import { errorReply } from "../http/forms.server";
import type { MessageKey } from "../i18n/i18n";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("taxonomy.title");

const KINDS = ["process", "material", "certificate", "cluster"] as const;

export const loader = defineLoader(async ({ request }) => {
  await requireAdmin(request);
  return { capabilities: await listCapabilities(getDb()) };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireAdmin(request);
  const submission = parseWithZod(form, { schema: CapabilitySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await addCapability(getDb(), { actorUserId: auth.user.id, isAdmin: auth.user.isAdmin, ...submission.value, now: now() });
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data(result, { status });
  }
  return redirect("/admin/capabilities?added=1");
});

export default function TaxonomyPage() {
  const { capabilities } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useT();
  const [form, fields] = useForm({
    id: "capability",
    lastResult,
    defaultValue: { kind: "process" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CapabilitySchema }),
  });
  return (
    <section className="stack">
      <h1>{t("taxonomy.title")}</h1>
      {params.get("added") ? (
        <p className="notice" role="status">
          {t("common.saved")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="card stack">
        <h2>{t("taxonomy.add")}</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="field-row">
          <SelectField meta={fields.kind} label={t("taxonomy.kind")} options={KINDS.map((k) => ({ value: k, label: t(`taxonomy.kind.${k}` as MessageKey) }))} />
          <TextField meta={fields.code} label={t("taxonomy.code")} hint={t("taxonomy.codeHint")} />
        </div>
        <div className="field-row">
          <TextField meta={fields.labelId} label={t("taxonomy.labelId")} />
          <TextField meta={fields.labelEn} label={t("taxonomy.labelEn")} />
        </div>
        <button type="submit" className="primary">
          {t("taxonomy.addButton")}
        </button>
      </Form>
      {KINDS.map((kind) => (
        <div key={kind} className="stack">
          <h2>{t(`taxonomy.kind.${kind}` as MessageKey)}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("taxonomy.code")}</th>
                  <th>{t("taxonomy.labelId")}</th>
                  <th>{t("taxonomy.labelEn")}</th>
                </tr>
              </thead>
              <tbody>
                {capabilities
                  .filter((c) => c.kind === kind)
                  .map((c) => (
                    <tr key={c.code}>
                      <td>
                        <code>{c.code}</code>
                      </td>
                      <td>{c.label_id}</td>
                      <td>{c.label_en}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
