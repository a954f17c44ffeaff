import { now } from "../clock.server";
import { getDb } from "../db.server";
import { getPurchaseOrder } from "../domain/orders/po-document.server";
import { renderPurchaseOrderPdf } from "../domain/orders/po-pdf.server";
import { defineResourceLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { idParam } from "../http/params.server";
import { pdfDownload } from "../http/file-response.server";

// The purchase order as a PDF download, for the order's buyer and supplier only (404 for anyone else).
export const loader = defineResourceLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  const po = await getPurchaseOrder(getDb(), { orderId: idParam(params, "id"), organizationId: auth.organization.id, actorUserId: auth.user.id });
  const pdf = await renderPurchaseOrderPdf(po, auth.user.locale, { now: now() });
  return pdfDownload(pdf, `${po.number}.pdf`);
});
