// The one search interface of Pasok. The app talks to `SearchEngine` only; two engines implement it: SQLite
// FTS5 in the app's own database (the embedded default) and Meilisearch (when MEILISEARCH_URL is set).
// Documents are built from the database by search/documents.server.ts and kept fresh by the outbox indexer.

/** An approved supplier listing (IKM or cooperative) as the index holds it. */
export interface SupplierDoc {
  /** The organization id, as text. */
  id: string;
  slug: string;
  kind: "supplier" | "cooperative";
  name: string;
  headline: string;
  /** Indonesian and English descriptions together. */
  description: string;
  products: string[];
  /** Taxonomy codes (facets and filters) … */
  processes: string[];
  materials: string[];
  /** … and their labels in both languages (searched). */
  processLabels: string[];
  materialLabels: string[];
  /** Certificate codes valid on the day the document was built (the daily job re-indexes on expiry). */
  certificates: string[];
  /** Every certificate's last valid day, by code (for "valid on the needed-by date" in matching). */
  certificateValidUntil: Record<string, string>;
  tkdnPercent: number | null;
  /** Monthly capacity in pieces (sets counted as pieces), summed over the listing's capacity rows. */
  capacityPcsPerMonth: number;
  /** Monthly capacity in tonnes (kg counted /1000). */
  capacityTonPerMonth: number;
  provinceCode: string;
  provinceName: string;
  regencyName: string;
  clusterCode: string;
  clusterLabel: string;
  /** A cooperative's active members (names and their products), searched with it. */
  memberNames: string[];
  /** 0–100, the supplier's first-pass quality when it has one (soft ranking); null otherwise. */
  qualityScore: number | null;
}

/** An open, public RFQ as the index holds it. */
export interface RfqDoc {
  id: string;
  title: string;
  description: string;
  buyerName: string;
  /** Part names, numbers and specifications of its lines. */
  lines: string[];
  processes: string[];
  materials: string[];
  processLabels: string[];
  materialLabels: string[];
  requiredCertificates: string[];
  minTkdnPercent: number | null;
  /** The largest line quantity (pieces) — what a supplier's monthly capacity is compared with. */
  maxQuantity: number;
  provinceCode: string;
  provinceName: string;
  /** UTC timestamp. */
  bidDeadline: string;
  neededBy: string | null;
}

export interface SupplierFilters {
  process?: string;
  material?: string;
  /** A certificate code valid today. */
  certificate?: string;
  province?: string;
  cluster?: string;
  minTkdn?: number;
  /** Pieces per month. */
  minCapacity?: number;
}

export interface RfqFilters {
  process?: string;
  material?: string;
  certificate?: string;
  province?: string;
}

export const SUPPLIER_FACETS = ["processes", "materials", "certificates", "provinceCode", "clusterCode"] as const;
export type SupplierFacet = (typeof SUPPLIER_FACETS)[number];
export const RFQ_FACETS = ["processes", "materials", "requiredCertificates", "provinceCode"] as const;
export type RfqFacet = (typeof RFQ_FACETS)[number];

export interface SearchRequest<F> {
  /** What the user typed, in either language, possibly with typos; empty = everything (filters still apply). */
  q: string;
  /**
   * "all" (the default): every word (or a synonym of it) must match. "last" (for people searching): every word
   * while that gives at least `enough` results; otherwise partial matches too, ranked strictly after the full
   * ones — by how many words they match, then how rare those words are — each hit saying which words it lacks
   * (`missing`); as Meilisearch's "last", down to one word (a query that is one phrase counts its words). Words
   * buyers put around what they want ("jasa", "cari", "supplier", search/analysis.ts QUERY_FILLER) are not
   * searched when there are others. "any": a document matching any word is a
   * candidate, ranked by how much matches (for matching an RFQ to suppliers).
   */
  mode?: "all" | "any" | "last";
  /** With "last": how many full matches are enough not to add partial ones (default: the page size, at most 10). */
  enough?: number;
  filters?: F;
  limit?: number;
  offset?: number;
  /** Count facet values over the whole result (not only this page). */
  facets?: boolean;
}

export interface SearchHit<D> {
  doc: D;
  /** Higher is better; comparable within one result only. */
  score: number;
  /** Which query terms (after synonyms and stemming) matched, for explanations. */
  matchedTerms: string[];
  /** A partial match ("last"): the query's words it lacks, as typed; empty for a full match. */
  missing: string[];
}

export interface SearchResult<D, Facet extends string> {
  hits: SearchHit<D>[];
  /** How many documents match; a lower bound when `exhaustive` is false. */
  total: number;
  /**
   * true: every match was ranked and counted, so `total` and the facet counts are exact. false: more matched
   * than the engine ranks for one search (FTS5: the best candidates it reads, see search/fts5-engine.server.ts;
   * Meilisearch: its maxTotalHits); `total` is then "at least", and the facets count the ranked candidates.
   */
  exhaustive: boolean;
  facets: Partial<Record<Facet, Record<string, number>>>;
}

export interface SearchEngine {
  readonly name: "fts5" | "postgres" | "meilisearch";
  /** Creates the index / applies searchable, filterable and sortable attributes, synonyms, typo tolerance. */
  applySettings(): Promise<void>;
  upsertSuppliers(docs: SupplierDoc[]): Promise<void>;
  deleteSuppliers(ids: string[]): Promise<void>;
  upsertRfqs(docs: RfqDoc[]): Promise<void>;
  deleteRfqs(ids: string[]): Promise<void>;
  /** Empties both indexes (reindex starts from nothing). */
  clear(): Promise<void>;
  searchSuppliers(request: SearchRequest<SupplierFilters>): Promise<SearchResult<SupplierDoc, SupplierFacet>>;
  searchRfqs(request: SearchRequest<RfqFilters>): Promise<SearchResult<RfqDoc, RfqFacet>>;
}
