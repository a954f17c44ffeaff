import type { ListingStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a listing version's moderation. A version is a snapshot of the listing's
// content; the listing shows its live version to the public while that version is approved. Editing an
// approved (or rejected, or suspended) listing starts a new draft version, so the live one stays public;
// when that version is approved, the one it replaces is superseded.
export const LISTING_STATES = [
  "draft",
  "submitted",
  "changes_requested",
  "approved",
  "rejected",
  "suspended",
  "superseded",
] as const satisfies readonly ListingStatus[];
export const LISTING_EVENTS = ["submit", "approve", "request_changes", "reject", "suspend", "reinstate", "supersede"] as const;
export type ListingEvent = (typeof LISTING_EVENTS)[number];
/** The events only an admin may apply. */
export const ADMIN_LISTING_EVENTS = ["approve", "request_changes", "reject", "suspend", "reinstate"] as const;
export type AdminListingEvent = (typeof ADMIN_LISTING_EVENTS)[number];

export const listingTransitions: TransitionTable<ListingStatus, ListingEvent> = {
  draft: { submit: "submitted" },
  submitted: { approve: "approved", request_changes: "changes_requested", reject: "rejected" },
  changes_requested: { submit: "submitted" },
  approved: { suspend: "suspended", supersede: "superseded" },
  suspended: { reinstate: "approved", supersede: "superseded" },
  rejected: {},
  // The live version a newly approved one replaced (the writer applies `supersede` when it approves).
  superseded: {},
};

/** States in which the supplier edits the version in place; in the others an edit starts a new version. */
export const EDITABLE_IN_PLACE: readonly ListingStatus[] = ["draft", "changes_requested", "submitted"];

/** The admin queue's status filter, in the order an admin works through it. */
export const QUEUE_STATUSES = ["submitted", "changes_requested", "approved", "suspended", "rejected", "draft"] as const;
