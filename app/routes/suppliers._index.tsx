import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DirectoryQuerySchema } from "../domain/suppliers/schemas";
import { Chips } from "../components/ui/chips";
import { getDb } from "../db.server";
import { loadRegions } from "../domain/organizations/regions.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { defineLoader } from "../http/loader.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { getSearchEngine } from "../domain/search/engine.server";
import type { SupplierFacet } from "../../search/types";
import { asTyped } from "../../search/analysis";
import { MatchReasons } from "../components/match-reasons";
import { directoryReasons, directoryRequirement } from "../domain/matching/directory-reasons.server";
import { jakartaDate } from "../domain/time";

export const meta = pageTitle("directory.title");

const PAGE_SIZE = 24;

// The public directory: approved suppliers from the search index, in either language, typos forgiven, with
// facet counts for each filter.
export const loader = defineLoader(async ({ request }) => {
  const url = new URL(request.url);
  const query = DirectoryQuerySchema.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  const { q = "", page = 1, ...filters } = query;
  // Every word while that finds enough; otherwise also suppliers with most of the words, after them, each
  // saying which words it lacks (search/types.ts, mode "last").
  const result = await getSearchEngine().searchSuppliers({ q, filters, mode: "last", limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, facets: true });
  const { provinces } = await loadRegions();
  const capabilities = await listCapabilities(getDb());
  // Why each result matched, by the explainer RFQ matching uses (app/domain/matching/directory-reasons.server.ts).
  const need = directoryRequirement(q, filters, capabilities, jakartaDate(new Date()));
  const typed = asTyped(q);
  return {
    query,
    page,
    pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
    total: result.total,
    exhaustive: result.exhaustive,
    hits: result.hits.map((h) => ({ ...h.doc, missing: h.missing.map(typed), matched: h.matchedTerms, reasons: directoryReasons(h.doc, need) })),
    facets: result.facets,
    capabilities,
    provinces: provinces.map((p) => ({ value: p.code, label: p.name })),
  };
});

export default function DirectoryPage() {
  const { query, hits, total, exhaustive, facets, capabilities, provinces, page, pages } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, locale } = useT();
  const options = capabilityOptions(capabilities, locale);
  const label = (kind: keyof typeof options, value: string) => options[kind].find((o) => o.value === value)?.label ?? value;
  /** A filter select whose options carry the count of results each would give. */
  const select = (name: "process" | "material" | "certificate" | "province" | "cluster", facet: SupplierFacet, text: string, list: { value: string; label: string }[]) => {
    const counts = facets[facet] ?? {};
    return (
      <div className="field">
        <label htmlFor={`f-${name}`}>{text}</label>
        <select id={`f-${name}`} name={name} defaultValue={query[name] ?? ""}>
          <option value="">{t("directory.any")}</option>
          {list.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label} ({counts[o.value] ?? 0})
            </option>
          ))}
        </select>
      </div>
    );
  };
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    return `?${next}`;
  };
  return (
    <section className="stack">
      <h1>{t("directory.title")}</h1>
      <p className="hint">{t("directory.intro")}</p>
      <Form method="get" className="filters card" aria-label={t("directory.filter")}>
        <div className="field search-field">
          <label htmlFor="f-q">{t("directory.search")}</label>
          <input id="f-q" name="q" type="search" defaultValue={query.q ?? ""} placeholder={t("directory.searchHint")} />
        </div>
        {select("process", "processes", t("listing.process"), options.process)}
        {select("material", "materials", t("listing.material"), options.material)}
        {select("certificate", "certificates", t("directory.validCertificate"), options.certificate)}
        {select("province", "provinceCode", t("field.province"), provinces.filter((p) => (facets.provinceCode ?? {})[p.value] || query.province === p.value))}
        {select("cluster", "clusterCode", t("listing.cluster"), options.cluster)}
        <div className="field">
          <label htmlFor="f-minTkdn">{t("directory.minTkdn")}</label>
          <input id="f-minTkdn" name="minTkdn" type="number" min={0} max={100} inputMode="numeric" defaultValue={query.minTkdn ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-minCapacity">{t("directory.minCapacity")}</label>
          <input id="f-minCapacity" name="minCapacity" type="number" min={0} inputMode="numeric" defaultValue={query.minCapacity ?? ""} />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("directory.filter")}
          </button>
          <Link to="/suppliers" className="button">
            {t("directory.reset")}
          </Link>
        </div>
      </Form>
      <p role="status">{exhaustive ? t("directory.count", { count: total }) : t("directory.countAtLeast", { count: total })}</p>
      <ul className="supplier-list">
        {hits.map((s) => (
          <li key={s.id} className="card" data-testid="supplier-card">
            <h2>
              <Link to={`/suppliers/${s.slug}`}>{s.name}</Link>
            </h2>
            <p className="hint">
              {t(`orgKind.${s.kind}` as const)} · {s.clusterCode ? label("cluster", s.clusterCode) : "—"} · {s.provinceName}
              {s.tkdnPercent !== null ? ` · TKDN ${s.tkdnPercent}%` : ""}
            </p>
            <p>{s.headline}</p>
            {s.matched.length > 0 || s.reasons.length > 0 ? (
              <div className="why" data-testid="why-matched">
                {s.matched.length > 0 ? <p className="hint">{t("directory.matchedWords", { words: s.matched.join(", ") })}</p> : null}
                {s.reasons.length > 0 ? <MatchReasons reasons={s.reasons} options={options} /> : null}
              </div>
            ) : null}
            {s.missing.length > 0 ? (
              <p className="hint" data-testid="missing-words">
                {t("directory.missingWords", { words: s.missing.join(", ") })}
              </p>
            ) : null}
            <Chips items={s.processes.map((c) => label("process", c))} />
            {s.certificates.length > 0 ? (
              <p className="hint">
                {t("directory.certificates")}: {s.certificates.map((c) => label("certificate", c)).join(", ")}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {hits.length === 0 ? <p className="empty">{t("directory.empty")}</p> : null}
      {pages > 1 ? (
        <nav className="actions" aria-label={t("directory.pages")}>
          {page > 1 ? <Link to={pageLink(page - 1)}>← {t("directory.previous")}</Link> : null}
          <span>{t("directory.pageOf", { page, pages })}</span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t("directory.next")} →</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
