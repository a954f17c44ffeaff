import type { z } from "zod";
import type { Db, DbOrTrx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { REGIONS } from "../organizations/regions";
import { parseListingData } from "../suppliers/listing-data";
import { liveListings } from "../suppliers/live-listings.server";
import { jakartaDate } from "../time";
import type { ReportDimension, TargetSchema } from "./development-schemas";

// The Link-and-Match report. A partnership is never typed in: it is an IKM's (or cooperative's) FIRST
// contracted order with a big buyer (an organization of kind "buyer"), dated by the supplier's acceptance of
// the contract (orders.supplier_accepted_at) in Jakarta time. A second order with the same buyer is repeat
// business, not a new partnership. Targets per year (or span of years) are rows an admin edits.

export interface Partnership {
  supplierId: number;
  supplierName: string;
  buyerId: number;
  buyerName: string;
  orderId: number;
  orderNumber: string;
  contractedOn: string;
  year: number;
  provinceCode: string;
  clusterCode: string;
  programmeIds: number[];
}

/** Every partnership, oldest first (one row per IKM–buyer pair). */
export async function listPartnerships(db: DbOrTrx): Promise<Partnership[]> {
  const firsts = await db
    .selectFrom("orders")
    .innerJoin("organizations as buyer", "buyer.id", "orders.buyer_id")
    .innerJoin("organizations as supplier", "supplier.id", "orders.supplier_id")
    .select(["orders.supplier_id", "orders.buyer_id", (eb) => eb.fn.min<string>("orders.supplier_accepted_at").as("first_at")])
    .where("orders.supplier_accepted_at", "is not", null)
    .where("buyer.kind", "=", "buyer")
    .where("supplier.kind", "in", ["supplier", "cooperative"])
    .groupBy(["orders.supplier_id", "orders.buyer_id"])
    .execute();
  if (firsts.length === 0) return [];
  const orgIds = [...new Set(firsts.flatMap((f) => [f.supplier_id, f.buyer_id]))];
  const [orgs, orders, listings, enrolments] = await Promise.all([
    db.selectFrom("organizations").select(["id", "legal_name", "province_code"]).where("id", "in", orgIds).execute(),
    db
      .selectFrom("orders")
      .select(["id", "number", "supplier_id", "buyer_id", "supplier_accepted_at"])
      .where("supplier_accepted_at", "in", [...new Set(firsts.map((f) => f.first_at))])
      .execute(),
    liveListings(db).select(["listings.organization_id", "listing_versions.data"]).where("listings.organization_id", "in", [...new Set(firsts.map((f) => f.supplier_id))]).execute(),
    db
      .selectFrom("programme_enrolments")
      .innerJoin("programmes", "programmes.id", "programme_enrolments.programme_id")
      .select(["programme_enrolments.organization_id", "programmes.id", "programmes.starts_on"])
      .where("programme_enrolments.accepted_at", "is not", null)
      .execute(),
  ]);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const clusterOf = new Map(listings.map((l) => [l.organization_id, parseListingData(l.data).clusterCode]));
  return firsts
    .map((f) => {
      const order = orders.filter((o) => o.supplier_id === f.supplier_id && o.buyer_id === f.buyer_id && o.supplier_accepted_at === f.first_at).sort((a, b) => a.id - b.id)[0]!;
      const contractedOn = jakartaDate(new Date(f.first_at));
      return {
        supplierId: f.supplier_id,
        supplierName: orgById.get(f.supplier_id)?.legal_name ?? "",
        buyerId: f.buyer_id,
        buyerName: orgById.get(f.buyer_id)?.legal_name ?? "",
        orderId: order.id,
        orderNumber: order.number,
        contractedOn,
        year: Number(contractedOn.slice(0, 4)),
        provinceCode: orgById.get(f.supplier_id)?.province_code ?? "",
        clusterCode: clusterOf.get(f.supplier_id) ?? "",
        // Counted for a programme the IKM was enrolled in (and accepted) that had begun by then.
        programmeIds: enrolments.filter((e) => e.organization_id === f.supplier_id && e.starts_on <= contractedOn).map((e) => e.id),
      };
    })
    .sort((a, b) => a.contractedOn.localeCompare(b.contractedOn) || a.supplierId - b.supplierId);
}

export async function listTargets(db: DbOrTrx) {
  return db.selectFrom("partnership_targets").selectAll().orderBy("year_from").orderBy("year_to").execute();
}

export async function saveTarget(db: Db, options: { actorUserId: number; input: z.output<typeof TargetSchema>; now: Date }) {
  const { input } = options;
  await db.transaction().execute(async (trx) => {
    const overlapping = await trx
      .selectFrom("partnership_targets")
      .select("id")
      .where("year_from", "<=", input.yearTo)
      .where("year_to", ">=", input.yearFrom)
      .$if(Boolean(input.targetId), (q) => q.where("id", "!=", input.targetId as number))
      .executeTakeFirst();
    if (overlapping) throw new DomainError("error.targetOverlaps", 422, "yearFrom");
    const values = { year_from: input.yearFrom, year_to: input.yearTo, target: input.target, note: input.note ?? "", updated_by_user_id: options.actorUserId, updated_at: toTimestamp(options.now) };
    let id: number;
    if (input.targetId) {
      const result = await trx.updateTable("partnership_targets").set(values).where("id", "=", input.targetId).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new DomainError("error.notFound", 404);
      id = input.targetId;
    } else {
      id = (await trx.insertInto("partnership_targets").values(values).returning("id").executeTakeFirstOrThrow()).id;
    }
    await writeAudit(trx, { actorUserId: options.actorUserId, organizationId: null, entityType: "partnership_target", entityId: id, action: "save", detail: values, now: options.now });
  });
}

export interface ReportOptions {
  from: number;
  to: number;
  by: ReportDimension;
  /** A mentor sees every count, and the named rows of the IKMs it coaches only; null = an admin (all). */
  mentorId: number | null;
}

/**
 * The report for a period: partnerships per year (with the target of each year's span), per group of the
 * chosen dimension, the funnel mentored → qualified → trial → partnered per programme, and the rows.
 */
export async function partnershipReport(db: DbOrTrx, options: ReportOptions) {
  const all = await listPartnerships(db);
  const inPeriod = all.filter((p) => p.year >= options.from && p.year <= options.to);
  const [targets, programmes, clusters, buyers] = await Promise.all([
    listTargets(db),
    db.selectFrom("programmes").innerJoin("organizations", "organizations.id", "programmes.mentor_id").select(["programmes.id", "programmes.name", "programmes.cohort", "programmes.starts_on", "programmes.ends_on", "organizations.legal_name as mentor_name", "programmes.mentor_id"]).orderBy("programmes.starts_on").execute(),
    db.selectFrom("capabilities").select(["code", "label_id", "label_en"]).where("kind", "=", "cluster").execute(),
    db.selectFrom("organizations").select(["id", "legal_name"]).where("kind", "=", "buyer").execute(),
  ]);
  const years: { year: number; count: number; target: number | null; span: string | null }[] = [];
  for (let year = options.from; year <= options.to; year++) {
    const span = targets.find((t) => t.year_from <= year && t.year_to >= year);
    years.push({ year, count: inPeriod.filter((p) => p.year === year).length, target: span && span.year_from === span.year_to ? span.target : null, span: span && span.year_from !== span.year_to ? `${span.year_from}–${span.year_to}` : null });
  }
  const spans = targets
    .filter((t) => t.year_to >= options.from && t.year_from <= options.to)
    .map((t) => ({ id: t.id, yearFrom: t.year_from, yearTo: t.year_to, target: t.target, note: t.note, achieved: all.filter((p) => p.year >= t.year_from && p.year <= t.year_to).length }));

  const provinceName = new Map(REGIONS.provinces.map((p) => [p.code, p.name]));
  const clusterLabel = new Map(clusters.map((c) => [c.code, { id: c.label_id, en: c.label_en }]));
  const programmeName = new Map(programmes.map((p) => [p.id, p.name]));
  const groups = new Map<string, { key: string; labelId: string; labelEn: string; count: number }>();
  const add = (key: string, labelId: string, labelEn: string) => {
    const g = groups.get(key) ?? { key, labelId, labelEn, count: 0 };
    g.count += 1;
    groups.set(key, g);
  };
  for (const p of inPeriod) {
    if (options.by === "buyer") add(String(p.buyerId), p.buyerName, p.buyerName);
    else if (options.by === "province") add(p.provinceCode, provinceName.get(p.provinceCode) ?? p.provinceCode, provinceName.get(p.provinceCode) ?? p.provinceCode);
    else if (options.by === "cluster") {
      const label = clusterLabel.get(p.clusterCode);
      add(p.clusterCode || "-", label?.id ?? "Tanpa sentra", label?.en ?? "No cluster");
    } else if (p.programmeIds.length === 0) add("-", "Tanpa program", "No programme");
    else for (const id of p.programmeIds) add(String(id), programmeName.get(id) ?? "", programmeName.get(id) ?? "");
  }

  const funnel = await programmeFunnels(db, programmes, all);
  const continuity = await continuityCounts(db, all, options);
  const coached = options.mentorId === null ? null : await coachedIds(db, options.mentorId);
  return {
    from: options.from,
    to: options.to,
    by: options.by,
    total: inPeriod.length,
    continuity,
    years,
    spans,
    groups: [...groups.values()].sort((a, b) => b.count - a.count || a.labelId.localeCompare(b.labelId)),
    funnel,
    rows: inPeriod
      .filter((p) => coached === null || coached.has(p.supplierId))
      .map((p) => ({ ...p, provinceName: provinceName.get(p.provinceCode) ?? p.provinceCode, clusterLabelId: clusterLabel.get(p.clusterCode)?.id ?? "", clusterLabelEn: clusterLabel.get(p.clusterCode)?.en ?? "", programmes: p.programmeIds.map((id) => programmeName.get(id) ?? "") })),
    hiddenRows: coached === null ? 0 : inPeriod.filter((p) => !coached.has(p.supplierId)).length,
    buyers: buyers.length,
  };
}
export type PartnershipReport = Awaited<ReturnType<typeof partnershipReport>>;

/**
 * Continuity of supply in the period, next to the partnerships: orders contracted with a big buyer after the
 * pair's first (repeat business: ordered again, called off, or tendered again), of them the call-offs against a
 * framework agreement, and the agreements accepted — "increase the orders", in numbers.
 */
async function continuityCounts(db: DbOrTrx, partnerships: Partnership[], options: { from: number; to: number }) {
  const from = `${options.from}-01-01`;
  const to = `${options.to + 1}-01-01`;
  const first = new Set(partnerships.map((p) => p.orderId));
  const orders = await db
    .selectFrom("orders")
    .innerJoin("organizations as buyer", "buyer.id", "orders.buyer_id")
    .innerJoin("organizations as supplier", "supplier.id", "orders.supplier_id")
    .select(["orders.id", "orders.origin", "orders.supplier_accepted_at"])
    .where("orders.supplier_accepted_at", "is not", null)
    .where("buyer.kind", "=", "buyer")
    .where("supplier.kind", "in", ["supplier", "cooperative"])
    .execute();
  const inPeriod = orders.filter((o) => {
    const day = jakartaDate(new Date(o.supplier_accepted_at!));
    return day >= from && day < to && !first.has(o.id);
  });
  const agreements = await db
    .selectFrom("agreements")
    .select(["id", "supplier_accepted_at"])
    .where("supplier_accepted_at", "is not", null)
    .execute();
  return {
    repeatOrders: inPeriod.length,
    callOffs: inPeriod.filter((o) => o.origin === "call_off").length,
    agreements: agreements.filter((a) => {
      const day = jakartaDate(new Date(a.supplier_accepted_at!));
      return day >= from && day < to;
    }).length,
  };
}

async function coachedIds(db: DbOrTrx, mentorId: number): Promise<Set<number>> {
  const rows = await db.selectFrom("programme_enrolments").select("organization_id").where("mentor_id", "=", mentorId).where("accepted_at", "is not", null).execute();
  return new Set(rows.map((r) => r.organization_id));
}

/**
 * Per programme, each step counting the IKMs that reached at least it (so the funnel only narrows): mentored
 * (enrolled and accepted), qualified (signed off a stage the admin marked as qualifying, or one above it),
 * trial (invited on trial by a buyer, or given a trial order), partnered (a partnership on or after the
 * programme's start). An IKM that went straight to a partnership counts as having passed the steps before.
 */
async function programmeFunnels(db: DbOrTrx, programmes: { id: number; name: string; mentor_name: string; starts_on: string }[], partnerships: Partnership[]) {
  if (programmes.length === 0) return [];
  const [enrolled, qualifying, signed, trials, trialOrders] = await Promise.all([
    db.selectFrom("programme_enrolments").select(["programme_id", "organization_id"]).where("accepted_at", "is not", null).execute(),
    db.selectFrom("ladder_stages").select(["position"]).where("funnel_step", "=", "qualified").orderBy("position").limit(1).executeTakeFirst(),
    db.selectFrom("ladder_progress").innerJoin("ladder_stages", "ladder_stages.id", "ladder_progress.stage_id").select(["ladder_progress.organization_id", "ladder_stages.position"]).where("ladder_progress.status", "=", "signed_off").execute(),
    db.selectFrom("supplier_relationships").select("supplier_id").execute(),
    db.selectFrom("orders").select("supplier_id").where("is_trial", "=", 1).execute(),
  ]);
  const qualified = new Set(qualifying ? signed.filter((s) => s.position >= qualifying.position).map((s) => s.organization_id) : []);
  const onTrial = new Set([...trials.map((t) => t.supplier_id), ...trialOrders.map((t) => t.supplier_id)]);
  return programmes.map((p) => {
    const ids = [...new Set(enrolled.filter((e) => e.programme_id === p.id).map((e) => e.organization_id))];
    const partnered = new Set(partnerships.filter((x) => x.contractedOn >= p.starts_on).map((x) => x.supplierId));
    return {
      programmeId: p.id,
      name: p.name,
      mentorName: p.mentor_name,
      mentored: ids.length,
      qualified: ids.filter((id) => qualified.has(id) || onTrial.has(id) || partnered.has(id)).length,
      trial: ids.filter((id) => onTrial.has(id) || partnered.has(id)).length,
      partnered: ids.filter((id) => partnered.has(id)).length,
    };
  });
}
