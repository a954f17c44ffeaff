import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { now } from "../clock.server";
import { zodConstraint } from "../components/form-constraints";
import { CheckboxGroup, FormErrors, TextField } from "../components/form-fields";
import { useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { WEBHOOK_FAMILIES } from "../domain/webhooks/events";
import { changeWebhookEndpoint, createWebhookEndpoint, listWebhookEndpoints, resendWebhookDelivery } from "../domain/webhooks/endpoints.server";
import { CreateWebhookSchema, EndpointActionSchema, ResendSchema } from "../domain/webhooks/schemas";
import { WEBHOOK_ENDPOINT_EVENTS } from "../domain/webhooks/webhook-states";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

// The organization's webhook endpoints (issue 21): an owner adds one with the event families it takes, sees its
// signing secret, rotates it (both secrets sign for a day), disables it, and reads each endpoint's delivery log
// with a "send again" button.
export const meta = pageTitle("webhooks.title");

const DONE = ["created", "disable", "enable", "rotate_secret", "resend"] as const;

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { role: "owner" });
  return { endpoints: await listWebhookEndpoints(getDb(), { organizationId: auth.organization.id, actorUserId: auth.user.id, now: now() }) };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireOrganization(request, { role: "owner" });
  const base = { organizationId: auth.organization.id, actorUserId: auth.user.id, now: now() };
  return dispatchIntent(form, {
    create: intent(CreateWebhookSchema, async (input) => {
      await createWebhookEndpoint(getDb(), { ...base, input });
      return redirect("/organization/webhooks?done=created");
    }),
    endpoint: intent(
      EndpointActionSchema.extend({ event: z.enum(WEBHOOK_ENDPOINT_EVENTS, { error: "error.invalid" }) }),
      async (v) => {
        await changeWebhookEndpoint(getDb(), { ...base, endpointId: v.endpointId, revision: v.revision, event: v.event });
        return redirect(`/organization/webhooks?done=${v.event}#endpoint-${v.endpointId}`);
      },
      { keyField: "endpointId" },
    ),
    resend: intent(
      ResendSchema,
      async (v) => {
        await resendWebhookDelivery(getDb(), { ...base, deliveryId: v.deliveryId });
        return redirect("/organization/webhooks?done=resend");
      },
      { keyField: "deliveryId" },
    ),
  });
});

function CreateEndpointForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: "create-webhook",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateWebhookSchema }),
    constraint: zodConstraint(CreateWebhookSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="create-webhook">
      <h2>{t("webhooks.create")}</h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="create" />
      <div className="field-row">
        <TextField meta={fields.url} type="url" label={t("webhooks.url")} inputMode="url" />
        <TextField meta={fields.description} label={t("webhooks.description")} />
      </div>
      <CheckboxGroup meta={fields.eventTypes} label={t("webhooks.events")} options={WEBHOOK_FAMILIES.map((f) => ({ value: f, label: t(`webhooks.family.${f}`) }))} />
      <div className="actions">
        <button type="submit" className="primary">
          {t("webhooks.createButton")}
        </button>
      </div>
    </Form>
  );
}

