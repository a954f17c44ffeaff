import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { TransitionError } from "../../../app/domain/lifecycle";
import { applyListingEvent } from "../../../app/domain/suppliers/apply-listing-event.server";
import { LISTING_EVENTS, LISTING_STATES, listingTransitions } from "../../../app/domain/suppliers/listing-states";
import type { ListingStatus } from "../../../db/schema";
import { createOrganizationWithOwner } from "../../support/factories";
import { submitListing } from "../../support/listings";

// The whole table, written out once more by hand: any change to the lifecycle must change this test too.
const EXPECTED: Record<ListingStatus, Partial<Record<(typeof LISTING_EVENTS)[number], ListingStatus>>> = {
  draft: { submit: "submitted" },
  submitted: { approve: "approved", request_changes: "changes_requested", reject: "rejected" },
  changes_requested: { submit: "submitted" },
  approved: { suspend: "suspended", supersede: "superseded" },
  suspended: { reinstate: "approved", supersede: "superseded" },
  rejected: {},
  superseded: {},
};

describe("listing moderation lifecycle", () => {
  it("has exactly the expected transition for every state × event", () => {
    for (const state of LISTING_STATES) {
      for (const event of LISTING_EVENTS) {
        expect(listingTransitions[state][event], `${state} × ${event}`).toBe(EXPECTED[state][event]);
      }
    }
  });

  it("the one writer applies every allowed pair, refuses every other one, and leaves a refused row untouched", async () => {
    const db = getDb();
    const { userId, organizationId } = await createOrganizationWithOwner({ kind: "supplier" });
    const { versionId } = await submitListing(organizationId, userId, { intent: "save" });
    const listing = await db.selectFrom("listing_versions").select("listing_id").where("id", "=", versionId).executeTakeFirstOrThrow();
    // Suspend and reinstate act on the live version: make this version the live one.
    await db.updateTable("listings").set({ live_version_id: versionId }).where("id", "=", listing.listing_id).execute();

    let checked = 0;
    for (const state of LISTING_STATES) {
      for (const event of LISTING_EVENTS) {
        await db.updateTable("listing_versions").set({ status: state }).where("id", "=", versionId).execute();
        const before = await db.selectFrom("listing_versions").select(["status", "revision"]).where("id", "=", versionId).executeTakeFirstOrThrow();
        const auditBefore = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
        const to = EXPECTED[state][event];
        const run = () => db.transaction().execute((trx) => applyListingEvent(trx, { versionId, event, actorUserId: userId, now: new Date(), reason: "alasan uji" }));
        if (to) {
          const result = await run();
          expect(result, `${state} × ${event}`).toMatchObject({ from: state, to });
          const after = await db.selectFrom("listing_versions").select(["status", "revision"]).where("id", "=", versionId).executeTakeFirstOrThrow();
          expect(after.status).toBe(to);
          expect(after.revision).toBe(before.revision + 1);
          const audit = await db
            .selectFrom("audit_log")
            .selectAll()
            .where("entity_type", "=", "listing")
            .orderBy("id", "desc")
            .executeTakeFirstOrThrow();
          expect(audit).toMatchObject({ action: event, from_state: state, to_state: to, organization_id: organizationId });
        } else {
          await expect(run(), `${state} × ${event}`).rejects.toBeInstanceOf(TransitionError);
          const after = await db.selectFrom("listing_versions").select(["status", "revision"]).where("id", "=", versionId).executeTakeFirstOrThrow();
          expect(after).toEqual(before);
          const auditAfter = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
          expect(Number(auditAfter.n)).toBe(Number(auditBefore.n));
        }
        checked++;
      }
    }
    expect(checked).toBe(LISTING_STATES.length * LISTING_EVENTS.length);
  });

  it("refuses a decision on a revision other than the one the admin looked at (409)", async () => {
    const { userId, organizationId } = await createOrganizationWithOwner({ kind: "supplier" });
    const { versionId } = await submitListing(organizationId, userId);
    const row = await getDb().selectFrom("listing_versions").select("revision").where("id", "=", versionId).executeTakeFirstOrThrow();
    await expect(
      getDb().transaction().execute((trx) => applyListingEvent(trx, { versionId, event: "approve", actorUserId: userId, now: new Date(), expectedRevision: row.revision - 1 })),
    ).rejects.toMatchObject({ messageKey: "error.listingChanged", status: 409 });
  });

  it("approving a revision supersedes the version it replaces, through the writer and with an audit row", async () => {
    const db = getDb();
    const { userId, organizationId } = await createOrganizationWithOwner({ kind: "supplier" });
    const first = await submitListing(organizationId, userId);
    await db.transaction().execute((trx) => applyListingEvent(trx, { versionId: first.versionId, event: "approve", actorUserId: userId, now: new Date() }));
    const second = await submitListing(organizationId, userId);
    expect(second.versionId).not.toBe(first.versionId);
    await db.transaction().execute((trx) => applyListingEvent(trx, { versionId: second.versionId, event: "approve", actorUserId: userId, now: new Date() }));
    const statuses = await db.selectFrom("listing_versions").select(["id", "status"]).where("id", "in", [first.versionId, second.versionId]).orderBy("id").execute();
    expect(statuses).toEqual([
      { id: first.versionId, status: "superseded" },
      { id: second.versionId, status: "approved" },
    ]);
    const audit = await db.selectFrom("audit_log").select(["action", "from_state", "to_state"]).where("organization_id", "=", organizationId).where("action", "=", "supersede").execute();
    expect(audit).toEqual([{ action: "supersede", from_state: "approved", to_state: "superseded" }]);
  });
});
