import type { DbOrTrx } from "../../../db/client";
import { supplierScorecard } from "../scorecards/scorecard.server";
import { certificateState, parseListingData } from "../suppliers/listing-data";
import { liveListings } from "../suppliers/live-listings.server";
import { ladderHistory, ladderView } from "./ladder.server";
import type { LadderSide } from "./ladder-states";
import { evidenceOf, requireCoached, visitsOf } from "./mentoring.server";

/**
 * What one side sees of an IKM's development: its listing (headline, certificates with their state), its
 * scorecard, its ladder, evidence, visits and actions, the history; for a mentor only while it coaches the IKM
 * (404 otherwise), and bids and orders only when the IKM shares them.
 */
export async function developmentPage(db: DbOrTrx, options: { organizationId: number; today: string; side: LadderSide; mentorId: number | null }) {
  const coached = options.side === "mentor" ? await requireCoached(db, options.mentorId!, options.organizationId) : null;
  const [organization, listing, scorecard, ladder, evidence, visits, history, people] = await Promise.all([
    db.selectFrom("organizations").select(["id", "legal_name", "kind", "slug", "province_code", "regency_code"]).where("id", "=", options.organizationId).executeTakeFirstOrThrow(),
    liveListings(db).select("listing_versions.data").where("listings.organization_id", "=", options.organizationId).executeTakeFirst(),
    supplierScorecard(db, options.organizationId, options.today),
    ladderView(db, { organizationId: options.organizationId, today: options.today, side: options.side }),
    evidenceOf(db, options.organizationId),
    visitsOf(db, options.organizationId),
    ladderHistory(db, options.organizationId),
    db.selectFrom("memberships").innerJoin("users", "users.id", "memberships.user_id").select(["users.id", "users.name"]).where("memberships.organization_id", "=", options.organizationId).orderBy("users.name").execute(),
  ]);
  const data = listing ? parseListingData(listing.data) : null;
  const shared = coached === null || coached.sharesOrders;
  const [orders, bids] = shared && options.side === "mentor"
    ? await Promise.all([
        db
          .selectFrom("orders")
          .innerJoin("organizations as buyer", "buyer.id", "orders.buyer_id")
          .select(["orders.id", "orders.number", "orders.status", "orders.is_trial", "buyer.legal_name as buyer_name", "orders.created_at"])
          .where("orders.supplier_id", "=", options.organizationId)
          .orderBy("orders.id", "desc")
          .limit(50)
          .execute(),
        db
          .selectFrom("bids")
          .innerJoin("rfqs", "rfqs.id", "bids.rfq_id")
          .select(["bids.id", "bids.status", "rfqs.title", "bids.updated_at"])
          .where("bids.supplier_id", "=", options.organizationId)
          .orderBy("bids.id", "desc")
          .limit(50)
          .execute(),
      ])
    : [[], []];
  return {
    today: options.today,
    organization,
    listing: data
      ? {
          headline: data.headlineId,
          headlineEn: data.headlineEn,
          processes: data.processes,
          certificates: data.certificates.map((c) => ({ typeCode: c.typeCode, number: c.number, validUntil: c.validUntil, state: certificateState(c, options.today) })),
        }
      : null,
    scorecard,
    ladder,
    evidence,
    visits,
    history,
    people,
    sharesOrders: coached?.sharesOrders ?? false,
    orders,
    bids,
  };
}
export type DevelopmentPage = Awaited<ReturnType<typeof developmentPage>>;
