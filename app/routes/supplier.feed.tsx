import { Link, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { MatchReasons } from "../components/match-reasons";
import { getDb } from "../db.server";
import { feedForSupplier } from "../domain/matching/matching.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("feed.title");

// A supplier's feed: open public RFQs that fit its approved listing, best first, each explained.
export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const db = getDb();
  const { supplier, matches } = await feedForSupplier(db, { supplierId: auth.organization.id, now: now() });
  return { listed: supplier !== null, matches, capabilities: await listCapabilities(db) };
});

export default function FeedPage() {
  const { listed, matches, capabilities } = useLoaderData<typeof loader>();
  const { t, locale, dateTime } = useT();
  const options = capabilityOptions(capabilities, locale);
  return (
    <section className="stack">
      <h1>{t("feed.title")}</h1>
      <p className="hint">{t("feed.intro")}</p>
      {!listed ? (
        <p className="card">
          {t("feed.notListed")} <Link to="/supplier/listing">{t("listing.title")}</Link>
        </p>
      ) : null}
      {listed && matches.length === 0 ? <p className="empty">{t("feed.none")}</p> : null}
      <ol className="match-list" data-testid="feed">
        {matches.map((m) => (
          <li key={m.rfq.id} className="card">
            <h2>
              <Link to={`/rfqs/${m.rfq.id}`}>{m.rfq.title}</Link>
            </h2>
            <p className="hint">
              {m.rfq.buyerName} · {m.rfq.provinceName} · {t("bid.deadlineIs", { deadline: dateTime(m.rfq.bidDeadline) })}
            </p>
            <MatchReasons reasons={m.reasons} options={options} />
          </li>
        ))}
      </ol>
    </section>
  );
}
