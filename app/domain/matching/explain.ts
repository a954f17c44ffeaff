import type { RfqDoc, SearchRequest, SupplierDoc, SupplierFilters } from "../../../search/types";

// Why a supplier fits an RFQ (and an RFQ a supplier): one reason per requirement, met or not. Pure, shared by
// the buyer's match list and the supplier's feed. The page renders each reason in the reader's language.

export type Reason =
  | { kind: "process"; code: string; met: boolean }
  | { kind: "material"; code: string; met: boolean }
  | { kind: "certificate"; code: string; met: boolean; validUntil: string | null }
  | { kind: "tkdn"; met: boolean; percent: number | null; minimum: number }
  | { kind: "capacity"; met: boolean | null; capacity: number; needed: number }
  | { kind: "region"; same: "province" | "cluster" | null; provinceName: string }
  | { kind: "quality"; percent: number };

export interface Requirement {
  processes: string[];
  materials: string[];
  requiredCertificates: string[];
  minTkdnPercent: number | null;
  /** Pieces per month the supplier must be able to make. */
  quantity: number;
  /** The certificates must still be valid on this date ("YYYY-MM-DD"). */
  validOn: string;
  provinceCode: string;
  clusterCode?: string | null;
}

export function requirementOf(rfq: RfqDoc, validOn: string): Requirement {
  return {
    processes: rfq.processes,
    materials: rfq.materials,
    requiredCertificates: rfq.requiredCertificates,
    minTkdnPercent: rfq.minTkdnPercent,
    quantity: rfq.maxQuantity,
    validOn,
    provinceCode: rfq.provinceCode,
  };
}

/**
 * The reasons for one supplier, and whether it passes the hard filters: every required certificate valid on
 * the date, TKDN at least the minimum, and a monthly capacity in pieces at least the quantity (a supplier that
 * states its capacity only in tonnes is not refused for it: the reason says it could not be compared).
 */
export function explain(supplier: SupplierDoc, need: Requirement): { reasons: Reason[]; eligible: boolean } {
  const reasons: Reason[] = [];
  for (const code of need.processes) reasons.push({ kind: "process", code, met: supplier.processes.includes(code) });
  for (const code of need.materials) reasons.push({ kind: "material", code, met: supplier.materials.includes(code) });
  let eligible = true;
  for (const code of need.requiredCertificates) {
    const validUntil = supplier.certificateValidUntil[code] ?? null;
    const met = validUntil !== null && validUntil >= need.validOn && supplier.certificates.includes(code);
    if (!met) eligible = false;
    reasons.push({ kind: "certificate", code, met, validUntil });
  }
  if (need.minTkdnPercent !== null && need.minTkdnPercent > 0) {
    const met = (supplier.tkdnPercent ?? 0) >= need.minTkdnPercent;
    if (!met) eligible = false;
    reasons.push({ kind: "tkdn", met, percent: supplier.tkdnPercent, minimum: need.minTkdnPercent });
  }
  if (need.quantity > 0) {
    const capacity = supplier.capacityPcsPerMonth;
    const met = capacity > 0 ? capacity >= need.quantity : null;
    if (met === false) eligible = false;
    reasons.push({ kind: "capacity", met, capacity, needed: need.quantity });
  }
  const same = supplier.provinceCode === need.provinceCode ? "province" : need.clusterCode && supplier.clusterCode === need.clusterCode ? "cluster" : null;
  reasons.push({ kind: "region", same, provinceName: supplier.provinceName });
  if (supplier.qualityScore !== null) reasons.push({ kind: "quality", percent: supplier.qualityScore });
  return { reasons, eligible };
}

/**
 * The soft ranking on top of text relevance: capabilities that match, the same province, a proven quality
 * record. Text relevance is normalised to the best hit so the bonuses weigh the same in every result.
 */
export function matchScore(textScore: number, bestTextScore: number, reasons: Reason[]): number {
  const text = bestTextScore > 0 ? textScore / bestTextScore : 0;
  let score = text * 3;
  for (const r of reasons) {
    if ((r.kind === "process" || r.kind === "material") && r.met) score += 1;
    if (r.kind === "region" && r.same === "province") score += 0.5;
    if (r.kind === "region" && r.same === "cluster") score += 0.3;
    if (r.kind === "quality") score += r.percent / 100;
  }
  return score;
}

/** At most this many words of process and material names are added to the query (whole names, first first). */
const MAX_LABEL_WORDS = 12;
/** The query is at most this many words: a few OR'd groups keep the candidates to suppliers that fit. */
const MAX_QUERY_WORDS = 24;

/**
 * The words an RFQ is matched on: its title and part names (not part numbers or specifications, which match
 * nearly everyone or no one), and the names of its processes and materials when they are few.
 */
export function rfqQuery(rfq: RfqDoc): string {
  const partNames = rfq.lines.map((line) => line.split(" — ")[0] ?? "");
  const words = [rfq.title, ...partNames].join(" ").split(/\s+/).filter(Boolean);
  // Labels come in both languages (the synonyms bridge them); whole labels, first ones first, within the budget.
  let labelBudget = MAX_LABEL_WORDS;
  for (const label of new Set([...rfq.processLabels, ...rfq.materialLabels])) {
    const labelWords = label.split(/\s+/).filter(Boolean);
    if (labelWords.length > labelBudget) continue;
    labelBudget -= labelWords.length;
    words.push(...labelWords);
  }
  return words.slice(0, MAX_QUERY_WORDS).join(" ");
}

/**
 * The search that finds an RFQ's candidate suppliers (any of its words, ranked by how many match; TKDN ≥ the
 * minimum as a filter; the other hard requirements are checked by `explain` on the hits). Also what
 * `npm run bench:search` measures as matching.
 */
export function supplierSearchForRfq(rfq: RfqDoc): SearchRequest<SupplierFilters> {
  return { q: rfqQuery(rfq), mode: "any", filters: { minTkdn: rfq.minTkdnPercent ?? undefined }, limit: 200 };
}
