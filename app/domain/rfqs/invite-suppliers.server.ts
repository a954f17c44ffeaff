import { rfqActionAllowed } from "./rfq-states";
import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { approvedSuppliers } from "../suppliers/approved-suppliers.server";
import { closeRfqIfDue } from "./close-due-rfqs.server";
import { requireOwnRfq } from "./rfq-access.server";

/**
 * The buyer invites approved suppliers to a draft or open RFQ. Invited suppliers of an open RFQ are told at
 * once; those of a draft when it is published. Inviting someone twice changes nothing. Returns how many
 * were newly invited.
 */
export async function inviteSuppliers(
  db: Db,
  options: { rfqId: number; buyerId: number; supplierIds: number[]; actorUserId: number; now: Date },
): Promise<number> {
  await closeRfqIfDue(db, options.rfqId, options.now);
  return db.transaction().execute(async (trx) => {
    const rfq = await requireOwnRfq(trx, options);
    if (!rfqActionAllowed("invite", rfq.status)) throw new DomainError("error.rfqNotOpen", 409, "supplierIds");
    const wanted = [...new Set(options.supplierIds)].filter((id) => id !== options.buyerId);
    if (wanted.length === 0) throw new DomainError("error.chooseSupplier", 422, "supplierIds");
    const approved = await approvedSuppliers(trx).select("organizations.id").where("organizations.id", "in", wanted).execute();
    if (approved.length !== wanted.length) throw new DomainError("error.supplierNotApproved", 422, "supplierIds");
    const already = new Set(
      (await trx.selectFrom("rfq_invitations").select("supplier_id").where("rfq_id", "=", rfq.id).where("supplier_id", "in", wanted).execute()).map(
        (r) => r.supplier_id,
      ),
    );
    const at = toTimestamp(options.now);
    let invited = 0;
    for (const supplierId of wanted) {
      if (already.has(supplierId)) continue;
      await trx
        .insertInto("rfq_invitations")
        .values({ rfq_id: rfq.id, supplier_id: supplierId, invited_by_user_id: options.actorUserId, created_at: at })
        .execute();
      await writeAudit(trx, {
        actorUserId: options.actorUserId,
        organizationId: options.buyerId,
        entityType: "rfq",
        entityId: rfq.id,
        action: "invite",
        detail: { supplierId },
        now: options.now,
      });
      if (rfq.status === "open") {
        await notify(trx, {
          recipients: { organizationId: supplierId },
          kind: "rfq_invited",
          params: { title: rfq.title },
          link: `/rfqs/${rfq.id}`,
          organizationId: supplierId,
          now: options.now,
        });
      }
      invited++;
    }
    return invited;
  });
}
