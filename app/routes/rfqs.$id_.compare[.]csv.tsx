import { now } from "../clock.server";
import { getDb } from "../db.server";
import { buildComparison, comparisonCsv } from "../domain/rfqs/comparison.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { defineResourceLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { translate, type MessageKey } from "../i18n/i18n";
import { idParam } from "../http/params.server";

const COLUMNS = {
  line: "compare.csv.line",
  partName: "rfq.partName",
  partNumber: "rfq.partNumber",
  quantityRequested: "compare.csv.quantityRequested",
  supplier: "compare.csv.supplier",
  quantityBid: "bid.quantity",
  unitPrice: "bid.unitPrice",
  amount: "compare.csv.amount",
  lowest: "compare.lowest",
  leadTime: "bid.leadTimeDays",
  tkdn: "compare.csv.tkdn",
  certificates: "compare.certificates",
  bidTotal: "bid.total",
  outdated: "compare.csv.outdated",
  awarded: "compare.csv.awarded",
  coverage: "compare.csv.coverage",
  wholeNeed: "compare.wholeNeed",
  yes: "compare.csv.yes",
} satisfies Record<string, MessageKey>;

// The comparison as CSV: the same rules as the matrix (the buyer only, after the deadline).
export const loader = defineResourceLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const comparison = await buildComparison(getDb(), { rfqId: idParam(params, "id"), buyerId: auth.organization.id, now: now() });
  const labels = Object.fromEntries(Object.entries(COLUMNS).map(([k, key]) => [k, translate(auth.user.locale, key)]));
  // Certificates by their names in the buyer's language, not their internal codes.
  const certificates = new Map(capabilityOptions(await listCapabilities(getDb()), auth.user.locale).certificate.map((o) => [o.value, o.label]));
  const csv = comparisonCsv(comparison, labels, (code) => certificates.get(code) ?? code);
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="rfq-${comparison.rfq.id}-perbandingan.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
});
