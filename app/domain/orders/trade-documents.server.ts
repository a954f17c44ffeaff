import type { DbOrTrx } from "../../../db/client";
import { formatDate, formatDateTime, formatNpwp, formatNumber, formatPpnRate, formatRupiah } from "../../i18n/format";
import { translate, type Locale, type MessageKey, type MessageParams } from "../../i18n/i18n";
import { DomainError } from "../errors";
import { formatFakturNumber } from "../tax/tax-ids";
import { documentParties } from "./document-parties.server";
import { requireOrderParty } from "./order-access.server";

// The order's printable documents besides the PO — invoice, BAST, credit note — as one shape a single PDF
// writer draws (trade-documents-pdf.server.ts): parties with NIB / NPWP / NITKU, facts, a table of lines,
// totals, notes and the two parties' confirmations. Each is read for one of the order's two parties only.

export interface DocumentParty {
  role: string;
  legalName: string;
  nib: string;
  npwp: string;
  nitku: string | null;
  address: string;
}

export interface TradeDocument {
  title: string;
  number: string;
  facts: [string, string][];
  parties: [DocumentParty, DocumentParty];
  intro: string | null;
  columns: { label: string; width: number; right?: boolean }[];
  rows: string[][];
  totals: [string, string, boolean][];
  notes: string[];
  confirmations: { role: string; text: string }[];
}

type T = (key: MessageKey, params?: MessageParams) => string;

async function partiesOf(db: DbOrTrx, order: { buyer_id: number; supplier_id: number }, t: T): Promise<[DocumentParty, DocumentParty]> {
  const parties = await documentParties(db, [order.buyer_id, order.supplier_id]);
  const party = (id: number, role: string): DocumentParty => {
    const p = parties.get(id)!;
    return { role, legalName: p.legalName, nib: p.nib, npwp: formatNpwp(p.npwp), nitku: p.nitku, address: `${p.address}, ${p.regency}, ${p.province}` };
  };
  return [party(order.supplier_id, t("po.supplier")), party(order.buyer_id, t("po.buyer"))];
}

const lineColumns = (t: T) => [
  { label: t("po.col.no"), width: 0.06, right: true },
  { label: t("po.col.part"), width: 0.34 },
  { label: t("po.col.quantity"), width: 0.14, right: true },
  { label: t("po.col.unit"), width: 0.08 },
  { label: t("po.col.unitPrice"), width: 0.18, right: true },
  { label: t("po.col.amount"), width: 0.2, right: true },
];

/** Totals of an invoice or credit note with its PPN as it was frozen: subtotal, DPP, PPN, total, withheld, due. */
function taxTotals(
  t: T,
  locale: Locale,
  v: { subtotal: number; dpp_amount: number; ppn_amount: number; total: number; ppn_withheld: number; amount_due: number; ppn_rate_bp: number; dpp_numerator: number; dpp_denominator: number; supplier_pkp: number; collector_kind: string },
): { totals: [string, string, boolean][]; notes: string[] } {
  if (v.supplier_pkp !== 1) return { totals: [[t("po.subtotal"), formatRupiah(v.subtotal), false], [t("po.total"), formatRupiah(v.total), true]], notes: [t("invoice.noPpn")] };
  const fraction = v.dpp_numerator === v.dpp_denominator ? "" : `${v.dpp_numerator}/${v.dpp_denominator}`;
  const totals: [string, string, boolean][] = [[t("po.subtotal"), formatRupiah(v.subtotal), false]];
  if (fraction) totals.push([t("invoice.dpp", { fraction }), formatRupiah(v.dpp_amount), false]);
  totals.push([t("po.ppn", { rate: formatPpnRate(v.ppn_rate_bp, locale) }), formatRupiah(v.ppn_amount), false], [t("po.total"), formatRupiah(v.total), true]);
  if (v.ppn_withheld > 0) {
    totals.push([t("invoice.withheld", { collector: t(`invoice.collector.${v.collector_kind === "government" ? "government" : "appointed"}`) }), `- ${formatRupiah(v.ppn_withheld)}`, false]);
    totals.push([t("invoice.amountDue"), formatRupiah(v.amount_due), true]);
  }
  return { totals, notes: [] };
}

