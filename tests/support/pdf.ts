/** Non-breaking spaces (Intl's "Rp 1.250.000") as plain spaces, so tests can write them. */
const nbsp = (text: string) => text.replace(/\u00a0/g, " ");

/**
 * The text pdfkit drew on an uncompressed PDF: it writes each run as hex strings inside `[…] TJ` arrays (split
 * where it kerns), in WinAnsi for the built-in Helvetica, so the hex pieces of an array make one run of text.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString("latin1");
  const runs = [...source.matchAll(/\[([^\]]*)\]\s*TJ/g)].map((m) =>
    [...m[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, "hex").toString("latin1")).join(""),
  );
  return nbsp(runs.join("\n"));
}
