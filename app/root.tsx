import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getAuth, refreshedSessionCookie } from "./http/auth.server";
import { DEFAULT_LOCALE, isMessageKey, translate, type Locale, type MessageKey } from "./i18n/i18n";
import { resolveLocale } from "./i18n/locale.server";
import { useT } from "./i18n/use-t";
import { useNonce } from "./components/nonce";
import stylesheet from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getAuth(request);
  const locale: Locale = await resolveLocale(request);
  const cookie = await refreshedSessionCookie(request, auth);
  return data(
    {
      locale,
      user: auth ? { name: auth.user.name, email: auth.user.email, isAdmin: auth.user.isAdmin } : null,
      organization: auth?.organization ?? null,
      memberships: auth?.memberships ?? [],
      unreadCount: auth?.unreadCount ?? 0,
    },
    cookie ? { headers: { "Set-Cookie": cookie } } : undefined,
  );
}

export type RootLoader = typeof loader;

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<RootLoader>("root");
  const locale = root?.locale ?? DEFAULT_LOCALE;
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Header />
        <main className="page">{children}</main>
        <footer className="site-footer">
          <p>{translate(locale, "footer.tagline")}</p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

function Header() {
  const root = useRouteLoaderData<RootLoader>("root");
  const { t, locale } = useT();
  const location = useLocation();
  const here = location.pathname + location.search;
  const user = root?.user ?? null;
  const organization = root?.organization ?? null;

  return (
    <header className="site-header">
      <div className="bar">
        <a className="brand" href="/">
          Pasok
        </a>
        <Form method="post" action="/language" className="lang-switch" aria-label={t("nav.language")}>
          <input type="hidden" name="redirectTo" value={here} />
          <button type="submit" name="locale" value="id" aria-pressed={locale === "id"} lang="id">
            ID
          </button>
          <button type="submit" name="locale" value="en" aria-pressed={locale === "en"} lang="en">
            EN
          </button>
        </Form>
      </div>
      <nav className="site-nav" aria-label={t("nav.main")}>
        <NavLink to="/" end>
          {t("nav.home")}
        </NavLink>
        <NavLink to="/suppliers">{t("nav.suppliers")}</NavLink>
        {user ? (
          <>
            <NavLink to="/notifications" className="with-badge">
              {t("nav.notifications")}
              {root && root.unreadCount > 0 ? (
                <span className="badge" aria-label={t("nav.unread", { count: root.unreadCount })}>
                  {root.unreadCount}
                </span>
              ) : null}
            </NavLink>
            {organization && organization.kind !== "mentor" ? <NavLink to="/rfqs">{t("nav.rfqs")}</NavLink> : null}
            {organization?.sells ? <NavLink to="/supplier/feed">{t("nav.feed")}</NavLink> : null}
            {organization && organization.kind !== "mentor" ? <NavLink to="/orders">{t("nav.orders")}</NavLink> : null}
            {organization && organization.kind !== "mentor" ? (
              <NavLink to="/agreements" className="wide-only">
                {t("nav.agreements")}
              </NavLink>
            ) : null}
            {organization?.kind === "mentor" ? <NavLink to="/mentor">{t("nav.mentor")}</NavLink> : null}
            {/* On a phone the menu would grow a fourth row: there the page is reached from the home page's tiles and the notifications. */}
            {organization?.sells ? (
              <NavLink to="/development" className="wide-only">
                {t("nav.development")}
              </NavLink>
            ) : null}
            {organization?.kind === "buyer" ? <NavLink to="/buyer/suppliers">{t("nav.buyerSuppliers")}</NavLink> : null}
            {organization?.kind === "mentor" || user.isAdmin ? <NavLink to="/reports/partnerships">{t("nav.partnerships")}</NavLink> : null}
            {organization?.sells ? <NavLink to="/work-orders">{t("nav.workOrders")}</NavLink> : null}
            {organization ? <NavLink to="/organization">{t("nav.organization")}</NavLink> : null}
            {organization?.sells ? <NavLink to="/supplier/listing">{t("nav.listing")}</NavLink> : null}
            {user.isAdmin ? (
              <NavLink to="/admin" end>
                {t("nav.admin")}
              </NavLink>
            ) : null}
            {user.isAdmin ? <NavLink to="/admin/listings">{t("nav.moderation")}</NavLink> : null}
            {user.isAdmin ? <NavLink to="/admin/audit">{t("nav.audit")}</NavLink> : null}
            {user.isAdmin ? <NavLink to="/admin/ladder">{t("nav.ladder")}</NavLink> : null}
            <NavLink to="/account">{t("nav.account")}</NavLink>
            <Form method="post" action="/logout" className="inline">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <NavLink to="/login">{t("nav.login")}</NavLink>
            <NavLink to="/signup">{t("nav.signup")}</NavLink>
          </>
        )}
      </nav>
      {user && root && root.memberships.length > 1 ? (
        <Form method="post" action="/organization/switch" className="org-switch">
          <input type="hidden" name="redirectTo" value={here} />
          <label>
            {t("nav.actingFor")}{" "}
            <select name="organizationId" defaultValue={organization?.id}>
              {root.memberships.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.legalName}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t("nav.switch")}</button>
        </Form>
      ) : organization ? (
        <p className="acting-for">
          {organization.legalName} · {t(`orgKind.${organization.kind}` as const)}
        </p>
      ) : null}
    </header>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const page = status === 403 ? "403" : status === 404 ? "404" : status === 410 ? "410" : status >= 400 && status < 500 ? "400" : "500";
  const titleKey = `errorPage.${page}.title` as const;
  const bodyKey = `errorPage.${page}.body` as const;
  const detailKey = isRouteErrorResponse(error) ? messageKeyOf(error.data) : null;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="error-page" data-status={status}>
      <p className="status-code">{status}</p>
      <h1>{t(titleKey)}</h1>
      <p>{detailKey && detailKey !== "error.forbidden" && detailKey !== "error.notFound" ? t(detailKey) : t(bodyKey)}</p>
      <p>
        <a href="/">{t("errorPage.home")}</a>
      </p>
    </section>
  );
}

/** The message key an error response carries: from `data({ messageKey })` or a problem+json body. */
function messageKeyOf(data: unknown): MessageKey | null {
  let value = data;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (value && typeof value === "object" && "messageKey" in value && isMessageKey(value.messageKey)) return value.messageKey;
  return null;
}
