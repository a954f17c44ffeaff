import type { Rfq, RfqLine } from "../../../db/schema";
import { formatRupiah } from "../../i18n/format";
import { dateToJakartaLocal } from "../time";

/** The editor's starting values for an RFQ and its lines, plus one spare line row to fill. */
export function rfqFormDefaults(rfq: Rfq | null, lines: RfqLine[], fallback: { provinceCode: string; regencyCode: string; address: string }) {
  const text = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
  const rows = lines.map((l) => ({
    lineId: String(l.id),
    partName: l.part_name,
    partNumber: l.part_number,
    description: l.description,
    materialCode: l.material_code ?? "",
    processCode: l.process_code ?? "",
    quantity: String(l.quantity),
    unit: l.unit,
    // As the trade writes it ("Rp 185.000"); the form reads it back either way.
    targetUnitPrice: l.target_unit_price === null ? "" : formatRupiah(l.target_unit_price),
    minTkdnPercent: l.min_tkdn_percent === null ? "" : String(l.min_tkdn_percent),
    minTkdnBmpPercent: l.min_tkdn_bmp_percent === null ? "" : String(l.min_tkdn_bmp_percent),
    tkdnRule: l.tkdn_rule,
  }));
  const spare: Partial<(typeof rows)[number]> = {};
  return {
    title: rfq?.title ?? "",
    description: rfq?.description ?? "",
    requiredCertificates: rfq ? (JSON.parse(rfq.required_certificates) as string[]) : [],
    minTkdnPercent: text(rfq?.min_tkdn_percent),
    deliveryProvinceCode: rfq?.delivery_province_code ?? fallback.provinceCode,
    deliveryRegencyCode: rfq?.delivery_regency_code ?? fallback.regencyCode,
    deliveryAddress: rfq?.delivery_address ?? fallback.address,
    neededBy: rfq?.needed_by ?? "",
    bidDeadline: rfq?.bid_deadline ? dateToJakartaLocal(rfq.bid_deadline) : "",
    visibility: rfq?.visibility ?? "public",
    minStageCode: rfq?.min_stage_code ?? "",
    paymentTerms: rfq?.payment_terms ?? "",
    deliveryTerms: rfq?.delivery_terms ?? "",
    amendNote: "",
    lines: [...rows, spare],
  };
}
export type RfqFormDefaults = ReturnType<typeof rfqFormDefaults>;
