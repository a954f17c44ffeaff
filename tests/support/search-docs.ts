import type { SupplierDoc } from "../../search/types";

/** A supplier document with empty defaults (an IKM in Klaten), for the search engine tests. */
export function supplierDoc(id: string, fields: Partial<SupplierDoc> & Pick<SupplierDoc, "name">): SupplierDoc {
  return {
    id,
    slug: `s-${id}`,
    kind: "supplier",
    headline: "",
    description: "",
    products: [],
    processes: [],
    materials: [],
    processLabels: [],
    materialLabels: [],
    certificates: [],
    certificateValidUntil: {},
    tkdnPercent: null,
    capacityPcsPerMonth: 0,
    capacityTonPerMonth: 0,
    provinceCode: "33",
    provinceName: "JAWA TENGAH",
    regencyName: "KABUPATEN KLATEN",
    clusterCode: "",
    clusterLabel: "",
    memberNames: [],
    qualityScore: null,
    ...fields,
  };
}
