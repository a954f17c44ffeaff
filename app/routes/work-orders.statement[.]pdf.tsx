import { now } from "../clock.server";
import { getDb } from "../db.server";
import { statementFor } from "../domain/work-orders/member-money.server";
import { statementPdf } from "../domain/work-orders/statement-files.server";
import { requireOrganization } from "../http/auth.server";
import { defineResourceLoader } from "../http/loader.server";
import { statementQuery } from "../http/params.server";

// A member's statement as PDF: the member its own, its cooperative any member's (404 for anyone else).
export const loader = defineResourceLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const { statement, cooperative } = await statementFor(getDb(), { organizationId: auth.organization.id, actorUserId: auth.user.id, ...statementQuery(new URL(request.url)) });
  const pdf = await statementPdf(statement, cooperative.legal_name, auth.user.locale, now());
  return new Response(new Uint8Array(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="statement-${statement.memberId}.pdf"`, "Content-Length": String(pdf.length), "Cache-Control": "private, no-store" },
  });
});
