import type { Db } from "../../db/client";
import { DAY_MS, addMs, toTimestamp } from "../../app/clock.server";
import { decideListing } from "../../app/domain/suppliers/decide-listing.server";
import { jakartaDate } from "../../app/domain/time";
import { saveListing } from "../../app/domain/suppliers/save-listing.server";
import { ListingSchema } from "../../app/domain/suppliers/schemas";
import { DEMO_ORGANIZATIONS } from "./demo-data";

// Approved, searchable listings for the demo cooperative, its member IKMs and the Tegal IKMs, made through the
// same use cases a supplier and an admin use (save + submit, then approve). Certificate documents are small
// generated PDFs that say they are demo copies.

const MARKER = "demo_listings_seeded_at";

/** A one-page PDF with a line of text: enough for the admin's document list and the type check. */
export function demoPdf(text: string): Uint8Array {
  const safe = text.replace(/[()\\]/g, " ").replace(/[^\x20-\x7e]/g, "?");
  const stream = `BT /F1 14 Tf 60 760 Td (${safe}) Tj 0 -24 Td (Dokumen contoh untuk demo Pasok - bukan sertifikat asli.) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

type Cert = { typeCode: string; number: string; issuer: string; validFrom: string; validUntil: string };
interface DemoListing {
  headlineId: string;
  headlineEn: string;
  descriptionId: string;
  descriptionEn: string;
  processes: string[];
  materials: string[];
  /** A product's TKDN (issue 18): certified (number, verifier, end date) or self-declared (then valid five years). */
  products: {
    name: string;
    materialCode: string;
    processCode: string;
    tkdnPercent?: number;
    bmpPercent?: number;
    tkdnSelfDeclared?: "on";
    tkdnNumber?: string;
    tkdnVerifier?: string;
    tkdnIssuedOn?: string;
    tkdnValidUntil?: string;
  }[];
  capacities: { subject: string; quantity: number; unit: "pcs" | "set" | "kg" | "ton" }[];
  workforce: number;
  keyMachines: string;
  minimumOrder: string;
  leadTimeDays: number;
  clusterCode: string;
  certificates: Cert[];
  tkdn?: { percent: number; number: string; verifier: string; issuedOn: string };
}

const iso9001 = (number: string, issuer = "PT TÜV Rheinland Indonesia", validFrom = "2024-03-01", validUntil = "2027-02-28"): Cert => ({
  typeCode: "iso9001",
  number,
  issuer,
  validFrom,
  validUntil,
});

function demoListings(now: Date): Record<string, DemoListing> {
  const soon = jakartaDate(addMs(now, 20 * DAY_MS));
  return {
    kbj: {
      headlineId: "Koperasi 150+ IKM logam Ceper: cylinder sleeve FC250 dan blok rem komposit",
      headlineEn: "Cooperative of 150+ Ceper metal IKMs: FC250 cylinder sleeves and composite brake blocks",
      descriptionId:
        "Koperasi Batur Jaya menawar atas nama IKM anggotanya di sentra logam Ceper, Klaten. Pemasok cylinder sleeve untuk PT TPR Indonesia sejak 2019 dan blok rem komposit untuk PT KAI. Material center bersama dan pendampingan mutu untuk anggota.",
      descriptionEn:
        "Koperasi Batur Jaya bids on behalf of its member IKMs in the Ceper metal cluster, Klaten. Supplies cylinder sleeves to PT TPR Indonesia since 2019 and composite brake blocks to KAI. Shared material center and quality mentoring for members.",
      processes: ["sand_casting", "centrifugal_casting", "cnc_turning", "composite_moulding", "heat_treatment"],
      materials: ["fc250", "fc200", "fcd450", "polymer_composite"],
      products: [
        { name: "Cylinder sleeve", materialCode: "fc250", processCode: "centrifugal_casting" },
        { name: "Blok rem komposit kereta", materialCode: "polymer_composite", processCode: "composite_moulding" },
        { name: "Rumah pompa", materialCode: "fc200", processCode: "sand_casting" },
      ],
      capacities: [
        { subject: "Cylinder sleeve", quantity: 500, unit: "pcs" },
        { subject: "Blok rem komposit", quantity: 3000, unit: "pcs" },
        { subject: "Besi cor (gabungan anggota)", quantity: 150, unit: "ton" },
      ],
      workforce: 4200,
      keyMachines: "Tanur induksi 1 ton (6 unit), mesin cor sentrifugal (4 unit), bubut CNC (8 unit), press komposit 200 ton, laboratorium uji kekerasan",
      minimumOrder: "100 pcs",
      leadTimeDays: 30,
      clusterCode: "ceper",
      certificates: [iso9001("QMS-ID-2024-0311"), { typeCode: "sni", number: "SNI-8442-2024-017", issuer: "LSPro Kemenperin", validFrom: "2024-06-01", validUntil: "2028-05-31" }],
      tkdn: { percent: 62.5, number: "TKDN-0412/2025", verifier: "PT Sucofindo", issuedOn: "2025-06-10" },
    },
    "ceper-cor": {
      headlineId: "Pengecoran besi cor kelabu FC200/FC250 untuk komponen mesin",
      headlineEn: "FC200/FC250 grey iron castings for machine parts",
      descriptionId: "Pengecoran pasir dengan tanur induksi; spesialis cylinder sleeve blank dan rumah pompa.",
      descriptionEn: "Sand casting with induction furnaces; cylinder sleeve blanks and pump housings.",
      processes: ["sand_casting", "centrifugal_casting"],
      materials: ["fc200", "fc250"],
      products: [{ name: "Cylinder sleeve blank", materialCode: "fc250", processCode: "centrifugal_casting" }],
      capacities: [{ subject: "Cylinder sleeve blank", quantity: 200, unit: "pcs" }, { subject: "Besi cor", quantity: 30, unit: "ton" }],
      workforce: 45,
      keyMachines: "Tanur induksi 500 kg (2 unit), mesin cor sentrifugal",
      minimumOrder: "50 pcs",
      leadTimeDays: 21,
      clusterCode: "ceper",
      certificates: [iso9001("QMS-ID-2025-1102", "PT Sucofindo", "2025-01-15", "2028-01-14")],
      tkdn: { percent: 58, number: "TKDN-0388/2025", verifier: "PT Sucofindo", issuedOn: "2025-04-02" },
    },
    "sinar-baja": {
      headlineId: "Blok rem komposit dan pengecoran untuk perkeretaapian",
      headlineEn: "Composite brake blocks and castings for railways",
      descriptionId: "Produksi blok rem komposit polimer untuk kereta dan pengecoran besi nodular.",
      descriptionEn: "Polymer composite brake blocks for trains and ductile iron castings.",
      processes: ["composite_moulding", "sand_casting"],
      materials: ["polymer_composite", "fcd450"],
      products: [
        {
          name: "Blok rem komposit",
          materialCode: "polymer_composite",
          processCode: "composite_moulding",
          tkdnPercent: 47.5,
          bmpPercent: 8,
          tkdnNumber: "TKDN-0512/SI/2025",
          tkdnVerifier: "PT Surveyor Indonesia",
          tkdnIssuedOn: "2025-06-10",
          tkdnValidUntil: "2028-06-09",
        },
      ],
      capacities: [{ subject: "Blok rem komposit", quantity: 1500, unit: "pcs" }],
      workforce: 60,
      keyMachines: "Press hidrolik 200 ton (3 unit), oven curing",
      minimumOrder: "500 pcs",
      leadTimeDays: 28,
      clusterCode: "ceper",
      certificates: [iso9001("QMS-ID-2024-0977", "PT Mutuagung Lestari", "2024-09-01", "2027-08-31")],
      tkdn: { percent: 71.2, number: "TKDN-0201/2025", verifier: "PT Surveyor Indonesia", issuedOn: "2025-02-20" },
    },
    "mitra-cor": {
      headlineId: "Pengecoran sentrifugal cylinder sleeve dan bushing",
      headlineEn: "Centrifugal casting of cylinder sleeves and bushings",
      descriptionId: "Cor sentrifugal untuk komponen silindris berbahan FC250 dan kuningan.",
      descriptionEn: "Centrifugal casting of cylindrical parts in FC250 and brass.",
      processes: ["centrifugal_casting", "heat_treatment"],
      materials: ["fc250", "brass_bronze"],
      products: [{ name: "Bushing kuningan", materialCode: "brass_bronze", processCode: "centrifugal_casting" }],
      capacities: [{ subject: "Cylinder sleeve", quantity: 150, unit: "pcs" }],
      workforce: 38,
      keyMachines: "Mesin cor sentrifugal horizontal (3 unit), tungku perlakuan panas",
      minimumOrder: "100 pcs",
      leadTimeDays: 20,
      clusterCode: "ceper",
      certificates: [],
    },
    "karya-logam": {
      headlineId: "Pemesinan hasil cor: bubut dan frais CNC",
      headlineEn: "Machining of castings: CNC turning and milling",
      descriptionId: "Finishing presisi hasil cor anggota KBJ sebelum dikirim ke pembeli.",
      descriptionEn: "Precision finishing of KBJ members' castings before delivery.",
      processes: ["cnc_turning", "cnc_milling"],
      materials: ["fc250", "fcd450", "s45c"],
      products: [{ name: "Cylinder sleeve finish", materialCode: "fc250", processCode: "cnc_turning" }],
      capacities: [{ subject: "Bubut CNC", quantity: 2500, unit: "pcs" }],
      workforce: 30,
      keyMachines: "Bubut CNC (5 unit), frais CNC 3 sumbu (2 unit), CMM",
      minimumOrder: "100 pcs",
      leadTimeDays: 14,
      clusterCode: "ceper",
      certificates: [iso9001("QMS-ID-2023-0501", "PT TÜV Rheinland Indonesia", "2023-05-01", "2026-04-30")],
    },
    "barokah-foundry": {
      headlineId: "Pengecoran pasir besi cor dan aluminium",
      headlineEn: "Sand casting in cast iron and aluminium",
      descriptionId: "Cor pasir untuk komponen mesin pertanian dan pompa.",
      descriptionEn: "Sand casting for agricultural machinery and pump parts.",
      processes: ["sand_casting"],
      materials: ["fc200", "ac4c"],
      products: [{ name: "Impeller pompa", materialCode: "ac4c", processCode: "sand_casting" }],
      capacities: [{ subject: "Besi cor", quantity: 25, unit: "ton" }],
      workforce: 52,
      keyMachines: "Tanur kupola, tanur induksi 300 kg",
      minimumOrder: "1 ton",
      leadTimeDays: 25,
      clusterCode: "ceper",
      certificates: [],
    },
    "tugu-cor": {
      headlineId: "Rumah pompa dan burner kompor gas",
      headlineEn: "Pump housings and gas-stove burners",
      descriptionId: "Pengecoran dan pemesinan rumah pompa air serta burner kompor gas.",
      descriptionEn: "Casting and machining of water-pump housings and gas-stove burners.",
      processes: ["sand_casting", "cnc_turning"],
      materials: ["fc200", "brass_bronze"],
      products: [
        { name: "Rumah pompa air", materialCode: "fc200", processCode: "sand_casting" },
        { name: "Burner kompor gas", materialCode: "brass_bronze", processCode: "sand_casting" },
      ],
      capacities: [{ subject: "Burner kompor gas", quantity: 4000, unit: "pcs" }, { subject: "Rumah pompa air", quantity: 800, unit: "pcs" }],
      workforce: 40,
      keyMachines: "Tanur induksi 250 kg, bubut CNC (2 unit)",
      minimumOrder: "200 pcs",
      leadTimeDays: 21,
      clusterCode: "ceper",
      certificates: [{ typeCode: "sni", number: "SNI-7368-2024-044", issuer: "LSPro Kemenperin", validFrom: "2024-02-01", validUntil: "2027-01-31" }],
      tkdn: { percent: 48.3, number: "TKDN-0519/2025", verifier: "PT Sucofindo", issuedOn: "2025-07-15" },
    },
    "takaru-presisi": {
      headlineId: "Pemesinan CNC presisi komponen otomotif",
      headlineEn: "Precision CNC machining of automotive parts",
      descriptionId: "IKM binaan YDBA di LIK Takaru Tegal; bubut dan frais CNC untuk tier 2 otomotif.",
      descriptionEn: "YDBA-mentored IKM in LIK Takaru, Tegal; CNC turning and milling for automotive tier 2s.",
      processes: ["cnc_turning", "cnc_milling", "assembly"],
      materials: ["s45c", "stainless_steel", "adc12"],
      products: [{ name: "Shaft S45C", materialCode: "s45c", processCode: "cnc_turning" }, { name: "Bracket aluminium", materialCode: "adc12", processCode: "cnc_milling" }],
      capacities: [{ subject: "Bubut CNC", quantity: 6000, unit: "pcs" }, { subject: "Frais CNC", quantity: 2000, unit: "pcs" }],
      workforce: 35,
      keyMachines: "Bubut CNC (6 unit), machining center 3 sumbu (3 unit), alat ukur CMM",
      minimumOrder: "500 pcs",
      leadTimeDays: 14,
      clusterCode: "tegal",
      certificates: [iso9001("QMS-ID-2025-0777", "PT Mutuagung Lestari", "2025-03-01", "2028-02-29"), { typeCode: "iso14001", number: "EMS-ID-2025-0102", issuer: "PT Mutuagung Lestari", validFrom: "2025-03-01", validUntil: "2028-02-29" }],
      tkdn: { percent: 45.8, number: "TKDN-0633/2025", verifier: "PT Surveyor Indonesia", issuedOn: "2025-08-01" },
    },
    "logam-jaya-tegal": {
      headlineId: "Pengecoran komponen otomotif FC200 dan FCD450",
      headlineEn: "Automotive castings in FC200 and FCD450",
      descriptionId: "Pengecoran pasir dan die casting aluminium untuk komponen sepeda motor.",
      descriptionEn: "Sand casting and aluminium die casting of motorcycle parts.",
      processes: ["sand_casting", "die_casting"],
      materials: ["fc200", "fcd450", "adc12"],
      products: [{ name: "Tromol rem", materialCode: "fc200", processCode: "sand_casting" }, { name: "Cover mesin", materialCode: "adc12", processCode: "die_casting" }],
      capacities: [{ subject: "Tromol rem", quantity: 3000, unit: "pcs" }, { subject: "Die casting aluminium", quantity: 8, unit: "ton" }],
      workforce: 70,
      keyMachines: "Mesin die casting 250 ton (2 unit), tanur induksi 500 kg",
      minimumOrder: "1.000 pcs",
      leadTimeDays: 30,
      clusterCode: "tegal",
      certificates: [iso9001("QMS-ID-2024-1212", "PT Sucofindo", "2024-12-01", "2027-11-30")],
      tkdn: { percent: 52, number: "TKDN-0290/2025", verifier: "PT Sucofindo", issuedOn: "2025-03-12" },
    },
    "dampyak-machining": {
      headlineId: "Bubut dan frais untuk suku cadang kapal dan mesin",
      headlineEn: "Turning and milling of ship and machine spare parts",
      descriptionId: "Pemesinan konvensional dan CNC, termasuk baling-baling kapal kecil.",
      descriptionEn: "Conventional and CNC machining, including small ship propellers.",
      processes: ["cnc_turning", "cnc_milling", "welding"],
      materials: ["s45c", "brass_bronze"],
      products: [{ name: "Baling-baling kapal", materialCode: "brass_bronze", processCode: "cnc_milling" }],
      capacities: [{ subject: "Baling-baling kapal", quantity: 40, unit: "pcs" }, { subject: "Bubut", quantity: 1200, unit: "pcs" }],
      workforce: 22,
      keyMachines: "Bubut CNC (2 unit), bubut konvensional (6 unit), frais",
      minimumOrder: "10 pcs",
      leadTimeDays: 21,
      clusterCode: "tegal",
      certificates: [],
    },
    "kramat-metal": {
      headlineId: "Stamping dan pengelasan bracket dan rangka",
      headlineEn: "Stamping and welding of brackets and frames",
      descriptionId: "Press 60–150 ton dan las MIG untuk bracket otomotif dan rangka rak.",
      descriptionEn: "60–150 t presses and MIG welding for automotive brackets and rack frames.",
      processes: ["stamping", "welding", "surface_finishing"],
      materials: ["s45c", "stainless_steel"],
      products: [{ name: "Bracket knalpot", materialCode: "s45c", processCode: "stamping" }],
      capacities: [{ subject: "Stamping", quantity: 20000, unit: "pcs" }],
      workforce: 48,
      keyMachines: "Press 150 ton (2 unit), press 60 ton (4 unit), robot las MIG",
      minimumOrder: "2.000 pcs",
      leadTimeDays: 18,
      clusterCode: "tegal",
      certificates: [{ typeCode: "smk3", number: "SMK3-2022-0815", issuer: "Kemnaker RI", validFrom: "2022-08-15", validUntil: "2025-08-14" }],
    },
    "bumijawa-cor": {
      headlineId: "Pengecoran sentrifugal selongsong silinder FC250",
      headlineEn: "Centrifugally cast FC250 cylinder liners",
      descriptionId: "Pengecoran besi cor kelabu untuk selongsong silinder mesin diesel kecil dan pompa, dibubut kasar di tempat.",
      descriptionEn: "Grey iron castings for cylinder liners of small diesel engines and pumps, rough-turned in house.",
      processes: ["centrifugal_casting", "sand_casting", "cnc_turning"],
      materials: ["fc250", "fc200"],
      products: [
        { name: "Selongsong silinder mesin diesel", materialCode: "fc250", processCode: "centrifugal_casting", tkdnPercent: 49.5, tkdnSelfDeclared: "on", tkdnIssuedOn: "2025-12-15" },
        {
          name: "Blok rem besi cor",
          materialCode: "fc200",
          processCode: "sand_casting",
          tkdnPercent: 32,
          bmpPercent: 6,
          tkdnNumber: "TKDN-0840/2025",
          tkdnVerifier: "PT Sucofindo",
          tkdnIssuedOn: "2025-10-01",
          tkdnValidUntil: "2028-09-30",
        },
      ],
      capacities: [{ subject: "Selongsong silinder", quantity: 400, unit: "pcs" }, { subject: "Besi cor", quantity: 12, unit: "ton" }],
      workforce: 38,
      keyMachines: "Mesin cor sentrifugal (2 unit), tanur induksi 500 kg, bubut CNC (2 unit)",
      minimumOrder: "100 pcs",
      leadTimeDays: 28,
      clusterCode: "tegal",
      certificates: [iso9001("QMS-ID-2025-0918", "PT Sucofindo", "2025-05-01", "2028-04-30")],
      tkdn: { percent: 49.5, number: "TKDN-0702/2025", verifier: "PT Sucofindo", issuedOn: "2025-09-03" },
    },
    "slawi-presisi": {
      headlineId: "Tempa dan perlakuan panas komponen baja",
      headlineEn: "Forging and heat treatment of steel parts",
      descriptionId: "Tempa panas dan perlakuan panas (quench-temper) untuk perkakas dan komponen mesin.",
      descriptionEn: "Hot forging and heat treatment (quench and temper) of tools and machine parts.",
      processes: ["forging", "heat_treatment"],
      materials: ["s45c"],
      products: [{ name: "Flange tempa", materialCode: "s45c", processCode: "forging" }],
      capacities: [{ subject: "Tempa", quantity: 12, unit: "ton" }],
      workforce: 26,
      keyMachines: "Palu tempa pneumatik 250 kg, tungku quench",
      minimumOrder: "100 pcs",
      leadTimeDays: 25,
      clusterCode: "tegal",
      certificates: [iso9001("QMS-ID-2023-0419", "PT Sucofindo", "2023-12-01", soon)],
    },
  };
}

/** Seeds the demo listings once (its own marker), when the demo organizations and the demo admin exist. */
export async function seedDemoListings(db: Db, options: { now: Date; adminEmail: string }): Promise<boolean> {
  const marker = await db.selectFrom("app_meta").select("value").where("key", "=", MARKER).executeTakeFirst();
  if (marker) return false;
  const admin = await db.selectFrom("users").select("id").where("email", "=", options.adminEmail).where("is_admin", "=", 1).executeTakeFirst();
  if (!admin) return false;
  const listings = demoListings(options.now);

  for (const org of DEMO_ORGANIZATIONS) {
    const listing = listings[org.key];
    if (!listing) continue;
    const row = await db
      .selectFrom("organizations")
      .innerJoin("memberships", "memberships.organization_id", "organizations.id")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["organizations.id", "organizations.province_code", "organizations.regency_code", "users.id as userId"])
      .where("users.email", "=", org.owner.email)
      .where("memberships.role", "=", "owner")
      .executeTakeFirst();
    if (!row) continue;
    const pdf = (name: string, text: string) => new File([demoPdf(text) as BlobPart], name, { type: "application/pdf" });
    const input = ListingSchema.parse({
      intent: "submit",
      ...listing,
      provinceCode: row.province_code,
      regencyCode: row.regency_code,
      certificates: listing.certificates.map((c) => ({
        ...c,
        file: pdf(`${c.typeCode}-${c.number}.pdf`, `${c.typeCode.toUpperCase()} ${c.number} - ${org.legalName} - ${c.issuer}`),
      })),
      ...(listing.tkdn
        ? {
            tkdnPercent: listing.tkdn.percent,
            tkdnNumber: listing.tkdn.number,
            tkdnVerifier: listing.tkdn.verifier,
            tkdnIssuedOn: listing.tkdn.issuedOn,
            tkdnFile: pdf(`tkdn-${listing.tkdn.number.replace(/\W+/g, "-")}.pdf`, `Sertifikat TKDN ${listing.tkdn.number} - ${org.legalName}: ${listing.tkdn.percent}%`),
          }
        : {}),
    });
    const { versionId } = await saveListing(db, { organizationId: row.id, actorUserId: row.userId, input, now: options.now });
    const version = await db.selectFrom("listing_versions").select("revision").where("id", "=", versionId).executeTakeFirstOrThrow();
    await decideListing(db, {
      actor: { userId: admin.id, isAdmin: true },
      versionId,
      revision: version.revision,
      event: "approve",
      now: options.now,
    });
  }
  await db.insertInto("app_meta").values({ key: MARKER, value: toTimestamp(options.now) }).execute();
  return true;
}
