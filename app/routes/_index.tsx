import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getAuth } from "../http/auth.server";
import { useT } from "../i18n/use-t";

export const meta: MetaFunction = () => [
  { title: "Pasok — IKM logam × industri" },
  { name: "description", content: "Pasok: pasar pengadaan untuk IKM logam Indonesia dan industri besar." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getAuth(request);
  return auth
    ? {
        user: { name: auth.user.name, isAdmin: auth.user.isAdmin },
        organization: auth.organization,
      }
    : { user: null, organization: null };
}

export default function Home() {
  const { user, organization } = useLoaderData<typeof loader>();
  const { t } = useT();

  if (user) {
    return (
      <section className="stack">
        <h1>{t("home.welcome", { name: user.name })}</h1>
        {organization ? (
          <p>
            {t("home.actingFor", {
              organization: organization.legalName,
              kind: t(`orgKind.${organization.kind}` as const),
              role: t(`role.${organization.role}` as const),
            })}
          </p>
        ) : null}
        <ul className="tiles">
          {organization ? (
            <li>
              <Link to="/organization">
                <strong>{t("nav.organization")}</strong>
                <span>{t("home.tile.organization")}</span>
              </Link>
            </li>
          ) : null}
          {organization?.buys ? (
            <li>
              <Link to="/rfqs/new">
                <strong>{t("rfq.newTitle")}</strong>
                <span>{t("home.tile.newRfq")}</span>
              </Link>
            </li>
          ) : null}
          {organization ? (
            <li>
              <Link to="/rfqs">
                <strong>{t("nav.rfqs")}</strong>
                <span>{t("home.tile.rfqs")}</span>
              </Link>
            </li>
          ) : null}
          {organization ? (
            <li>
              <Link to="/orders">
                <strong>{t("nav.orders")}</strong>
                <span>{t("home.tile.orders")}</span>
              </Link>
            </li>
          ) : null}
          {organization?.sells ? (
            <li>
              <Link to="/supplier/listing">
                <strong>{t("nav.listing")}</strong>
                <span>{t("home.tile.listing")}</span>
              </Link>
            </li>
          ) : null}
          {organization?.sells ? (
            <li>
              <Link to="/development">
                <strong>{t("nav.development")}</strong>
                <span>{t("home.tile.development")}</span>
              </Link>
            </li>
          ) : null}
          <li>
            <Link to="/suppliers">
              <strong>{t("nav.suppliers")}</strong>
              <span>{t("home.tile.suppliers")}</span>
            </Link>
          </li>
          <li>
            <Link to="/notifications">
              <strong>{t("nav.notifications")}</strong>
              <span>{t("home.tile.notifications")}</span>
            </Link>
          </li>
          <li>
            <Link to="/account">
              <strong>{t("nav.account")}</strong>
              <span>{t("home.tile.account")}</span>
            </Link>
          </li>
          {user.isAdmin ? (
            <li>
              <Link to="/admin">
                <strong>{t("nav.admin")}</strong>
                <span>{t("home.tile.admin")}</span>
              </Link>
            </li>
          ) : null}
          {user.isAdmin ? (
            <li>
              <Link to="/admin/listings">
                <strong>{t("nav.moderation")}</strong>
                <span>{t("home.tile.moderation")}</span>
              </Link>
            </li>
          ) : null}
        </ul>
      </section>
    );
  }

  return (
    <section className="stack hero">
      <h1>{t("home.headline")}</h1>
      <p className="lead">{t("home.lead")}</p>
      <div className="actions">
        <Link className="button primary" to="/signup">
          {t("home.cta.signup")}
        </Link>
        <Link className="button" to="/suppliers">
          {t("nav.suppliers")}
        </Link>
        <Link className="button" to="/login">
          {t("nav.login")}
        </Link>
      </div>
      <ul className="tiles">
        <li>
          <strong>{t("home.forBuyers")}</strong>
          <span>{t("home.forBuyers.body")}</span>
        </li>
        <li>
          <strong>{t("home.forSuppliers")}</strong>
          <span>{t("home.forSuppliers.body")}</span>
        </li>
        <li>
          <strong>{t("home.forAdmins")}</strong>
          <span>{t("home.forAdmins.body")}</span>
        </li>
      </ul>
    </section>
  );
}
