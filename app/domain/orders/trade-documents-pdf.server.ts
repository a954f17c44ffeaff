import { openPdfTable } from "../../exports/pdf-table.server";
import { formatDateTime } from "../../i18n/format";
import type { Locale } from "../../i18n/i18n";
import type { DocumentParty, TradeDocument } from "./trade-documents.server";

// Draws an invoice, BAST or credit note (trade-documents.server.ts) as an A4 PDF with pdfkit's Helvetica:
// title and number, facts, the two parties side by side, the lines, totals right-aligned, notes, and each
// party's confirmation.

const BRAND = "#1d4e6b";
const MUTED = "#5b6675";
const INK = "#1b2430";

export async function renderTradeDocumentPdf(document: TradeDocument, locale: Locale, options: { now: Date; compress?: boolean }): Promise<Buffer> {
  const { doc, left, width, row, finish } = await openPdfTable({
    title: `${document.title} ${document.number}`,
    author: document.parties[0].legalName,
    locale,
    now: options.now,
    compress: options.compress,
    alignRightFrom: document.columns.findIndex((c) => c.right && c !== document.columns[0]),
  });
  doc.font("Helvetica-Bold").fontSize(16).fillColor(BRAND).text(document.title, left, doc.y, { width });
  doc.font("Helvetica-Bold").fontSize(11).fillColor(INK).text(document.number).moveDown(0.4);
  for (const [label, value] of document.facts) {
    doc.font("Helvetica").fontSize(9).fillColor(MUTED).text(`${label}: `, { continued: true }).fillColor(INK).text(value);
  }
  doc.moveDown(0.6);

  const top = doc.y;
  const half = (width - 20) / 2;
  const block = (party: DocumentParty, x: number) => {
    doc.font("Helvetica-Bold").fontSize(8).fillColor(MUTED).text(party.role.toUpperCase(), x, top, { width: half });
    doc.font("Helvetica-Bold").fontSize(10).fillColor(INK).text(party.legalName, x, doc.y + 2, { width: half });
    doc.font("Helvetica").fontSize(9);
    doc.text(`NIB: ${party.nib}`, x, doc.y + 1, { width: half });
    doc.text(`NPWP: ${party.npwp}`, x, doc.y, { width: half });
    doc.text(`NITKU: ${party.nitku ?? "—"}`, x, doc.y, { width: half });
    doc.text(party.address, x, doc.y, { width: half });
    return doc.y;
  };
  const end = Math.max(block(document.parties[0], left), block(document.parties[1], left + half + 20));
  doc.x = left;
  doc.y = end + 10;
  if (document.intro) doc.font("Helvetica").fontSize(9).fillColor(INK).text(document.intro, left, doc.y, { width }).moveDown(0.6);

  const widths = document.columns.map((c) => c.width);
  row(document.columns.map((c) => c.label), widths, true);
  for (const cells of document.rows) row(cells, widths);
  doc.moveDown(0.4);
  for (const [label, value, strong] of document.totals) row(["", label, value], [0.3, 0.45, 0.25], strong);
  for (const note of document.notes) doc.font("Helvetica-Oblique").fontSize(8).fillColor(MUTED).text(note, left, doc.y + 4, { width });
  if (document.confirmations.length) {
    doc.moveDown(1.2);
    const y = doc.y;
    document.confirmations.forEach((c, i) => {
      const x = left + i * (half + 20);
      doc.font("Helvetica-Bold").fontSize(9).fillColor(INK).text(c.role, x, y, { width: half });
      doc.font("Helvetica").fontSize(9).text(c.text, x, doc.y + 2, { width: half });
    });
  }
  doc.font("Helvetica").fontSize(7).fillColor(MUTED).text(`Pasok · ${formatDateTime(options.now.toISOString(), locale)}`, left, doc.page.height - 50, { width, lineBreak: false });
  return finish();
}
