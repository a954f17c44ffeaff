import type { ExpressionBuilder, Kysely } from "kysely";
import { compiledByShape } from "../../../db/compiled";
import type { DbOrTrx } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { DomainError } from "../errors";
import { requireMembership } from "../organizations/memberships.server";
import { closeRfqIfDue } from "./close-due-rfqs.server";

/** Who is looking: the organization the user acts for. */
export interface RfqViewer {
  userId: number;
  organizationId: number;
  /** Suppliers and cooperatives; a buyer that does not sell sees only its own RFQs. */
  sells: boolean;
}

export type RfqRole = "buyer" | "supplier";

/**
 * The one rule of who sees an RFQ, as a WHERE condition so every query enforces it: the buyer always; a
 * supplier once it is published and public, or when it was invited or has bid.
 */
export function visibleTo(viewer: RfqViewer) {
  return (eb: ExpressionBuilder<Database, "rfqs">) => {
    const own = eb("rfqs.buyer_id", "=", viewer.organizationId);
    if (!viewer.sells) return own;
    return eb.or([
      own,
      eb.and([
        eb("rfqs.status", "!=", "draft"),
        eb.or([
          eb.and([
            eb("rfqs.visibility", "=", "public"),
            // An RFQ open only to a ladder stage: IKMs with that stage, or one above it, signed off.
            eb.or([
              eb("rfqs.min_stage_code", "is", null),
              eb.exists(
                eb
                  .selectFrom("ladder_progress")
                  .innerJoin("ladder_stages as reached", "reached.id", "ladder_progress.stage_id")
                  .innerJoin("ladder_stages as wanted", "wanted.code", "rfqs.min_stage_code")
                  .select("ladder_progress.id")
                  .where("ladder_progress.organization_id", "=", viewer.organizationId)
                  .where("ladder_progress.status", "=", "signed_off")
                  .whereRef("reached.position", ">=", "wanted.position"),
              ),
            ]),
          ]),
          eb.exists(
            eb
              .selectFrom("rfq_invitations")
              .select("rfq_invitations.id")
              .whereRef("rfq_invitations.rfq_id", "=", "rfqs.id")
              .where("rfq_invitations.supplier_id", "=", viewer.organizationId),
          ),
          eb.exists(
            eb
              .selectFrom("bids")
              .select("bids.id")
              .whereRef("bids.rfq_id", "=", "rfqs.id")
              .where("bids.supplier_id", "=", viewer.organizationId),
          ),
        ]),
      ]),
    ]);
  };
}

/**
 * The RFQ as this viewer may see it, closed first if its deadline has passed (the check on every read), and
 * the viewer's role. Anyone else gets the same 404 as for an RFQ that does not exist.
 */
export async function loadRfqFor(db: DbOrTrx, rfqId: number, viewer: RfqViewer, now: Date) {
  if (!Number.isSafeInteger(rfqId) || rfqId <= 0) throw new DomainError("error.rfqNotFound", 404);
  await closeRfqIfDue(db, rfqId, now);
  const rfq = await db.selectFrom("rfqs").selectAll().where("id", "=", rfqId).where(visibleTo(viewer)).executeTakeFirst();
  if (!rfq) throw new DomainError("error.rfqNotFound", 404);
  const role: RfqRole = rfq.buyer_id === viewer.organizationId ? "buyer" : "supplier";
  return { rfq, role };
}

/** The RFQ, only if the viewer's organization is its buyer (404 otherwise). */
export async function loadOwnRfq(db: DbOrTrx, rfqId: number, buyerId: number, now: Date) {
  if (!Number.isSafeInteger(rfqId) || rfqId <= 0) throw new DomainError("error.rfqNotFound", 404);
  await closeRfqIfDue(db, rfqId, now);
  const [rfq] = await ownRfq(db, { rfqId, buyerId });
  if (!rfq) throw new DomainError("error.rfqNotFound", 404);
  return rfq;
}

/** The buyer's own RFQ by id (compiled once: every buyer page of an RFQ reads it). */
const ownRfq = compiledByShape((db: Kysely<Database>, v: { rfqId: number; buyerId: number }) =>
  db.selectFrom("rfqs").selectAll().where("id", "=", v.rfqId).where("buyer_id", "=", v.buyerId),
);

/**
 * Inside a use case's transaction: the acting user must belong to the buying organization, and the RFQ must
 * be that organization's (404 otherwise, the same as for an RFQ that does not exist).
 */
export async function requireOwnRfq(trx: DbOrTrx, options: { rfqId: number; buyerId: number; actorUserId: number }) {
  const buyer = await requireMembership(trx, options.actorUserId, options.buyerId);
  if (buyer.buys !== 1) throw new DomainError("error.forbidden", 403);
  const rfq = await trx.selectFrom("rfqs").selectAll().where("id", "=", options.rfqId).where("buyer_id", "=", options.buyerId).executeTakeFirst();
  if (!rfq) throw new DomainError("error.rfqNotFound", 404);
  return rfq;
}
