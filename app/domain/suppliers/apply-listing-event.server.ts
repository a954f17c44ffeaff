import type { Trx } from "../../../db/client";
import type { ListingStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { enqueueSearchUpdate } from "../search/outbox.server";
import type { ListingSection } from "./listing-data";
import { listingTransitions, type ListingEvent } from "./listing-states";

export interface ListingEventResult {
  from: ListingStatus;
  to: ListingStatus;
  listingId: number;
  organizationId: number;
  versionId: number;
  versionNumber: number;
}

/**
 * The only code that changes a listing version's status. Call it inside a transaction: it re-reads the row,
 * asks the transition table, refuses a decision taken on a revision other than the current one (409),
 * updates only if status and revision are still the ones it read, moves the listing's live version on
 * approval, and writes an audit row the supplier can read.
 */
export async function applyListingEvent(
  trx: Trx,
  options: {
    versionId: number;
    event: ListingEvent;
    actorUserId: number | null;
    now: Date;
    /** The revision the admin looked at; a decision on a changed version is refused. */
    expectedRevision?: number;
    reason?: string | null;
    comments?: Partial<Record<ListingSection, string>>;
  },
): Promise<ListingEventResult> {
  const version = await trx
    .selectFrom("listing_versions")
    .innerJoin("listings", "listings.id", "listing_versions.listing_id")
    .select([
      "listing_versions.id",
      "listing_versions.number",
      "listing_versions.status",
      "listing_versions.revision",
      "listings.id as listing_id",
      "listings.organization_id",
      "listings.live_version_id",
    ])
    .where("listing_versions.id", "=", options.versionId)
    .executeTakeFirst();
  if (!version) throw new DomainError("error.listingNotFound", 404);

  const to = nextState(listingTransitions, version.status, options.event);
  if (!to) throw new TransitionError("listing", version.status, options.event);
  if (options.expectedRevision !== undefined && options.expectedRevision !== version.revision) {
    throw new DomainError("error.listingChanged", 409);
  }
  if ((options.event === "suspend" || options.event === "reinstate") && version.live_version_id !== version.id) {
    throw new DomainError("error.listingNotLive", 409);
  }

  const at = toTimestamp(options.now);
  const comments = Object.fromEntries(Object.entries(options.comments ?? {}).filter(([, text]) => text));
  const result = await trx
    .updateTable("listing_versions")
    .set({
      status: to,
      revision: version.revision + 1,
      updated_at: at,
      ...(options.event === "submit"
        ? { submitted_at: at, review_comments: "{}", decision_reason: null, decided_at: null, decided_by_user_id: null }
        : {
            decided_at: at,
            decided_by_user_id: options.actorUserId,
            decision_reason: options.reason ?? null,
            review_comments: JSON.stringify(comments),
          }),
    })
    .where("id", "=", version.id)
    .where("status", "=", version.status)
    .where("revision", "=", version.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("listing", version.status, options.event);

  if (options.event === "approve") {
    await trx.updateTable("listings").set({ live_version_id: version.id, updated_at: at }).where("id", "=", version.listing_id).execute();
  }

  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: version.organization_id,
    entityType: "listing",
    entityId: version.listing_id,
    action: options.event,
    fromState: version.status,
    toState: to,
    detail: { versionId: version.id, versionNumber: version.number, reason: options.reason ?? null, comments },
    now: options.now,
  });
  // The search index follows the live listing (and the cooperatives that list this IKM among their members),
  // through the outbox written in this same transaction.
  await enqueueSearchUpdate(trx, { type: "supplier", id: version.organization_id, now: options.now });
  const cooperatives = await trx
    .selectFrom("cooperative_memberships")
    .select("cooperative_id")
    .where("member_id", "=", version.organization_id)
    .where("status", "=", "active")
    .execute();
  for (const { cooperative_id } of cooperatives) await enqueueSearchUpdate(trx, { type: "supplier", id: cooperative_id, now: options.now });
  // The version this approval replaces as the live one is superseded, through this same writer (and audited).
  if (options.event === "approve" && version.live_version_id !== null && version.live_version_id !== version.id) {
    await applyListingEvent(trx, { versionId: version.live_version_id, event: "supersede", actorUserId: options.actorUserId, now: options.now });
  }
  return {
    from: version.status,
    to,
    listingId: version.listing_id,
    organizationId: version.organization_id,
    versionId: version.id,
    versionNumber: version.number,
  };
}
