import { getDb } from "../../app/db.server";
import { decideListing } from "../../app/domain/suppliers/decide-listing.server";
import { saveListing } from "../../app/domain/suppliers/save-listing.server";
import { ListingSchema } from "../../app/domain/suppliers/schemas";
import { demoPdf } from "../../scripts/seed/demo-listings";

/** A complete listing as the form would send it (already typed), ready to submit. */
export function completeListingInput(overrides: Record<string, unknown> = {}) {
  return {
    intent: "submit",
    headlineId: "Pengecoran FC250 untuk cylinder sleeve",
    headlineEn: "FC250 castings for cylinder sleeves",
    descriptionId: "IKM pengecoran di Ceper.",
    processes: ["sand_casting", "centrifugal_casting"],
    materials: ["fc250"],
    products: [{ name: "Cylinder sleeve", materialCode: "fc250", processCode: "centrifugal_casting" }],
    capacities: [{ subject: "Cylinder sleeve", quantity: 500, unit: "pcs" }],
    workforce: 40,
    leadTimeDays: 21,
    clusterCode: "ceper",
    provinceCode: "33",
    regencyCode: "33.10",
    certificates: [
      {
        typeCode: "iso9001",
        number: "QMS-UJI-001",
        issuer: "PT Sucofindo",
        validFrom: "2025-01-01",
        validUntil: "2028-01-01",
        file: pdfFile("iso.pdf"),
      },
    ],
    tkdnPercent: 55,
    tkdnNumber: "TKDN-UJI-1",
    tkdnVerifier: "PT Sucofindo",
    tkdnIssuedOn: "2025-05-01",
    tkdnFile: pdfFile("tkdn.pdf"),
    ...overrides,
  };
}

export function pdfFile(name = "doc.pdf"): File {
  return new File([demoPdf("Dokumen uji") as BlobPart], name, { type: "application/pdf" });
}

/** Saves (and by default submits) a listing for the organization through the real use case. */
export async function submitListing(organizationId: number, userId: number, overrides: Record<string, unknown> = {}) {
  const input = ListingSchema.parse(completeListingInput(overrides));
  return saveListing(getDb(), { organizationId, actorUserId: userId, input, now: new Date() });
}

export async function currentRevision(versionId: number): Promise<number> {
  const row = await getDb().selectFrom("listing_versions").select("revision").where("id", "=", versionId).executeTakeFirstOrThrow();
  return row.revision;
}

export async function approve(versionId: number, adminUserId: number) {
  return decideListing(getDb(), {
    actor: { userId: adminUserId, isAdmin: true },
    versionId,
    revision: await currentRevision(versionId),
    event: "approve",
    now: new Date(),
  });
}

/** A POST with a multipart body (files included), as a same-origin browser form would send it. */
export function multipartRequest(path: string, form: FormData, cookie?: string): Request {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body: form,
    headers: { "Sec-Fetch-Site": "same-origin", ...(cookie ? { Cookie: cookie } : {}) },
  });
}
