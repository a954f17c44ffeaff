import { sql, type Kysely } from "kysely";
import { replaceCheck } from "../schema-changes";

// Issue 18: invoices as Indonesian tax law has them. Tax registrations an admin verifies (PKP with its SPPKP;
// a buyer appointed as PPN collector), places of business with their NITKU, PPN as a dated rule table an admin
// edits (frozen on each order), tax settings an admin edits where the public sources are uncertain (faktur
// number layout, Coretax unit codes), the BAST (berita acara serah terima) that gates invoicing, invoices with
// DPP, kode transaksi, withheld PPN, faktur number and partial payments, invoice payments, and credit notes
// (nota retur).

const INVOICE_STATUSES_BEFORE = "status in ('issued', 'transfer_reported', 'card_processing', 'paid', 'void')";
const INVOICE_STATUSES_AFTER = "status in ('issued', 'transfer_reported', 'card_processing', 'partially_paid', 'paid', 'cancelled', 'void')";

const flag = (name: string) => sql.raw(`${name} in (0, 1)`);

/** The PPN rules the law has had since UU HPP; sources in README → Decisions. An admin may add or correct rows. */
export const PPN_RULES = [
  { valid_from: "1985-04-01", goods_kind: "non_luxury", rate_bp: 1000, dpp_numerator: 1, dpp_denominator: 1, kode_transaksi: "01", source: "UU 8/1983 jo. UU 42/2009 Pasal 7: 10 %" },
  { valid_from: "1985-04-01", goods_kind: "luxury", rate_bp: 1000, dpp_numerator: 1, dpp_denominator: 1, kode_transaksi: "01", source: "UU 8/1983 jo. UU 42/2009 Pasal 7: 10 %" },
  { valid_from: "2022-04-01", goods_kind: "non_luxury", rate_bp: 1100, dpp_numerator: 1, dpp_denominator: 1, kode_transaksi: "01", source: "UU 7/2021 (HPP) Pasal 7: 11 % sejak 1 April 2022" },
  { valid_from: "2022-04-01", goods_kind: "luxury", rate_bp: 1100, dpp_numerator: 1, dpp_denominator: 1, kode_transaksi: "01", source: "UU 7/2021 (HPP) Pasal 7: 11 % sejak 1 April 2022" },
  { valid_from: "2025-01-01", goods_kind: "non_luxury", rate_bp: 1200, dpp_numerator: 11, dpp_denominator: 12, kode_transaksi: "04", source: "PMK 131/2024 Pasal 3: 12 % × DPP nilai lain 11/12 untuk selain barang mewah" },
  { valid_from: "2025-01-01", goods_kind: "luxury", rate_bp: 1200, dpp_numerator: 11, dpp_denominator: 12, kode_transaksi: "04", source: "PMK 131/2024 Pasal 5: masa transisi Januari 2025, DPP 11/12" },
  { valid_from: "2025-02-01", goods_kind: "luxury", rate_bp: 1200, dpp_numerator: 1, dpp_denominator: 1, kode_transaksi: "01", source: "PMK 131/2024 Pasal 2: 12 % × harga jual untuk barang mewah sejak 1 Februari 2025" },
] as const;

