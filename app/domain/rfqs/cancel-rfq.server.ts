import type { Db } from "../../../db/client";
import { notify } from "../notifications/notify.server";
import { requireOwnRfq } from "./rfq-access.server";
import { applyRfqEvent } from "./apply-rfq-event.server";
import { interestedSuppliers } from "./save-rfq.server";

/** The buyer cancels a draft, open or closed RFQ with a reason; invitees and bidders are told. */
export async function cancelRfq(
  db: Db,
  options: { rfqId: number; buyerId: number; actorUserId: number; reason: string; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rfq = await requireOwnRfq(trx, options);
    const cancelled = await applyRfqEvent(trx, { rfqId: rfq.id, event: "cancel", actorUserId: options.actorUserId, now: options.now, reason: options.reason });
    if (cancelled.from === "draft") return;
    for (const supplierId of await interestedSuppliers(trx, rfq.id)) {
      await notify(trx, {
        recipients: { organizationId: supplierId },
        kind: "rfq_cancelled",
        params: { title: cancelled.title, reason: options.reason },
        link: `/rfqs/${rfq.id}`,
        organizationId: supplierId,
        now: options.now,
      });
    }
  });
}
