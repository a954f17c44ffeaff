import type { MetaArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { useUnitLabel } from "../components/capability-labels";
import { Chips } from "../components/ui/chips";
import { ScorecardCard } from "../components/scorecard";
import { getDb } from "../db.server";
import { regionNames } from "../domain/organizations/regions.server";
import { scorecardForSlug } from "../domain/scorecards/scorecard.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { getSupplierProfile } from "../domain/suppliers/directory.server";
import { jakartaDate } from "../domain/time";
import { defineLoader } from "../http/loader.server";
import { getAuth } from "../http/auth.server";
import { useT } from "../i18n/use-t";

export const meta = ({ data }: MetaArgs<typeof loader>) => [{ title: data ? `${data.organization.legalName} · Pasok` : "Pasok" }];

export const loader = defineLoader(async ({ request, params }) => {
  const db = getDb();
  const today = jakartaDate(now());
  const profile = await getSupplierProfile(db, params.slug ?? "", today);
  const auth = await getAuth(request);
  return {
    ...profile,
    scorecard: await scorecardForSlug(db, profile.organization.slug, today),
    region: await regionNames(profile.data.provinceCode, profile.data.regencyCode),
    capabilities: await listCapabilities(db),
    signedIn: auth !== null,
  };
});

export default function SupplierPage() {
  const { organization, data, certificates, members, combined, region, capabilities, signedIn, approvedAt, scorecard } = useLoaderData<typeof loader>();
  const { t, locale, number, date } = useT();
  const unit = useUnitLabel();
  const options = capabilityOptions(capabilities, locale);
  const label = (kind: keyof typeof options, code: string) => options[kind].find((o) => o.value === code)?.label ?? code;
  const headline = locale === "en" && data.headlineEn ? data.headlineEn : data.headlineId;
  const description = locale === "en" && data.descriptionEn ? data.descriptionEn : data.descriptionId;

  return (
    <section className="stack">
      <p>
        <Link to="/suppliers">← {t("directory.title")}</Link>
      </p>
      <h1>{organization.legalName}</h1>
      <p className="lead">{headline}</p>
      <p className="verified">✓ {approvedAt ? t("supplier.verifiedOn", { date: date(approvedAt) }) : t("supplier.verified")}</p>
      <dl className="facts">
        <dt>{t("field.orgKind")}</dt>
        <dd>{t(`orgKind.${organization.kind}` as const)}</dd>
        <dt>{t("listing.cluster")}</dt>
        <dd>{data.clusterCode ? label("cluster", data.clusterCode) : "—"}</dd>
        <dt>{t("field.address")}</dt>
        <dd>
          {organization.address}, {region.regency}, {region.province}
        </dd>
        <dt>{t("listing.workforce")}</dt>
        <dd>{data.workforce === null ? "—" : number(data.workforce)}</dd>
        <dt>{t("listing.leadTimeDays")}</dt>
        <dd>{data.leadTimeDays ?? "—"}</dd>
        <dt>{t("listing.minimumOrder")}</dt>
        <dd>{data.minimumOrder || "—"}</dd>
        {signedIn ? (
          <>
            <dt>{t("field.phone")}</dt>
            <dd>{organization.phone}</dd>
          </>
        ) : null}
      </dl>
      {description ? <p className="prose">{description}</p> : null}
      {scorecard ? <ScorecardCard scorecard={scorecard} /> : null}

      <h2>{t("listing.processes")}</h2>
      <Chips items={data.processes.map((c) => label("process", c))} />
      <h2>{t("listing.materials")}</h2>
      <Chips items={data.materials.map((c) => label("material", c))} />
      {data.keyMachines ? (
        <>
          <h2>{t("listing.keyMachines")}</h2>
          <p className="prose">{data.keyMachines}</p>
        </>
      ) : null}

      <h2>{t("listing.capacities")}</h2>
      <ul className="history">
        {data.capacities.map((c, i) => (
          <li key={i}>
            {c.subject}: <strong>{t("supplier.perMonth", { quantity: number(c.quantity), unit: unit(c.unit) })}</strong>
          </li>
        ))}
      </ul>

      {data.products.length > 0 ? (
        <>
          <h2>{t("listing.products")}</h2>
          <ul className="product-grid">
            {data.products.map((p, i) => (
              <li key={i} className="card">
                {p.photoFileId ? <img src={`/files/${p.photoFileId}`} alt={p.name} loading="lazy" /> : null}
                <strong>{p.name}</strong>
                <span className="hint">
                  {[p.materialCode ? label("material", p.materialCode) : null, p.processCode ? label("process", p.processCode) : null]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t("listing.certificates")}</h2>
      {certificates.length === 0 ? <p className="empty">—</p> : null}
      <ul className="history">
        {certificates.map((c, i) => (
          <li key={i} className={c.state === "expired" ? "expired" : undefined} data-state={c.state}>
            <strong>{label("certificate", c.typeCode)}</strong> · {c.number} · {c.issuer} · {t("supplier.validRange", { from: date(c.validFrom), until: date(c.validUntil) })}{" "}
            <span className={`status cert-${c.state}`}>{t(`certState.${c.state}` as const)}</span>
            {signedIn && c.fileId ? (
              <>
                {" "}
                · <a href={`/files/${c.fileId}`}>{t("listing.document")}</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>

      <h2>TKDN</h2>
      {data.tkdn ? (
        <p>
          <span className="stat">{data.tkdn.percent}%</span> · {data.tkdn.number} · {data.tkdn.verifier} · {date(data.tkdn.issuedOn)}
          {signedIn && data.tkdn.fileId ? (
            <>
              {" "}
              · <a href={`/files/${data.tkdn.fileId}`}>{t("listing.document")}</a>
            </>
          ) : null}
        </p>
      ) : (
        <p className="empty">{t("supplier.noTkdn")}</p>
      )}

      {combined ? (
        <>
          <h2>{t("supplier.members", { count: combined.memberCount })}</h2>
          <ul className="stat-grid">
            <li>
              <span className="stat">{combined.memberCount}</span>
              <span>{t("supplier.memberIkm")}</span>
            </li>
            <li>
              <span className="stat">{number(combined.workforce)}</span>
              <span>{t("supplier.combinedWorkforce")}</span>
            </li>
            {combined.capacities.map((c) => (
              <li key={c.unit}>
                <span className="stat">{number(c.quantity)}</span>
                <span>{t("supplier.combinedCapacity", { unit: unit(c.unit) })}</span>
              </li>
            ))}
          </ul>
          <h3>{t("supplier.combinedCapabilities")}</h3>
          <Chips items={combined.processes.map((c) => label("process", c))} />
          <Chips items={combined.materials.map((c) => label("material", c))} />
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("field.legalName")}</th>
                  <th>{t("listing.processes")}</th>
                  <th>{t("listing.capacities")}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.slug}>
                    <td>{m.listed ? <Link to={`/suppliers/${m.slug}`}>{m.legalName}</Link> : m.legalName}</td>
                    <td>{m.processes.map((c) => label("process", c)).join(", ") || "—"}</td>
                    <td>{m.capacities.map((c) => `${c.subject}: ${number(c.quantity)} ${unit(c.unit)}`).join("; ") || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
