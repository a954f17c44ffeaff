import { activeMembersWithLiveListing } from "../suppliers/live-listings.server";
import type { DbOrTrx } from "../../../db/client";
import type { CapabilityKind } from "../../../db/schema";
import { regionNames } from "../organizations/regions.server";
import { scorecardsFor } from "../scorecards/scorecard.server";
import { approvedSuppliers } from "../suppliers/approved-suppliers.server";
import { certificateState, parseListingData, type ListingCertificate, type ListingData } from "../suppliers/listing-data";
import type { RfqDoc, SupplierDoc } from "../../../search/types";

// The documents of the search index, built from the database at the moment they are indexed (the outbox
// indexer calls these at drain time, so what is indexed is always what is committed). null = the entity
// must not be in the index (delete it).

/** Labels of the capability taxonomy in both languages, by kind and code. */
async function capabilityLabels(db: DbOrTrx): Promise<(kind: CapabilityKind, code: string) => { id: string; en: string }> {
  const rows = await db.selectFrom("capabilities").select(["kind", "code", "label_id", "label_en"]).execute();
  const byKey = new Map(rows.map((r) => [`${r.kind}:${r.code}`, { id: r.label_id, en: r.label_en }]));
  return (kind, code) => byKey.get(`${kind}:${code}`) ?? { id: code, en: code };
}

function bothLanguages(labels: { id: string; en: string }[]): string[] {
  return [...new Set(labels.flatMap((l) => [l.id, l.en]))];
}

function joinDistinct(parts: string[], separator: string): string {
  const seen = new Set<string>();
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== "" && !seen.has(p.toLowerCase()) && seen.add(p.toLowerCase()))
    .join(separator);
}

/**
 * Each certificate type's last valid day. For a type valid today, the end of its unbroken validity from today
 * on (a renewal that starts the day after the current one ends extends it, one that starts later does not);
 * for a type not valid today, its latest last day.
 */
export function certificateValidity(certificates: ListingCertificate[], today: string): { valid: string[]; validUntil: Record<string, string> } {
  const byType = new Map<string, ListingCertificate[]>();
  for (const c of certificates) byType.set(c.typeCode, [...(byType.get(c.typeCode) ?? []), c]);
  const valid: string[] = [];
  const validUntil: Record<string, string> = {};
  for (const [type, list] of byType) {
    const current = list.filter((c) => certificateState(c, today) === "valid");
    if (current.length === 0) {
      validUntil[type] = list.map((c) => c.validUntil).sort().at(-1)!;
      continue;
    }
    valid.push(type);
    let end = current.map((c) => c.validUntil).sort().at(-1)!;
    const later = list.filter((c) => c.validFrom > today).sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    for (const next of later) {
      if (next.validFrom > dayAfter(end)) break;
      if (next.validUntil > end) end = next.validUntil;
    }
    validUntil[type] = end;
  }
  return { valid: valid.sort(), validUntil };
}

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Monthly capacity: pieces (sets counted as pieces) and tonnes (kg / 1000), summed over the capacity rows. */
export function capacityTotals(capacities: ListingData["capacities"]): { pcs: number; ton: number } {
  let pcs = 0;
  let ton = 0;
  for (const c of capacities) {
    if (!Number.isFinite(c.quantity)) continue;
    if (c.unit === "pcs" || c.unit === "set") pcs += c.quantity;
    else if (c.unit === "kg") ton += c.quantity / 1000;
    else if (c.unit === "ton") ton += c.quantity;
  }
  return { pcs, ton: Math.round(ton * 1000) / 1000 };
}

/**
 * The index document of a supplier or cooperative, from its live approved listing version; null when it has
 * none (never approved, or its live version suspended): then it must not be found. `today` ("YYYY-MM-DD",
 * Jakarta) decides which certificates are valid and the quality score's window.
 */
