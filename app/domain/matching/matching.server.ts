import type { Db } from "../../../db/client";
import { getSearchEngine } from "../search/engine.server";
import { rfqDocument, supplierDocument } from "../search/documents.server";
import type { RfqDoc, SupplierDoc } from "../../../search/types";
import { DomainError } from "../errors";
import { loadOwnRfq } from "../rfqs/rfq-access.server";
import { jakartaDate } from "../time";
import { explain, matchScore, requirementOf, supplierSearchForRfq, type Reason } from "./explain";

export interface SupplierMatch {
  supplier: SupplierDoc;
  reasons: Reason[];
  score: number;
  invited: boolean;
}

/**
 * The buyer's ranked list of suppliers for one of its RFQs: candidates from the search index (any of the
 * RFQ's words, its processes and materials, in either language), the hard filters (required certificates
 * valid on the needed-by date, TKDN ≥ the minimum, monthly capacity ≥ the quantity), then the soft ranking
 * (text relevance, matching capabilities, same province, quality record). Each result explains itself.
 */
export async function matchSuppliersForRfq(db: Db, options: { rfqId: number; buyerId: number; now: Date; limit?: number }): Promise<{ rfq: RfqDoc; matches: SupplierMatch[] }> {
  const row = await loadOwnRfq(db, options.rfqId, options.buyerId, options.now);
  const rfq = await rfqDocument(db, row.id, { includeUnpublished: true });
  if (!rfq) throw new DomainError("error.rfqNotFound", 404);
  const validOn = row.needed_by ?? jakartaDate(options.now);
  const need = requirementOf(rfq, validOn);
  const result = await getSearchEngine().searchSuppliers(supplierSearchForRfq(rfq));
  const invited = new Set(
    (await db.selectFrom("rfq_invitations").select("supplier_id").where("rfq_id", "=", row.id).execute()).map((r) => String(r.supplier_id)),
  );
  const best = Math.max(0, ...result.hits.map((h) => h.score));
  const matches = result.hits
    .filter((h) => h.doc.id !== String(row.buyer_id))
    .map((h) => {
      const { reasons, eligible } = explain(h.doc, need);
      return { supplier: h.doc, reasons, eligible, score: matchScore(h.score, best, reasons), invited: invited.has(h.doc.id) };
    })
    .filter((m) => m.eligible)
    .sort((a, b) => b.score - a.score)
    .slice(0, options.limit ?? 30)
    .map(({ eligible: _eligible, ...m }) => m);
  return { rfq, matches };
}

export interface RfqMatch {
  rfq: RfqDoc;
  reasons: Reason[];
  score: number;
}

/**
 * A supplier's feed: open public RFQs that fit its listing, explained the same way — the RFQs it meets the
 * hard requirements of, ranked by how well its words and capabilities match.
 */
export async function feedForSupplier(db: Db, options: { supplierId: number; now: Date; limit?: number }): Promise<{ supplier: SupplierDoc | null; matches: RfqMatch[] }> {
  const today = jakartaDate(options.now);
  const supplier = await supplierDocument(db, options.supplierId, today);
  if (!supplier) return { supplier: null, matches: [] };
  const q = [...supplier.products, ...supplier.processLabels, ...supplier.materialLabels, supplier.headline].join(" ").slice(0, 2000);
  const result = await getSearchEngine().searchRfqs({ q, mode: "any", limit: 200 });
  const best = Math.max(0, ...result.hits.map((h) => h.score));
  const matches = result.hits
    .filter((h) => new Date(h.doc.bidDeadline) > options.now)
    .map((h) => {
      const { reasons, eligible } = explain(supplier, requirementOf(h.doc, h.doc.neededBy ?? today));
      return { rfq: h.doc, reasons, eligible, score: matchScore(h.score, best, reasons) };
    })
    .filter((m) => m.eligible)
    .sort((a, b) => b.score - a.score)
    .slice(0, options.limit ?? 30)
    .map(({ eligible: _eligible, ...m }) => m);
  return { supplier, matches };
}
