import type { Locale } from "../i18n/i18n";

// An A4 document (pdfkit, the built-in Helvetica) with a table-row helper, for the reports drawn as rows of
// cells: the member's statement, the Link-and-Match report. pdfkit is loaded only where a PDF is drawn (the
// server warms it up at start).

/** The bytes a pdfkit document writes, once it is ended (collect before drawing). */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

export interface PdfTableOptions {
  title: string;
  author?: string;
  locale: Locale;
  now: Date;
  /** A row starting closer than this to the page's bottom goes to a new page. */
  bottomMargin?: number;
  /** Lines moved down after each row. */
  rowSpacing?: number;
  /** Cells from this column on are aligned right (amounts). */
  alignRightFrom?: number;
  /** pdfkit compresses page content by default; false keeps it readable (tests look for text in it). */
  compress?: boolean;
}

export async function openPdfTable(options: PdfTableOptions) {
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margin: 40,
    compress: options.compress ?? true,
    font: "Helvetica",
    lang: options.locale === "id" ? "id-ID" : "en-GB",
    info: { Title: options.title, ...(options.author ? { Author: options.author } : {}), Creator: "Pasok", CreationDate: options.now },
  });
  const done = pdfBytes(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottomMargin = options.bottomMargin ?? 70;
  const alignRightFrom = options.alignRightFrom ?? Number.POSITIVE_INFINITY;
  /** One row of cells, each a fraction of the page's width. */
  const row = (cells: string[], widths: number[], bold = false) => {
    if (doc.y > doc.page.height - bottomMargin) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
    cells.forEach((cell, i) => {
      doc.text(cell, x, y, { width: widths[i]! * width - 4, align: i >= alignRightFrom ? "right" : "left" });
      x += widths[i]! * width;
    });
    doc.moveDown(options.rowSpacing ?? 0.3);
    doc.x = left;
  };
  return {
    doc,
    left,
    width,
    row,
    /** Ends the document and gives its bytes. */
    finish(): Promise<Buffer> {
      doc.end();
      return done;
    },
  };
}
