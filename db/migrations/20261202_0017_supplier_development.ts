import { sql, type Kysely } from "kysely";
import { replaceCheck } from "../schema-changes";

// Issue 17: supplier development. Mentor organizations (YDBA, a Disperin office, a buyer's supplier-development
// team) run programmes and enrol IKMs, which accept or decline and may leave; a qualification ladder whose
// stages and criteria are data an admin edits; each IKM's progress per stage (a lifecycle) with its evidence
// kept as history; mentors' visits and assessments with follow-up actions; what "approved supplier" means to
// each buyer; buyer ↔ supplier probation (trial → approved) with a capped award size; trial orders; yearly
// partnership targets. Partnerships themselves are not stored: they are derived from orders.

const ORGANIZATION_KINDS_BEFORE = "'buyer', 'supplier', 'cooperative'";
const ORGANIZATION_KINDS_AFTER = "'buyer', 'supplier', 'cooperative', 'mentor'";

/** The organizations' kind check, widened (or narrowed back) by db/schema-changes.ts. */
function replaceKindCheck(db: Kysely<any>, from: string, to: string): Promise<void> {
  return replaceCheck(db, { table: "organizations", constraint: "organizations_kind_check", from: `kind in (${from})`, to: `kind in (${to})` });
}

const flag = (name: string) => sql.raw(`${name} in (0, 1)`);