export async function supplierDocument(db: DbOrTrx, organizationId: number, today: string): Promise<SupplierDoc | null> {
  const row = await approvedSuppliers(db)
    .select(["organizations.id", "organizations.slug", "organizations.kind", "organizations.legal_name", "listing_versions.data"])
    .where("organizations.id", "=", organizationId)
    .executeTakeFirst();
  if (!row || (row.kind !== "supplier" && row.kind !== "cooperative")) return null;
  const data = parseListingData(row.data);
  const label = await capabilityLabels(db);

  const members =
    row.kind === "cooperative"
      ? await activeMembersWithLiveListing(db, row.id)
      : [];
  // Active members by name; their products only from an approved listing (what the public may see).
  const memberNames = [
    ...new Set([
      ...members.map((m) => m.legal_name),
      ...members.flatMap((m) => (m.data ? parseListingData(m.data).products.map((p) => p.name) : [])),
    ]),
  ];

  const { valid, validUntil } = certificateValidity(data.certificates, today);
  const capacity = capacityTotals(data.capacities);
  const region = await regionNames(data.provinceCode, data.regencyCode);
  const scorecard = (await scorecardsFor(db, [row.id], today)).get(row.id);

  return {
    id: String(row.id),
    slug: row.slug,
    kind: row.kind,
    name: row.legal_name,
    headline: joinDistinct([data.headlineId, data.headlineEn], " · "),
    description: joinDistinct([data.descriptionId, data.descriptionEn], "\n\n"),
    products: [...new Set(data.products.map((p) => p.name.trim()).filter(Boolean))],
    processes: [...data.processes],
    materials: [...data.materials],
    processLabels: bothLanguages(data.processes.map((c) => label("process", c))),
    materialLabels: bothLanguages(data.materials.map((c) => label("material", c))),
    certificates: valid,
    certificateValidUntil: validUntil,
    tkdnPercent: data.tkdn ? data.tkdn.percent : null,
    capacityPcsPerMonth: capacity.pcs,
    capacityTonPerMonth: capacity.ton,
    provinceCode: data.provinceCode,
    provinceName: region.province,
    regencyName: region.regency,
    clusterCode: data.clusterCode,
    clusterLabel: data.clusterCode ? label("cluster", data.clusterCode).id : "",
    memberNames,
    qualityScore: scorecard?.firstPassPercent ?? null,
  };
}

/**
 * The index document of an RFQ; null unless it is open and public (drafts, invited-only, closed, awarded and
 * cancelled RFQs are not found by search). `includeUnpublished` builds it whatever its state, for matching a
 * buyer's own RFQ to suppliers before it is published.
 */
export async function rfqDocument(db: DbOrTrx, rfqId: number, options: { includeUnpublished?: boolean } = {}): Promise<RfqDoc | null> {
  const rfq = await db
    .selectFrom("rfqs")
    .innerJoin("organizations", "organizations.id", "rfqs.buyer_id")
    .select([
      "rfqs.id",
      "rfqs.status",
      "rfqs.visibility",
      "rfqs.title",
      "rfqs.description",
      "rfqs.required_certificates",
      "rfqs.min_tkdn_percent",
      "rfqs.delivery_province_code",
      "rfqs.delivery_regency_code",
      "rfqs.bid_deadline",
      "rfqs.needed_by",
      "organizations.legal_name",
    ])
    .where("rfqs.id", "=", rfqId)
    .executeTakeFirst();
  if (!rfq) return null;
  if (!options.includeUnpublished && (rfq.status !== "open" || rfq.visibility !== "public")) return null;
  const lines = await db.selectFrom("rfq_lines").selectAll().where("rfq_id", "=", rfq.id).orderBy("position").execute();
  const label = await capabilityLabels(db);
  const processes = [...new Set(lines.map((l) => l.process_code).filter((c): c is string => Boolean(c)))];
  const materials = [...new Set(lines.map((l) => l.material_code).filter((c): c is string => Boolean(c)))];
  let requiredCertificates: string[] = [];
  try {
    const parsed: unknown = JSON.parse(rfq.required_certificates);
    if (Array.isArray(parsed)) requiredCertificates = parsed.filter((c): c is string => typeof c === "string");
  } catch {
    requiredCertificates = [];
  }
  const region = await regionNames(rfq.delivery_province_code, rfq.delivery_regency_code);
  return {
    id: String(rfq.id),
    title: rfq.title,
    description: rfq.description,
    buyerName: rfq.legal_name,
    lines: lines.map((l) => [l.part_name, l.part_number, l.description].map((p) => p.trim()).filter(Boolean).join(" — ")),
    processes,
    materials,
    processLabels: bothLanguages(processes.map((c) => label("process", c))),
    materialLabels: bothLanguages(materials.map((c) => label("material", c))),
    requiredCertificates,
    minTkdnPercent: rfq.min_tkdn_percent,
    // Pieces only: a line in kg or tonnes is not compared with a capacity in pieces.
    maxQuantity: lines.filter((l) => l.unit === "pcs" || l.unit === "set").reduce((max, l) => Math.max(max, l.quantity), 0),
    provinceCode: rfq.delivery_province_code,
    provinceName: region.province,
    bidDeadline: rfq.bid_deadline ?? "",
    neededBy: rfq.needed_by,
  };
}
