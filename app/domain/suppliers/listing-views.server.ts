import { getOrganizationProfile } from "../organizations/organization-profile.server";
import { listCapabilities } from "./capabilities.server";
import { latestClusterProposal } from "./cluster-proposals.server";
import { listingFormDefaults } from "./listing-form";
import { sql } from "kysely";
import type { DbOrTrx } from "../../../db/client";
import { sqlFor } from "../../../db/dialect";
import type { ListingStatus } from "../../../db/schema";
import { DomainError } from "../errors";
import { listOrganizationFiles } from "./listing-files.server";
import { firstListingData, parseListingData, type ListingData, type ListingSection } from "./listing-data";

// Read models of listings: the supplier's editor, the admin's queue and review page.

function versionView(v: {
  id: number;
  number: number;
  status: ListingStatus;
  revision: number;
  data: string;
  review_comments: string;
  decision_reason: string | null;
  submitted_at: string | null;
  decided_at: string | null;
  updated_at: string;
}) {
  return {
    id: v.id,
    number: v.number,
    status: v.status,
    revision: v.revision,
    data: parseListingData(v.data),
    comments: JSON.parse(v.review_comments) as Partial<Record<ListingSection, string>>,
    reason: v.decision_reason,
    submittedAt: v.submitted_at,
    decidedAt: v.decided_at,
    updatedAt: v.updated_at,
  };
}
export type ListingVersionView = ReturnType<typeof versionView>;

const versionColumns = [
  "listing_versions.id",
  "listing_versions.number",
  "listing_versions.status",
  "listing_versions.revision",
  "listing_versions.data",
  "listing_versions.review_comments",
  "listing_versions.decision_reason",
  "listing_versions.submitted_at",
  "listing_versions.decided_at",
  "listing_versions.updated_at",
] as const;

/** The moderation history of an organization's listing, from the audit log (the supplier may read it). */
export async function listingHistory(db: DbOrTrx, organizationId: number) {
  const rows = await db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_user_id")
    .select(["audit_log.id", "audit_log.action", "audit_log.from_state", "audit_log.to_state", "audit_log.detail", "audit_log.created_at", "users.name as actor"])
    .where("audit_log.entity_type", "=", "listing")
    .where("audit_log.organization_id", "=", organizationId)
    .orderBy("audit_log.id", "desc")
    .limit(50)
    .execute();
  return rows.map((r) => {
    const detail = JSON.parse(r.detail) as { versionNumber?: number; reason?: string | null; comments?: Record<string, string> };
    return { ...r, versionNumber: detail.versionNumber ?? null, reason: detail.reason ?? null, comments: detail.comments ?? {} };
  });
}

/** Everything the supplier's editor shows: the working version, the live one, files and history. */
export async function getListingEditor(db: DbOrTrx, organizationId: number) {
  const listing = await db
    .selectFrom("listings")
    .select(["id", "live_version_id"])
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  const working = listing
    ? await db
        .selectFrom("listing_versions")
        .select(versionColumns)
        .where("listing_id", "=", listing.id)
        .orderBy("number", "desc")
        .limit(1)
        .executeTakeFirst()
    : undefined;
  const live =
    listing?.live_version_id != null
      ? await db.selectFrom("listing_versions").select(["id", "number", "status"]).where("id", "=", listing.live_version_id).executeTakeFirst()
      : undefined;
  return {
    working: working ? versionView(working) : null,
    live: live ?? null,
    files: await listOrganizationFiles(db, organizationId),
    history: await listingHistory(db, organizationId),
  };
}

