import { toCsv } from "../../exports/csv";
import { formatDate, formatNumber, formatRupiah } from "../../i18n/format";
import { translate, type Locale, type MessageKey, type MessageParams } from "../../i18n/i18n";
import type { MemberStatement } from "./member-money.server";

// A member's statement as CSV (one row per earning and per payout, for the member's own books) and as an A4
// PDF (pdfkit, the built-in Helvetica, as the purchase order): labels in the reader's language.

export function statementCsv(statement: MemberStatement, locale: Locale): string {
  const t = (key: MessageKey) => translate(locale, key);
  const header = [t("statement.type"), t("statement.paidOn"), t("statement.invoice"), t("wo.order"), t("wo.part"), t("statement.pieces"), t("statement.price"), t("statement.gross"), t("statement.fee"), t("statement.net"), t("statement.reference"), t("wo.status")];
  const rows: (string | number)[][] = [
    ...statement.earnings.map((e) => [t("statement.typeEarning"), e.paidOn, e.invoiceNumber, e.orderNumber, e.partName, e.quantity, e.memberUnitPrice, e.gross, e.fee, e.net, "", ""]),
    ...statement.payouts.map((p) => [t("statement.typePayout"), p.paidOn, "", "", "", "", "", "", "", -p.amount, p.reference, t(p.status === "confirmed" ? "statement.confirmed" : "statement.sent")]),
  ];
  rows.push([t("members.owed"), "", "", "", "", "", "", "", "", statement.owed, "", ""]);
  rows.push([t("members.paid"), "", "", "", "", "", "", "", "", statement.paid, "", ""]);
  rows.push([t("members.outstanding"), "", "", "", "", "", "", "", "", statement.outstanding, "", ""]);
  return toCsv([header, ...rows]);
}

export async function statementPdf(statement: MemberStatement, cooperativeName: string, locale: Locale, now: Date): Promise<Buffer> {
  // pdfkit is loaded only where a PDF is drawn (the server warms it up at start).
  const { default: PDFDocument } = await import("pdfkit");
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const doc = new PDFDocument({ size: "A4", margin: 40, font: "Helvetica", lang: locale === "id" ? "id-ID" : "en-GB", info: { Title: t("statement.title"), Author: cooperativeName, Creator: "Pasok", CreationDate: now } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const row = (cells: string[], widths: number[], bold = false) => {
    if (doc.y > doc.page.height - 80) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
    cells.forEach((cell, i) => {
      doc.text(cell, x, y, { width: widths[i]! * width - 4, align: i >= 3 ? "right" : "left" });
      x += widths[i]! * width;
    });
    doc.moveDown(0.4);
    doc.x = left;
  };
  doc.font("Helvetica-Bold").fontSize(16).text(t("statement.title"));
  doc.font("Helvetica").fontSize(10).text(t("statement.of", { member: statement.memberName, cooperative: cooperativeName })).moveDown();
  doc.font("Helvetica-Bold").fontSize(11).text(t("statement.earnings")).moveDown(0.3);
  const earnWidths = [0.14, 0.2, 0.2, 0.1, 0.12, 0.12, 0.12];
  row([t("statement.paidOn"), t("statement.invoice"), t("wo.part"), t("statement.pieces"), t("statement.gross"), t("statement.fee"), t("statement.net")], earnWidths, true);
  for (const e of statement.earnings) {
    row([formatDate(e.paidOn, locale), e.invoiceNumber, e.partName, formatNumber(e.quantity, locale), formatRupiah(e.gross), formatRupiah(e.fee), formatRupiah(e.net)], earnWidths);
  }
  if (statement.earnings.length === 0) doc.font("Helvetica").fontSize(9).text(t("statement.noEarnings"));
  doc.moveDown();
  doc.font("Helvetica-Bold").fontSize(11).text(t("statement.payouts"), left).moveDown(0.3);
  const payWidths = [0.2, 0.4, 0.2, 0.2];
  row([t("statement.paidOn"), t("statement.reference"), t("wo.status"), t("members.amount")], payWidths, true);
  for (const p of statement.payouts) row([formatDate(p.paidOn, locale), p.reference, t(p.status === "confirmed" ? "statement.confirmed" : "statement.sent"), formatRupiah(p.amount)], payWidths);
  if (statement.payouts.length === 0) doc.font("Helvetica").fontSize(9).text(t("statement.noPayouts"), left);
  doc.moveDown();
  const totals = [0.6, 0.4];
  row([t("members.owed"), formatRupiah(statement.owed)], totals, true);
  row([t("members.paid"), formatRupiah(statement.paid)], totals, true);
  row([t("members.outstanding"), formatRupiah(statement.outstanding)], totals, true);
  doc.end();
  return done;
}
