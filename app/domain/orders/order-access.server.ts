import type { DbOrTrx } from "../../../db/client";
import type { Order } from "../../../db/schema";
import { DomainError } from "../errors";
import { requireMembership } from "../organizations/memberships.server";
import type { OrderSide } from "./apply-order-event.server";

/**
 * The order, if the acting user belongs to one of its two parties, and which side that is. The query is
 * scoped by the organization; anyone else gets the same 404 as for an order that does not exist.
 */
export async function requireOrderParty(
  db: DbOrTrx,
  options: { orderId: number; organizationId: number; actorUserId: number; side?: OrderSide },
): Promise<{ order: Order; side: OrderSide }> {
  if (!Number.isSafeInteger(options.orderId) || options.orderId <= 0) throw new DomainError("error.orderNotFound", 404);
  await requireMembership(db, options.actorUserId, options.organizationId);
  const order = await db
    .selectFrom("orders")
    .selectAll()
    .where("id", "=", options.orderId)
    .where((eb) => eb.or([eb("buyer_id", "=", options.organizationId), eb("supplier_id", "=", options.organizationId)]))
    .executeTakeFirst();
  if (!order) throw new DomainError("error.orderNotFound", 404);
  const side: OrderSide = order.buyer_id === options.organizationId ? "buyer" : "supplier";
  if (options.side && options.side !== side) throw new DomainError(options.side === "buyer" ? "error.buyerOnly" : "error.supplierOnly", 403);
  return { order, side };
}
