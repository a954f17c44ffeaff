import type { Db } from "../../../db/client";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { resolveNotifications } from "../notifications/inbox.server";
import { applyListingEvent, type ListingEventResult } from "./apply-listing-event.server";
import type { ListingSection } from "./listing-data";
import type { AdminListingEvent } from "./listing-states";

const DECISION_NOTIFICATION = {
  approve: "listing_approved",
  request_changes: "listing_changes_requested",
  reject: "listing_rejected",
  suspend: "listing_suspended",
  reinstate: "listing_reinstated",
} as const satisfies Record<AdminListingEvent, string>;

/**
 * An admin's decision on a listing version: approve, request changes (with comments per section), reject,
 * suspend or reinstate (with a reason). Carries the revision the admin looked at, so a version that changed
 * meanwhile is refused (409) instead of being decided blind. The supplier's members are told in-app and by
 * e-mail.
 */
export async function decideListing(
  db: Db,
  options: {
    actor: { userId: number; isAdmin: boolean };
    versionId: number;
    revision: number;
    event: AdminListingEvent;
    reason?: string;
    comments?: Partial<Record<ListingSection, string>>;
    now: Date;
  },
): Promise<ListingEventResult> {
  if (!options.actor.isAdmin) throw new DomainError("error.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const result = await applyListingEvent(trx, {
      versionId: options.versionId,
      event: options.event,
      actorUserId: options.actor.userId,
      now: options.now,
      expectedRevision: options.revision,
      reason: options.reason ?? null,
      comments: options.comments,
    });
    await notify(trx, {
      recipients: { organizationId: result.organizationId },
      kind: DECISION_NOTIFICATION[options.event],
      params: { reason: options.reason ?? "—" },
      link: "/supplier/listing",
      organizationId: result.organizationId,
      now: options.now,
    });
    // The admins' "awaiting verification" for this version is done, whoever decided it.
    await resolveNotifications(trx, { kind: "listing_submitted", link: `/admin/listings/${options.versionId}`, now: options.now });
    return result;
  });
}
