import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { checkUpload } from "../../../app/domain/suppliers/listing-files.server";
import { action as editorAction } from "../../../app/routes/supplier.listing";
import { cookieFor, createOrganizationWithOwner, formRequest, settle } from "../../support/factories";
import { multipartRequest, pdfFile } from "../../support/listings";

const args = (request: Request) => ({ request, params: {}, context: {} });
type Reply = { status?: string; initialValue?: Record<string, unknown>; error?: Record<string, string[] | null> };

async function owner() {
  const org = await createOrganizationWithOwner({ kind: "supplier" });
  return { ...org, cookie: await cookieFor(org.userId, org.organizationId) };
}

/** The smallest Windows executable header: "MZ" and a PE offset, whatever the file is called. */
function fakeExe(): Uint8Array {
  const bytes = new Uint8Array(1024);
  bytes.set([0x4d, 0x5a], 0);
  bytes.set([0x80, 0, 0, 0], 0x3c);
  bytes.set([0x50, 0x45, 0, 0], 0x80);
  return bytes;
}
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);

const certificateRow = {
  "certificates[0].typeCode": "iso9001",
  "certificates[0].number": "QMS-1",
  "certificates[0].issuer": "PT Sucofindo",
  "certificates[0].validFrom": "2025-01-01",
  "certificates[0].validUntil": "2028-01-01",
};

describe("upload checks (by content, not by name)", () => {
  it("accepts PDF and PNG, refuses an .exe renamed .pdf and anything over 10 MB", async () => {
    expect(await checkUpload(new Uint8Array(await pdfFile().arrayBuffer()), { field: "f" })).toBe("application/pdf");
    expect(await checkUpload(PNG, { field: "f" })).toBe("image/png");
    await expect(checkUpload(fakeExe(), { field: "f" })).rejects.toMatchObject({ messageKey: "error.fileType", field: "f" });
    await expect(checkUpload(new TextEncoder().encode("just text"), { field: "f" })).rejects.toMatchObject({ messageKey: "error.fileType" });
    await expect(checkUpload(new Uint8Array(12 * 1024 * 1024), { field: "f" })).rejects.toMatchObject({ messageKey: "error.fileTooLarge" });
    await expect(checkUpload(new Uint8Array(await pdfFile().arrayBuffer()), { field: "f", photo: true })).rejects.toMatchObject({ messageKey: "error.photoType" });
  });

  it("through the editor: an .exe renamed .pdf is refused next to its field, nothing is stored and the typed values come back", async () => {
    const s = await owner();
    const form = new FormData();
    form.set("intent", "save");
    form.set("headlineId", "Judul yang sudah diketik");
    for (const [k, v] of Object.entries(certificateRow)) form.set(k, v);
    form.set("certificates[0].file", new File([fakeExe() as BlobPart], "sertifikat.pdf", { type: "application/pdf" }));
    const result = await settle(() => editorAction(args(multipartRequest("/supplier/listing", form, s.cookie))));
    expect(result.status).toBe(422);
    const reply = result.value as Reply;
    expect(reply.error?.["certificates[0].file"]).toEqual(["error.fileType"]);
    expect(reply.initialValue?.headlineId).toBe("Judul yang sudah diketik");
    const files = await getDb().selectFrom("listing_files").select("id").where("organization_id", "=", s.organizationId).execute();
    expect(files).toHaveLength(0);
    const listing = await getDb().selectFrom("listings").select("id").where("organization_id", "=", s.organizationId).executeTakeFirst();
    expect(listing).toBeUndefined();
  });

  it("through the editor: a 12 MB file is refused next to its field with the other values kept", async () => {
    const s = await owner();
    const form = new FormData();
    form.set("intent", "save");
    form.set("headlineId", "Tetap ada");
    form.set("tkdnPercent", "40");
    form.set("tkdnFile", new File([new Uint8Array(12 * 1024 * 1024) as BlobPart], "besar.pdf", { type: "application/pdf" }));
    const result = await settle(() => editorAction(args(multipartRequest("/supplier/listing", form, s.cookie))));
    expect(result.status).toBe(413);
    const reply = result.value as Reply;
    expect(reply.error?.tkdnFile).toEqual(["error.fileTooLarge"]);
    expect(reply.initialValue).toMatchObject({ headlineId: "Tetap ada", tkdnPercent: "40" });
  });

  it("through the editor: a real PDF is stored outside the public folder and linked to its certificate", async () => {
    const s = await owner();
    const form = new FormData();
    form.set("intent", "save");
    for (const [k, v] of Object.entries(certificateRow)) form.set(k, v);
    form.set("certificates[0].file", pdfFile("iso9001.pdf"));
    const result = await settle(() => editorAction(args(multipartRequest("/supplier/listing", form, s.cookie))));
    expect(result.status).toBe(302);
    const file = await getDb().selectFrom("listing_files").selectAll().where("organization_id", "=", s.organizationId).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ content_type: "application/pdf", original_name: "iso9001.pdf" });
    expect(file.storage_key).not.toContain("/");
    expect(process.env.UPLOADS_DIR).not.toMatch(/public/);
  });
});

