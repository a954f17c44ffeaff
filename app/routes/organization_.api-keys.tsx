import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { zodConstraint } from "../components/form-constraints";
import { CheckboxGroup, FormErrors, SelectField, TextField } from "../components/form-fields";
import { useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { createApiKey, listApiKeys, revokeApiKey } from "../domain/api-keys/api-keys.server";
import { CreateApiKeySchema, RevokeApiKeySchema } from "../domain/api-keys/schemas";
import { API_SCOPES, scopeParts, type ApiScope } from "../domain/api-keys/scopes";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

// The organization's API keys (issue 21): an owner creates one for an ERP (shown once), sees when and from
// where each was last used, and revokes it. Each key acts as a named integration member.
export const meta = pageTitle("apiKeys.title");

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { role: "owner" });
  return { keys: await listApiKeys(getDb(), { organizationId: auth.organization.id, actorUserId: auth.user.id, now: now() }) };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireOrganization(request, { role: "owner" });
  const base = { organizationId: auth.organization.id, actorUserId: auth.user.id, now: now() };
  return dispatchIntent(form, {
    create: intent(CreateApiKeySchema, async (input) => {
      const created = await createApiKey(getDb(), { ...base, input });
      // Not a redirect: the key is in this answer only, shown once and never again.
      return data({ created: { id: created.id, name: input.name, token: created.token } }, { headers: { "Cache-Control": "no-store" } });
    }),
    revoke: intent(
      RevokeApiKeySchema,
      async (v) => {
        await revokeApiKey(getDb(), { ...base, keyId: v.keyId });
        return redirect("/organization/api-keys?done=revoked");
      },
      { keyField: "keyId" },
    ),
  });
});

type LastResult = SubmissionResult<string[]> | undefined;

function CreateKeyForm({ lastResult }: { lastResult: LastResult }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: "create-key",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { role: "member" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateApiKeySchema }),
    constraint: zodConstraint(CreateApiKeySchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="create-key">
      <h2>{t("apiKeys.create")}</h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="create" />
      <div className="field-row">
        <TextField meta={fields.name} label={t("apiKeys.name")} hint={t("apiKeys.nameHint")} />
        <SelectField
          meta={fields.role}
          label={t("apiKeys.role")}
          options={[
            { value: "member", label: t("apiKeys.role.member") },
            { value: "owner", label: t("apiKeys.role.owner") },
          ]}
        />
        <TextField meta={fields.expiresOn} type="date" label={t("apiKeys.expiresOn")} hint={t("apiKeys.expiresOnHint")} />
      </div>
      <CheckboxGroup
        meta={fields.scopes}
        label={t("apiKeys.scopes")}
        options={API_SCOPES.map((scope) => ({ value: scope, label: scopeLabel(t, scope) }))}
      />
      <p className="hint">{t("apiKeys.scopesHint")}</p>
      <div className="actions">
        <button type="submit" className="primary">
          {t("apiKeys.createButton")}
        </button>
      </div>
    </Form>
  );
}

/** A scope in the reader's language ("Pesanan — baca"); the list shows the API's name of it beside. */
function scopeLabel(t: ReturnType<typeof useT>["t"], scope: ApiScope): string {
  const [area, access] = scopeParts(scope);
  return `${t(`apiKeys.area.${area}`)} — ${t(`apiKeys.access.${access}`)}`;
}

export default function ApiKeysPage() {
  const { keys } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as { created?: { id: number; name: string; token: string } } | undefined;
  const resultFor = useIntentResult<"create" | "revoke">();
  const [params] = useSearchParams();
  const { t, dateTime } = useT();
  const created = reply?.created;
  return (
    <section className="stack">
      <p>
        <Link to="/organization">← {t("apiKeys.back")}</Link>
      </p>
      <h1>{t("apiKeys.title")}</h1>
      <p className="hint">
        {t("apiKeys.intro")} <Link to="/api/v1/docs">{t("apiKeys.docs")}</Link>
      </p>
      {params.get("done") === "revoked" ? (
        <p className="notice" role="status">
          {t("apiKeys.revoked")}
        </p>
      ) : null}
      {created ? (
        <div className="card stack notice" role="status" data-testid="new-key">
          <strong>{t("apiKeys.createdTitle", { name: created.name })}</strong>
          <p>{t("apiKeys.showOnce")}</p>
          <code className="secret" data-testid="new-key-token">
            {created.token}
          </code>
        </div>
      ) : null}
      {/* A new key remounts the form empty. */}
      <CreateKeyForm key={created?.id ?? "new"} lastResult={created ? undefined : resultFor("create")} />
      <div className="card stack">
        <h2>{t("apiKeys.list")}</h2>
        {keys.length === 0 ? <p className="empty">{t("apiKeys.none")}</p> : null}
        <ul className="card-list" data-testid="api-keys">
          {keys.map((key) => {
            const state = key.status === "revoked" ? "revoked" : key.expired ? "expired" : "active";
            return (
              <li key={key.id} data-testid={`api-key-${key.id}`} data-state={state}>
                <strong>{key.name}</strong> · <code>psk_{key.publicId}_…</code> · <span className={`status api-key-${state}`}>{t(`apiKeys.state.${state}`)}</span>
                <br />
                {key.role ? `${t(`apiKeys.role.${key.role}`)} · ` : ""}
                {key.scopes.map((scope, i) => (
                  <span key={scope}>
                    {i > 0 ? ", " : ""}
                    {scopeLabel(t, scope)} <code>{scope}</code>
                  </span>
                ))}
                <br />
                <span className="hint">
                  {t("apiKeys.createdBy", { name: key.createdBy, at: dateTime(key.createdAt) })}
                  {" · "}
                  {key.expiresAt ? t("apiKeys.expiresAt", { at: dateTime(key.expiresAt) }) : t("apiKeys.noExpiry")}
                  {" · "}
                  {key.lastUsedAt ? t("apiKeys.lastUsed", { at: dateTime(key.lastUsedAt), address: key.lastUsedAddress ?? "—" }) : t("apiKeys.neverUsed")}
                </span>
                {key.events.includes("revoke") ? (
                  <Form method="post" className="actions">
                    <FormErrors errors={resultFor("revoke", key.id)?.error?.[""] ?? undefined} />
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="keyId" value={key.id} />
                    <button type="submit" className="danger">
                      {t("apiKeys.revoke")}
                    </button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
