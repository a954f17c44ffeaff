import { analyzeToText } from "../../../search/analysis";
import { compileMatcher, planQuery, type QueryPlan } from "../../../search/query";
import { STANDARD_TERMS } from "../../../search/standards";
import type { SupplierDoc, SupplierFilters } from "../../../search/types";
import type { Capability } from "../suppliers/capability-options";
import { explain, type Reason, type Requirement } from "./explain";

// Why a directory result matched: the directory's search read as a requirement — the processes, materials and
// standards its words name (by the same analysis and synonyms the search uses) and its filters — explained by
// the explainer RFQ matching uses (explain.ts), so a result says "Bubut CNC ✓ · ISO 9001 berlaku s.d. … ✓ ·
// sama provinsi: Jawa Tengah" in the same words as a match list does.

/** Whether the plan's words name this text (a taxonomy label, a standard's names). */
function names(plan: QueryPlan, texts: readonly string[]): boolean {
  if (plan.groups.length === 0) return false;
  return compileMatcher(plan, { terms: false })({ fields: [{ text: analyzeToText(texts), weight: 1 }] }).groupsMatched > 0;
}

/** The requirement a directory search states: what its words name, and its filters. */
export function directoryRequirement(q: string, filters: SupplierFilters, capabilities: readonly Pick<Capability, "kind" | "code" | "label_id" | "label_en">[], validOn: string): Requirement {
  const plan = planQuery(q);
  const named = (kind: string) =>
    capabilities.filter((c) => c.kind === kind && names(plan, [c.label_id, c.label_en])).map((c) => c.code);
  const withFilter = (codes: string[], filter: string | undefined) => [...new Set([...(filter ? [filter] : []), ...codes])];
  const standards = Object.entries(STANDARD_TERMS)
    .filter(([, s]) => names(plan, s.terms))
    .map(([code]) => code);
  return {
    processes: withFilter(named("process"), filters.process),
    materials: withFilter(named("material"), filters.material),
    requiredCertificates: withFilter(standards, filters.certificate),
    minTkdnPercent: filters.minTkdn ?? null,
    quantity: filters.minCapacity ?? 0,
    validOn,
    provinceCode: filters.province ?? "",
    clusterCode: filters.cluster ?? null,
  };
}

/**
 * A result's reasons: what the search asks for that the listing has or lacks (processes, materials, standards,
 * TKDN, capacity), its place, its quality record. The region reason only when the search names a place.
 */
export function directoryReasons(doc: SupplierDoc, need: Requirement): Reason[] {
  return explain(doc, need).reasons.filter((r) => r.kind !== "region" || r.same !== null);
}
