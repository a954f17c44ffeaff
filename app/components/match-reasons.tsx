import type { Reason } from "../domain/matching/explain";
import type { CapabilityOptions } from "../domain/suppliers/capability-options";
import { useT } from "../i18n/use-t";
import { formatPercent } from "../i18n/format";

/**
 * Why a match fits, one short reason per requirement: "Pengecoran sentrifugal ✓ · FC250 ✓ · ISO 9001
 * berlaku s.d. 28 Februari 2027 ✓ · kapasitas 500/bulan ≥ 200 ✓".
 */
export function MatchReasons({ reasons, options }: { reasons: Reason[]; options: CapabilityOptions }) {
  const { t, date, number, locale } = useT();
  const label = (kind: keyof CapabilityOptions, code: string) => options[kind].find((o) => o.value === code)?.label ?? code;
  const mark = (met: boolean | null) => (met === null ? "?" : met ? "✓" : "✗");
  const text = (r: Reason): string => {
    switch (r.kind) {
      case "process":
        return `${label("process", r.code)} ${mark(r.met)}`;
      case "material":
        return `${label("material", r.code)} ${mark(r.met)}`;
      case "certificate":
        return r.validUntil
          ? `${label("certificate", r.code)} ${t("match.validUntil", { date: date(r.validUntil) })} ${mark(r.met)}`
          : `${label("certificate", r.code)} ${mark(false)}`;
      case "tkdn":
        return `TKDN ${r.percent !== null ? `${number(r.percent)}%` : "—"} ≥ ${number(r.minimum)}% ${mark(r.met)}`;
      case "capacity":
        return r.met === null
          ? t("match.capacityUnknown", { needed: number(r.needed) })
          : `${t("match.capacity", { capacity: number(r.capacity), needed: number(r.needed) })} ${mark(r.met)}`;
      case "region":
        return r.same === "province" ? t("match.sameProvince", { province: r.provinceName }) : r.same === "cluster" ? t("match.sameCluster") : r.provinceName;
      case "quality":
        return t("match.quality", { percent: formatPercent(r.percent, locale) });
    }
  };
  return (
    <ul className="reasons" data-testid="match-reasons">
      {reasons.map((r, i) => (
        <li key={i} className={"met" in r ? (r.met === false ? "unmet" : r.met ? "met" : undefined) : undefined}>
          {text(r)}
        </li>
      ))}
    </ul>
  );
}