/** Settings whose public sources disagree or are thin (README → Decisions); an admin edits them at /admin/tax. */
export const TAX_SETTINGS = [
  /** Where the two-digit year sits in the 17-digit faktur number (1-based), "" for no check (ortax.org, accurate.id: digits 5–6). */
  { key: "faktur_year_position", value: "5" },
  /** Coretax's unit codes per Pasok unit (the import's <Unit>); not confirmed against DJP's reference table. */
  { key: "coretax_unit_codes", value: JSON.stringify({ pcs: "UM.0021", set: "UM.0019", kg: "UM.0003", ton: "UM.0002" }) },
  /** Coretax's goods code (<Code>, an HS-based code) used when a line names none: "000000" is DJP's "other goods". */
  { key: "coretax_default_goods_code", value: "000000" },
  /** Perpres 46/2025: where products with TKDN + BMP of at least this exist, a government or BUMN buyer … */
  { key: "perpres_tkdn_bmp_threshold", value: "40" },
  /** … buys products with a TKDN of at least this. */
  { key: "perpres_tkdn_minimum", value: "25" },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();

  await db.schema
    .createTable("tax_registrations")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    /** 'pkp': registered for PPN (SPPKP); 'collector': appointed to collect PPN on its purchases. */
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('pkp', 'collector')`))
    /** For a collector: a government treasurer (kode 02) or another appointed collector such as a BUMN (kode 03). */
    .addColumn("collector_kind", "text", (c) => c.check(sql`collector_kind in ('government', 'appointed')`))
    .addColumn("document_number", "text", (c) => c.notNull())
    .addColumn("document_date", "text", (c) => c.notNull())
    .addColumn("file_id", "integer", (c) => c.references("listing_files.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'verified', 'rejected', 'withdrawn', 'revoked')`))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("reason", "text")
    .addColumn("submitted_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("decided_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("tax_registrations_once", ["organization_id", "kind"])
    .execute();
  await db.schema.createIndex("tax_registrations_status").on("tax_registrations").columns(["status", "kind"]).execute();

  await db.schema
    .createTable("business_places")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "integer", (c) => c.notNull().references("organizations.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    /** 22 digits: the 16-digit NPWP and 6 more (000000 for the head office). */
    .addColumn("nitku", "text", (c) => c.notNull().unique())
    .addColumn("is_head_office", "integer", (c) => c.notNull().defaultTo(0).check(flag("is_head_office")))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("business_places_organization").on("business_places").column("organization_id").execute();

  await db.schema
    .createTable("ppn_rules")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("valid_from", "text", (c) => c.notNull())
    .addColumn("goods_kind", "text", (c) => c.notNull().check(sql`goods_kind in ('non_luxury', 'luxury')`))
    .addColumn("rate_bp", "integer", (c) => c.notNull().check(sql`rate_bp between 0 and 10000`))
    .addColumn("dpp_numerator", "integer", (c) => c.notNull().check(sql`dpp_numerator > 0`))
    .addColumn("dpp_denominator", "integer", (c) => c.notNull().check(sql`dpp_denominator >= dpp_numerator`))
    .addColumn("kode_transaksi", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("ppn_rules_once", ["valid_from", "goods_kind"])
    .execute();
  await db.insertInto("ppn_rules").values(PPN_RULES.map((r) => ({ ...r, updated_at: now }))).execute();

  await db.schema
    .createTable("tax_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.insertInto("tax_settings").values(TAX_SETTINGS.map((s) => ({ ...s, updated_at: now }))).execute();

  // The order freezes its PPN rule when it is made; orders made before this migration were 11 % on the price.
  await db.schema.alterTable("orders").addColumn("goods_kind", "text", (c) => c.notNull().defaultTo("non_luxury").check(sql`goods_kind in ('non_luxury', 'luxury')`)).execute();
  await db.schema.alterTable("orders").addColumn("dpp_numerator", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("orders").addColumn("dpp_denominator", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("orders").addColumn("kode_transaksi", "text", (c) => c.notNull().defaultTo("01")).execute();
  await db.schema.alterTable("orders").addColumn("ppn_rule_id", "integer", (c) => c.references("ppn_rules.id")).execute();

  await db.schema
    .createTable("basts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id"))
    .addColumn("shipment_id", "integer", (c) => c.notNull().unique().references("shipments.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(sql`status in ('draft', 'buyer_confirmed', 'supplier_confirmed', 'confirmed')`))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("handed_over_on", "text", (c) => c.notNull())
    .addColumn("buyer_confirmed_by", "integer", (c) => c.references("users.id"))
    .addColumn("buyer_confirmed_at", "text")
    .addColumn("supplier_confirmed_by", "integer", (c) => c.references("users.id"))
    .addColumn("supplier_confirmed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("basts_order").on("basts").columns(["order_id", "status"]).execute();
  await db.schema
    .createTable("bast_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("bast_id", "integer", (c) => c.notNull().references("basts.id").onDelete("cascade"))
    .addColumn("order_line_id", "integer", (c) => c.notNull().references("order_lines.id"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .execute();
  await db.schema.createIndex("bast_lines_bast").on("bast_lines").column("bast_id").execute();

  // Pieces accepted before BASTs existed were handed over when they were inspected: a confirmed BAST each, so
  // what was invoiced stays covered and nothing can be invoiced twice.
  const inspected = await db
    .selectFrom("shipments")
    .innerJoin("orders", "orders.id", "shipments.order_id")
    .select(["shipments.id", "shipments.order_id", "shipments.received_on", "shipments.shipped_on", "shipments.inspected_at", "shipments.inspected_by_user_id"])
    .where("shipments.status", "=", "inspected")
    .orderBy("shipments.id")
    .execute();
  let n = 0;
  for (const s of inspected) {
    const lines = await db.selectFrom("shipment_lines").select(["order_line_id", "accepted_quantity"]).where("shipment_id", "=", s.id).where("accepted_quantity", ">", 0).execute();
    if (lines.length === 0) continue;
    const at = s.inspected_at ?? now;
    const { id } = await db
      .insertInto("basts")
      .values({
        number: `BAST-${at.slice(0, 4)}-${String(++n).padStart(5, "0")}`,
        order_id: s.order_id,
        shipment_id: s.id,
        status: "confirmed",
        handed_over_on: s.received_on ?? s.shipped_on,
        buyer_confirmed_by: s.inspected_by_user_id,
        buyer_confirmed_at: at,
        supplier_confirmed_at: at,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("bast_lines").values(lines.map((l) => ({ bast_id: id, order_line_id: l.order_line_id, quantity: l.accepted_quantity }))).execute();
  }

  await replaceCheck(db, { table: "invoices", constraint: "invoices_status_check", from: INVOICE_STATUSES_BEFORE, to: INVOICE_STATUSES_AFTER });
  const invoiceColumns: [string, "integer" | "text", (c: any) => any][] = [
    ["dpp_amount", "integer", (c) => c.notNull().defaultTo(0)],
    ["dpp_numerator", "integer", (c) => c.notNull().defaultTo(1)],
    ["dpp_denominator", "integer", (c) => c.notNull().defaultTo(1)],
    /** The faktur's kode transaksi (01, 02, 03, 04); null when the supplier is not PKP and charges no PPN. */
    ["kode_transaksi", "text", (c) => c],
    ["supplier_pkp", "integer", (c) => c.notNull().defaultTo(1).check(flag("supplier_pkp"))],
    ["collector_kind", "text", (c) => c.notNull().defaultTo("none").check(sql`collector_kind in ('none', 'government', 'appointed')`)],
    /** PPN the collector buyer withholds and pays to the state itself. */
    ["ppn_withheld", "integer", (c) => c.notNull().defaultTo(0)],
    /** What the buyer pays the supplier: total − withheld PPN. */
    ["amount_due", "integer", (c) => c.notNull().defaultTo(0)],
    /** Confirmed payments so far. */
    ["amount_paid", "integer", (c) => c.notNull().defaultTo(0)],
    /** Accepted credit notes, on what the buyer pays (total − withheld). */
    ["amount_credited", "integer", (c) => c.notNull().defaultTo(0)],
    /** A reported transfer awaiting the supplier's confirmation. */
    ["transfer_amount", "integer", (c) => c],
    ["faktur_number", "text", (c) => c],
    ["faktur_file_id", "integer", (c) => c.references("listing_files.id")],
    ["faktur_recorded_at", "text", (c) => c],
    ["faktur_recorded_by", "integer", (c) => c.references("users.id")],
    ["replaces_invoice_id", "integer", (c) => c.references("invoices.id")],
    ["cancel_reason", "text", (c) => c],
  ];
  for (const [name, type, build] of invoiceColumns) await db.schema.alterTable("invoices").addColumn(name, type, build).execute();
  await sql`update invoices set dpp_amount = subtotal, amount_due = total, amount_paid = case when status = 'paid' then total else 0 end, kode_transaksi = '01'`.execute(db);

  // TKDN per product (issue 18 #6): an RFQ line's minimum TKDN and TKDN + BMP, hard or a preference; the
  // product a bid line offers, with its TKDN and BMP as they stood when the bid was made.
  await db.schema.alterTable("rfq_lines").addColumn("min_tkdn_percent", "integer", (c) => c.check(sql`min_tkdn_percent between 0 and 100`)).execute();
  await db.schema.alterTable("rfq_lines").addColumn("min_tkdn_bmp_percent", "integer", (c) => c.check(sql`min_tkdn_bmp_percent between 0 and 115`)).execute();
  await db.schema.alterTable("rfq_lines").addColumn("tkdn_rule", "text", (c) => c.notNull().defaultTo("preference").check(sql`tkdn_rule in ('hard', 'preference')`)).execute();
  await db.schema.alterTable("bid_lines").addColumn("product_name", "text").execute();
  await db.schema.alterTable("bid_lines").addColumn("tkdn_percent", "real").execute();
  await db.schema.alterTable("bid_lines").addColumn("bmp_percent", "real").execute();
  await db.schema.alterTable("bid_line_shares").addColumn("bmp_percent", "real").execute();

  await db.schema
    .createTable("invoice_payments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("invoice_id", "integer", (c) => c.notNull().references("invoices.id"))
    .addColumn("amount", "integer", (c) => c.notNull().check(sql`amount > 0`))
    .addColumn("method", "text", (c) => c.notNull().check(sql`method in ('bank_transfer', 'stripe')`))
    .addColumn("reference", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("paid_on", "text", (c) => c.notNull())
    .addColumn("confirmed_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("invoice_payments_invoice").on("invoice_payments").column("invoice_id").execute();
  await sql`insert into invoice_payments (invoice_id, amount, method, reference, paid_on, created_at)
            select id, total, coalesce(payment_method, 'bank_transfer'), coalesce(transfer_reference, ''), coalesce(transfer_date, substr(paid_at, 1, 10), issued_on), coalesce(paid_at, updated_at)
            from invoices where status = 'paid'`.execute(db);

  await db.schema
    .createTable("credit_notes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("invoice_id", "integer", (c) => c.notNull().references("invoices.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("issued").check(sql`status in ('issued', 'accepted', 'rejected')`))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("decision_reason", "text")
    .addColumn("subtotal", "integer", (c) => c.notNull())
    .addColumn("dpp_amount", "integer", (c) => c.notNull())
    .addColumn("ppn_amount", "integer", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull())
    .addColumn("ppn_withheld", "integer", (c) => c.notNull())
    .addColumn("amount_due", "integer", (c) => c.notNull())
    .addColumn("issued_on", "text", (c) => c.notNull())
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("decided_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("credit_notes_invoice").on("credit_notes").column("invoice_id").execute();
  await db.schema
    .createTable("credit_note_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("credit_note_id", "integer", (c) => c.notNull().references("credit_notes.id").onDelete("cascade"))
    .addColumn("invoice_line_id", "integer", (c) => c.notNull().references("invoice_lines.id"))
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("amount", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["credit_note_lines", "credit_notes", "invoice_payments"]) await db.schema.dropTable(table).execute();
  await db.schema.alterTable("bid_line_shares").dropColumn("bmp_percent").execute();
  for (const column of ["bmp_percent", "tkdn_percent", "product_name"]) await db.schema.alterTable("bid_lines").dropColumn(column).execute();
  for (const column of ["tkdn_rule", "min_tkdn_bmp_percent", "min_tkdn_percent"]) await db.schema.alterTable("rfq_lines").dropColumn(column).execute();
  for (const column of [
    "cancel_reason", "replaces_invoice_id", "faktur_recorded_by", "faktur_recorded_at", "faktur_file_id", "faktur_number", "transfer_amount", "amount_credited",
    "amount_paid", "amount_due", "ppn_withheld", "collector_kind", "supplier_pkp", "kode_transaksi", "dpp_denominator", "dpp_numerator", "dpp_amount",
  ]) {
    await db.schema.alterTable("invoices").dropColumn(column).execute();
  }
  await sql`update invoices set status = 'issued' where status in ('partially_paid', 'cancelled')`.execute(db);
  await replaceCheck(db, { table: "invoices", constraint: "invoices_status_check", from: INVOICE_STATUSES_AFTER, to: INVOICE_STATUSES_BEFORE });
  for (const table of ["bast_lines", "basts"]) await db.schema.dropTable(table).execute();
  for (const column of ["ppn_rule_id", "kode_transaksi", "dpp_denominator", "dpp_numerator", "goods_kind"]) await db.schema.alterTable("orders").dropColumn(column).execute();
  for (const table of ["tax_settings", "ppn_rules", "business_places", "tax_registrations"]) await db.schema.dropTable(table).execute();
}
