import { toCsv } from "../../exports/csv";
import { formatDate, formatNumber } from "../../i18n/format";
import { translate, type Locale, type MessageKey, type MessageParams } from "../../i18n/i18n";
import { openPdfTable } from "../../exports/pdf-table.server";
import type { PartnershipReport } from "./partnerships.server";

// The Link-and-Match report as files: a CSV of the partnerships, an XLSX workbook (ExcelJS) with a sheet per
// table (years against targets, groups, funnel, partnerships), and an A4 PDF (pdfkit) for a chosen period.

const label = (locale: Locale) => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);

function partnershipRows(report: PartnershipReport, locale: Locale) {
  return report.rows.map((r) => [r.contractedOn, r.year, r.supplierName, r.buyerName, r.orderNumber, r.provinceName, locale === "id" ? r.clusterLabelId : r.clusterLabelEn, r.programmes.join("; ")]);
}

function partnershipHeader(locale: Locale) {
  const t = label(locale);
  return [t("lm.contractedOn"), t("lm.year"), t("lm.ikm"), t("lm.buyer"), t("lm.order"), t("lm.province"), t("lm.cluster"), t("lm.programme")];
}

export function reportCsv(report: PartnershipReport, locale: Locale): string {
  return toCsv([partnershipHeader(locale), ...partnershipRows(report, locale)]);
}

/** Loads ExcelJS and writes a few small workbooks, so that its code is compiled before any request needs it. */
export async function warmSpreadsheets(): Promise<void> {
  const { default: ExcelJS } = await import("exceljs");
  for (let i = 0; i < 3; i++) {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("warm-up");
    for (let r = 0; r < 100; r++) ws.addRow([r, `row ${r}`, null]);
    await workbook.xlsx.writeBuffer();
  }
}

export async function reportXlsx(report: PartnershipReport, locale: Locale): Promise<Buffer> {
  const t = label(locale);
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Pasok";
  const sheet = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = workbook.addWorksheet(name.slice(0, 31));
    ws.addRow(header).font = { bold: true };
    for (const row of rows) ws.addRow(row);
    ws.columns.forEach((c) => (c.width = 18));
    ws.views = [{ state: "frozen", ySplit: 1 }];
  };
  sheet(t("lm.sheetYears"), [t("lm.year"), t("lm.partnerships"), t("lm.target")], report.years.map((y) => [y.year, y.count, y.target ?? (y.span ? `${t("lm.span")} ${y.span}` : null)]));
  sheet(t("lm.sheetTargets"), [t("lm.period"), t("lm.target"), t("lm.achieved")], report.spans.map((s) => [s.yearFrom === s.yearTo ? String(s.yearFrom) : `${s.yearFrom}–${s.yearTo}`, s.target, s.achieved]));
  sheet(t(`lm.by.${report.by}`), [t(`lm.by.${report.by}`), t("lm.partnerships")], report.groups.map((g) => [locale === "id" ? g.labelId : g.labelEn, g.count]));
  sheet(t("lm.funnel"), [t("lm.programme"), t("lm.mentor"), t("lm.mentored"), t("lm.qualified"), t("lm.trial"), t("lm.partnered")], report.funnel.map((f) => [f.name, f.mentorName, f.mentored, f.qualified, f.trial, f.partnered]));
  sheet(t("lm.sheetPartnerships"), partnershipHeader(locale), partnershipRows(report, locale));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function reportPdf(report: PartnershipReport, locale: Locale, now: Date): Promise<Buffer> {
  const t = label(locale);
  const title = t("lm.title");
  const { doc, left, width, row, finish } = await openPdfTable({ title, locale, now });
  doc.font("Helvetica-Bold").fontSize(16).text(title);
  doc.font("Helvetica").fontSize(10).text(t("lm.period") + `: ${report.from}–${report.to} · ${t("lm.total", { count: report.total })} · ${formatDate(now.toISOString().slice(0, 10), locale)}`).moveDown();
  // The years as bars, drawn: the same figures as the table under them.
  const max = Math.max(1, ...report.years.map((y) => Math.max(y.count, y.target ?? 0)));
  for (const y of report.years) {
    if (doc.y > doc.page.height - 70) doc.addPage();
    const top = doc.y;
    doc.font("Helvetica").fontSize(9).text(String(y.year), left, top, { width: 40 });
    doc.rect(left + 44, top, Math.max(1, (y.count / max) * (width - 140)), 9).fill("#1f6f5c");
    if (y.target !== null) doc.rect(left + 44 + (y.target / max) * (width - 140), top - 1, 1.5, 11).fill("#b3261e");
    doc.fillColor("black").text(`${formatNumber(y.count, locale)}${y.target !== null ? ` / ${formatNumber(y.target, locale)}` : ""}`, left + width - 90, top, { width: 90, align: "right" });
    doc.x = left;
    doc.y = top + 14;
  }
  doc.moveDown();
  doc.font("Helvetica-Bold").fontSize(11).text(t("lm.targets"), left).moveDown(0.3);
  row([t("lm.period"), t("lm.target"), t("lm.achieved")], [0.4, 0.3, 0.3], true);
  for (const s of report.spans) row([s.yearFrom === s.yearTo ? String(s.yearFrom) : `${s.yearFrom}–${s.yearTo}`, formatNumber(s.target, locale), formatNumber(s.achieved, locale)], [0.4, 0.3, 0.3]);
  doc.moveDown();
  doc.font("Helvetica-Bold").fontSize(11).text(t("lm.funnel"), left).moveDown(0.3);
  const fw = [0.36, 0.16, 0.16, 0.16, 0.16];
  row([t("lm.programme"), t("lm.mentored"), t("lm.qualified"), t("lm.trial"), t("lm.partnered")], fw, true);
  for (const f of report.funnel) row([f.name, String(f.mentored), String(f.qualified), String(f.trial), String(f.partnered)], fw);
  doc.moveDown();
  doc.font("Helvetica-Bold").fontSize(11).text(t(`lm.by.${report.by}`), left).moveDown(0.3);
  for (const g of report.groups) row([locale === "id" ? g.labelId : g.labelEn, formatNumber(g.count, locale)], [0.7, 0.3]);
  doc.moveDown();
  doc.font("Helvetica-Bold").fontSize(11).text(t("lm.sheetPartnerships"), left).moveDown(0.3);
  const pw = [0.14, 0.3, 0.3, 0.26];
  row([t("lm.contractedOn"), t("lm.ikm"), t("lm.buyer"), t("lm.province")], pw, true);
  for (const r of report.rows) row([formatDate(r.contractedOn, locale), r.supplierName, r.buyerName, r.provinceName], pw);
  return finish();
}
