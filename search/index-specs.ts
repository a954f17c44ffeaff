import {
  RFQ_FACETS,
  SUPPLIER_FACETS,
  type RfqDoc,
  type RfqFacet,
  type RfqFilters,
  type SupplierDoc,
  type SupplierFacet,
  type SupplierFilters,
} from "./types";
import { standardTerms } from "./standards";

// What each index holds, the same for both engines: the searched fields in ranking order with their weights
// (bm25 column weights in FTS5, the searchableAttributes order in Meilisearch), the facets, and how the
// filters of search/types.ts translate into "facet = value" and "attribute ≥ minimum" conditions.

export interface FieldSpec<D> {
  /** The FTS5 column and, prefixed with "search.", the Meilisearch attribute of the analysed text. */
  name: string;
  weight: number;
  values(doc: D): string[];
}

export type NumericAttribute = "tkdnPercent" | "capacityPcsPerMonth";

export interface FilterClauses<Facet extends string> {
  equals: { facet: Facet; value: string }[];
  atLeast: { attribute: NumericAttribute; min: number }[];
}

export interface IndexSpec<D extends { id: string }, F, Facet extends string> {
  entity: "supplier" | "rfq";
  fields: FieldSpec<D>[];
  facets: readonly Facet[];
  facetValues(doc: D, facet: Facet): string[];
  filterClauses(filters: F | undefined): FilterClauses<Facet>;
  /** The empty-query order (ascending). */
  sortKey(doc: D): string;
  /** The Meilisearch sortable attribute that gives the same order. */
  sortAttribute: string;
  /** The numeric attributes filters compare (Meilisearch filterableAttributes besides the facets). */
  numericFilters: readonly NumericAttribute[];
  tkdnPercent(doc: D): number | null;
  capacityPcs(doc: D): number;
}

/** "KABUPATEN KLATEN" → "KLATEN", "KOTA TEGAL" → "TEGAL": the administrative word is not what people search. */
export function placeName(regency: string): string {
  return regency.replace(/^(kabupaten|kab\.?|kota)\s+/i, "");
}

const list = (value: string | null | undefined): string[] => (value ? [value] : []);
const positive = (n: number | undefined): n is number => typeof n === "number" && Number.isFinite(n) && n > 0;

export const SUPPLIER_INDEX: IndexSpec<SupplierDoc, SupplierFilters, SupplierFacet> = {
  entity: "supplier",
  // name > products > processes/materials > headline > description > members, then where it is (so "bubut
  // Tegal" or "pengecoran Klaten" finds the shops there).
  fields: [
    { name: "name", weight: 10, values: (d) => [d.name] },
    { name: "products", weight: 8, values: (d) => d.products },
    { name: "processes", weight: 5, values: (d) => d.processLabels },
    { name: "materials", weight: 5, values: (d) => d.materialLabels },
    { name: "headline", weight: 3, values: (d) => [d.headline] },
    // The description, then the valid certificates as words ("ISO 9001", "manajemen mutu", search/standards.ts).
    { name: "description", weight: 2, values: (d) => [d.description, ...standardTerms(d.certificates)] },
    { name: "members", weight: 1, values: (d) => d.memberNames },
    { name: "location", weight: 1, values: (d) => [placeName(d.regencyName), d.provinceName, d.clusterLabel] },
  ],
  facets: SUPPLIER_FACETS,
  facetValues(doc, facet) {
    switch (facet) {
      case "processes":
        return doc.processes;
      case "materials":
        return doc.materials;
      case "certificates":
        return doc.certificates;
      case "provinceCode":
        return list(doc.provinceCode);
      case "clusterCode":
        return list(doc.clusterCode);
    }
  },
  filterClauses(filters) {
    const clauses: FilterClauses<SupplierFacet> = { equals: [], atLeast: [] };
    if (!filters) return clauses;
    if (filters.process) clauses.equals.push({ facet: "processes", value: filters.process });
    if (filters.material) clauses.equals.push({ facet: "materials", value: filters.material });
    if (filters.certificate) clauses.equals.push({ facet: "certificates", value: filters.certificate });
    if (filters.province) clauses.equals.push({ facet: "provinceCode", value: filters.province });
    if (filters.cluster) clauses.equals.push({ facet: "clusterCode", value: filters.cluster });
    // 0 (or less) asks for nothing: a supplier without a TKDN figure is not refused for it.
    if (positive(filters.minTkdn)) clauses.atLeast.push({ attribute: "tkdnPercent", min: filters.minTkdn });
    if (positive(filters.minCapacity)) clauses.atLeast.push({ attribute: "capacityPcsPerMonth", min: filters.minCapacity });
    return clauses;
  },
  sortKey: (d) => d.name.toLowerCase(),
  sortAttribute: "name",
  numericFilters: ["tkdnPercent", "capacityPcsPerMonth"],
  tkdnPercent: (d) => d.tkdnPercent,
  capacityPcs: (d) => d.capacityPcsPerMonth,
};

