import { SELF_DECLARED_YEARS } from "./listing-data";
import { addYears } from "../time";
import type { Db, DbOrTrx } from "../../../db/client";
import type { ListingStatus } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { DomainError } from "../errors";
import { TransitionError } from "../lifecycle";
import { notify } from "../notifications/notify.server";
import { assertRegion } from "../organizations/create-organization.server";
import { applyListingEvent } from "./apply-listing-event.server";
import { assertKnownCodes } from "./capabilities.server";
import { OTHER_CLUSTER } from "./cluster-proposal-states";
import { syncClusterProposal } from "./cluster-proposals.server";
import { assertOwnFiles, storeListingFile } from "./listing-files.server";
import type { ListingData } from "./listing-data";
import { EDITABLE_IN_PLACE } from "./listing-states";
import type { ListingInput } from "./schemas";

/** The organization's listing, created on first use. */
export async function ensureListing(trx: DbOrTrx, organizationId: number, now: Date): Promise<number> {
  const existing = await trx.selectFrom("listings").select("id").where("organization_id", "=", organizationId).executeTakeFirst();
  if (existing) return existing.id;
  const at = toTimestamp(now);
  const { id } = await trx
    .insertInto("listings")
    .values({ organization_id: organizationId, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function latestVersion(trx: DbOrTrx, listingId: number) {
  return trx
    .selectFrom("listing_versions")
    .select(["id", "number", "status", "revision", "data"])
    .where("listing_id", "=", listingId)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Saves what the supplier typed (and the files it chose) as its working version, and with intent "submit"
 * sends it for verification. A draft, a version with changes requested or one waiting for review is
 * edited in place (its revision moves on, so an admin deciding on the old one gets 409); an approved,
 * rejected or suspended version is left alone and a new draft version starts, so what is public stays
 * public until the new version is approved.
 */
export async function saveListing(
  db: Db,
  options: {
    organizationId: number;
    actorUserId: number;
    input: ListingInput;
    now: Date;
  },
): Promise<{ versionId: number; status: ListingStatus; submitted: boolean }> {
  const { input, organizationId, now } = options;
  await assertKnownCodes(db, "process", [...input.processes, ...input.products.flatMap((p) => (p.processCode ? [p.processCode] : []))], "processes");
  await assertKnownCodes(db, "material", [...input.materials, ...input.products.flatMap((p) => (p.materialCode ? [p.materialCode] : []))], "materials");
  await assertKnownCodes(db, "certificate", input.certificates.map((c) => c.typeCode!), "certificates");
  const ownCluster = input.clusterCode === OTHER_CLUSTER;
  await assertKnownCodes(db, "cluster", input.clusterCode && !ownCluster ? [input.clusterCode] : [], "clusterCode");
  if (input.provinceCode || input.regencyCode) await assertRegion(input.provinceCode ?? "", input.regencyCode ?? "");
  await assertOwnFiles(
    db,
    organizationId,
    [
      ...input.products.flatMap((p) => (p.photoFileId ? [p.photoFileId] : [])),
      ...input.products.flatMap((p) => (p.tkdnFileId ? [p.tkdnFileId] : [])),
      ...input.certificates.flatMap((c) => (c.fileId ? [c.fileId] : [])),
      ...(input.tkdnFileId ? [input.tkdnFileId] : []),
    ],
    "certificates",
  );

  return db.transaction().execute(async (trx) => {
    const store = async (file: File, field: string, label: string, photo = false) =>
      storeListingFile(trx, {
        organizationId,
        actorUserId: options.actorUserId,
        label,
        originalName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
        field,
        photo,
        now,
      });

    const products = [];
    for (const [i, p] of input.products.entries()) {
      const photoFileId = p.photo ? await store(p.photo, `products[${i}].photo`, p.name ?? "", true) : (p.photoFileId ?? null);
      const tkdnFileId = p.tkdnFile ? await store(p.tkdnFile, `products[${i}].tkdnFile`, `TKDN ${p.name ?? ""}`) : (p.tkdnFileId ?? null);
      products.push({
        name: p.name!,
        materialCode: p.materialCode ?? null,
        processCode: p.processCode ?? null,
        photoFileId,
        tkdn:
          p.tkdnPercent !== undefined && p.tkdnIssuedOn
            ? {
                percent: p.tkdnPercent,
                bmpPercent: p.bmpPercent ?? null,
                selfDeclared: p.tkdnSelfDeclared === "on",
                number: p.tkdnNumber ?? "",
                verifier: p.tkdnVerifier ?? "",
                issuedOn: p.tkdnIssuedOn,
                // A self-declaration counts five years (Permenperin 35/2025); a certificate until its own date.
                validUntil: p.tkdnSelfDeclared === "on" ? addYears(p.tkdnIssuedOn, SELF_DECLARED_YEARS) : p.tkdnValidUntil!,
                fileId: tkdnFileId,
              }
            : null,
      });
    }
    const certificates = [];
    for (const [i, c] of input.certificates.entries()) {
      const fileId = c.file ? await store(c.file, `certificates[${i}].file`, c.number ?? "") : (c.fileId ?? null);
      certificates.push({
        typeCode: c.typeCode!,
        number: c.number!,
        issuer: c.issuer!,
        validFrom: c.validFrom!,
        validUntil: c.validUntil!,
        fileId,
      });
    }
    const tkdn =
      input.tkdnPercent !== undefined
        ? {
            percent: input.tkdnPercent,
            number: input.tkdnNumber ?? "",
            verifier: input.tkdnVerifier ?? "",
            issuedOn: input.tkdnIssuedOn ?? "",
            fileId: input.tkdnFile ? await store(input.tkdnFile, "tkdnFile", `TKDN ${input.tkdnNumber ?? ""}`) : (input.tkdnFileId ?? null),
          }
        : null;

    const data: ListingData = {
      headlineId: input.headlineId ?? "",
      headlineEn: input.headlineEn ?? "",
      descriptionId: input.descriptionId ?? "",
      descriptionEn: input.descriptionEn ?? "",
      processes: [...new Set(input.processes)],
      materials: [...new Set(input.materials)],
      products,
      capacities: input.capacities.map((c) => ({ subject: c.subject!, quantity: c.quantity!, unit: c.unit! })),
      workforce: input.workforce ?? null,
      keyMachines: input.keyMachines ?? "",
      minimumOrder: input.minimumOrder ?? "",
      leadTimeDays: input.leadTimeDays ?? null,
      clusterCode: ownCluster ? "" : (input.clusterCode ?? ""),
      clusterName: ownCluster ? (input.clusterName ?? "") : "",
      provinceCode: input.provinceCode ?? "",
      regencyCode: input.regencyCode ?? "",
      certificates,
      tkdn,
    };

    await syncClusterProposal(trx, { organizationId, actorUserId: options.actorUserId, clusterName: data.clusterName ?? "", regencyCode: data.regencyCode, now });
    const listingId = await ensureListing(trx, organizationId, now);
    const latest = await latestVersion(trx, listingId);
    const at = toTimestamp(now);
    let versionId: number;
    let status: ListingStatus;
    if (latest && EDITABLE_IN_PLACE.includes(latest.status)) {
      const updated = await trx
        .updateTable("listing_versions")
        .set({ data: JSON.stringify(data), revision: latest.revision + 1, updated_at: at })
        .where("id", "=", latest.id)
        .where("revision", "=", latest.revision)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new DomainError("error.conflict", 409);
      versionId = latest.id;
      status = latest.status;
    } else {
      const inserted = await trx
        .insertInto("listing_versions")
        .values({
          listing_id: listingId,
          number: (latest?.number ?? 0) + 1,
          status: "draft",
          data: JSON.stringify(data),
          created_by_user_id: options.actorUserId,
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      versionId = inserted.id;
      status = "draft";
    }
    await trx.updateTable("listings").set({ updated_at: at }).where("id", "=", listingId).execute();

    if (input.intent !== "submit" || status === "submitted") return { versionId, status, submitted: status === "submitted" };
    try {
      const { to } = await applyListingEvent(trx, { versionId, event: "submit", actorUserId: options.actorUserId, now });
      status = to;
    } catch (error) {
      if (error instanceof TransitionError) throw new DomainError("error.conflict", 409);
      throw error;
    }
    const organization = await trx.selectFrom("organizations").select("legal_name").where("id", "=", organizationId).executeTakeFirstOrThrow();
    await notify(trx, {
      recipients: { admins: true },
      kind: "listing_submitted",
      params: { organization: organization.legal_name },
      link: `/admin/listings/${versionId}`,
      organizationId,
      now,
      email: false,
    });
    return { versionId, status, submitted: true };
  });
}
