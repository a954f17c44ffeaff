import { z } from "zod";
import type { DbOrTrx } from "../../../db/client";
import { sqlFor } from "../../../db/dialect";
import { sql } from "kysely";

// The admin's audit trail: every audit row, newest first, filtered by organization, record, kind, action,
// actor and date, a page at a time (keyset on the id), and as CSV.

export const AUDIT_PAGE_SIZE = 100;
/** The most rows one CSV export holds (narrow the filters for more). */
export const AUDIT_CSV_LIMIT = 20_000;

const text = (max: number) => z.string().trim().max(max).optional().catch(undefined);
const positive = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);

/** The filters, from the page's query string: anything malformed is dropped, never an error. */
export const AuditFilterSchema = z.object({
  organization: text(120),
  kind: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  record: z.string().regex(/^[\w-]{1,40}$/).optional().catch(undefined),
  action: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  actor: text(120),
  from: day,
  to: day,
  before: positive,
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export function auditFilterFrom(url: URL): AuditFilter {
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  return AuditFilterSchema.parse(raw);
}

function filtered(db: DbOrTrx, filter: AuditFilter) {
  const { containsText } = sqlFor(db);
  return db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_user_id")
    .leftJoin("organizations", "organizations.id", "audit_log.organization_id")
    .select([
      "audit_log.id",
      "audit_log.created_at",
      "audit_log.entity_type",
      "audit_log.entity_id",
      "audit_log.action",
      "audit_log.from_state",
      "audit_log.to_state",
      "audit_log.detail",
      "audit_log.actor_address",
      "audit_log.organization_id",
      "users.name as actor_name",
      "users.email as actor_email",
      "organizations.legal_name as organization_name",
    ])
    .$if(filter.organization !== undefined, (q) =>
      /^\d+$/.test(filter.organization!)
        ? q.where("audit_log.organization_id", "=", Number(filter.organization))
        : q.where(containsText(sql.ref("organizations.legal_name"), filter.organization!)),
    )
    .$if(filter.kind !== undefined, (q) => q.where("audit_log.entity_type", "=", filter.kind!))
    .$if(filter.record !== undefined, (q) => q.where("audit_log.entity_id", "=", filter.record!))
    .$if(filter.action !== undefined, (q) => q.where("audit_log.action", "=", filter.action!))
    .$if(filter.actor !== undefined, (q) => q.where((eb) => eb.or([containsText(sql.ref("users.email"), filter.actor!), containsText(sql.ref("users.name"), filter.actor!)])))
    .$if(filter.from !== undefined, (q) => q.where("audit_log.created_at", ">=", `${filter.from}T00:00:00.000Z`))
    .$if(filter.to !== undefined, (q) => q.where("audit_log.created_at", "<=", `${filter.to}T23:59:59.999Z`));
}

export async function searchAudit(db: DbOrTrx, filter: AuditFilter) {
  const rows = await filtered(db, filter)
    .$if(filter.before !== undefined, (q) => q.where("audit_log.id", "<", filter.before!))
    .orderBy("audit_log.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1)
    .execute();
  const kinds = await db.selectFrom("audit_log").select("entity_type").distinct().orderBy("entity_type").execute();
  return {
    rows: rows.slice(0, AUDIT_PAGE_SIZE),
    /** The id to continue from (older rows), when there are more. */
    next: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1]!.id : null,
    kinds: kinds.map((k) => k.entity_type),
  };
}

export async function auditRowsForCsv(db: DbOrTrx, filter: AuditFilter) {
  return filtered(db, filter).orderBy("audit_log.id", "desc").limit(AUDIT_CSV_LIMIT).execute();
}

/** Where a record's own page is, for the kinds that have one. */
export function recordLink(kind: string, id: string, detail: Record<string, unknown>): string | null {
  if (kind === "order") return `/orders/${id}`;
  if (kind === "rfq") return `/rfqs/${id}`;
  if (kind === "work_order") return `/work-orders/${id}`;
  if (kind === "listing" && typeof detail.versionId === "number") return `/admin/listings/${detail.versionId}`;
  if ((kind === "shipment" || kind === "invoice") && typeof detail.orderId === "number") return `/orders/${detail.orderId}`;
  return null;
}
