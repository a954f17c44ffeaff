import { getDb } from "../db.server";
import { readWorkOrderDrawing } from "../domain/work-orders/work-order-views.server";
import { defineResourceLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { idParam } from "../http/params.server";
import { fileDownload } from "../http/file-response.server";

// The RFQ's drawings for the work order's member (who cannot open the buyer's RFQ) and its cooperative.
export const loader = defineResourceLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  const file = await readWorkOrderDrawing(getDb(), { workOrderId: idParam(params, "id"), fileId: idParam(params, "fileId"), organizationId: auth.organization.id, actorUserId: auth.user.id });
  return fileDownload(file);
});
