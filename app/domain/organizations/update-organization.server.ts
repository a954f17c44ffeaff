import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { enqueueSearchUpdate } from "../search/outbox.server";
import { writeAudit } from "../audit/write-audit.server";
import { assertRegion, type OrganizationProfile } from "./create-organization.server";
import { requireOwnerMembership } from "./memberships.server";

/** An owner edits the organization profile. Only owners; the audit row keeps the fields that changed. */
export async function updateOrganization(
  db: Db,
  options: OrganizationProfile & { organizationId: number; actorUserId: number; buys: boolean | undefined; now: Date },
): Promise<void> {
  await assertRegion(options.provinceCode, options.regencyCode);
  await db.transaction().execute(async (trx) => {
    const before = await requireOwnerMembership(trx, options.actorUserId, options.organizationId);
    const after = {
      legal_name: options.legalName,
      nib: options.nib,
      npwp: options.npwp,
      address: options.address,
      province_code: options.provinceCode,
      regency_code: options.regencyCode,
      phone: options.phone,
      website: options.website,
      // A buyer always buys; a supplier or cooperative chooses.
      buys: before.kind === "buyer" ? (1 as const) : options.buys ? (1 as const) : (0 as const),
    };
    const changed = Object.fromEntries(
      Object.entries(after).filter(([key, value]) => before[key as keyof typeof before] !== value),
    );
    if (Object.keys(changed).length === 0) return;
    await trx
      .updateTable("organizations")
      .set({ ...after, updated_at: toTimestamp(options.now) })
      .where("id", "=", options.organizationId)
      .execute();
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.organizationId,
      entityType: "organization",
      entityId: options.organizationId,
      action: "update",
      detail: { changed: Object.keys(changed) },
      now: options.now,
    });
    // The name and region are in the search documents: the supplier's own, and its open RFQs as a buyer.
    if (before.kind !== "buyer") await enqueueSearchUpdate(trx, { type: "supplier", id: options.organizationId, now: options.now });
    const rfqs = await trx.selectFrom("rfqs").select("id").where("buyer_id", "=", options.organizationId).where("status", "=", "open").execute();
    for (const { id } of rfqs) await enqueueSearchUpdate(trx, { type: "rfq", id, now: options.now });
  });
}
