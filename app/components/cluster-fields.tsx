import type { FieldMetadata } from "@conform-to/react";
import { useEffect, useRef, useState } from "react";
import { REGIONS } from "../domain/organizations/regions";
import { clustersInRegency, type Capability } from "../domain/suppliers/capability-options";
import { OTHER_CLUSTER } from "../domain/suppliers/cluster-proposal-states";
import { useT } from "../i18n/use-t";
import { FieldErrors, TextField, controlProps, useHydrated } from "./form-fields";

/**
 * The listing's cluster (sentra): optional, suggested from the regency chosen above it, or a cluster of the
 * IKM's own naming that an admin then confirms. Without JavaScript the name field is always there and the
 * suggestion is the one for the regency the page was loaded with; with it, the suggestion follows the
 * regency select, fills an untouched cluster select, and the name field shows only for "another cluster".
 */
export function ClusterFields({
  cluster,
  name,
  regency,
  capabilities,
  options,
  proposal,
}: {
  cluster: FieldMetadata<string | undefined>;
  name: FieldMetadata<string | undefined>;
  regency: FieldMetadata<string | undefined>;
  capabilities: Capability[];
  options: { value: string; label: string }[];
  proposal: { name: string; status: string; decision_reason: string | null } | null;
}) {
  const { t } = useT();
  const hydrated = useHydrated();
  const { key, errors, ...props } = controlProps(cluster);
  const regencyId = regency.id;
  const [regencyCode, setRegencyCode] = useState(typeof regency.initialValue === "string" ? regency.initialValue : "");
  const [choice, setChoice] = useState(props.defaultValue ?? "");
  const touched = useRef(Boolean(props.defaultValue));
  const select = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    const element = document.getElementById(regencyId) as HTMLSelectElement | null;
    if (!element) return;
    const follow = () => setRegencyCode(element.value);
    element.addEventListener("change", follow);
    return () => element.removeEventListener("change", follow);
  }, [regencyId]);

  const suggested = clustersInRegency(capabilities, regencyCode);
  const onlySuggestion = suggested.length === 1 ? suggested[0]!.code : "";
  useEffect(() => {
    // An untouched cluster select takes the one cluster listed in the chosen regency.
    if (touched.current || !select.current || !onlySuggestion) return;
    select.current.value = onlySuggestion;
    setChoice(onlySuggestion);
  }, [onlySuggestion]);

  const regencyName = REGIONS.regencies.find((r) => r.code === regencyCode)?.name;
  const labelOf = (code: string) => options.find((o) => o.value === code)?.label ?? code;
  return (
    <>
      <div className="field">
        <label htmlFor={props.id}>{t("listing.cluster")}</label>
        <select
          {...props}
          key={key}
          ref={select}
          aria-describedby={[props["aria-describedby"], `${props.id}-hint`].filter(Boolean).join(" ")}
          onChange={(e) => {
            touched.current = true;
            setChoice(e.currentTarget.value);
          }}
        >
          <option value="">{t("listing.clusterNone")}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          <option value={OTHER_CLUSTER}>{t("listing.clusterOther")}</option>
        </select>
        <p className="hint" id={`${props.id}-hint`} data-testid="cluster-suggestion">
          {regencyName
            ? suggested.length > 0
              ? t("listing.clusterSuggested", { regency: regencyName, clusters: suggested.map((c) => labelOf(c.code)).join(", ") })
              : t("listing.clusterNoSuggestion", { regency: regencyName })
            : t("listing.clusterHint")}
        </p>
        <FieldErrors id={`${props.id}-error`} errors={errors} />
      </div>
      <div hidden={hydrated && choice !== OTHER_CLUSTER}>
        <TextField meta={name} label={t("listing.clusterName")} hint={t("listing.clusterNameHint")} />
      </div>
      {proposal?.status === "proposed" ? (
        <p className="notice" role="status">
          {t("listing.clusterProposalWaiting", { name: proposal.name })}
        </p>
      ) : null}
      {proposal?.status === "declined" ? (
        <p className="form-error" role="status">
          {t("listing.clusterProposalDeclined", { name: proposal.name, reason: proposal.decision_reason ?? "—" })}
        </p>
      ) : null}
    </>
  );
}
