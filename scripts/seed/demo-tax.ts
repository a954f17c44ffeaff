import type { Db } from "../../db/client";
import { addBusinessPlace, decideTaxRegistration, submitTaxRegistration } from "../../app/domain/tax/tax-identity.server";
import { headOfficeNitku } from "../../app/domain/tax/tax-ids";
import { demoPdf } from "./demo-listings";

// The demo's tax identities, through the same use cases an owner and an admin use: Koperasi Batur Jaya is a
// PKP (its SPPKP verified), KAI an appointed PPN collector (a BUMN, kode 03), each with its head office's
// NITKU; CV Cor Logam Ceper has sent its SPPKP and waits in the admin's queue. The Tegal IKMs are not PKP:
// their invoices carry no PPN. Once: skipped when any registration exists.

const REGISTRATIONS = [
  { slug: "koperasi-batur-jaya", kind: "pkp", documentNumber: "S-0412PKP/WPJ.32/KP.1003/2019", documentDate: "2019-03-11", verify: true },
  { slug: "pt-kereta-api-indonesia-persero", kind: "collector", collectorKind: "appointed", documentNumber: "KEP-0027/PJ/2022 (BUMN pemungut PPN)", documentDate: "2022-01-03", verify: true },
  { slug: "cv-cor-logam-ceper", kind: "pkp", documentNumber: "S-1180PKP/WPJ.32/KP.1003/2025", documentDate: "2025-08-20", verify: false },
] as const;

export async function seedDemoTax(db: Db, options: { now: Date; adminEmail: string }): Promise<boolean> {
  if (await db.selectFrom("tax_registrations").select("id").limit(1).executeTakeFirst()) return false;
  const admin = await db.selectFrom("users").select("id").where("email", "=", options.adminEmail).where("is_admin", "=", 1).executeTakeFirst();
  if (!admin) return false;
  for (const r of REGISTRATIONS) {
    const org = await db
      .selectFrom("organizations")
      .innerJoin("memberships", "memberships.organization_id", "organizations.id")
      .select(["organizations.id", "organizations.npwp", "organizations.legal_name", "organizations.address", "memberships.user_id"])
      .where("organizations.slug", "=", r.slug)
      .where("memberships.role", "=", "owner")
      .executeTakeFirst();
    if (!org) continue;
    const file = new File([demoPdf(`${r.kind === "pkp" ? "SPPKP" : "Penunjukan pemungut PPN"} ${org.legal_name}`) as BlobPart], `${r.kind}.pdf`, { type: "application/pdf" });
    const id = await submitTaxRegistration(db, {
      organizationId: org.id,
      actorUserId: org.user_id,
      input: { kind: r.kind, collectorKind: "collectorKind" in r ? r.collectorKind : undefined, documentNumber: r.documentNumber, documentDate: r.documentDate, file },
      now: options.now,
    });
    if (r.verify) {
      const { revision } = await db.selectFrom("tax_registrations").select("revision").where("id", "=", id).executeTakeFirstOrThrow();
      await decideTaxRegistration(db, { registrationId: id, adminUserId: admin.id, event: "verify", revision, now: options.now });
    }
    const nitku = headOfficeNitku(org.npwp);
    if (nitku) await addBusinessPlace(db, { organizationId: org.id, actorUserId: org.user_id, input: { name: "Kantor pusat", address: org.address, nitku }, now: options.now });
  }
  return true;
}
