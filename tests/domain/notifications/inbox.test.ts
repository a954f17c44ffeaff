import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { countUnread, listNotifications } from "../../../app/domain/notifications/inbox.server";
import { notify } from "../../../app/domain/notifications/notify.server";
import { createOrganizationWithOwner, createTestAdmin } from "../../support/factories";
import { approve, submitListing } from "../../support/listings";

const newAdmin = () =>
  createTestAdmin({ email: `adm-${Math.random().toString(36).slice(2, 8)}@uji.pasok.id`, name: "Dewi Lestari", password: "rahasia-pengawas-123", now: new Date() });

describe("notification centre (issue 13 #9)", () => {
  it("an admin's 'listing awaiting verification' is done for every admin once one of them decides it", async () => {
    const [first, second] = [await newAdmin(), await newAdmin()];
    const supplier = await createOrganizationWithOwner({ kind: "supplier" });
    const unreadBefore = [await countUnread(getDb(), first.userId), await countUnread(getDb(), second.userId)];
    const { versionId } = await submitListing(supplier.organizationId, supplier.userId);
    expect([await countUnread(getDb(), first.userId), await countUnread(getDb(), second.userId)]).toEqual(unreadBefore.map((n) => n + 1));
    await approve(versionId, first.userId);
    expect([await countUnread(getDb(), first.userId), await countUnread(getDb(), second.userId)]).toEqual(unreadBefore);
    const item = (await listNotifications(getDb(), second.userId)).find((n) => n.link === `/admin/listings/${versionId}`);
    expect(item?.read_at).not.toBeNull();
  });

  it("lists newest first by when it happened, also when events were recorded out of order", async () => {
    const owner = await createOrganizationWithOwner();
    for (const at of ["2026-10-23T02:00:00.000Z", "2026-12-02T02:00:00.000Z", "2026-11-04T02:00:00.000Z", "2026-12-01T02:00:00.000Z"]) {
      await notify(getDb(), { recipients: { userIds: [owner.userId] }, kind: "welcome", params: { name: "x", organization: "y" }, now: new Date(at), email: false });
    }
    const dates = (await listNotifications(getDb(), owner.userId)).map((n) => n.created_at);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});
