import type { Db, DbOrTrx } from "../../../db/client";
import type { Locale } from "../../../db/schema";
import { DAY_MS, addMs, toTimestamp } from "../../clock.server";
import { config } from "../../config.server";
import { translate } from "../../i18n/i18n";
import type { Reason } from "../matching/explain";
import { matchSuppliersForRfq } from "../matching/matching.server";
import { visibleTo } from "../rfqs/rfq-access.server";
import { readRfqSearch, rfqSearchString, type RfqSearch } from "../rfqs/rfq-search";
import { getSearchEngine } from "../search/engine.server";
import { listCapabilities } from "../suppliers/capabilities.server";
import { capabilityOptions, type Capability } from "../suppliers/capability-options";
import { DomainError } from "../errors";
import { requireMembership } from "../organizations/memberships.server";
import { writeAudit } from "../audit/write-audit.server";
import { noticeOnce } from "./reminders.server";

// New RFQs find their suppliers. A job (every minute in each server) takes each RFQ published since it last
// looked: the suppliers the matching engine ranks as fitting a public RFQ (hard requirements met, the buyer
// itself and the invited ones left out — they were invited — and only those making one of its processes or
// materials) are told, at most RFQ_MATCH_NOTIFY_LIMIT of them,
// with the reasons the feed shows; and every saved search of the RFQ list that finds the RFQ tells its owner.
// Each person is told once per RFQ (notices_sent), so two servers running it tell nobody twice.

/** The met reasons of a match as one line in a language ("Pengecoran pasir · FC250 · Jawa Tengah"). */
function reasonsLine(capabilities: Capability[], reasons: Reason[], locale: Locale): string {
  const options = capabilityOptions(capabilities, locale);
  const label = (kind: "process" | "material" | "certificate", code: string) => options[kind].find((o) => o.value === code)?.label ?? code;
  return reasons
    .flatMap((r) => {
      if ((r.kind === "process" || r.kind === "material" || r.kind === "certificate") && r.met) return [label(r.kind, r.code)];
      if (r.kind === "tkdn" && r.met) return [`TKDN ${r.percent}% ≥ ${r.minimum}%`];
      if (r.kind === "capacity" && r.met) return [translate(locale, "match.capacity", { capacity: r.capacity, needed: r.needed })];
      if (r.kind === "region" && r.same === "province") return [translate(locale, "match.sameProvince", { province: r.provinceName })];
      return [];
    })
    .join(" · ");
}

/** Whether the RFQ's search document is in the index yet (its outbox rows are done): saved searches ask the index. */
async function indexed(db: Db, rfqId: number): Promise<boolean> {
  const waiting = await db.selectFrom("search_outbox").select("id").where("entity_type", "=", "rfq").where("entity_id", "=", rfqId).executeTakeFirst();
  return !waiting;
}

/** Tells the fitting suppliers and the matching saved searches of each newly published RFQ. Returns how many were told. */
export async function notifyNewRfqs(db: Db, now: Date, options: { limit?: number } = {}): Promise<number> {
  const limit = options.limit ?? config().RFQ_MATCH_NOTIFY_LIMIT;
  const rfqs = await db
    .selectFrom("rfqs")
    .select(["id", "title", "buyer_id", "visibility"])
    .where("status", "=", "open")
    .where("matches_notified_at", "is", null)
    // Only RFQs published recently: an RFQ from before this feature existed is not announced a week late.
    .where("published_at", ">=", toTimestamp(addMs(now, -7 * DAY_MS)))
    .orderBy("id")
    .limit(20)
    .execute();
  let told = 0;
  for (const rfq of rfqs) {
    if (!(await indexed(db, rfq.id))) continue; // the next run takes it
    const notified = new Set<number>();
    if (rfq.visibility === "public" && limit > 0) {
      // Over the limit a little, as some are left out below; told only when it makes one of the RFQ's processes
      // or materials (a text match alone is a candidate for the buyer's list, not news worth a supplier's inbox).
      const { matches } = await matchSuppliersForRfq(db, { rfqId: rfq.id, buyerId: rfq.buyer_id, now, limit: limit * 2 });
      const capabilities = await listCapabilities(db);
      const fitting = matches.filter((m) => !m.invited && m.reasons.some((r) => (r.kind === "process" || r.kind === "material") && r.met)).slice(0, limit);
      for (const match of fitting) {
        const supplierId = Number(match.supplier.id);
        // The same rule as every page: only a supplier that may see the RFQ (a ladder stage it has not reached does not).
        const visible = await db.selectFrom("rfqs").select("id").where("id", "=", rfq.id).where(visibleTo({ userId: 0, organizationId: supplierId, sells: true })).executeTakeFirst();
        if (!visible) continue;
        const people = (await db.selectFrom("memberships").select(["user_id"]).where("organization_id", "=", supplierId).execute()).map((m) => ({ userId: m.user_id, organizationId: supplierId }));
        told += await noticeOnce(db, {
          kind: "rfq_matched",
          entityId: rfq.id,
          milestone: "published",
          people,
          params: { title: rfq.title, reasons_id: reasonsLine(capabilities, match.reasons, "id"), reasons_en: reasonsLine(capabilities, match.reasons, "en") },
          link: `/rfqs/${rfq.id}`,
          now,
        });
        notified.add(supplierId);
      }
    }
    if (rfq.visibility === "public") told += await savedSearchesFinding(db, rfq, notified, now);
    await db.updateTable("rfqs").set({ matches_notified_at: toTimestamp(now) }).where("id", "=", rfq.id).where("matches_notified_at", "is", null).execute();
  }
  return told;
}

