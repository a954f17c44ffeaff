import { Form, Link, useLoaderData } from "@remix-run/react";
import { readRfqSearch } from "../domain/rfqs/rfq-search";
import { redirect } from "@remix-run/node";
import { defineAction } from "../http/action.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { useIntentResult } from "../components/intent-reply";
import { deleteSavedSearch, listSavedSearches, saveSearch } from "../domain/notifications/new-rfqs.server";
import { DeleteSearchSchema, SaveSearchSchema } from "../domain/rfqs/schemas";
import { SavedSearches } from "../components/rfqs/saved-searches";
import { now } from "../clock.server";
import { RfqStatusBadge } from "../components/rfqs/badges";
import { getDb } from "../db.server";
import { listBuyerRfqs, listSupplierRfqs } from "../domain/rfqs/rfq-views.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { loadRegions } from "../domain/organizations/regions.server";
import { getSearchEngine } from "../domain/search/engine.server";
import type { RfqFacet } from "../../search/types";

export const meta = pageTitle("rfq.listTitle");

const SEARCH_LIMIT = 50;

// A buyer's own RFQs, and for a supplier the open public RFQs, the ones it was invited to and the ones it bid
// on, plus a search of the open public RFQs (the search index, either language, with facet counts).
export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request);
  const db = getDb();
  const viewer = { userId: auth.user.id, organizationId: auth.organization.id, sells: auth.organization.sells };
  const url = new URL(request.url);
  const query = readRfqSearch(url.searchParams);
  const { q = "", ...filters } = query;
  const found = auth.organization.sells ? await getSearchEngine().searchRfqs({ q, filters, limit: SEARCH_LIMIT, facets: true }) : null;
  return {
    buys: auth.organization.buys,
    sells: auth.organization.sells,
    mine: auth.organization.buys ? await listBuyerRfqs(db, auth.organization.id, now()) : [],
    forSuppliers: auth.organization.sells ? await listSupplierRfqs(db, viewer, now()) : [],
    query,
    search: found ? { hits: found.hits.map((h) => h.doc), total: found.total, exhaustive: found.exhaustive, facets: found.facets } : null,
    capabilities: found ? await listCapabilities(db) : [],
    provinces: found ? (await loadRegions()).provinces.map((p) => ({ value: p.code, label: p.name })) : [],
    saved: auth.organization.sells ? await listSavedSearches(db, { userId: auth.user.id, organizationId: auth.organization.id }) : [],
  };
});

// A supplier saves the search it is looking at (and is told of new RFQs it finds), or deletes one.
export const action = defineAction(async ({ request, form }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const db = getDb();
  const base = { userId: auth.user.id, organizationId: auth.organization.id, now: now() };
  return dispatchIntent(form, {
    save_search: intent(SaveSearchSchema, async (v) => {
      await saveSearch(db, { ...base, name: v.name, search: readRfqSearch(new URLSearchParams(v.query)) });
      return redirect(`/rfqs?${v.query}&saved=1`);
    }),
    delete_search: intent(DeleteSearchSchema, async (v) => {
      await deleteSavedSearch(db, { ...base, id: v.id });
      return redirect("/rfqs");
    }),
  });
});

