import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { redirect } from "@remix-run/node";
import { now } from "../clock.server";
import { FormErrors } from "../components/form-fields";
import { resultErrors, useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { NOTIFICATION_CATEGORIES } from "../domain/notifications/kinds";
import { CHANNELS, PreferencesSchema } from "../domain/notifications/preference-schemas";
import { channelsFor, savePreferences } from "../domain/notifications/preferences.server";
import { digestHour, pendingDigestCount } from "../domain/notifications/digests.server";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireUser } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { config } from "../config.server";

export const meta = pageTitle("preferences.title");

// Each user's choice per kind of notification: in the app only, an e-mail at once, or the daily digest.
export const loader = defineLoader(async ({ request }) => {
  const auth = await requireUser(request);
  const db = getDb();
  return {
    channels: (await channelsFor(db, [auth.user.id])).get(auth.user.id)!,
    digestHour: digestHour(),
    waiting: await pendingDigestCount(db, auth.user.id),
    emailOn: Boolean(config().SMTP_URL),
  };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireUser(request);
  return dispatchIntent(form, {
    save: intent(PreferencesSchema, async (channels) => {
      await savePreferences(getDb(), { userId: auth.user.id, channels, now: now() });
      return redirect("/account/notifications?saved=1");
    }),
  });
});

export default function NotificationPreferences() {
  const { channels, digestHour: hour, waiting, emailOn } = useLoaderData<typeof loader>();
  const { t } = useT();
  const [params] = useSearchParams();
  const resultFor = useIntentResult<"save">();
  return (
    <section className="stack">
      <p>
        <Link to="/account">← {t("account.title")}</Link>
      </p>
      <h1>{t("preferences.title")}</h1>
      <p className="hint">{t("preferences.intro", { hour: String(hour).padStart(2, "0") })}</p>
      {!emailOn ? <p className="hint">{t("preferences.noSmtp")}</p> : null}
      {waiting > 0 ? <p className="hint">{t("preferences.waiting", { count: waiting })}</p> : null}
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("preferences.saved")}
        </p>
      ) : null}
      <Form method="post" className="card stack" data-testid="preferences">
        <FormErrors errors={resultErrors(resultFor("save"))} />
        <input type="hidden" name="intent" value="save" />
        {NOTIFICATION_CATEGORIES.map((category) => (
          <fieldset key={category} className="choice-row">
            <legend>{t(`preferences.category.${category}`)}</legend>
            <p className="hint">{t(`preferences.categoryHint.${category}`)}</p>
            <div className="choices">
              {CHANNELS.map((channel) => (
                <label key={channel} className="choice">
                  <input type="radio" name={category} value={channel} defaultChecked={channels[category] === channel} /> {t(`preferences.channel.${channel}`)}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <div className="actions">
          <button type="submit" className="primary">
            {t("preferences.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}
