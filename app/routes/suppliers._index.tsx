import { Form, Link, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { Chips } from "../components/listing";
import { getDb } from "../db.server";
import { loadRegions } from "../domain/organizations/regions.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { searchDirectory } from "../domain/suppliers/directory.server";
import { jakartaDate } from "../domain/suppliers/listing-data";
import { DirectoryFilterSchema } from "../domain/suppliers/schemas";
import { defineLoader } from "../http/action.server";
import type { MessageKey } from "../i18n/i18n";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("directory.title");

export const loader = defineLoader(async ({ request }) => {
  const url = new URL(request.url);
  const filter = DirectoryFilterSchema.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  const db = getDb();
  const { provinces } = await loadRegions();
  const results = await searchDirectory(db, filter, jakartaDate(now()));
  return {
    filter,
    results,
    capabilities: await listCapabilities(db),
    provinces: provinces.map((p) => ({ value: p.code, label: p.name })),
  };
});

export default function DirectoryPage() {
  const { filter, results, capabilities, provinces } = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  const options = capabilityOptions(capabilities, locale);
  const label = (kind: keyof typeof options, code: string) => options[kind].find((o) => o.value === code)?.label ?? code;
  const provinceName = (code: string) => provinces.find((p) => p.value === code)?.label ?? code;
  const select = (name: keyof typeof filter, text: string, list: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`f-${name}`}>{text}</label>
      <select id={`f-${name}`} name={name} defaultValue={filter[name] === undefined ? "" : String(filter[name])}>
        <option value="">{t("directory.any")}</option>
        {list.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section className="stack">
      <h1>{t("directory.title")}</h1>
      <p className="hint">{t("directory.intro")}</p>
      <Form method="get" className="filters card" aria-label={t("directory.filter")}>
        {select("process", t("listing.process"), options.process)}
        {select("material", t("listing.material"), options.material)}
        {select("certificate", t("directory.validCertificate"), options.certificate)}
        {select("province", t("field.province"), provinces)}
        {select("cluster", t("listing.cluster"), options.cluster)}
        <div className="field">
          <label htmlFor="f-minTkdn">{t("directory.minTkdn")}</label>
          <input id="f-minTkdn" name="minTkdn" type="number" min={0} max={100} inputMode="numeric" defaultValue={filter.minTkdn ?? ""} />
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
      <p role="status">{t("directory.count", { count: results.length })}</p>
      <ul className="supplier-list">
        {results.map((r) => {
          const headline = locale === "en" && r.data.headlineEn ? r.data.headlineEn : r.data.headlineId;
          return (
            <li key={r.slug} className="card" data-testid="supplier-card">
              <h2>
                <Link to={`/suppliers/${r.slug}`}>{r.legalName}</Link>
              </h2>
              <p className="hint">
                {t(`orgKind.${r.kind}` as MessageKey)} · {r.data.clusterCode ? label("cluster", r.data.clusterCode) : "—"} · {provinceName(r.data.provinceCode)}
                {r.data.tkdn ? ` · TKDN ${r.data.tkdn.percent}%` : ""}
              </p>
              <p>{headline}</p>
              <Chips items={r.data.processes.map((c) => label("process", c))} />
              {r.validCertificates.length > 0 ? (
                <p className="hint">
                  {t("directory.certificates")}: {r.validCertificates.map((c) => label("certificate", c)).join(", ")}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {results.length === 0 ? <p className="empty">{t("directory.empty")}</p> : null}
    </section>
  );
}
