import type { MessageKey } from "../../i18n/i18n";
import { OTHER_CLUSTER } from "./cluster-proposal-states";
import type { ListingData } from "./listing-data";

// The listing editor's starting values and field labels, from a version's content (as rfq-form.ts is for
// the RFQ editor). Pure: used by the page and its tests alike.

/** The editor's starting values for a listing version, plus one spare row per list to fill. */
export function listingFormDefaults(d: ListingData) {
  const text = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
  return {
    headlineId: d.headlineId,
    headlineEn: d.headlineEn,
    descriptionId: d.descriptionId,
    descriptionEn: d.descriptionEn,
    processes: d.processes,
    materials: d.materials,
    products: [
      ...d.products.map((p) => ({
        name: p.name,
        materialCode: p.materialCode ?? "",
        processCode: p.processCode ?? "",
        photoFileId: text(p.photoFileId),
        tkdnPercent: text(p.tkdn?.percent),
        bmpPercent: text(p.tkdn?.bmpPercent),
        tkdnSelfDeclared: p.tkdn?.selfDeclared ? "on" : "",
        tkdnNumber: p.tkdn?.number ?? "",
        tkdnVerifier: p.tkdn?.verifier ?? "",
        tkdnIssuedOn: p.tkdn?.issuedOn ?? "",
        tkdnValidUntil: p.tkdn && !p.tkdn.selfDeclared ? p.tkdn.validUntil : "",
        tkdnFileId: text(p.tkdn?.fileId),
      })),
      {},
    ],
    capacities: [...d.capacities.map((c) => ({ subject: c.subject, quantity: String(c.quantity), unit: c.unit })), {}],
    workforce: text(d.workforce),
    keyMachines: d.keyMachines,
    minimumOrder: d.minimumOrder,
    leadTimeDays: text(d.leadTimeDays),
    clusterCode: d.clusterCode || (d.clusterName ? OTHER_CLUSTER : ""),
    clusterName: d.clusterName ?? "",
    provinceCode: d.provinceCode,
    regencyCode: d.regencyCode,
    certificates: [
      ...d.certificates.map((c) => ({
        typeCode: c.typeCode,
        number: c.number,
        issuer: c.issuer,
        validFrom: c.validFrom,
        validUntil: c.validUntil,
        fileId: text(c.fileId),
      })),
      {},
    ],
    tkdnPercent: text(d.tkdn?.percent),
    tkdnNumber: d.tkdn?.number ?? "",
    tkdnVerifier: d.tkdn?.verifier ?? "",
    tkdnIssuedOn: d.tkdn?.issuedOn ?? "",
    tkdnFileId: text(d.tkdn?.fileId),
  };
}

/** The label of each top-level field, for the summary of what must be fixed. */
export const LISTING_FIELD_LABELS: Record<string, MessageKey> = {
  headlineId: "listing.headlineId",
  headlineEn: "listing.headlineEn",
  descriptionId: "listing.descriptionId",
  descriptionEn: "listing.descriptionEn",
  processes: "listing.processes",
  materials: "listing.materials",
  products: "listing.products",
  capacities: "listing.capacities",
  workforce: "listing.workforce",
  keyMachines: "listing.keyMachines",
  minimumOrder: "listing.minimumOrder",
  leadTimeDays: "listing.leadTimeDays",
  clusterCode: "listing.cluster",
  clusterName: "listing.clusterName",
  provinceCode: "field.province",
  regencyCode: "field.regency",
  certificates: "listing.certificates",
  tkdnPercent: "listing.tkdnPercent",
  tkdnNumber: "listing.tkdnNumber",
  tkdnVerifier: "listing.tkdnVerifier",
  tkdnIssuedOn: "listing.tkdnIssuedOn",
  tkdnFile: "listing.tkdnDocument",
};
