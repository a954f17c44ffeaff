import type { QuantityUnit } from "../../../db/schema";
import { clustersInRegency, type Capability } from "./capability-options";
// The content of a listing version, stored as one JSON snapshot per version. Pure: used by the editor, the
// admin's side-by-side diff and the public page alike.

export const CAPACITY_UNITS = ["pcs", "set", "kg", "ton"] as const satisfies readonly QuantityUnit[];
export type CapacityUnit = (typeof CAPACITY_UNITS)[number];

export interface ListingProduct {
  name: string;
  materialCode: string | null;
  processCode: string | null;
  photoFileId: number | null;
  /** The product's TKDN and BMP (issue 18); absent in older versions. */
  tkdn?: ProductTkdn | null;
}
/** TKDN is certified per product: a verifier's certificate, or a small industry's self-declaration (Permenperin 35/2025). */
export interface ProductTkdn {
  percent: number;
  /** Nilai manfaat perusahaan (BMP), at most 15 %; null when not assessed. */
  bmpPercent: number | null;
  selfDeclared: boolean;
  number: string;
  verifier: string;
  issuedOn: string;
  validUntil: string;
  fileId: number | null;
}

/** A self-declaration counts for five years from its date (Permenperin 35/2025). */
export const SELF_DECLARED_YEARS = 5;

/** The product's TKDN while it counts on `today` ("YYYY-MM-DD"), else null (none, or expired). */
export function validProductTkdn(product: Pick<ListingProduct, "tkdn">, today: string): ProductTkdn | null {
  const tkdn = product.tkdn;
  return tkdn && tkdn.validUntil >= today ? tkdn : null;
}
export interface ListingCapacity {
  subject: string;
  quantity: number;
  unit: CapacityUnit;
}
export interface ListingCertificate {
  typeCode: string;
  number: string;
  issuer: string;
  validFrom: string;
  validUntil: string;
  fileId: number | null;
}
export interface ListingTkdn {
  percent: number;
  number: string;
  verifier: string;
  issuedOn: string;
  fileId: number | null;
}

export interface ListingData {
  headlineId: string;
  headlineEn: string;
  descriptionId: string;
  descriptionEn: string;
  processes: string[];
  materials: string[];
  products: ListingProduct[];
  capacities: ListingCapacity[];
  workforce: number | null;
  keyMachines: string;
  minimumOrder: string;
  leadTimeDays: number | null;
  /** A listed cluster's code, or "" (none, or one of the IKM's own naming). */
  clusterCode: string;
  /** A cluster the IKM named that is not listed yet (a proposal an admin decides); absent in older versions. */
  clusterName?: string;
  provinceCode: string;
  regencyCode: string;
  certificates: ListingCertificate[];
  tkdn: ListingTkdn | null;
}

export function emptyListingData(region: { provinceCode: string; regencyCode: string }): ListingData {
  return {
    headlineId: "",
    headlineEn: "",
    descriptionId: "",
    descriptionEn: "",
    processes: [],
    materials: [],
    products: [],
    capacities: [],
    workforce: null,
    keyMachines: "",
    minimumOrder: "",
    leadTimeDays: null,
    clusterCode: "",
    clusterName: "",
    provinceCode: region.provinceCode,
    regencyCode: region.regencyCode,
    certificates: [],
    tkdn: null,
  };
}

/** A first listing starts from the organization's region, and from the one cluster listed there, if one is. */
export function firstListingData(region: { provinceCode: string; regencyCode: string }, capabilities: Capability[]): ListingData {
  const data = emptyListingData(region);
  const there = clustersInRegency(capabilities, region.regencyCode);
  return there.length === 1 ? { ...data, clusterCode: there[0]!.code } : data;
}

export function parseListingData(json: string): ListingData {
  return JSON.parse(json) as ListingData;
}

/** The sections an admin comments on and the diff compares, in the editor's order. */
export const LISTING_SECTIONS = [
  "headline",
  "description",
  "processes",
  "materials",
  "products",
  "capacities",
  "operations",
  "location",
  "certificates",
  "tkdn",
] as const;
export type ListingSection = (typeof LISTING_SECTIONS)[number];