export const RFQ_INDEX: IndexSpec<RfqDoc, RfqFilters, RfqFacet> = {
  entity: "rfq",
  // title > lines > processes/materials > description > buyer, then the delivery province.
  fields: [
    { name: "title", weight: 10, values: (d) => [d.title] },
    { name: "lines", weight: 8, values: (d) => d.lines },
    { name: "processes", weight: 5, values: (d) => d.processLabels },
    { name: "materials", weight: 5, values: (d) => d.materialLabels },
    // The description, then the certificates it requires as words (search/standards.ts).
    { name: "description", weight: 2, values: (d) => [d.description, ...standardTerms(d.requiredCertificates)] },
    { name: "buyer", weight: 1, values: (d) => [d.buyerName] },
    { name: "location", weight: 1, values: (d) => [d.provinceName] },
  ],
  facets: RFQ_FACETS,
  facetValues(doc, facet) {
    switch (facet) {
      case "processes":
        return doc.processes;
      case "materials":
        return doc.materials;
      case "requiredCertificates":
        return doc.requiredCertificates;
      case "provinceCode":
        return list(doc.provinceCode);
    }
  },
  filterClauses(filters) {
    const clauses: FilterClauses<RfqFacet> = { equals: [], atLeast: [] };
    if (!filters) return clauses;
    if (filters.process) clauses.equals.push({ facet: "processes", value: filters.process });
    if (filters.material) clauses.equals.push({ facet: "materials", value: filters.material });
    if (filters.certificate) clauses.equals.push({ facet: "requiredCertificates", value: filters.certificate });
    if (filters.province) clauses.equals.push({ facet: "provinceCode", value: filters.province });
    return clauses;
  },
  // Closing soonest first.
  sortKey: (d) => d.bidDeadline,
  sortAttribute: "bidDeadline",
  numericFilters: [],
  tkdnPercent: (d) => d.minTkdnPercent,
  capacityPcs: (d) => d.maxQuantity,
};

/** limit and offset as given, clamped to what an engine can serve (1–1000, offset ≥ 0). */
/**
 * A facet value as one token of the FTS5 `filters` column (db/migrations/20261123_0006_search_filters.ts), so
 * that a filter is a term of the MATCH: "f", the facet's position in the index's facets, "x", then the value
 * with every character outside [a-w y z 0-9] written as "x" and its code point in 4 base-36 digits (distinct
 * values stay distinct: "sand_casting" → "f0xsandx002ncasting"). A user's word of this shape could only find
 * documents, never hide them.
 */
export function filterToken(facetPosition: number, value: string): string {
  const encoded = [...value].map((ch) => (/[a-wyz0-9]/.test(ch) ? ch : `x${ch.codePointAt(0)!.toString(36).padStart(4, "0")}`)).join("");
  return `f${facetPosition}x${encoded}`;
}

/** Whether an indexed term is a filter token (kept out of the typo vocabulary). */
export function isFilterToken(term: string): boolean {
  return /^f\d+x/.test(term);
}

/** With "last": how many full matches are enough not to add partial ones (SearchRequest.enough), at most `cap`. */
export function enoughOf(request: { enough?: number; limit?: number; offset?: number }, cap: number): number {
  return Math.max(1, Math.min(request.enough ?? Math.min(pageOf(request).limit, 10), cap));
}

export function pageOf(request: { limit?: number; offset?: number }): { limit: number; offset: number } {
  const limit = Number.isFinite(request.limit) ? Math.min(1000, Math.max(1, Math.floor(request.limit!))) : 20;
  const offset = Number.isFinite(request.offset) ? Math.min(100_000, Math.max(0, Math.floor(request.offset!))) : 0;
  return { limit, offset };
}