export async function invoiceDocument(db: DbOrTrx, options: { orderId: number; invoiceId: number; organizationId: number; actorUserId: number; locale: Locale }): Promise<TradeDocument> {
  const t: T = (key, params) => translate(options.locale, key, params);
  const { order } = await requireOrderParty(db, options);
  const invoice = await db.selectFrom("invoices").selectAll().where("id", "=", options.invoiceId).where("order_id", "=", order.id).executeTakeFirst();
  if (!invoice) throw new DomainError("error.invoiceNotFound", 404);
  const lines = await db
    .selectFrom("invoice_lines")
    .innerJoin("order_lines", "order_lines.id", "invoice_lines.order_line_id")
    .select(["order_lines.position", "order_lines.part_name", "order_lines.part_number", "order_lines.unit", "invoice_lines.quantity", "invoice_lines.unit_price", "invoice_lines.amount"])
    .where("invoice_lines.invoice_id", "=", invoice.id)
    .orderBy("order_lines.position")
    .execute();
  const basts = await db.selectFrom("basts").select("number").where("order_id", "=", order.id).where("status", "=", "confirmed").orderBy("id").execute();
  const { totals, notes } = taxTotals(t, options.locale, invoice);
  const date = (d: string) => formatDate(d, options.locale);
  const facts: [string, string][] = [
    [t("po.date"), date(invoice.issued_on)],
    [t("order.dueOn"), date(invoice.due_on)],
    [t("po.title"), order.number],
  ];
  if (basts.length) facts.push(["BAST", basts.map((b) => b.number).join(", ")]);
  if (invoice.supplier_pkp === 1) {
    facts.push([t("adminTax.kode"), invoice.kode_transaksi ?? "—"]);
    facts.push(["Faktur pajak", invoice.faktur_number ? formatFakturNumber(invoice.faktur_number) : "—"]);
  }
  if (invoice.status === "cancelled" && invoice.cancel_reason) notes.push(t("invoice.cancelledBecause", { reason: invoice.cancel_reason }));
  if (invoice.amount_credited > 0) notes.push(`${t("invoice.credited")}: ${formatRupiah(invoice.amount_credited)}`);
  return {
    title: t("order.invoices"),
    number: invoice.number,
    facts,
    parties: await partiesOf(db, order, t),
    intro: null,
    columns: lineColumns(t),
    rows: lines.map((l) => [String(l.position), `${l.part_name}${l.part_number ? ` (${l.part_number})` : ""}`, formatNumber(l.quantity, options.locale), l.unit, formatRupiah(l.unit_price), formatRupiah(l.amount)]),
    totals,
    notes,
    confirmations: [],
  };
}

export async function bastDocument(db: DbOrTrx, options: { orderId: number; bastId: number; organizationId: number; actorUserId: number; locale: Locale }): Promise<TradeDocument> {
  const t: T = (key, params) => translate(options.locale, key, params);
  const { order } = await requireOrderParty(db, options);
  const bast = await db.selectFrom("basts").selectAll().where("id", "=", options.bastId).where("order_id", "=", order.id).executeTakeFirst();
  if (!bast) throw new DomainError("error.notFound", 404);
  const shipment = await db.selectFrom("shipments").select(["number", "delivery_note", "shipped_on"]).where("id", "=", bast.shipment_id).executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom("bast_lines")
    .innerJoin("order_lines", "order_lines.id", "bast_lines.order_line_id")
    .select(["order_lines.position", "order_lines.part_name", "order_lines.part_number", "order_lines.unit", "bast_lines.quantity"])
    .where("bast_lines.bast_id", "=", bast.id)
    .orderBy("order_lines.position")
    .execute();
  const users = await db.selectFrom("users").select(["id", "name"]).where("id", "in", [bast.buyer_confirmed_by ?? 0, bast.supplier_confirmed_by ?? 0]).execute();
  const confirmation = (at: string | null, by: number | null) =>
    at ? t("bast.confirmedAt", { at: formatDateTime(at, options.locale), name: users.find((u) => u.id === by)?.name ?? "—" }) : t("bast.notConfirmed");
  const date = (d: string) => formatDate(d, options.locale);
  const parties = await partiesOf(db, order, t);
  return {
    title: t("bast.heading"),
    number: bast.number,
    facts: [
      [t("bast.handedOver", { date: "" }).trim(), date(bast.handed_over_on)],
      [t("po.title"), order.number],
      [t("order.shipmentN", { number: shipment.number }), `${date(shipment.shipped_on)}${shipment.delivery_note ? ` · ${shipment.delivery_note}` : ""}`],
      [t("order.status"), t(`bast.status.${bast.status}`)],
    ],
    parties: [
      { ...parties[0], role: t("bast.supplierSigned") },
      { ...parties[1], role: t("bast.buyerSigned") },
    ],
    intro: t("bast.intro", { date: date(bast.handed_over_on), shipment: String(shipment.number), order: order.number }),
    columns: [
      { label: t("po.col.no"), width: 0.08, right: true },
      { label: t("po.col.part"), width: 0.46 },
      { label: t("po.col.partNumber"), width: 0.2 },
      { label: t("bast.quantity"), width: 0.16, right: true },
      { label: t("po.col.unit"), width: 0.1 },
    ],
    rows: lines.map((l) => [String(l.position), l.part_name, l.part_number || "—", formatNumber(l.quantity, options.locale), l.unit]),
    totals: [],
    notes: [],
    confirmations: [
      { role: `${t("bast.supplierSigned")} — ${parties[0].legalName}`, text: confirmation(bast.supplier_confirmed_at, bast.supplier_confirmed_by) },
      { role: `${t("bast.buyerSigned")} — ${parties[1].legalName}`, text: confirmation(bast.buyer_confirmed_at, bast.buyer_confirmed_by) },
    ],
  };
}

