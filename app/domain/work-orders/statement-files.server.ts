import { toCsv } from "../../exports/csv";
import { formatDate, formatNumber, formatRupiah } from "../../i18n/format";
import { translate, type Locale, type MessageKey, type MessageParams } from "../../i18n/i18n";
import { openPdfTable } from "../../exports/pdf-table.server";
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
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const { doc, left, row, finish } = await openPdfTable({ title: t("statement.title"), author: cooperativeName, locale, now, bottomMargin: 80, rowSpacing: 0.4, alignRightFrom: 3 });
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
  return finish();
}
