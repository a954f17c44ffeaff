import type { z } from "zod";
import type { Db, DbOrTrx } from "../../../db/client";
import type { CollectorKind, TaxRegistrationKind } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { allowedEvents } from "../lifecycle";
import { storeListingFile } from "../suppliers/listing-files.server";
import { applyTaxRegistrationEvent } from "./apply-tax-registration-event.server";
import { TAX_REGISTRATION_EVENT_ACTORS, taxRegistrationTransitions, type TaxRegistrationEvent } from "./tax-registration-states";
import { checkNitku, headOfficeNitku, normalizeNitku, npwp16 } from "./tax-ids";
import type { BusinessPlaceSchema, TaxRegistrationSchema } from "./tax-schemas";

// An organization's tax identity: its NPWP (on the profile), places of business with their NITKU, and its
// registrations (PKP; PPN collector) that an admin verifies.

/** What invoicing needs to know: PKP verified, collector verified (and which kind). */
export async function taxStatusOf(db: DbOrTrx, organizationId: number): Promise<{ pkp: boolean; collector: CollectorKind }> {
  const rows = await db
    .selectFrom("tax_registrations")
    .select(["kind", "collector_kind"])
    .where("organization_id", "=", organizationId)
    .where("status", "=", "verified")
    .execute();
  const collector = rows.find((r) => r.kind === "collector");
  return { pkp: rows.some((r) => r.kind === "pkp"), collector: collector?.collector_kind ?? "none" };
}

/** The organization's tax page: its NPWP, places, registrations and what the viewer may do with each. */
export async function taxIdentityPage(db: DbOrTrx, options: { organizationId: number; isOwner: boolean }) {
  const organization = await db.selectFrom("organizations").select(["id", "legal_name", "kind", "buys", "npwp", "nib"]).where("id", "=", options.organizationId).executeTakeFirstOrThrow();
  const registrations = await db.selectFrom("tax_registrations").selectAll().where("organization_id", "=", options.organizationId).orderBy("kind").execute();
  const places = await db.selectFrom("business_places").selectAll().where("organization_id", "=", options.organizationId).orderBy("is_head_office", "desc").orderBy("id").execute();
  const side = options.isOwner ? ("owner" as const) : null;
  return {
    organization: { ...organization, npwp16: npwp16(organization.npwp) },
    places,
    registrations: registrations.map((r) => ({
      ...r,
      allowed: side ? allowedEvents(taxRegistrationTransitions, r.status, { table: TAX_REGISTRATION_EVENT_ACTORS, side }) : [],
    })),
    /** A buyer (or a supplier that also buys) may be a collector; a seller may be PKP. */
    mayBePkp: organization.kind !== "buyer" && organization.kind !== "mentor",
    mayCollect: organization.kind === "buyer" || organization.buys === 1,
    isOwner: options.isOwner,
    suggestedHeadOffice: headOfficeNitku(organization.npwp),
  };
}
export type TaxIdentityPage = Awaited<ReturnType<typeof taxIdentityPage>>;

/** The owner adds a place of business; its NITKU must be 22 digits starting with the organization's NPWP. */
export async function addBusinessPlace(
  db: Db,
  options: { organizationId: number; actorUserId: number; input: z.output<typeof BusinessPlaceSchema>; now: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const organization = await trx.selectFrom("organizations").select(["npwp"]).where("id", "=", options.organizationId).executeTakeFirstOrThrow();
    const problem = checkNitku(options.input.nitku, organization.npwp);
    if (problem) throw new DomainError(problem === "format" ? "error.nitkuFormat" : "error.nitkuNpwp", 422, "nitku");
    const nitku = normalizeNitku(options.input.nitku);
    const taken = await trx.selectFrom("business_places").select("id").where("nitku", "=", nitku).executeTakeFirst();
    if (taken) throw new DomainError("error.nitkuTaken", 422, "nitku");
    const isHead = nitku.endsWith("000000") ? 1 : 0;
    const { id } = await trx
      .insertInto("business_places")
      .values({ organization_id: options.organizationId, name: options.input.name, address: options.input.address, nitku, is_head_office: isHead, created_at: toTimestamp(options.now) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorUserId: options.actorUserId, organizationId: options.organizationId, entityType: "business_place", entityId: id, action: "add", detail: { nitku, name: options.input.name }, now: options.now });
    return id;
  });
}

export async function removeBusinessPlace(db: Db, options: { organizationId: number; actorUserId: number; placeId: number; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const place = await trx.selectFrom("business_places").select(["id", "nitku"]).where("id", "=", options.placeId).where("organization_id", "=", options.organizationId).executeTakeFirst();
    if (!place) throw new DomainError("error.notFound", 404);
    await trx.deleteFrom("business_places").where("id", "=", place.id).execute();
    await writeAudit(trx, { actorUserId: options.actorUserId, organizationId: options.organizationId, entityType: "business_place", entityId: place.id, action: "remove", detail: { nitku: place.nitku }, now: options.now });
  });
}

