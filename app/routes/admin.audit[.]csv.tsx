import { getDb } from "../db.server";
import { auditFilterFrom, auditRowsForCsv } from "../domain/audit/audit-search.server";
import { toCsv } from "../exports/csv";
import { requireAdmin } from "../http/auth.server";
import { defineResourceLoader } from "../http/loader.server";

// The audit rows the admin's filters select, newest first, as CSV (at most AUDIT_CSV_LIMIT rows).
export const loader = defineResourceLoader(async ({ request }) => {
  await requireAdmin(request);
  const rows = await auditRowsForCsv(getDb(), auditFilterFrom(new URL(request.url)));
  const header = ["id", "created_at", "actor_name", "actor_email", "actor_address", "organization_id", "organization", "entity_type", "entity_id", "action", "from_state", "to_state", "detail"];
  const body = rows.map((r) => [r.id, r.created_at, r.actor_name ?? "", r.actor_email ?? "", r.actor_address ?? "", r.organization_id ?? "", r.organization_name ?? "", r.entity_type, r.entity_id, r.action, r.from_state ?? "", r.to_state ?? "", r.detail]);
  return new Response(`\uFEFF${toCsv([header, ...body])}`, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="pasok-audit.csv"', "Cache-Control": "private, no-store" },
  });
});
