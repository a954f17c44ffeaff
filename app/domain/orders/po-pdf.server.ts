import { pdfBytes } from "../../exports/pdf-table.server";
import { formatDate, formatDateTime, formatNumber, formatRupiah, formatNpwp, formatPpnRate } from "../../i18n/format";
import { translate, type Locale, type MessageKey, type MessageParams } from "../../i18n/i18n";
import type { PurchaseOrder, PurchaseOrderAcceptance, PurchaseOrderParty } from "./po-document.server";

// The purchase order as an A4 PDF (pdfkit, the built-in Helvetica): the parties, a table of the lines,
// totals right-aligned in `Rp 1.250.000`, the total in words, the delivery schedule, the terms and who
// accepted when. Labels are in the reader's language; the amount in words is Indonesian, as on any PO.

const A4_MARGIN = 40;
const FONT = "Helvetica";
const BOLD = "Helvetica-Bold";
const ITALIC = "Helvetica-Oblique";
const INK = "#1b2430";
const MUTED = "#5b6675";
const LINE = "#c9d0d9";
const BRAND = "#1d4e6b";
const WARN = "#7a5200";
const CELL_PAD = 4;

export interface PdfOptions {
  /** pdfkit compresses page content by default; false keeps it readable (tests look for text in it). */
  compress?: boolean;
  /** When the PDF is made, printed in the footer. */
  now?: Date;
}

interface Column {
  key: string;
  label: string;
  width: number;
  align?: "left" | "right";
}

