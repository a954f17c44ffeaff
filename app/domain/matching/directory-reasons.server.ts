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

/**
 * The codes of one kind of capability the query names: those whose label the query matches (with the search's
 * synonyms) on a word of its own — a word in no other label of the kind: "sentrifugal", "FC250", "bubut";
 * "cor" or "CNC", in several labels, name none of them alone.
 */
function namedCodes(plan: QueryPlan, capabilities: readonly Pick<Capability, "code" | "label_id" | "label_en">[]): string[] {
  if (plan.groups.length === 0) return [];
  const texts = capabilities.map((c) => analyzeToText([c.label_id, c.label_en]));
  const seen = new Map<string, number>();
  for (const text of texts) for (const w of new Set(text.split(" "))) seen.set(w, (seen.get(w) ?? 0) + 1);
  const match = compileMatcher(plan);
  return capabilities
    .filter((_, i) => match({ fields: [{ text: texts[i]!, weight: 1 }] }).terms.some((term) => term.split(" ").some((w) => seen.get(w) === 1)))
    .map((c) => c.code);
}

/** The requirement a directory search states: what its words name, and its filters. */
export function directoryRequirement(q: string, filters: SupplierFilters, capabilities: readonly Pick<Capability, "kind" | "code" | "label_id" | "label_en">[], validOn: string): Requirement {
  const plan = planQuery(q);
  const named = (kind: string) => namedCodes(plan, capabilities.filter((c) => c.kind === kind));
  const withFilter = (codes: string[], filter: string | undefined) => [...new Set([...(filter ? [filter] : []), ...codes])];
  // A standard is named by one of its own names, which a query keeps as one word (search/analysis.ts).
  const said = new Set(plan.groups.flatMap((g) => g.alternatives.map((a) => a.tokens.join(" "))));
  const standards = Object.entries(STANDARD_TERMS)
    .filter(([, s]) => s.terms.some((term) => said.has(analyzeToText(term))))
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
