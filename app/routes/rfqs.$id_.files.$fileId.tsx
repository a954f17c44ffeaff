import { getDb } from "../db.server";
import { readRfqFile } from "../domain/rfqs/rfq-files.server";
import { defineResourceLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { idParam } from "../http/params.server";
import { fileDownload } from "../http/file-response.server";

// Drawings (for whoever may see the RFQ) and bid attachments (the bidder; the buyer once bids are opened).
export const loader = defineResourceLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  const fileId = idParam(params, "fileId");
  const file = await readRfqFile(getDb(), {
    rfqId: idParam(params, "id"),
    fileId,
    viewer: { userId: auth.user.id, organizationId: auth.organization.id, sells: auth.organization.sells },
  });
  return fileDownload(file);
});