export async function up(db: Kysely<any>): Promise<void> {
  await replaceKindCheck(db, ORGANIZATION_KINDS_BEFORE, ORGANIZATION_KINDS_AFTER);

  await db.schema
    .createTable("programmes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("mentor_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("cohort", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("ends_on", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("programmes_mentor").on("programmes").columns(["mentor_id"]).execute();

  await db.schema
    .createTable("programme_enrolments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    .addColumn("mentor_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("invited").check(sql`status in ('invited', 'active', 'declined', 'left')`))
    .addColumn("shares_orders", "integer", (c) => c.notNull().defaultTo(0).check(flag("shares_orders")))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("invited_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("accepted_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("programme_enrolments_once", ["programme_id", "organization_id"])
    .execute();
  await db.schema.createIndex("programme_enrolments_mentor").on("programme_enrolments").columns(["mentor_id", "organization_id", "status"]).execute();
  await db.schema.createIndex("programme_enrolments_organization").on("programme_enrolments").columns(["organization_id", "status"]).execute();

  await db.schema
    .createTable("ladder_stages")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name_id", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("description_id", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_en", "text", (c) => c.notNull().defaultTo(""))
    /** 'all': every criterion must be met; 'any': one is enough (an ISO 9001 certificate, or a gap assessment). */
    .addColumn("rule", "text", (c) => c.notNull().defaultTo("all").check(sql`rule in ('all', 'any')`))
    /** The funnel step signing this stage off counts as: 'qualified' (the report's funnel), or null. */
    .addColumn("funnel_step", "text", (c) => c.check(sql`funnel_step in ('qualified')`))
    /** JSON array of criteria (app/domain/development/ladder-criteria.ts). */
    .addColumn("criteria", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1).check(flag("active")))
    .addColumn("updated_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("ladder_progress")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("stage_id", "integer", (c) => c.notNull().references("ladder_stages.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('in_progress', 'submitted', 'signed_off')`))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("signed_off_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("signed_off_mentor_id", "integer", (c) => c.references("organizations.id"))
    .addColumn("signed_off_at", "text")
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("ladder_progress_once", ["organization_id", "stage_id"])
    .execute();

  await db.schema
    .createTable("mentor_visits")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("mentor_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("programme_id", "integer", (c) => c.references("programmes.id"))
    .addColumn("stage_id", "integer", (c) => c.references("ladder_stages.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('visit', 'assessment', 'gap_assessment')`))
    .addColumn("visited_on", "text", (c) => c.notNull())
    .addColumn("findings", "text", (c) => c.notNull().defaultTo(""))
    /** JSON object: criterion code → score, for a scored checklist (5R). */
    .addColumn("scores", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("mentor_visits_organization").on("mentor_visits").columns(["organization_id", "visited_on"]).execute();

  await db.schema
    .createTable("mentor_actions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("visit_id", "integer", (c) => c.notNull().references("mentor_visits.id"))
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("owner_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status in ('open', 'done')`))
    .addColumn("done_at", "text")
    .addColumn("reminded_for", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("mentor_actions_due").on("mentor_actions").columns(["status", "due_on"]).execute();

  await db.schema
    .createTable("ladder_evidence")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("stage_id", "integer", (c) => c.notNull().references("ladder_stages.id"))
    .addColumn("criterion_code", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('document', 'photo', 'ppap', 'note')`))
    .addColumn("file_id", "integer", (c) => c.references("listing_files.id"))
    .addColumn("visit_id", "integer", (c) => c.references("mentor_visits.id"))
    .addColumn("ppap_level", "integer", (c) => c.check(sql`ppap_level between 1 and 5`))
    .addColumn("part_name", "text")
    .addColumn("valid_until", "text")
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_by_org_id", "integer", (c) => c.references("organizations.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ladder_evidence_organization").on("ladder_evidence").columns(["organization_id", "stage_id"]).execute();

  await db.schema
    .createTable("buyer_requirements")
    .addColumn("buyer_id", "integer", (c) => c.primaryKey().references("organizations.id"))
    /** JSON array of ladder stage codes that must be signed off. */
    .addColumn("stage_codes", "text", (c) => c.notNull().defaultTo("[]"))
    /** JSON array of certificate codes that must be valid on the live listing (or evidenced on the ladder). */
    .addColumn("certificates", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("ppap_level", "integer", (c) => c.check(sql`ppap_level between 1 and 5`))
    .addColumn("trial_orders", "integer", (c) => c.notNull().defaultTo(3).check(sql`trial_orders between 0 and 20`))
    .addColumn("trial_cap_quantity", "integer", (c) => c.notNull().defaultTo(100).check(sql`trial_cap_quantity > 0`))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("supplier_relationships")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("buyer_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("supplier_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('trial', 'approved', 'ended')`))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("base_cap_quantity", "integer", (c) => c.notNull().check(sql`base_cap_quantity > 0`))
    .addColumn("cap_quantity", "integer", (c) => c.notNull().check(sql`cap_quantity > 0`))
    .addColumn("trial_orders_required", "integer", (c) => c.notNull())
    .addColumn("trial_orders_passed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reason", "text")
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("approved_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("supplier_relationships_once", ["buyer_id", "supplier_id"])
    .execute();
  await db.schema.createIndex("supplier_relationships_supplier").on("supplier_relationships").columns(["supplier_id"]).execute();

  await db.schema.alterTable("orders").addColumn("is_trial", "integer", (c) => c.notNull().defaultTo(0).check(flag("is_trial"))).execute();
  /** The trial order's verdict once settled: 1 delivered on time and accepted in full, 0 not. */
  await db.schema.alterTable("orders").addColumn("trial_passed", "integer", (c) => c.check(flag("trial_passed"))).execute();
  await db.schema.alterTable("rfqs").addColumn("min_stage_code", "text").execute();
  await db.schema.createIndex("orders_partnership").on("orders").columns(["supplier_id", "buyer_id", "supplier_accepted_at"]).execute();

  await db.schema
    .createTable("partnership_targets")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("year_from", "integer", (c) => c.notNull())
    .addColumn("year_to", "integer", (c) => c.notNull())
    .addColumn("target", "integer", (c) => c.notNull().check(sql`target >= 0`))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("partnership_targets_period", ["year_from", "year_to"])
    .execute();

  // The ladder every installation starts with (an admin edits it at /admin/ladder), and the Link and Match
  // targets the ministry published (15 partnerships over 2016–2018, 45 for 2019: ../shared/seeds).
  const at = new Date().toISOString();
  await db.insertInto("ladder_stages").values(DEFAULT_STAGES.map((s, i) => ({ ...s, position: i + 1, criteria: JSON.stringify(s.criteria), active: 1, updated_at: at }))).execute();
  await db
    .insertInto("partnership_targets")
    .values([
      { year_from: 2016, year_to: 2018, target: 15, note: "Link and Match IKM–industri, Kemenperin", updated_at: at },
      { year_from: 2019, year_to: 2019, target: 45, note: "Link and Match IKM–industri, Kemenperin", updated_at: at },
    ])
    .execute();
}

const FIVE_R = [
  ["ringkas", "Ringkas (memilah)", "Sort"],
  ["rapi", "Rapi (menata)", "Set in order"],
  ["resik", "Resik (membersihkan)", "Shine"],
  ["rawat", "Rawat (memelihara)", "Standardize"],
  ["rajin", "Rajin (membiasakan)", "Sustain"],
] as const;

const DEFAULT_STAGES = [
  {
    code: "five_r",
    name_id: "5R",
    name_en: "5R (5S)",
    description_id: "Ringkas, rapi, resik, rawat, rajin: penilaian pembina per butir, skala 1–5, dengan foto.",
    description_en: "Sort, set in order, shine, standardize, sustain: the mentor's score per item, on a 1–5 scale, with photos.",
    rule: "all",
    funnel_step: null,
    criteria: FIVE_R.map(([code, labelId, labelEn]) => ({ code, labelId, labelEn, kind: "score", min: 3, max: 5 })),
  },
  {
    code: "quality",
    name_id: "Manajemen mutu",
    name_en: "Quality management",
    description_id: "Sertifikat ISO 9001 yang berlaku, atau gap assessment ISO 9001 dengan tindak lanjutnya.",
    description_en: "A valid ISO 9001 certificate, or an ISO 9001 gap assessment with its follow-up actions.",
    rule: "any",
    funnel_step: "qualified",
    criteria: [
      { code: "iso9001", labelId: "Sertifikat ISO 9001", labelEn: "ISO 9001 certificate", kind: "certificate", certificate: "iso9001" },
      { code: "gap_iso9001", labelId: "Gap assessment ISO 9001", labelEn: "ISO 9001 gap assessment", kind: "gap_assessment" },
    ],
  },
  {
    code: "environment",
    name_id: "Lingkungan",
    name_en: "Environment",
    description_id: "Sertifikat ISO 14001, atau gap assessment lingkungan.",
    description_en: "An ISO 14001 certificate, or an environmental gap assessment.",
    rule: "any",
    funnel_step: null,
    criteria: [
      { code: "iso14001", labelId: "Sertifikat ISO 14001", labelEn: "ISO 14001 certificate", kind: "certificate", certificate: "iso14001" },
      { code: "gap_iso14001", labelId: "Gap assessment ISO 14001", labelEn: "ISO 14001 gap assessment", kind: "gap_assessment" },
    ],
  },
  {
    code: "automotive",
    name_id: "Kesiapan otomotif",
    name_en: "Automotive readiness",
    description_id: "Gap assessment IATF 16949 dan pengajuan PPAP untuk satu part, dengan laporan inspeksi first article.",
    description_en: "An IATF 16949 gap assessment and a PPAP submission for one part, with its first-article inspection report.",
    rule: "all",
    funnel_step: null,
    criteria: [
      { code: "gap_iatf", labelId: "Gap assessment IATF 16949", labelEn: "IATF 16949 gap assessment", kind: "gap_assessment" },
      { code: "ppap", labelId: "PPAP level 3 + laporan first article", labelEn: "PPAP level 3 + first-article report", kind: "ppap", min: 3 },
    ],
  },
  {
    code: "trial_order",
    name_id: "Pesanan uji coba",
    name_en: "Trial order",
    description_id: "Satu pesanan uji coba dari pembeli besar, tepat waktu dan lolos mutu.",
    description_en: "One trial order from a big buyer, on time and accepted at quality.",
    rule: "all",
    funnel_step: null,
    criteria: [{ code: "trial", labelId: "Pesanan uji coba lulus", labelEn: "Trial order passed", kind: "trial_orders", min: 1 }],
  },
  {
    code: "approved",
    name_id: "Pemasok resmi",
    name_en: "Approved supplier",
    description_id: "Disetujui sebagai pemasok resmi oleh sedikitnya satu pembeli besar.",
    description_en: "Approved as a supplier by at least one big buyer.",
    rule: "all",
    funnel_step: null,
    criteria: [{ code: "approved", labelId: "Disetujui pembeli", labelEn: "Approved by a buyer", kind: "approved_by_buyer" }],
  },
];

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "partnership_targets",
    "supplier_relationships",
    "buyer_requirements",
    "ladder_evidence",
    "mentor_actions",
    "mentor_visits",
    "ladder_progress",
    "ladder_stages",
    "programme_enrolments",
    "programmes",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex("orders_partnership").execute();
  await db.schema.alterTable("rfqs").dropColumn("min_stage_code").execute();
  await db.schema.alterTable("orders").dropColumn("trial_passed").execute();
  await db.schema.alterTable("orders").dropColumn("is_trial").execute();
  await replaceKindCheck(db, ORGANIZATION_KINDS_AFTER, ORGANIZATION_KINDS_BEFORE);
}