describe("bad input on the listing form", () => {
  async function post(fields: Record<string, string>) {
    const s = await owner();
    const result = await settle(() => editorAction(args(formRequest("/supplier/listing", fields, { cookie: s.cookie }))));
    return { status: result.status, reply: result.value as Reply };
  }

  it("names each missing required field on submit, keeping what was typed", async () => {
    const { status, reply } = await post({ intent: "submit", headlineEn: "Typed in English" });
    expect(status).toBe(400);
    for (const field of ["headlineId", "descriptionId", "processes", "materials", "capacities", "workforce", "leadTimeDays", "provinceCode", "regencyCode"]) {
      expect(reply.error?.[field], field).toEqual(["error.required"]);
    }
    // The cluster is optional: many IKMs work outside the listed clusters (issue 13 #1).
    expect(reply.error?.clusterCode).toBeUndefined();
    expect(reply.initialValue?.headlineEn).toBe("Typed in English");
  });

  it("a draft may be incomplete", async () => {
    const { status } = await post({ intent: "save", headlineId: "Baru mulai" });
    expect(status).toBe(302);
  });

  it("refuses capacity ≤ 0, valid-until before valid-from and TKDN above 100", async () => {
    const { status, reply } = await post({
      intent: "save",
      "capacities[0].subject": "Cylinder sleeve",
      "capacities[0].quantity": "0",
      "capacities[0].unit": "pcs",
      "capacities[1].subject": "Blok rem",
      "capacities[1].quantity": "-5",
      "capacities[1].unit": "pcs",
      ...certificateRow,
      "certificates[0].validFrom": "2026-05-01",
      "certificates[0].validUntil": "2026-04-30",
      tkdnPercent: "101",
      tkdnNumber: "TKDN-1",
      tkdnVerifier: "PT Sucofindo",
      tkdnIssuedOn: "2025-01-01",
    });
    expect(status).toBe(400);
    expect(reply.error?.["capacities[0].quantity"]).toEqual(["error.capacityPositive"]);
    expect(reply.error?.["capacities[1].quantity"]).toEqual(["error.capacityPositive"]);
    expect(reply.error?.["certificates[0].validUntil"]).toEqual(["error.validUntilBeforeFrom"]);
    expect(reply.error?.tkdnPercent).toEqual(["error.tkdnRange"]);
    expect(reply.initialValue).toMatchObject({ tkdnPercent: "101", tkdnNumber: "TKDN-1" });
  });

  it("a started certificate row must be complete and, to submit, carry its document", async () => {
    const { reply } = await post({ intent: "submit", "certificates[0].typeCode": "iso9001" });
    expect(reply.error?.["certificates[0].number"]).toEqual(["error.required"]);
    expect(reply.error?.["certificates[0].file"]).toEqual(["error.documentRequired"]);
  });

  it("refuses codes outside the taxonomy", async () => {
    const { status, reply } = await post({ intent: "save", processes: "alchemy" });
    expect(status).toBe(422);
    expect(reply.error?.processes).toEqual(["error.unknownCapability"]);
  });
});