/** The saved searches (of suppliers that may see the RFQ) whose query finds it now tell their owners. */
async function savedSearchesFinding(db: Db, rfq: { id: number; title: string; buyer_id: number }, alreadyTold: Set<number>, now: Date): Promise<number> {
  const saved = await db.selectFrom("saved_searches").selectAll().where("organization_id", "!=", rfq.buyer_id).orderBy("id").execute();
  let told = 0;
  for (const s of saved) {
    const { q = "", ...filters } = readRfqSearch(s.query);
    const found = await getSearchEngine().searchRfqs({ q, filters, limit: 200 });
    if (!found.hits.some((h) => h.doc.id === String(rfq.id))) continue;
    told += await noticeOnce(db, {
      kind: "rfq_saved_search",
      entityId: rfq.id,
      milestone: "published",
      people: [{ userId: s.user_id, organizationId: s.organization_id }],
      params: { title: rfq.title, search: s.name },
      link: `/rfqs/${rfq.id}`,
      now,
    });
    alreadyTold.add(s.organization_id);
  }
  return told;
}

/** A supplier's user saves the RFQ list's current search under a name (at most 20 per user). */
export async function saveSearch(db: Db, options: { userId: number; organizationId: number; name: string; search: RfqSearch; now: Date }): Promise<number> {
  await requireMembership(db, options.userId, options.organizationId);
  const query = rfqSearchString(options.search);
  if (!query) throw new DomainError("error.savedSearchEmpty", 422, "name");
  const count = await db.selectFrom("saved_searches").select("id").where("user_id", "=", options.userId).execute();
  if (count.length >= 20) throw new DomainError("error.savedSearchLimit", 422, "name");
  const { id } = await db
    .insertInto("saved_searches")
    .values({ organization_id: options.organizationId, user_id: options.userId, name: options.name, query, created_at: toTimestamp(options.now) })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeAudit(db, { actorUserId: options.userId, organizationId: options.organizationId, entityType: "saved_search", entityId: id, action: "create", detail: { query }, now: options.now });
  return id;
}

/** Deletes one of the user's own saved searches (another's id deletes nothing). */
export async function deleteSavedSearch(db: Db, options: { userId: number; organizationId: number; id: number; now: Date }): Promise<void> {
  const result = await db.deleteFrom("saved_searches").where("id", "=", options.id).where("user_id", "=", options.userId).where("organization_id", "=", options.organizationId).executeTakeFirst();
  if (Number(result.numDeletedRows) !== 1) throw new DomainError("error.notFound", 404);
  await writeAudit(db, { actorUserId: options.userId, organizationId: options.organizationId, entityType: "saved_search", entityId: options.id, action: "delete", now: options.now });
}

export async function listSavedSearches(db: DbOrTrx, options: { userId: number; organizationId: number }) {
  return db.selectFrom("saved_searches").select(["id", "name", "query", "created_at"]).where("user_id", "=", options.userId).where("organization_id", "=", options.organizationId).orderBy("id").execute();
}