/** Renders the purchase order; resolves with the whole file. */
export async function renderPurchaseOrderPdf(po: PurchaseOrder, locale: Locale, options: PdfOptions = {}): Promise<Buffer> {
  // pdfkit is imported here so it stays out of code that never draws a PDF (scripts, tests); the server loads it at start (app/warm-up.server.ts).
  const { default: PDFDocument } = await import("pdfkit");
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const num = (value: number) => formatNumber(value, locale);
  const date = (iso: string) => formatDate(iso, locale);
  const doc = new PDFDocument({
    size: "A4",
    margin: A4_MARGIN,
    compress: options.compress ?? true,
    bufferPages: true,
    font: FONT,
    lang: locale === "id" ? "id-ID" : "en-GB",
    info: {
      Title: `${t("po.title")} ${po.number}`,
      Subject: po.rfq.title,
      Author: po.buyer.legalName,
      Creator: "Pasok",
      ...(options.now ? { CreationDate: options.now } : {}),
    },
  });
  const done = pdfBytes(doc);

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const right = left + width;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 24; // room for the footer
  const ensureRoom = (height: number) => {
    if (doc.y + height > bottom()) {
      doc.addPage();
      return true;
    }
    return false;
  };
  const rule = (y = doc.y, color = LINE) => {
    doc.save().moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(color).stroke().restore();
  };
  const heading = (text: string) => {
    ensureRoom(40);
    doc.moveDown(0.8).font(BOLD).fontSize(11).fillColor(BRAND).text(text, left, doc.y, { width }).fillColor(INK).moveDown(0.3);
  };

  // Title and the PO's identity.
  doc.font(BOLD).fontSize(20).fillColor(BRAND).text(t("po.title").toUpperCase(), left, A4_MARGIN, { width: width / 2 });
  const identity: [string, string][] = [
    [t("po.number"), po.number],
    [t("po.date"), date(po.issuedAt)],
    [t("po.revision"), String(po.revision)],
    [t("po.rfq"), `#${po.rfq.id} · ${po.rfq.title}`],
  ];
  let y = A4_MARGIN;
  for (const [label, value] of identity) {
    doc.font(FONT).fontSize(8).fillColor(MUTED).text(label, left + width / 2, y, { width: 90 });
    doc.font(label === t("po.number") ? BOLD : FONT).fontSize(9).fillColor(INK);
    const h = doc.heightOfString(value, { width: width / 2 - 90 });
    doc.text(value, left + width / 2 + 90, y, { width: width / 2 - 90 });
    y += Math.max(h, 11) + 2;
  }
  doc.y = Math.max(y, A4_MARGIN + 30) + 6;
  if (!po.agreed) {
    doc.font(BOLD).fontSize(9).fillColor(WARN).text(t("po.notAgreed"), left, doc.y, { width }).fillColor(INK);
    doc.moveDown(0.3);
  }
  rule();
  doc.moveDown(0.6);

  // The two parties, side by side.
  const partyTop = doc.y;
  const half = (width - 20) / 2;
  const partyBlock = (title: string, party: PurchaseOrderParty, x: number) => {
    doc.font(BOLD).fontSize(8).fillColor(MUTED).text(title.toUpperCase(), x, partyTop, { width: half });
    doc.font(BOLD).fontSize(10).fillColor(INK).text(party.legalName, x, doc.y + 2, { width: half });
    doc.font(FONT).fontSize(9);
    doc.text(`${t("po.nib")}: ${party.nib}`, x, doc.y + 1, { width: half });
    doc.text(`${t("po.npwp")}: ${formatNpwp(party.npwp)}`, x, doc.y, { width: half });
    if (party.nitku) doc.text(`NITKU: ${party.nitku}`, x, doc.y, { width: half });
    doc.text(`${party.address}, ${party.regency}, ${party.province}`, x, doc.y, { width: half });
    return doc.y;
  };
  const buyerEnd = partyBlock(t("po.buyer"), po.buyer, left);
  const supplierEnd = partyBlock(t("po.supplier"), po.supplier, left + half + 20);
  doc.y = Math.max(buyerEnd, supplierEnd);

  // The lines.
  heading(t("po.lines"));
  const lineColumns: Column[] = [
    { key: "no", label: t("po.col.no"), width: 26, align: "right" },
    { key: "part", label: t("po.col.part"), width: 145 },
    { key: "partNumber", label: t("po.col.partNumber"), width: 74 },
    { key: "quantity", label: t("po.col.quantity"), width: 56, align: "right" },
    { key: "unit", label: t("po.col.unit"), width: 38 },
    { key: "unitPrice", label: t("po.col.unitPrice"), width: 82, align: "right" },
    { key: "amount", label: t("po.col.amount"), width: width - 26 - 145 - 74 - 56 - 38 - 82, align: "right" },
  ];
  table(
    lineColumns,
    po.lines.map((l) => ({
      no: String(l.position),
      part: l.partName,
      partNumber: l.partNumber || "—",
      quantity: num(l.quantity),
      unit: l.unit,
      unitPrice: formatRupiah(l.unitPrice),
      amount: formatRupiah(l.amount),
    })),
  );

  // Totals, right-aligned under the amount column.
  const labelWidth = 260;
  const valueWidth = 110;
  const labelX = right - valueWidth - labelWidth;
  const { tax } = po;
  const fraction = po.dppNumerator === po.dppDenominator ? "" : `${po.dppNumerator}/${po.dppDenominator}`;
  const totals: [string, string, boolean][] = tax.supplierPkp
    ? [
        [t("po.subtotal"), formatRupiah(po.subtotal), false],
        ...(fraction ? [[t("invoice.dpp", { fraction }), formatRupiah(tax.dpp), false] as [string, string, boolean]] : []),
        [t("po.ppn", { rate: formatPpnRate(po.ppnRateBp, locale) }), formatRupiah(po.ppnAmount), false],
        [t("po.total"), formatRupiah(po.total), true],
        ...(tax.withheld > 0
          ? [
              [t("invoice.withheld", { collector: t(`invoice.collector.${tax.collector === "government" ? "government" : "appointed"}`) }), `- ${formatRupiah(tax.withheld)}`, false] as [string, string, boolean],
              [t("invoice.amountDue"), formatRupiah(tax.amountDue), true] as [string, string, boolean],
            ]
          : []),
      ]
    : [
        [t("po.subtotal"), formatRupiah(po.subtotal), false],
        [t("po.total"), formatRupiah(po.total), true],
      ];
  ensureRoom(totals.length * 15 + 30);
  doc.moveDown(0.4);
  for (const [label, value, strong] of totals) {
    const rowY = doc.y;
    if (strong) doc.save().moveTo(labelX, rowY - 2).lineTo(right, rowY - 2).lineWidth(0.75).strokeColor(INK).stroke().restore();
    doc.font(strong ? BOLD : FONT).fontSize(strong ? 10 : 9).fillColor(INK);
    doc.text(label, labelX, rowY, { width: labelWidth - 8, align: "right" });
    doc.text(value, right - valueWidth, rowY, { width: valueWidth - CELL_PAD, align: "right" });
    doc.y = rowY + Math.max(strong ? 15 : 13, doc.heightOfString(label, { width: labelWidth - 8 }) + 2);
  }
  doc.moveDown(0.4);
  doc.font(ITALIC).fontSize(9).fillColor(INK).text(t("po.inWords", { words: capitalize(po.totalInWords) }), left, doc.y, { width });
  doc.font(FONT).fontSize(8).fillColor(MUTED).text(tax.supplierPkp ? t("invoice.kode", { kode: tax.kodeTransaksi ?? "—" }) : t("invoice.noPpn"), left, doc.y + 2, { width }).fillColor(INK);

  // The delivery schedule, per line.
  heading(t("po.schedule"));
  const scheduleColumns: Column[] = [
    { key: "no", label: t("po.col.no"), width: 26, align: "right" },
    { key: "part", label: t("po.col.part"), width: 200 },
    { key: "sequence", label: t("po.col.delivery"), width: 80, align: "right" },
    { key: "dueOn", label: t("po.col.dueOn"), width: 110 },
    { key: "quantity", label: t("po.col.quantity"), width: width - 26 - 200 - 80 - 110, align: "right" },
  ];
  table(
    scheduleColumns,
    po.lines.flatMap((l) =>
      l.schedule.map((s, i) => ({
        no: i === 0 ? String(l.position) : "",
        part: i === 0 ? l.partName : "",
        sequence: String(s.sequence),
        dueOn: date(s.dueOn),
        quantity: `${num(s.quantity)} ${l.unit}`,
      })),
    ),
    // A line's deliveries that go on after a page break name the line again.
    po.lines.flatMap((l) => l.schedule.map(() => ({ no: String(l.position), part: l.partName }))),
  );

  // Terms and delivery.
  heading(t("po.terms"));
  const terms: [string, string][] = [
    [t("po.paymentTerms"), [po.paymentTerms, t("po.paymentDue", { days: po.paymentDueDays })].filter(Boolean).join(" · ")],
    [t("po.deliveryTerms"), po.deliveryTerms || "—"],
    [t("po.deliveryAddress"), `${po.delivery.address}, ${po.delivery.regency}, ${po.delivery.province}`],
    ...(po.delivery.neededBy ? [[t("po.neededBy"), date(po.delivery.neededBy)] as [string, string]] : []),
  ];
  for (const [label, value] of terms) {
    doc.font(FONT).fontSize(9);
    const h = Math.max(doc.heightOfString(value, { width: width - 140 }), 11);
    ensureRoom(h + 4);
    const rowY = doc.y;
    doc.fillColor(MUTED).text(label, left, rowY, { width: 134 });
    doc.fillColor(INK).text(value, left + 140, rowY, { width: width - 140 });
    doc.y = rowY + h + 3;
  }

  // Acceptance by both sides.
  heading(t("po.acceptance"));
  ensureRoom(60);
  const acceptanceTop = doc.y;
  const acceptanceBlock = (title: string, party: PurchaseOrderParty, accepted: PurchaseOrderAcceptance, x: number) => {
    doc.font(BOLD).fontSize(8).fillColor(MUTED).text(title.toUpperCase(), x, acceptanceTop, { width: half });
    doc.font(BOLD).fontSize(9).fillColor(INK).text(party.legalName, x, doc.y + 2, { width: half });
    const text = !accepted.at
      ? t("po.notYet")
      : accepted.by
        ? t("po.acceptedBy", { name: accepted.by, at: formatDateTime(accepted.at, locale) })
        : t("po.acceptedAt", { at: formatDateTime(accepted.at, locale) });
    doc.font(accepted.at ? FONT : ITALIC).fontSize(9).fillColor(accepted.at ? INK : WARN).text(text, x, doc.y + 2, { width: half });
    return doc.y;
  };
  const a = acceptanceBlock(t("po.buyer"), po.buyer, po.buyerAccepted, left);
  const b = acceptanceBlock(t("po.supplier"), po.supplier, po.supplierAccepted, left + half + 20);
  doc.y = Math.max(a, b);
  doc.fillColor(INK);

  // The footer on every page: the PO number and the page count.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the margin would otherwise start a new page
    const footerY = doc.page.height - A4_MARGIN + 8;
    doc.save().moveTo(left, footerY - 6).lineTo(right, footerY - 6).lineWidth(0.5).strokeColor(LINE).stroke().restore();
    doc.font(FONT).fontSize(7.5).fillColor(MUTED);
    const generated = options.now ? ` · ${t("po.generated", { at: formatDateTime(options.now.toISOString(), locale) })}` : "";
    doc.text(`${po.number}${generated}`, left, footerY, { width: width * 0.7, lineBreak: false });
    doc.text(t("po.page", { page: i - range.start + 1, pages: range.count }), left + width * 0.7, footerY, { width: width * 0.3, align: "right", lineBreak: false });
    doc.page.margins.bottom = keep;
  }
  doc.end();
  return done;

  /** A simple table: a shaded header row (repeated after a page break) and rows that wrap their text. */
  function table(columns: Column[], rows: Record<string, string>[], afterBreak: Record<string, string>[] = []) {
    const header = () => {
      doc.font(BOLD).fontSize(8);
      const h = Math.max(...columns.map((c) => doc.heightOfString(c.label, { width: c.width - 2 * CELL_PAD }))) + 2 * CELL_PAD;
      ensureRoom(h + 20);
      const top = doc.y;
      doc.save().rect(left, top, width, h).fill("#eef1f5").restore();
      let x = left;
      for (const c of columns) {
        doc.font(BOLD).fontSize(8).fillColor(INK).text(c.label, x + CELL_PAD, top + CELL_PAD, { width: c.width - 2 * CELL_PAD, align: c.align ?? "left" });
        x += c.width;
      }
      doc.y = top + h;
    };
    header();
    for (const [index, given] of rows.entries()) {
      let row = given;
      const height = () => {
        doc.font(FONT).fontSize(9);
        return Math.max(...columns.map((c) => doc.heightOfString(row[c.key] || " ", { width: c.width - 2 * CELL_PAD }))) + 2 * CELL_PAD;
      };
      let h = height();
      if (ensureRoom(h)) {
        header();
        row = { ...given, ...afterBreak[index] };
        h = height();
      }
      const top = doc.y;
      let x = left;
      for (const c of columns) {
        doc.font(FONT).fontSize(9).fillColor(INK).text(row[c.key] ?? "", x + CELL_PAD, top + CELL_PAD, { width: c.width - 2 * CELL_PAD, align: c.align ?? "left" });
        x += c.width;
      }
      rule(top + h);
      doc.y = top + h;
    }
    doc.x = left;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