export default function WebhooksPage() {
  const { endpoints } = useLoaderData<typeof loader>();
  const resultFor = useIntentResult<"create" | "endpoint" | "resend">();
  const [params] = useSearchParams();
  const { t, dateTime } = useT();
  const done = DONE.find((d) => params.get("done") === d);
  return (
    <section className="stack">
      <p>
        <Link to="/organization">← {t("apiKeys.back")}</Link>
      </p>
      <h1>{t("webhooks.title")}</h1>
      <p className="hint">{t("webhooks.intro")}</p>
      {done ? (
        <p className="notice" role="status">
          {t(done === "created" ? "webhooks.created" : `webhooks.done.${done}`)}
        </p>
      ) : null}
      <CreateEndpointForm lastResult={resultFor("create")} />
      {endpoints.length === 0 ? <p className="empty">{t("webhooks.none")}</p> : null}
      {endpoints.map((e) => (
        <div key={e.id} id={`endpoint-${e.id}`} className="card stack" data-testid={`webhook-${e.id}`} data-state={e.status}>
          <h2>
            <code className="wrap">{e.url}</code> · <span className={`status api-key-${e.status === "active" ? "active" : "revoked"}`}>{t(`webhooks.state.${e.status}`)}</span>
          </h2>
          {e.description ? <p>{e.description}</p> : null}
          <p className="hint">{e.eventTypes.map((f) => t(`webhooks.family.${f}`)).join(" · ")}</p>
          <div>
            <span className="label">{t("webhooks.secret")}</span>
            <code className="secret" data-testid="webhook-secret">
              {e.secret}
            </code>
            {e.previousSecretUntil ? <p className="hint">{t("webhooks.previousUntil", { at: dateTime(e.previousSecretUntil) })}</p> : null}
          </div>
          <FormErrors errors={resultFor("endpoint", e.id)?.error?.[""] ?? undefined} />
          <div className="actions">
            {e.events.map((event) => (
              <Form method="post" key={event}>
                <input type="hidden" name="intent" value="endpoint" />
                <input type="hidden" name="endpointId" value={e.id} />
                <input type="hidden" name="revision" value={e.revision} />
                <input type="hidden" name="event" value={event} />
                <button type="submit" className={event === "disable" ? "danger" : undefined}>
                  {t(`webhooks.event.${event}`)}
                </button>
              </Form>
            ))}
          </div>
          <h3>{t("webhooks.log")}</h3>
          {e.deliveries.length === 0 ? <p className="empty">{t("webhooks.noDeliveries")}</p> : null}
          {e.deliveries.length > 0 ? (
            <div className="table-wrap">
              <table className="stacked" data-testid="webhook-log">
                <thead>
                  <tr>
                    <th>{t("webhooks.col.when")}</th>
                    <th>{t("webhooks.col.event")}</th>
                    <th>{t("webhooks.col.status")}</th>
                    <th>{t("webhooks.col.attempts")}</th>
                    <th>{t("webhooks.col.answer")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {e.deliveries.map((d) => (
                    <tr key={d.id} data-status={d.status}>
                      <td data-label={t("webhooks.col.when")}>{dateTime(d.created_at)}</td>
                      <td data-label={t("webhooks.col.event")}>
                        <code>{d.type}</code>
                      </td>
                      <td data-label={t("webhooks.col.status")}>
                        {t(`webhooks.delivery.${d.status}`)}
                        {d.status === "pending" && d.attempts > 0 ? ` · ${t("webhooks.nextAttempt", { at: dateTime(d.next_attempt_at) })}` : ""}
                      </td>
                      <td data-label={t("webhooks.col.attempts")}>{d.attempts}</td>
                      <td data-label={t("webhooks.col.answer")}>
                        {d.last_status_code ?? d.last_error ?? "—"}
                        {d.history.length > 0 ? (
                          <details data-testid={`webhook-attempts-${d.id}`}>
                            <summary>{t("webhooks.history", { count: d.history.length })}</summary>
                            <ol>
                              {d.history.map((a, i) => (
                                <li key={i}>
                                  {dateTime(a.attemptedAt)} · {a.statusCode ?? a.error ?? "—"} · {t("webhooks.duration", { ms: a.durationMs })}
                                </li>
                              ))}
                            </ol>
                          </details>
                        ) : null}
                      </td>
                      <td>
                        {d.events.includes("resend") ? (
                          <Form method="post">
                            <FormErrors errors={resultFor("resend", d.id)?.error?.[""] ?? undefined} />
                            <input type="hidden" name="intent" value="resend" />
                            <input type="hidden" name="deliveryId" value={d.id} />
                            <button type="submit">{t("webhooks.resend")}</button>
                          </Form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ))}
    </section>
  );
}