/** The admin queue: versions in a state (live ones only for approved/suspended), oldest waiting first. */
export async function listModerationQueue(
  db: DbOrTrx,
  filter: { status: ListingStatus; kind?: "new" | "revision"; cluster?: string; orgKind?: "supplier" | "cooperative" },
) {
  const dialect = sqlFor(db);
  let query = db
    .selectFrom("listing_versions")
    .innerJoin("listings", "listings.id", "listing_versions.listing_id")
    .innerJoin("organizations", "organizations.id", "listings.organization_id")
    .select([
      "listing_versions.id",
      "listing_versions.number",
      "listing_versions.status",
      "listing_versions.submitted_at",
      "listing_versions.updated_at",
      "listings.live_version_id",
      "organizations.legal_name",
      "organizations.kind",
      "organizations.slug",
      dialect.jsonText(sql.ref("listing_versions.data"), "clusterCode").as("cluster_code"),
      dialect.jsonText(sql.ref("listing_versions.data"), "headlineId").as("headline"),
    ])
    .where("listing_versions.status", "=", filter.status);
  if (filter.kind === "new") query = query.where((eb) => eb.or([eb("listings.live_version_id", "is", null), eb("listings.live_version_id", "=", eb.ref("listing_versions.id"))]));
  if (filter.kind === "revision") {
    query = query.where("listings.live_version_id", "is not", null).whereRef("listings.live_version_id", "!=", "listing_versions.id");
  }
  if (filter.cluster) query = query.where(dialect.jsonText(sql.ref("listing_versions.data"), "clusterCode"), "=", filter.cluster);
  if (filter.orgKind) query = query.where("organizations.kind", "=", filter.orgKind);
  const rows = await query.orderBy("listing_versions.submitted_at").orderBy("listing_versions.id").limit(200).execute();
  return rows.map((r) => ({
    ...r,
    isRevision: r.live_version_id !== null && r.live_version_id !== r.id,
  }));
}

/** The admin's review page: the version, the live version it would replace, the documents, the history. */
export async function getListingReview(db: DbOrTrx, versionId: number) {
  const row = await db
    .selectFrom("listing_versions")
    .innerJoin("listings", "listings.id", "listing_versions.listing_id")
    .innerJoin("organizations", "organizations.id", "listings.organization_id")
    .select([
      ...versionColumns,
      "listings.live_version_id",
      "organizations.id as organization_id",
      "organizations.legal_name",
      "organizations.kind",
      "organizations.slug",
      "organizations.nib",
    ])
    .where("listing_versions.id", "=", versionId)
    .executeTakeFirst();
  if (!row) throw new DomainError("error.listingNotFound", 404);
  const live =
    row.live_version_id !== null && row.live_version_id !== row.id
      ? await db.selectFrom("listing_versions").select(versionColumns).where("id", "=", row.live_version_id).executeTakeFirst()
      : undefined;
  return {
    organization: { id: row.organization_id, legalName: row.legal_name, kind: row.kind, slug: row.slug, nib: row.nib },
    version: versionView(row),
    isLive: row.live_version_id === row.id,
    live: live ? versionView(live) : null,
    files: await listOrganizationFiles(db, row.organization_id),
    history: await listingHistory(db, row.organization_id),
  };
}

export type { ListingData };

/**
 * The supplier's editor page: the editor's data, the organization, the form's starting values (the working
 * version, or a first listing's defaults from the organization's region), the taxonomy and the latest
 * cluster proposal.
 */
export async function getListingEditorPage(db: DbOrTrx, organizationId: number) {
  const editor = await getListingEditor(db, organizationId);
  const capabilities = await listCapabilities(db);
  const profile = await getOrganizationProfile(db, organizationId);
  const data = editor.working?.data ?? firstListingData({ provinceCode: profile.province_code, regencyCode: profile.regency_code }, capabilities);
  return {
    ...editor,
    organization: { slug: profile.slug, legalName: profile.legal_name, kind: profile.kind },
    defaults: listingFormDefaults(data),
    capabilities,
    clusterProposal: (await latestClusterProposal(db, organizationId)) ?? null,
  };
}
export type ListingEditorPage = Awaited<ReturnType<typeof getListingEditorPage>>;
