import type { DbOrTrx } from "../../../db/client";
import type { OrderStatus } from "../../../db/schema";
import { regionNames } from "../organizations/regions.server";
import type { OrderSide } from "./apply-order-event.server";
import { rupiahInWords } from "./amounts";
import { documentParties, type PurchaseOrderParty } from "./document-parties.server";
import { invoiceTax, type InvoiceTax } from "../tax/ppn";
import { taxStatusOf } from "../tax/tax-identity.server";
import type { CollectorKind } from "../../../db/schema";
import { requireOrderParty } from "./order-access.server";

// The purchase order as a document: everything the printable page and the PDF show, read once on the
// server for one of the order's two parties (anyone else gets the same 404 as for a missing order).

export type { PurchaseOrderParty };

export interface PurchaseOrderSchedule {
  sequence: number;
  /** "YYYY-MM-DD" (Jakarta). */
  dueOn: string;
  quantity: number;
}

export interface PurchaseOrderLine {
  position: number;
  partName: string;
  partNumber: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  /** quantity × unit price, whole rupiah. */
  amount: number;
  schedule: PurchaseOrderSchedule[];
}

export interface PurchaseOrderAcceptance {
  /** UTC timestamp, or null while that side has not accepted this revision. */
  at: string | null;
  /** The name of the user who accepted. */
  by: string | null;
}

export interface PurchaseOrder {
  id: number;
  number: string;
  status: OrderStatus;
  /** How many times the contract's terms were amended (0: as first agreed). */
  revision: number;
  /** Which party is reading. */
  side: OrderSide;
  /** The PO's date: when the buyer sent this revision to the supplier, else when the order was made (UTC timestamp). */
  issuedAt: string;
  rfq: { id: number; title: string };
  buyer: PurchaseOrderParty;
  supplier: PurchaseOrderParty;
  lines: PurchaseOrderLine[];
  subtotal: number;
  /** PPN in basis points (1200 = 12 %), on a DPP of dppNumerator/dppDenominator of the price. */
  ppnRateBp: number;
  dppNumerator: number;
  dppDenominator: number;
  ppnAmount: number;
  total: number;
  /** The PPN as it would be invoiced today: DPP, kode transaksi, what a collector buyer withholds. */
  tax: InvoiceTax & { supplierPkp: boolean; collector: CollectorKind };
  /** The total in words, Bahasa Indonesia ("… rupiah"), as the trade writes it on a PO in either UI language. */
  totalInWords: string;
  paymentTerms: string;
  paymentDueDays: number;
  deliveryTerms: string;
  delivery: { address: string; regency: string; province: string; neededBy: string | null };
  buyerAccepted: PurchaseOrderAcceptance;
  supplierAccepted: PurchaseOrderAcceptance;
  /** Both sides accepted the current revision: the PO is binding. */
  agreed: boolean;
}

/** The purchase order of one of the caller's orders (404 for anyone but its buyer and supplier). */
export async function getPurchaseOrder(
  db: DbOrTrx,
  options: { orderId: number; organizationId: number; actorUserId: number },
): Promise<PurchaseOrder> {
  const { order, side } = await requireOrderParty(db, options);

  const [rfq, parties, lines, schedules, acceptors, amendments] = await Promise.all([
    db.selectFrom("rfqs").select(["id", "title"]).where("id", "=", order.rfq_id).executeTakeFirstOrThrow(),
    documentParties(db, [order.buyer_id, order.supplier_id]),
    db.selectFrom("order_lines").selectAll().where("order_id", "=", order.id).orderBy("position").execute(),
    db
      .selectFrom("delivery_schedules")
      .innerJoin("order_lines", "order_lines.id", "delivery_schedules.order_line_id")
      .select(["delivery_schedules.order_line_id", "delivery_schedules.sequence", "delivery_schedules.due_on", "delivery_schedules.quantity"])
      .where("order_lines.order_id", "=", order.id)
      .orderBy("delivery_schedules.order_line_id")
      .orderBy("delivery_schedules.sequence")
      .execute(),
    db
      .selectFrom("users")
      .select(["id", "name"])
      .where("id", "in", [order.buyer_accepted_by ?? 0, order.supplier_accepted_by ?? 0])
      .execute(),
    // The document's revision counts amendments of the contract's terms (a change the supplier asked for,
    // revised by the buyer), not every state change of the order.
    db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("entity_type", "=", "order")
      .where("entity_id", "=", String(order.id))
      .where("organization_id", "=", order.buyer_id)
      .where("action", "=", "revise")
      .executeTakeFirstOrThrow(),
  ]);

  const party = (id: number): PurchaseOrderParty => {
    const found = parties.get(id);
    if (!found) throw new Error(`organization ${id} of order ${order.id} is missing`);
    return found;
  };
  const acceptance = (at: string | null, by: number | null): PurchaseOrderAcceptance => ({
    at,
    by: at && by !== null ? (acceptors.find((u) => u.id === by)?.name ?? null) : null,
  });

  const documentLines: PurchaseOrderLine[] = lines.map((l) => ({
    position: l.position,
    partName: l.part_name,
    partNumber: l.part_number,
    quantity: l.quantity,
    unit: l.unit,
    unitPrice: l.unit_price,
    amount: l.quantity * l.unit_price,
    schedule: schedules
      .filter((s) => s.order_line_id === l.id)
      .map((s) => ({ sequence: s.sequence, dueOn: s.due_on, quantity: s.quantity })),
  }));
  const [supplierTax, buyerTax] = await Promise.all([taxStatusOf(db, order.supplier_id), taxStatusOf(db, order.buyer_id)]);
  const tax = invoiceTax({
    subtotal: documentLines.reduce((sum, l) => sum + l.amount, 0),
    rule: { rateBp: order.ppn_rate_bp, dppNumerator: order.dpp_numerator, dppDenominator: order.dpp_denominator, kodeTransaksi: order.kode_transaksi },
    supplierPkp: supplierTax.pkp,
    collector: buyerTax.collector,
  });
  const { subtotal, ppn: ppnAmount, total } = tax;
  const deliveryRegion = await regionNames(order.delivery_province_code, order.delivery_regency_code);
  const buyerAccepted = acceptance(order.buyer_accepted_at, order.buyer_accepted_by);
  const supplierAccepted = acceptance(order.supplier_accepted_at, order.supplier_accepted_by);

  return {
    id: order.id,
    number: order.number,
    status: order.status,
    revision: Number(amendments.n),
    side,
    issuedAt: order.sent_at ?? order.created_at,
    rfq: { id: rfq.id, title: rfq.title },
    buyer: party(order.buyer_id),
    supplier: party(order.supplier_id),
    lines: documentLines,
    subtotal,
    ppnRateBp: order.ppn_rate_bp,
    dppNumerator: order.dpp_numerator,
    dppDenominator: order.dpp_denominator,
    ppnAmount,
    tax: { ...tax, supplierPkp: supplierTax.pkp, collector: supplierTax.pkp ? buyerTax.collector : "none" },
    total,
    totalInWords: rupiahInWords(total),
    paymentTerms: order.payment_terms,
    paymentDueDays: order.payment_due_days,
    deliveryTerms: order.delivery_terms,
    delivery: { address: order.delivery_address, regency: deliveryRegion.regency, province: deliveryRegion.province, neededBy: order.needed_by },
    buyerAccepted,
    supplierAccepted,
    agreed: buyerAccepted.at !== null && supplierAccepted.at !== null,
  };
}

