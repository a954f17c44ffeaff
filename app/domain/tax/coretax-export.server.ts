import { create } from "xmlbuilder2";
import type { DbOrTrx } from "../../../db/client";
import type { QuantityUnit } from "../../../db/schema";
import { DomainError } from "../errors";
import { requireMembership } from "../organizations/memberships.server";
import { headOfficeNitku, npwp16 } from "./tax-ids";
import { taxSettings } from "./tax-settings.server";
import { mulDivHalfUp } from "./ppn";
import { documentParties } from "../orders/document-parties.server";

// A supplier's invoices with PPN in the layout Coretax imports (TaxInvoiceBulk: one TaxInvoice per invoice,
// one GoodService per line), written with xmlbuilder2. The element names follow DJP's published import
// template as reproduced by public converters (README → Decisions); codes the template leaves to the user
// (unit, goods code) come from the tax settings an admin edits.

/** The XML for the supplier's invoices with PPN (cancelled ones left out), of one month ("YYYY-MM") or all. */
export async function coretaxXml(db: DbOrTrx, options: { supplierId: number; actorUserId: number; month?: string }): Promise<{ xml: string; count: number }> {
  await requireMembership(db, options.actorUserId, options.supplierId);
  const supplier = await db.selectFrom("organizations").select(["id", "npwp"]).where("id", "=", options.supplierId).executeTakeFirstOrThrow();
  const sellerTin = npwp16(supplier.npwp);
  if (!sellerTin) throw new DomainError("error.npwp", 409);
  let query = db
    .selectFrom("invoices")
    .innerJoin("orders", "orders.id", "invoices.order_id")
    .innerJoin("organizations as buyer", "buyer.id", "orders.buyer_id")
    .select([
      "invoices.id",
      "invoices.number",
      "invoices.issued_on",
      "invoices.kode_transaksi",
      "invoices.ppn_rate_bp",
      "invoices.dpp_numerator",
      "invoices.dpp_denominator",
      "buyer.id as buyer_id",
      "buyer.legal_name as buyer_name",
      "buyer.npwp as buyer_npwp",
      "buyer.address as buyer_address",
    ])
    .where("orders.supplier_id", "=", options.supplierId)
    .where("invoices.supplier_pkp", "=", 1)
    .where("invoices.status", "not in", ["cancelled", "void"]);
  if (options.month) query = query.where("invoices.issued_on", ">=", `${options.month}-01`).where("invoices.issued_on", "<=", `${options.month}-31`);
  const invoices = await query.orderBy("invoices.issued_on").orderBy("invoices.id").limit(5000).execute();
  const lines = invoices.length
    ? await db
        .selectFrom("invoice_lines")
        .innerJoin("order_lines", "order_lines.id", "invoice_lines.order_line_id")
        .select(["invoice_lines.invoice_id", "order_lines.part_name", "order_lines.unit", "invoice_lines.quantity", "invoice_lines.unit_price", "invoice_lines.amount"])
        .where("invoice_lines.invoice_id", "in", invoices.map((i) => i.id))
        .orderBy("order_lines.position")
        .execute()
    : [];
  const settings = await taxSettings(db);
  // Each party's head office NITKU, else its NPWP + 000000 (what Coretax expects of a single place).
  const parties = await documentParties(db, [supplier.id, ...invoices.map((i) => i.buyer_id)]);
  const idtku = (organizationId: number, npwp: string) => parties.get(organizationId)?.nitku ?? headOfficeNitku(npwp) ?? "";
  const sellerIdtku = idtku(supplier.id, supplier.npwp);

  const root = create({ version: "1.0", encoding: "UTF-8" }).ele("TaxInvoiceBulk", { "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" });
  root.ele("TIN").txt(sellerTin);
  const list = root.ele("ListOfTaxInvoice");
  for (const invoice of invoices) {
    const ti = list.ele("TaxInvoice");
    const text = (name: string, value: string) => ti.ele(name).txt(value);
    text("TaxInvoiceDate", invoice.issued_on);
    text("TaxInvoiceOpt", "Normal");
    text("TrxCode", invoice.kode_transaksi ?? "01");
    text("AddInfo", "");
    text("CustomDoc", "");
    text("CustomDocMonthYear", "");
    text("RefDesc", invoice.number);
    text("FacilityStamp", "");
    text("SellerIDTKU", sellerIdtku);
    text("BuyerTin", npwp16(invoice.buyer_npwp) ?? invoice.buyer_npwp);
    text("BuyerDocument", "TIN");
    text("BuyerCountry", "IDN");
    text("BuyerDocumentNumber", "-");
    text("BuyerName", invoice.buyer_name);
    text("BuyerAdress", invoice.buyer_address);
    text("BuyerEmail", "");
    text("BuyerIDTKU", idtku(invoice.buyer_id, invoice.buyer_npwp));
    const goods = ti.ele("ListOfGoodService");
    for (const line of lines.filter((l) => l.invoice_id === invoice.id)) {
      const base = mulDivHalfUp(line.amount, invoice.dpp_numerator, invoice.dpp_denominator);
      const g = goods.ele("GoodService");
      g.ele("Opt").txt("A");
      g.ele("Code").txt(settings.defaultGoodsCode);
      g.ele("Name").txt(line.part_name);
      g.ele("Unit").txt(settings.coretaxUnitCodes[line.unit as QuantityUnit] ?? settings.coretaxUnitCodes.pcs);
      g.ele("Price").txt(String(line.unit_price));
      g.ele("Qty").txt(String(line.quantity));
      g.ele("TotalDiscount").txt("0");
      g.ele("TaxBase").txt(String(line.amount));
      g.ele("OtherTaxBase").txt(String(base));
      g.ele("VATRate").txt(String(invoice.ppn_rate_bp / 100));
      g.ele("VAT").txt(String(mulDivHalfUp(base, invoice.ppn_rate_bp, 10_000)));
      g.ele("STLGRate").txt("0");
      g.ele("STLG").txt("0");
    }
  }
  return { xml: root.end({ prettyPrint: true }), count: invoices.length };
}
