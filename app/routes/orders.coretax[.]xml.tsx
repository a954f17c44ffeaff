import { getDb } from "../db.server";
import { coretaxXml } from "../domain/tax/coretax-export.server";
import { defineResourceLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";

// The organization's invoices with PPN as a Coretax import file (one month with ?month=YYYY-MM, else all).
export const loader = defineResourceLoader(async ({ request }) => {
  const auth = await requireOrganization(request);
  const month = new URL(request.url).searchParams.get("month") ?? "";
  const { xml } = await coretaxXml(getDb(), { supplierId: auth.organization.id, actorUserId: auth.user.id, month: /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : undefined });
  return new Response(xml, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="coretax-${month || "all"}.xml"`,
      "Cache-Control": "private, no-store",
    },
  });
});
