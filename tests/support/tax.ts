import { getDb } from "../../app/db.server";
import { decideTaxRegistration, submitTaxRegistration } from "../../app/domain/tax/tax-identity.server";
import { pdfFile } from "./listings";
import { testAdminId, type TestOrganization } from "./rfqs";

/** The organization's owner submits a registration (PKP, or collector) with its document and an admin verifies it. */
export async function verifiedTaxRegistration(organization: TestOrganization, kind: "pkp" | "collector", collectorKind?: "government" | "appointed", now = new Date()) {
  const registrationId = await submitTaxRegistration(getDb(), {
    organizationId: organization.organizationId,
    actorUserId: organization.userId,
    input: { kind, collectorKind, documentNumber: kind === "pkp" ? "S-1234PKP/WPJ.32/KP.0303/2024" : "KEP-77/PJ/2025", documentDate: "2024-06-01", file: pdfFile(`${kind}.pdf`) },
    now,
  });
  const { revision } = await getDb().selectFrom("tax_registrations").select("revision").where("id", "=", registrationId).executeTakeFirstOrThrow();
  await decideTaxRegistration(getDb(), { registrationId, adminUserId: await testAdminId(), event: "verify", revision, now });
  return registrationId;
}
