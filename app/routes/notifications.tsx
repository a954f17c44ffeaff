import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { getDb } from "../db.server";
import { listNotifications, markNotificationsRead } from "../domain/notifications/inbox.server";
import { isNotificationKind, localParams } from "../domain/notifications/kinds";
import { defineAction } from "../http/action.server";
import { requireUser, safeRedirect } from "../http/auth.server";
import { useT } from "../i18n/use-t";
import { pageTitle } from "../i18n/meta";

export const meta = pageTitle("notifications.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request);
  const notifications = await listNotifications(getDb(), auth.user.id);
  return { notifications: notifications.flatMap((n) => (isNotificationKind(n.kind) ? [{ ...n, kind: n.kind }] : [])) };
}

/** Marks one notification (and follows its link) or all of them read. */
export const action = defineAction(async ({ request, form }) => {
  const auth = await requireUser(request);
  const formData = form;
  const id = Number(formData.get("id"));
  const all = formData.get("intent") === "all";
  await markNotificationsRead(getDb(), { userId: auth.user.id, ids: all ? "all" : [id], now: now() });
  return redirect(all ? "/notifications" : safeRedirect(String(formData.get("link") ?? ""), "/notifications"));
});

export default function NotificationsPage() {
  const { notifications } = useLoaderData<typeof loader>();
  const { t, dateTime, locale } = useT();
  const unread = notifications.filter((n) => !n.read_at).length;
  return (
    <section className="stack">
      <div className="heading-row">
        <h1>{t("notifications.title")}</h1>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="all" />
            <button type="submit">{t("notifications.markAll")}</button>
          </Form>
        ) : null}
      </div>
      {notifications.length === 0 ? <p className="empty">{t("notifications.empty")}</p> : null}
      <ul className="notification-list">
        {notifications.map((n) => (
          <li key={n.id} className={n.read_at ? "read" : "unread"}>
            <div>
              <strong>{t(`notification.${n.kind}.title` as const, localParams(locale, n.params))}</strong>
              <p>{t(`notification.${n.kind}.body` as const, localParams(locale, n.params))}</p>
              <small>
                <time dateTime={n.created_at}>{dateTime(n.created_at)}</time>
                {n.organizationName ? ` · ${n.organizationName}` : ""}
              </small>
            </div>
            {n.read_at ? (
              n.link ? (
                <Link to={n.link}>{t("notifications.open")}</Link>
              ) : null
            ) : (
              <Form method="post">
                <input type="hidden" name="id" value={n.id} />
                <input type="hidden" name="link" value={n.link ?? "/notifications"} />
                <button type="submit" className="link-button">
                  {n.link ? t("notifications.open") : t("notifications.markRead")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