export default function RfqListPage() {
  const { buys, sells, mine, forSuppliers, query, search, capabilities, provinces, saved } = useLoaderData<typeof loader>();
  const resultFor = useIntentResult<"save_search" | "delete_search">();
  const { t, dateTime, locale } = useT();
  const options = capabilityOptions(capabilities, locale);
  /** A filter select whose options carry the count of open RFQs each would give. */
  const select = (name: "process" | "material" | "certificate" | "province", facet: RfqFacet, text: string, list: { value: string; label: string }[]) => {
    const counts = search?.facets[facet] ?? {};
    return (
      <div className="field">
        <label htmlFor={`r-${name}`}>{text}</label>
        <select id={`r-${name}`} name={name} defaultValue={query[name] ?? ""}>
          <option value="">{t("directory.any")}</option>
          {list
            .filter((o) => counts[o.value] || query[name] === o.value)
            .map((o) => (
              <option key={o.value} value={o.value}>
                {o.label} ({counts[o.value] ?? 0})
              </option>
            ))}
        </select>
      </div>
    );
  };
  return (
    <section className="stack">
      <div className="heading-row">
        <h1>{t("rfq.listTitle")}</h1>
        {buys ? (
          <Link to="/rfqs/new" className="button primary">
            {t("rfq.newTitle")}
          </Link>
        ) : null}
      </div>
      {buys ? (
        <>
          <h2>{t("rfq.mine")}</h2>
          {mine.length === 0 ? <p className="empty">{t("rfq.noneMine")}</p> : null}
          {mine.length > 0 ? (
            <div className="table-wrap">
              <table className="stacked">
                <thead>
                  <tr>
                    <th>{t("rfq.title")}</th>
                    <th>{t("rfq.status")}</th>
                    <th>{t("rfq.bidDeadline")}</th>
                    <th>{t("rfq.lines")}</th>
                    <th>{t("rfq.bids")}</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((r) => (
                    <tr key={r.id}>
                      <td data-label={t("rfq.title")}>
                        <Link to={`/rfqs/${r.id}`}>{r.title}</Link>
                      </td>
                      <td data-label={t("rfq.status")}>
                        <RfqStatusBadge status={r.status} />
                      </td>
                      <td data-label={t("rfq.bidDeadline")}>{r.bid_deadline ? dateTime(r.bid_deadline) : "—"}</td>
                      <td data-label={t("rfq.lines")}>{Number(r.line_count)}</td>
                      <td data-label={t("rfq.bids")}>{Number(r.bid_count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
      {sells && search ? (
        <>
          <h2 id="rfq-search">{t("rfqSearch.title")}</h2>
          <Form method="get" className="filters card" aria-labelledby="rfq-search">
            <div className="field search-field">
              <label htmlFor="r-q">{t("rfqSearch.words")}</label>
              <input id="r-q" name="q" type="search" defaultValue={query.q ?? ""} placeholder={t("directory.searchHint")} />
            </div>
            {select("process", "processes", t("listing.process"), options.process)}
            {select("material", "materials", t("listing.material"), options.material)}
            {select("certificate", "requiredCertificates", t("rfqSearch.certificate"), options.certificate)}
            {select("province", "provinceCode", t("field.province"), provinces)}
            <div className="actions">
              <button type="submit" className="primary">
                {t("directory.filter")}
              </button>
              <Link to="/rfqs" className="button">
                {t("directory.reset")}
              </Link>
            </div>
          </Form>
          <p role="status">
            {search.exhaustive ? t("rfqSearch.count", { count: search.total }) : t("rfqSearch.countAtLeast", { count: search.total })}
          </p>
          <SavedSearches saved={saved} query={query} lastResult={resultFor("save_search")} />
          {search.hits.length > 0 ? (
            <div className="table-wrap">
              <table className="stacked" data-testid="rfq-search-results">
                <thead>
                  <tr>
                    <th>{t("rfq.title")}</th>
                    <th>{t("rfq.buyer")}</th>
                    <th>{t("rfqSearch.parts")}</th>
                    <th>{t("rfq.bidDeadline")}</th>
                  </tr>
                </thead>
                <tbody>
                  {search.hits.map((r) => (
                    <tr key={r.id}>
                      <td data-label={t("rfq.title")}>
                        <Link to={`/rfqs/${r.id}`}>{r.title}</Link>
                      </td>
                      <td data-label={t("rfq.buyer")}>{r.buyerName}</td>
                      <td data-label={t("rfqSearch.parts")}>{r.lines.map((line) => line.split(" — ")[0]).join(", ")}</td>
                      <td data-label={t("rfq.bidDeadline")}>{dateTime(r.bidDeadline)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="empty">{t("rfqSearch.empty")}</p>
          )}
        </>
      ) : null}
      {sells ? (
        <>
          <h2>{t("rfq.forYou")}</h2>
          {forSuppliers.length === 0 ? <p className="empty">{t("rfq.noneForYou")}</p> : null}
          {forSuppliers.length > 0 ? (
            <div className="table-wrap">
              <table className="stacked">
                <thead>
                  <tr>
                    <th>{t("rfq.title")}</th>
                    <th>{t("rfq.buyer")}</th>
                    <th>{t("rfq.bidDeadline")}</th>
                    <th>{t("rfq.status")}</th>
                    <th>{t("bid.mine")}</th>
                  </tr>
                </thead>
                <tbody>
                  {forSuppliers.map((r) => (
                    <tr key={r.id}>
                      <td data-label={t("rfq.title")}>
                        <Link to={`/rfqs/${r.id}`}>{r.title}</Link> {r.invited ? <span className="chip">{t("rfq.invitedBadge")}</span> : null}
                      </td>
                      <td data-label={t("rfq.buyer")}>{r.buyer_name}</td>
                      <td data-label={t("rfq.bidDeadline")}>{r.bid_deadline ? dateTime(r.bid_deadline) : "—"}</td>
                      <td data-label={t("rfq.status")}>
                        <RfqStatusBadge status={r.status} />
                      </td>
                      <td data-label={t("bid.mine")}>{r.bid_status ? t(`bidStatus.${r.bid_status}` as const) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
