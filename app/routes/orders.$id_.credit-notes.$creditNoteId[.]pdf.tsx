import { now } from "../clock.server";
import { getDb } from "../db.server";
import { creditNoteDocument } from "../domain/orders/trade-documents.server";
import { renderTradeDocumentPdf } from "../domain/orders/trade-documents-pdf.server";
import { pdfDownload } from "../http/file-response.server";
import { defineResourceLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { idParam } from "../http/params.server";

// A credit note (nota retur) as a PDF, for the order's buyer and supplier only (404 for anyone else).
export const loader = defineResourceLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  const document = await creditNoteDocument(getDb(), {
    orderId: idParam(params, "id"),
    creditNoteId: idParam(params, "creditNoteId"),
    organizationId: auth.organization.id,
    actorUserId: auth.user.id,
    locale: auth.user.locale,
  });
  return pdfDownload(await renderTradeDocumentPdf(document, auth.user.locale, { now: now() }), `${document.number}.pdf`);
});