/** A certificate counts only while valid: from its first to its last day (dates as YYYY-MM-DD, Jakarta). */
export function certificateState(cert: { validFrom: string; validUntil: string }, today: string): "valid" | "expired" | "future" {
  if (cert.validUntil < today) return "expired";
  if (cert.validFrom > today) return "future";
  return "valid";
}

/** Which files a version's content refers to (certificate documents, TKDN document, product photos). */
export function referencedFileIds(data: ListingData): number[] {
  const ids = [
    ...data.products.map((p) => p.photoFileId),
    ...data.products.map((p) => p.tkdn?.fileId ?? null),
    ...data.certificates.map((c) => c.fileId),
    data.tkdn?.fileId ?? null,
  ];
  return [...new Set(ids.filter((id): id is number => typeof id === "number"))];
}

type Labels = { label: (kind: "process" | "material" | "certificate" | "cluster", code: string) => string };

/** Each section as lines of text, for the admin's side-by-side comparison. */
export function describeSections(
  data: ListingData,
  { label }: Labels,
  extra: {
    region: string;
    unit: (u: CapacityUnit) => string;
    field: (f: "workforce" | "keyMachines" | "minimumOrder" | "leadTimeDays") => string;
    /** A document's name as the supplier uploaded it (the review shows names, not file ids). */
    fileName?: (id: number) => string;
    /** How a cluster the IKM named itself is marked, e.g. "usulan, belum dikonfirmasi". */
    proposedCluster?: string;
  },
) {
  const file = (id: number | null | undefined) => (id ? ` [${extra.fileName?.(id) ?? `#${id}`}]` : "");
  const lines: Record<ListingSection, string[]> = {
    headline: [`ID: ${data.headlineId}`, `EN: ${data.headlineEn}`],
    description: [`ID: ${data.descriptionId}`, `EN: ${data.descriptionEn}`],
    processes: data.processes.map((c) => label("process", c)),
    materials: data.materials.map((c) => label("material", c)),
    products: data.products.map(
      (p) =>
        `${p.name} — ${p.materialCode ? label("material", p.materialCode) : "-"} / ${p.processCode ? label("process", p.processCode) : "-"}${file(p.photoFileId)}${
          p.tkdn
            ? ` · TKDN ${p.tkdn.percent}%${p.tkdn.bmpPercent !== null ? ` + BMP ${p.tkdn.bmpPercent}%` : ""} (${p.tkdn.selfDeclared ? "self-declared" : `${p.tkdn.number}, ${p.tkdn.verifier}`}) ${p.tkdn.issuedOn} → ${p.tkdn.validUntil}${file(p.tkdn.fileId)}`
            : ""
        }`,
    ),
    capacities: data.capacities.map((c) => `${c.subject}: ${c.quantity} ${extra.unit(c.unit)}`),
    operations: [
      `${extra.field("workforce")}: ${data.workforce ?? "-"}`,
      `${extra.field("keyMachines")}: ${data.keyMachines || "-"}`,
      `${extra.field("minimumOrder")}: ${data.minimumOrder || "-"}`,
      `${extra.field("leadTimeDays")}: ${data.leadTimeDays ?? "-"}`,
    ],
    location: [data.clusterCode ? label("cluster", data.clusterCode) : data.clusterName ? `${data.clusterName} (${extra.proposedCluster ?? "?"})` : "-", extra.region],
    certificates: data.certificates.map(
      (c) => `${label("certificate", c.typeCode)} ${c.number} (${c.issuer}) ${c.validFrom} → ${c.validUntil}${file(c.fileId)}`,
    ),
    tkdn: data.tkdn ? [`${data.tkdn.percent}% — ${data.tkdn.number} (${data.tkdn.verifier}) ${data.tkdn.issuedOn}${file(data.tkdn.fileId)}`] : [],
  };
  return lines;
}
