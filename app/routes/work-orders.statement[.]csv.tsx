import { getDb } from "../db.server";
import { statementFor } from "../domain/work-orders/member-money.server";
import { statementCsv } from "../domain/work-orders/statement-files.server";
import { requireOrganization } from "../http/auth.server";
import { defineResourceLoader } from "../http/loader.server";
import { statementQuery } from "../http/params.server";

// A member's statement as CSV: the member its own, its cooperative any member's (404 for anyone else).
export const loader = defineResourceLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const { statement } = await statementFor(getDb(), { organizationId: auth.organization.id, actorUserId: auth.user.id, ...statementQuery(new URL(request.url)) });
  return new Response(`\uFEFF${statementCsv(statement, auth.user.locale)}`, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="statement-${statement.memberId}.csv"`, "Cache-Control": "private, no-store" },
  });
});
