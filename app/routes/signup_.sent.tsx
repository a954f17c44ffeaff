import { Link, useLoaderData } from "@remix-run/react";
import { config } from "../config.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("signup.checkEmailTitle");

// After a sign-up: the same page whether or not the address was already registered.
export async function loader() {
  return { emailConfigured: Boolean(config().SMTP_URL) };
}

export default function SignUpSentPage() {
  const { emailConfigured } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <section className="narrow stack">
      <h1>{t("signup.checkEmailTitle")}</h1>
      <p role="status">{t("signup.checkEmailBody")}</p>
      {emailConfigured ? null : <p className="hint">{t("signup.checkEmailNoSmtp")}</p>}
      <p>
        <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}