/**
 * The owner submits (or resubmits) a registration with its document: an SPPKP for PKP, the letter of
 * appointment for a collector. It is pending until an admin verifies it.
 */
export async function submitTaxRegistration(
  db: Db,
  options: { organizationId: number; actorUserId: number; input: z.output<typeof TaxRegistrationSchema>; now: Date },
): Promise<number> {
  const { input } = options;
  const bytes = input.file ? new Uint8Array(await input.file.arrayBuffer()) : null;
  return db.transaction().execute(async (trx) => {
    const organization = await trx.selectFrom("organizations").select(["kind", "buys", "npwp"]).where("id", "=", options.organizationId).executeTakeFirstOrThrow();
    if (input.kind === "pkp" && (organization.kind === "buyer" || organization.kind === "mentor")) throw new DomainError("error.pkpSellersOnly", 422, "kind");
    if (input.kind === "collector" && organization.kind !== "buyer" && organization.buys !== 1) throw new DomainError("error.collectorBuyersOnly", 422, "kind");
    if (!npwp16(organization.npwp)) throw new DomainError("error.npwp", 422, "documentNumber");
    const existing = await trx.selectFrom("tax_registrations").selectAll().where("organization_id", "=", options.organizationId).where("kind", "=", input.kind).executeTakeFirst();
    if (!bytes && !existing?.file_id) throw new DomainError("error.documentRequired", 422, "file");
    const fileId = bytes
      ? await storeListingFile(trx, {
          organizationId: options.organizationId,
          actorUserId: options.actorUserId,
          label: input.kind === "pkp" ? `SPPKP ${input.documentNumber}` : `Penunjukan pemungut PPN ${input.documentNumber}`,
          originalName: input.file!.name,
          bytes,
          field: "file",
          now: options.now,
        })
      : existing!.file_id;
    const values = {
      collector_kind: input.kind === "collector" ? (input.collectorKind ?? null) : null,
      document_number: input.documentNumber,
      document_date: input.documentDate,
      file_id: fileId,
    };
    if (input.kind === "collector" && !values.collector_kind) throw new DomainError("error.required", 422, "collectorKind");
    let id = existing?.id;
    if (!id) {
      const at = toTimestamp(options.now);
      // Created as "withdrawn" and submitted through the writer, so the first submission is audited like any other.
      ({ id } = await trx
        .insertInto("tax_registrations")
        .values({ organization_id: options.organizationId, kind: input.kind, ...values, status: "withdrawn", created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow());
    }
    await applyTaxRegistrationEvent(trx, { registrationId: id, event: "submit", actorUserId: options.actorUserId, now: options.now, set: values });
    return id;
  });
}

/** The owner withdraws a registration (no longer PKP, no longer a collector). */
export async function withdrawTaxRegistration(db: Db, options: { organizationId: number; actorUserId: number; kind: TaxRegistrationKind; revision: number; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("tax_registrations").select("id").where("organization_id", "=", options.organizationId).where("kind", "=", options.kind).executeTakeFirst();
    if (!row) throw new DomainError("error.notFound", 404);
    await applyTaxRegistrationEvent(trx, { registrationId: row.id, event: "withdraw", actorUserId: options.actorUserId, now: options.now, expectedRevision: options.revision });
  });
}

/** An admin decides a registration (verify, reject or revoke, the last two with a reason). */
export async function decideTaxRegistration(
  db: Db,
  options: { registrationId: number; adminUserId: number; event: Extract<TaxRegistrationEvent, "verify" | "reject" | "revoke">; reason?: string; revision: number; now: Date },
): Promise<void> {
  if (options.event !== "verify" && !options.reason) throw new DomainError("error.reasonRequired", 422, "reason");
  await db.transaction().execute((trx) =>
    applyTaxRegistrationEvent(trx, {
      registrationId: options.registrationId,
      event: options.event,
      actorUserId: options.adminUserId,
      now: options.now,
      expectedRevision: options.revision,
      reason: options.reason ?? null,
    }),
  );
}

/** The admin's queue, or one organization's registrations (the listing review), with what the admin may do. */
export async function taxRegistrationsForAdmin(db: DbOrTrx, options: { organizationId?: number; pendingOnly?: boolean }) {
  let query = db
    .selectFrom("tax_registrations")
    .innerJoin("organizations", "organizations.id", "tax_registrations.organization_id")
    .selectAll("tax_registrations")
    .select(["organizations.legal_name", "organizations.npwp", "organizations.kind as organization_kind"]);
  if (options.organizationId !== undefined) query = query.where("tax_registrations.organization_id", "=", options.organizationId);
  if (options.pendingOnly) query = query.where("tax_registrations.status", "=", "pending");
  const rows = await query.orderBy("tax_registrations.updated_at").limit(200).execute();
  return rows.map((r) => ({
    ...r,
    npwp16: npwp16(r.npwp),
    allowed: allowedEvents(taxRegistrationTransitions, r.status, { table: TAX_REGISTRATION_EVENT_ACTORS, side: "admin" }),
  }));
}
export type AdminTaxRegistration = Awaited<ReturnType<typeof taxRegistrationsForAdmin>>[number];
