import { sql, type Kysely } from "kysely";
import { sqlFor } from "../dialect";

// Frozen: never edit a migration that has shipped; add a new one.
// Supplier listings: the capability taxonomy (seeded here), listings with their versions (JSON snapshots
// moderated through one lifecycle), uploaded documents, and the certificate-expiry warnings already sent.

export const TAXONOMY: [kind: string, code: string, labelId: string, labelEn: string][] = [
  ["process", "sand_casting", "Pengecoran pasir", "Sand casting"],
  ["process", "die_casting", "Pengecoran cetak tekan (die casting)", "Die casting"],
  ["process", "investment_casting", "Pengecoran presisi (investment casting)", "Investment casting"],
  ["process", "centrifugal_casting", "Pengecoran sentrifugal", "Centrifugal casting"],
  ["process", "forging", "Tempa", "Forging"],
  ["process", "cnc_turning", "Bubut CNC", "CNC turning"],
  ["process", "cnc_milling", "Frais CNC", "CNC milling"],
  ["process", "stamping", "Stamping/press", "Stamping/press"],
  ["process", "welding", "Pengelasan", "Welding"],
  ["process", "heat_treatment", "Perlakuan panas", "Heat treatment"],
  ["process", "surface_finishing", "Pelapisan dan finishing permukaan", "Plating and surface finishing"],
  ["process", "composite_moulding", "Pencetakan komposit", "Composite moulding"],
  ["process", "assembly", "Perakitan", "Assembly"],
  ["material", "fc200", "Besi cor kelabu FC200", "Grey cast iron FC200"],
  ["material", "fc250", "Besi cor kelabu FC250", "Grey cast iron FC250"],
  ["material", "fcd450", "Besi cor nodular FCD450", "Ductile iron FCD450"],
  ["material", "s45c", "Baja karbon S45C", "Carbon steel S45C"],
  ["material", "stainless_steel", "Baja tahan karat", "Stainless steel"],
  ["material", "adc12", "Aluminium ADC12", "Aluminium ADC12"],
  ["material", "ac4c", "Aluminium AC4C", "Aluminium AC4C"],
  ["material", "brass_bronze", "Kuningan/perunggu", "Brass/bronze"],
  ["material", "polymer_composite", "Komposit polimer", "Polymer composite"],
  ["certificate", "iso9001", "ISO 9001 (manajemen mutu)", "ISO 9001 (quality management)"],
  ["certificate", "iso14001", "ISO 14001 (manajemen lingkungan)", "ISO 14001 (environmental management)"],
  ["certificate", "iatf16949", "IATF 16949 (otomotif)", "IATF 16949 (automotive)"],
  ["certificate", "sni", "Sertifikat produk SNI", "SNI product certificate"],
  ["certificate", "smk3", "SMK3 (keselamatan dan kesehatan kerja)", "SMK3 (occupational safety and health)"],
  ["certificate", "tkdn", "Sertifikat TKDN", "TKDN certificate"],
  ["cluster", "ceper", "Ceper, Klaten", "Ceper, Klaten"],
  ["cluster", "tegal", "Tegal", "Tegal"],
  ["cluster", "yogyakarta", "Yogyakarta", "Yogyakarta"],
  ["cluster", "sukabumi", "Sukabumi", "Sukabumi"],
  ["cluster", "purbalingga", "Purbalingga", "Purbalingga"],
  ["cluster", "semarang", "Semarang", "Semarang"],
  ["cluster", "pasuruan", "Pasuruan", "Pasuruan"],
  ["cluster", "sidoarjo", "Sidoarjo", "Sidoarjo"],
  ["cluster", "jabodetabek", "Jabodetabek", "Jabodetabek"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = sqlFor(db);
  const now = dialect.now();
  await db.schema
    .createTable("capabilities")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('process', 'material', 'certificate', 'cluster')`))
    .addColumn("code", "text", (c) => c.notNull().check(sql`${dialect.startsLowerAlnum("code")} and length(code) between 2 and 40`))
    .addColumn("label_id", "text", (c) => c.notNull())
    .addColumn("label_en", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("capabilities_kind_code", ["kind", "code"])
    .execute();
  await db
    .insertInto("capabilities")
    .values(TAXONOMY.map(([kind, code, label_id, label_en]) => ({ kind, code, label_id, label_en })))
    .execute();

  await db.schema
    .createTable("listings")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().unique().references("organizations.id").onDelete("cascade"))
    .addColumn("live_version_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("listing_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("listing_id", "integer", (c) => c.notNull().references("listings.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'submitted', 'changes_requested', 'approved', 'rejected', 'suspended')`),
    )
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("review_comments", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("decision_reason", "text")
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("submitted_at", "text")
    .addColumn("decided_at", "text")
    .addColumn("decided_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("listing_versions_number", ["listing_id", "number"])
    .execute();
  await db.schema.createIndex("listing_versions_status").on("listing_versions").columns(["status", "submitted_at"]).execute();

  await db.schema
    .createTable("listing_files")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) =>
      c.notNull().check(sql`content_type in ('application/pdf', 'image/jpeg', 'image/png')`),
    )
    .addColumn("byte_size", "integer", (c) => c.notNull().check(sql`byte_size between 1 and 10485760`))
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("storage_key", "text", (c) => c.notNull().unique())
    .addColumn("uploaded_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("listing_files_org").on("listing_files").column("organization_id").execute();

  await db.schema
    .createTable("certificate_expiry_warnings")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("certificate_key", "text", (c) => c.notNull())
    .addColumn("valid_until", "text", (c) => c.notNull())
    .addColumn("warned_at", "text", (c) => c.notNull())
    .addUniqueConstraint("certificate_expiry_warnings_once", ["organization_id", "certificate_key"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["certificate_expiry_warnings", "listing_files", "listing_versions", "listings", "capabilities"]) {
    await db.schema.dropTable(table).execute();
  }
}