export async function creditNoteDocument(db: DbOrTrx, options: { orderId: number; creditNoteId: number; organizationId: number; actorUserId: number; locale: Locale }): Promise<TradeDocument> {
  const t: T = (key, params) => translate(options.locale, key, params);
  const { order } = await requireOrderParty(db, options);
  const note = await db
    .selectFrom("credit_notes")
    .innerJoin("invoices", "invoices.id", "credit_notes.invoice_id")
    .selectAll("credit_notes")
    .select(["invoices.number as invoice_number", "invoices.faktur_number", "invoices.ppn_rate_bp", "invoices.dpp_numerator", "invoices.dpp_denominator", "invoices.supplier_pkp", "invoices.collector_kind"])
    .where("credit_notes.id", "=", options.creditNoteId)
    .where("invoices.order_id", "=", order.id)
    .executeTakeFirst();
  if (!note) throw new DomainError("error.notFound", 404);
  const lines = await db
    .selectFrom("credit_note_lines")
    .innerJoin("invoice_lines", "invoice_lines.id", "credit_note_lines.invoice_line_id")
    .innerJoin("order_lines", "order_lines.id", "invoice_lines.order_line_id")
    .select(["order_lines.position", "order_lines.part_name", "order_lines.part_number", "order_lines.unit", "credit_note_lines.quantity", "invoice_lines.unit_price", "credit_note_lines.amount"])
    .where("credit_note_lines.credit_note_id", "=", note.id)
    .orderBy("order_lines.position")
    .execute();
  const { totals, notes } = taxTotals(t, options.locale, note);
  const parties = await partiesOf(db, order, t);
  return {
    title: t("creditNote.heading"),
    number: note.number,
    facts: [
      [t("po.date"), formatDate(note.issued_on, options.locale)],
      [t("order.invoices"), note.invoice_number],
      ...(note.faktur_number ? [["Faktur pajak", formatFakturNumber(note.faktur_number)] as [string, string]] : []),
      [t("order.status"), t(`creditNote.status.${note.status}`)],
    ],
    // A nota retur is the buyer's document: the buyer first.
    parties: [parties[1], parties[0]],
    intro: t("creditNote.intro", { invoice: note.invoice_number, faktur: note.faktur_number ? ` (${formatFakturNumber(note.faktur_number)})` : "", reason: note.reason }),
    columns: lineColumns(t),
    rows: lines.map((l) => [String(l.position), `${l.part_name}${l.part_number ? ` (${l.part_number})` : ""}`, formatNumber(l.quantity, options.locale), l.unit, formatRupiah(l.unit_price), formatRupiah(l.amount)]),
    totals,
    notes: note.decision_reason ? [...notes, note.decision_reason] : notes,
    confirmations: [],
  };
}
