import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { data } from "@remix-run/node";
import { now } from "../clock.server";
import { getDb } from "../db.server";
import { readUnsubscribeToken, unsubscribe } from "../domain/notifications/preferences.server";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("unsubscribe.title");

// The address under every e-mail (and in its List-Unsubscribe header). Opening it asks to confirm (a link
// scanner's GET changes nothing); the button — or a mail client's RFC 8058 one-click POST of
// "List-Unsubscribe=One-Click" — stops that kind of e-mail. The signed token is the authority: no sign-in.
export const loader = defineLoader(async ({ params }) => {
  const target = await readUnsubscribeToken(getDb(), params.token ?? "");
  if (!target) throw data({ messageKey: "error.unsubscribeLink" }, { status: 404 });
  return { target: target.target };
});

export const action = defineAction(async ({ params }) => {
  const db = getDb();
  const target = await readUnsubscribeToken(db, params.token ?? "");
  if (!target) throw data({ messageKey: "error.unsubscribeLink" }, { status: 404 });
  await unsubscribe(db, { ...target, now: now() });
  return { done: true as const };
});

export default function Unsubscribe() {
  const { target } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const { t } = useT();
  const what = target === "digest" ? t("unsubscribe.digest") : t(`preferences.category.${target}`);
  return (
    <section className="stack narrow">
      <h1>{t("unsubscribe.title")}</h1>
      {done ? (
        <p className="notice" role="status">
          {t("unsubscribe.done", { what })}
        </p>
      ) : (
        <Form method="post" className="card stack">
          <p>{t("unsubscribe.confirm", { what })}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <div className="actions">
            <button type="submit" className="primary">
              {t("unsubscribe.button")}
            </button>
          </div>
        </Form>
      )}
      <p>
        <Link to="/account/notifications">{t("unsubscribe.settings")}</Link>
      </p>
    </section>
  );
}
