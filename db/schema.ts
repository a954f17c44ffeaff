import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** ISO 8601 UTC text with milliseconds, e.g. "2026-11-22T05:34:40.000Z": the one way times are stored. */
export type Timestamp = string;
/** SQLite has no boolean: 0 or 1. */
export type Flag = 0 | 1;
/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type Locale = "id" | "en";
export type OrganizationKind = "buyer" | "supplier" | "cooperative" | "mentor";
export type MembershipRole = "owner" | "member";
export type UserKind = "person" | "integration";
export type ApiKeyStatus = "active" | "revoked";
/** The unit a quantity is counted in (RFQ and order lines, listing capacity); the schemas accept no other. */
export type QuantityUnit = "pcs" | "set" | "kg" | "ton";
export type InvitationStatus = "pending" | "accepted" | "revoked";
export type EmailStatus = "pending" | "sent" | "failed";
export type CooperativeMembershipStatus = "invited" | "active" | "declined" | "left";

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  locale: Defaulted<Locale>;
  is_admin: Defaulted<Flag>;
  created_at: Defaulted<Timestamp>;
  password_changed_at: Defaulted<Timestamp>;
  /** The TOTP key (20 random bytes) once two-factor sign-in is on; null otherwise. */
  totp_key: Uint8Array | null;
  totp_enabled_at: Timestamp | null;
  /** A person, or the integration user an API key acts as (never signs in). */
  kind: Defaulted<UserKind>;
}

export interface OrganizationsTable {
  id: Generated<number>;
  slug: string;
  kind: OrganizationKind;
  buys: Defaulted<Flag>;
  legal_name: string;
  nib: string;
  npwp: string;
  address: string;
  province_code: string;
  regency_code: string;
  phone: string;
  website: string | null;
  created_at: Defaulted<Timestamp>;
  updated_at: Defaulted<Timestamp>;
}

export interface MembershipsTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number;
  role: MembershipRole;
  created_at: Defaulted<Timestamp>;
}

export interface SessionsTable {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  organization_id: number | null;
  created_at: Timestamp;
  last_verified_at: Timestamp;
  /** 1 once this session passed the user's second factor (always 1 in effect for users without one). */
  two_factor_verified: Defaulted<Flag>;
  /** Wrong codes entered in this session; past the limit the session ends. */
  two_factor_failures: Defaulted<number>;
}

export type EmailTokenPurpose = "sign_up" | "password_reset";
export type EmailTokenStatus = "issued" | "used" | "superseded";

export interface EmailTokensTable {
  id: Generated<number>;
  purpose: EmailTokenPurpose;
  email: string;
  user_id: number | null;
  token_hash: string;
  payload: string | null;
  status: Defaulted<EmailTokenStatus>;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  organization_id: number;
  email: string | null;
  role: MembershipRole;
  token_hash: string;
  status: Defaulted<InvitationStatus>;
  created_by_user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_by_user_id: number | null;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string | null;
  succeeded: Flag;
  created_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  organization_id: number | null;
  kind: string;
  /** JSON object of the message's parameters. */
  params: Defaulted<string>;
  link: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
  /** 'pending' while it waits for its user's daily digest, 'sent' once one carried it (db/migrations/20261203_0019_continuity.ts). */
  digest_status: Defaulted<"pending" | "sent" | null>;
  digest_id: Defaulted<number | null>;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  body_text: string;
  status: Defaulted<EmailStatus>;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** The worker sending it now (app/jobs/claims.server.ts) and until when its claim holds; null when unclaimed. */
  claimed_by: Defaulted<string | null>;
  claimed_until: Defaulted<Timestamp | null>;
  /** The one-click unsubscribe address (RFC 8058) for the e-mail's category, or null for an account e-mail. */
  list_unsubscribe: Defaulted<string | null>;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: number | null;
  organization_id: number | null;
  entity_type: string;
  entity_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  /** JSON object. */
  detail: Defaulted<string>;
  /** The client address of the request that made the change; null for the system's steps and scripts. */
  actor_address: Defaulted<string | null>;
  created_at: Timestamp;
}

export interface CooperativeMembershipsTable {
  id: Generated<number>;
  cooperative_id: number;
  member_id: number;
  status: CooperativeMembershipStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CapabilityKind = "process" | "material" | "certificate" | "cluster";
export type ListingStatus = "draft" | "submitted" | "changes_requested" | "approved" | "rejected" | "suspended" | "superseded";
export type ListingFileType = "application/pdf" | "image/jpeg" | "image/png";

export interface CapabilitiesTable {
  id: Generated<number>;
  kind: CapabilityKind;
  code: string;
  label_id: string;
  label_en: string;
  created_at: Defaulted<Timestamp>;
  /** Clusters only: the regency/city codes the cluster lies in, comma-separated. */
  regency_codes: Defaulted<string>;
}

export type ClusterProposalStatus = "proposed" | "confirmed" | "declined" | "withdrawn";

/** A cluster an IKM named that is not yet in the list; an admin confirms it (it becomes a capability) or declines. */
export interface ClusterProposalsTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  regency_code: string;
  status: Defaulted<ClusterProposalStatus>;
  capability_id: number | null;
  decision_reason: string | null;
  created_by_user_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  decided_by_user_id: number | null;
  decided_at: Timestamp | null;
}

/** One per supplier or cooperative organization; what the public sees is its live (approved) version. */
export interface ListingsTable {
  id: Generated<number>;
  organization_id: number;
  live_version_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A snapshot of a listing's content (JSON, see app/domain/suppliers/listing-data.ts) and its moderation state. */
export interface ListingVersionsTable {
  id: Generated<number>;
  listing_id: number;
  number: number;
  status: Defaulted<ListingStatus>;
  /** JSON ListingData. */
  data: string;
  /** Bumped on every change of the row; an admin's decision carries the revision it looked at. */
  revision: Defaulted<number>;
  /** JSON object: the admin's comment per section when changes are requested. */
  review_comments: Defaulted<string>;
  decision_reason: string | null;
  created_by_user_id: number | null;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  decided_by_user_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ListingFilesTable {
  id: Generated<number>;
  organization_id: number;
  label: string;
  original_name: string;
  content_type: ListingFileType;
  byte_size: number;
  sha256: string;
  storage_key: string;
  uploaded_by_user_id: number | null;
  created_at: Timestamp;
}

export interface CertificateExpiryWarningsTable {
  id: Generated<number>;
  organization_id: number;
  certificate_key: string;
  valid_until: string;
  warned_at: Timestamp;
}

export type RfqStatus = "draft" | "open" | "closed" | "awarded" | "cancelled";
export type RfqVisibility = "public" | "invited";
export type BidStatus = "submitted" | "withdrawn" | "awarded" | "lost";
export type QuestionStatus = "asked" | "answered";

export interface RfqsTable {
  id: Generated<number>;
  buyer_id: number;
  status: Defaulted<RfqStatus>;
  /** The number of the current content version (1 when published; +1 per amendment). */
  version: Defaulted<number>;
  title: string;
  description: Defaulted<string>;
  /** JSON array of certificate codes. */
  required_certificates: Defaulted<string>;
  min_tkdn_percent: number | null;
  delivery_province_code: string;
  delivery_regency_code: string;
  delivery_address: string;
  /** A calendar date "YYYY-MM-DD" (Jakarta). */
  needed_by: string | null;
  /** The moment bids close (UTC timestamp); entered in Asia/Jakarta time. */
  bid_deadline: Timestamp | null;
  visibility: Defaulted<RfqVisibility>;
  payment_terms: Defaulted<string>;
  delivery_terms: Defaulted<string>;
  cancel_reason: string | null;
  cloned_from_id: number | null;
  /** Only IKMs that have this ladder stage signed off may see and bid (null: anyone the visibility allows). */
  min_stage_code: Defaulted<string | null>;
  created_by_user_id: number | null;
  published_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** When the suppliers that fit it were told (issue 19); null until the job has done it. */
  matches_notified_at: Defaulted<Timestamp | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RfqLinesTable {
  id: Generated<number>;
  rfq_id: number;
  position: number;
  part_name: string;
  part_number: Defaulted<string>;
  description: Defaulted<string>;
  material_code: string | null;
  process_code: string | null;
  quantity: number;
  unit: QuantityUnit;
  target_unit_price: number | null;
  /** The line's minimum TKDN, and TKDN + BMP (issue 18), each a hard requirement or a preference. */
  min_tkdn_percent: number | null;
  min_tkdn_bmp_percent: number | null;
  tkdn_rule: Defaulted<"hard" | "preference">;
}

/** A snapshot of the RFQ's content when it was published and after each amendment (JSON RfqContent). */
export interface RfqVersionsTable {
  id: Generated<number>;
  rfq_id: number;
  number: number;
  data: string;
  note: Defaulted<string>;
  created_by_user_id: number | null;
  created_at: Timestamp;
}

/** Drawings of an RFQ (bid_id null) and attachments of a bid. */
export interface RfqFilesTable {
  id: Generated<number>;
  rfq_id: number;
  rfq_line_id: number | null;
  organization_id: number;
  bid_id: number | null;
  original_name: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  storage_key: string;
  uploaded_by_user_id: number | null;
  created_at: Timestamp;
}

export interface RfqInvitationsTable {
  id: Generated<number>;
  rfq_id: number;
  supplier_id: number;
  invited_by_user_id: number | null;
  created_at: Timestamp;
}

export interface RfqQuestionsTable {
  id: Generated<number>;
  rfq_id: number;
  status: Defaulted<QuestionStatus>;
  supplier_id: number;
  asked_by_user_id: number | null;
  question: string;
  answer: string | null;
  answered_by_user_id: number | null;
  asked_at: Timestamp;
  answered_at: Timestamp | null;
}

export interface BidsTable {
  id: Generated<number>;
  rfq_id: number;
  supplier_id: number;
  status: Defaulted<BidStatus>;
  /** The number of the bid's current version. */
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BidVersionsTable {
  id: Generated<number>;
  bid_id: number;
  number: number;
  /** The RFQ version the bid was made against; older than the RFQ's current version = flagged. */
  rfq_version: number;
  lead_time_days: number;
  valid_until: string;
  delivery_terms: Defaulted<string>;
  notes: Defaulted<string>;
  total_amount: number;
  tkdn_percent: number | null;
  /** One per submitted form: a double-clicked submit makes one version. */
  submission_key: string;
  created_by_user_id: number | null;
  created_at: Timestamp;
}

export interface BidLinesTable {
  id: Generated<number>;
  bid_version_id: number;
  rfq_line_id: number;
  quantity: number;
  unit_price: number;
  /** The listed product offered, with its TKDN and BMP when the bid was made (a joint bid's: rolled up). */
  product_name: string | null;
  tkdn_percent: number | null;
  bmp_percent: number | null;
}

export interface BidLineSharesTable {
  id: Generated<number>;
  bid_line_id: number;
  member_id: number;
  quantity: number;
  tkdn_percent: number | null;
  bmp_percent: number | null;
}

export interface AwardsTable {
  id: Generated<number>;
  rfq_id: number;
  reason: string;
  decided_by_user_id: number | null;
  created_at: Timestamp;
}

export interface AwardLinesTable {
  id: Generated<number>;
  award_id: number;
  rfq_line_id: number;
  bid_id: number;
  supplier_id: number;
  quantity: number;
  unit_price: number;
}

export type OrderOrigin = "award" | "call_off" | "repeat";

export type AgreementStatus = "draft" | "sent" | "change_requested" | "active" | "extension_proposed" | "ended" | "expired" | "cancelled";

export interface AgreementsTable {
  id: Generated<number>;
  number: string;
  buyer_id: number;
  supplier_id: number;
  title: string;
  status: Defaulted<AgreementStatus>;
  revision: Defaulted<number>;
  rfq_id: number;
  award_id: number;
  source_order_id: number | null;
  starts_on: string;
  ends_on: string;
  max_value: number | null;
  payment_due_days: Defaulted<number>;
  payment_terms: Defaulted<string>;
  delivery_terms: Defaulted<string>;
  delivery_address: string;
  delivery_province_code: string;
  delivery_regency_code: string;
  proposed_ends_on: Defaulted<string | null>;
  proposed_max_value: Defaulted<number | null>;
  change_request: Defaulted<string | null>;
  reason: Defaulted<string | null>;
  sent_at: Defaulted<Timestamp | null>;
  buyer_accepted_by: Defaulted<number | null>;
  supplier_accepted_at: Defaulted<Timestamp | null>;
  supplier_accepted_by: Defaulted<number | null>;
  ended_at: Defaulted<Timestamp | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AgreementItemsTable {
  id: Generated<number>;
  agreement_id: number;
  position: number;
  rfq_line_id: number;
  part_name: string;
  part_number: Defaulted<string>;
  unit: QuantityUnit;
  unit_price: number;
  max_quantity: number | null;
}

export type NotificationChannel = "in_app" | "email" | "digest";

export interface NotificationPreferencesTable {
  user_id: number;
  category: string;
  channel: NotificationChannel;
  updated_at: Timestamp;
}

export interface NotificationDigestsTable {
  id: Generated<number>;
  user_id: number;
  day: string;
  items: number;
  created_at: Timestamp;
}

export interface NoticesSentTable {
  id: Generated<number>;
  kind: string;
  entity_id: number;
  milestone: string;
  user_id: number;
  created_at: Timestamp;
}

export interface SavedSearchesTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number;
  name: string;
  query: string;
  created_at: Timestamp;
}

export type OrderStatus =
  | "contract_draft"
  | "sent"
  | "change_requested"
  | "contracted"
  | "in_production"
  | "partially_delivered"
  | "delivered"
  | "completed"
  | "cancelled"
  | "disputed"
  | "resolved";
export type ShipmentStatus = "shipped" | "received" | "inspected";
export type InvoiceStatus = "issued" | "transfer_reported" | "card_processing" | "partially_paid" | "paid" | "cancelled" | "void";
export type GoodsKind = "non_luxury" | "luxury";
export type CollectorKind = "none" | "government" | "appointed";
export type PaymentMethod = "bank_transfer" | "stripe";

/** The contract / purchase order between a buyer and one winning supplier of an award. */
export interface OrdersTable {
  id: Generated<number>;
  number: string;
  rfq_id: number;
  award_id: number;
  buyer_id: number;
  supplier_id: number;
  status: Defaulted<OrderStatus>;
  /** Bumped on every change; a step confirmed in a stale tab is refused. */
  revision: Defaulted<number>;
  payment_due_days: Defaulted<number>;
  payment_terms: Defaulted<string>;
  delivery_terms: Defaulted<string>;
  delivery_address: string;
  delivery_province_code: string;
  delivery_regency_code: string;
  needed_by: string | null;
  /** PPN in basis points (1100 = 11 %), fixed when the order is made. */
  ppn_rate_bp: number;
  /** 1 when the award made it a trial order of a supplier on probation with this buyer. */
  is_trial: Defaulted<Flag>;
  /** The PPN rule frozen when the order was made (db/migrations/20261203_0018_tax_and_handover.ts). */
  goods_kind: Defaulted<GoodsKind>;
  dpp_numerator: Defaulted<number>;
  dpp_denominator: Defaulted<number>;
  /** The rule's kode transaksi for a buyer that collects no PPN itself (01 or 04). */
  kode_transaksi: Defaulted<string>;
  ppn_rule_id: number | null;
  /** How the order came about: an award, a call-off against a framework agreement, or "order again". */
  origin: Defaulted<OrderOrigin>;
  agreement_id: Defaulted<number | null>;
  repeat_of_order_id: Defaulted<number | null>;
  /** A trial order's verdict once it is completed: 1 on time and accepted in full, 0 not; null until then. */
  trial_passed: Defaulted<Flag | null>;
  sent_at: Timestamp | null;
  buyer_accepted_at: Timestamp | null;
  buyer_accepted_by: number | null;
  supplier_accepted_at: Timestamp | null;
  supplier_accepted_by: number | null;
  change_request: string | null;
  cancel_reason: string | null;
  dispute_reason: string | null;
  resolution: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderLinesTable {
  id: Generated<number>;
  order_id: number;
  rfq_line_id: number;
  position: number;
  part_name: string;
  part_number: Defaulted<string>;
  unit: QuantityUnit;
  quantity: number;
  unit_price: number;
  agreement_item_id: Defaulted<number | null>;
}

export interface DeliverySchedulesTable {
  id: Generated<number>;
  order_line_id: number;
  sequence: number;
  /** "YYYY-MM-DD" (Jakarta). */
  due_on: string;
  quantity: number;
}

export interface ShipmentsTable {
  id: Generated<number>;
  order_id: number;
  number: number;
  status: Defaulted<ShipmentStatus>;
  shipped_on: string;
  vehicle: Defaulted<string>;
  delivery_note: Defaulted<string>;
  received_on: string | null;
  inspection_notes: string | null;
  created_by_user_id: number | null;
  received_by_user_id: number | null;
  inspected_by_user_id: number | null;
  inspected_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ShipmentLinesTable {
  id: Generated<number>;
  shipment_id: number;
  order_line_id: number;
  quantity: number;
  /** How much of this line replaces earlier rejected pieces (not counted again for first-pass quality). */
  replacement_quantity: Defaulted<number>;
  accepted_quantity: number | null;
  rejected_quantity: number | null;
  rejection_reason: string | null;
}

export interface InvoicesTable {
  id: Generated<number>;
  number: string;
  order_id: number;
  status: Defaulted<InvoiceStatus>;
  revision: Defaulted<number>;
  subtotal: number;
  ppn_rate_bp: number;
  ppn_amount: number;
  total: number;
  issued_on: string;
  due_on: string;
  payment_method: PaymentMethod | null;
  transfer_reference: string | null;
  transfer_date: string | null;
  stripe_payment_intent_id: string | null;
  card_attempts: Defaulted<number>;
  paid_at: Timestamp | null;
  created_by_user_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  dpp_amount: number;
  dpp_numerator: number;
  dpp_denominator: number;
  /** The faktur's kode transaksi; null when the supplier is not PKP and charges no PPN. */
  kode_transaksi: string | null;
  supplier_pkp: Flag;
  collector_kind: Defaulted<CollectorKind>;
  ppn_withheld: Defaulted<number>;
  /** What the buyer pays the supplier: total − withheld PPN. */
  amount_due: number;
  amount_paid: Defaulted<number>;
  /** Accepted credit notes, on what the buyer pays. */
  amount_credited: Defaulted<number>;
  /** A reported transfer awaiting the supplier's confirmation. */
  transfer_amount: number | null;
  faktur_number: string | null;
  faktur_file_id: number | null;
  faktur_recorded_at: Timestamp | null;
  faktur_recorded_by: number | null;
  replaces_invoice_id: number | null;
  cancel_reason: string | null;
}

export type TaxRegistrationKind = "pkp" | "collector";
export type TaxRegistrationStatus = "pending" | "verified" | "rejected" | "withdrawn" | "revoked";

export interface TaxRegistrationsTable {
  id: Generated<number>;
  organization_id: number;
  kind: TaxRegistrationKind;
  collector_kind: "government" | "appointed" | null;
  document_number: string;
  document_date: string;
  file_id: number | null;
  status: Defaulted<TaxRegistrationStatus>;
  revision: Defaulted<number>;
  reason: string | null;
  submitted_by_user_id: number | null;
  decided_by_user_id: number | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BusinessPlacesTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  address: string;
  nitku: string;
  is_head_office: Defaulted<Flag>;
  created_at: Timestamp;
}

export interface PpnRulesTable {
  id: Generated<number>;
  valid_from: string;
  goods_kind: GoodsKind;
  rate_bp: number;
  dpp_numerator: number;
  dpp_denominator: number;
  kode_transaksi: string;
  source: Defaulted<string>;
  updated_by_user_id: number | null;
  updated_at: Timestamp;
}

export interface TaxSettingsTable {
  key: string;
  value: string;
  updated_by_user_id: number | null;
  updated_at: Timestamp;
}

export type BastStatus = "draft" | "buyer_confirmed" | "supplier_confirmed" | "confirmed";

/** A berita acara serah terima: the handover of one inspected shipment's accepted pieces, confirmed by both sides. */
export interface BastsTable {
  id: Generated<number>;
  number: string;
  order_id: number;
  shipment_id: number;
  status: Defaulted<BastStatus>;
  revision: Defaulted<number>;
  handed_over_on: string;
  buyer_confirmed_by: number | null;
  buyer_confirmed_at: Timestamp | null;
  supplier_confirmed_by: number | null;
  supplier_confirmed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BastLinesTable {
  id: Generated<number>;
  bast_id: number;
  order_line_id: number;
  quantity: number;
}

export interface InvoicePaymentsTable {
  id: Generated<number>;
  invoice_id: number;
  amount: number;
  method: PaymentMethod;
  reference: Defaulted<string>;
  paid_on: string;
  confirmed_by_user_id: number | null;
  created_at: Timestamp;
}

export type CreditNoteStatus = "issued" | "accepted" | "rejected";

/** A nota retur: pieces returned after they were invoiced, issued by the buyer and accepted by the supplier. */
export interface CreditNotesTable {
  id: Generated<number>;
  number: string;
  invoice_id: number;
  status: Defaulted<CreditNoteStatus>;
  revision: Defaulted<number>;
  reason: string;
  decision_reason: string | null;
  subtotal: number;
  dpp_amount: number;
  ppn_amount: number;
  total: number;
  ppn_withheld: number;
  amount_due: number;
  issued_on: string;
  created_by_user_id: number | null;
  decided_by_user_id: number | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CreditNoteLinesTable {
  id: Generated<number>;
  credit_note_id: number;
  invoice_line_id: number;
  quantity: number;
  amount: number;
}

export interface InvoiceLinesTable {
  id: Generated<number>;
  invoice_id: number;
  order_line_id: number;
  quantity: number;
  unit_price: number;
  amount: number;
}

/** Stripe webhook events already handled (by event id), so a replay changes nothing. */
export interface StripeEventsTable {
  id: string;
  type: string;
  payment_intent_id: string | null;
  outcome: string;
  received_at: Timestamp;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

// ---- Member work orders (issue 16): a cooperative's order shared among its members ----

export type WorkOrderStatus = "assigned" | "accepted" | "declined" | "in_production" | "partly_handed_over" | "handed_over" | "cancelled" | "reallocated";
export type HandoverStatus = "handed_over" | "inspected";
export type PayoutStatus = "sent" | "confirmed";

/** A cooperative's own terms for its members: its fee on payouts and its QC and packing lead time. */
export interface CooperativeSettingsTable {
  cooperative_id: number;
  /** Basis points kept from each member's earnings (250 = 2.5 %). */
  member_fee_bp: Defaulted<number>;
  /** Days a member's due date comes before the buyer's (the cooperative's QC and packing). */
  qc_lead_days: Defaulted<number>;
  updated_at: Timestamp;
}

export interface WorkOrdersTable {
  id: Generated<number>;
  number: string;
  order_id: number;
  cooperative_id: number;
  member_id: number;
  status: Defaulted<WorkOrderStatus>;
  revision: Defaulted<number>;
  /** Whether the member sees the buyer's unit price. */
  show_buyer_price: Defaulted<Flag>;
  /** Why it was declined, cancelled or reallocated. */
  reason: string | null;
  reallocated_from_id: number | null;
  created_by_user_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WorkOrderLinesTable {
  id: Generated<number>;
  work_order_id: number;
  order_line_id: number;
  quantity: number;
  /** What the cooperative pays the member per piece, in rupiah. */
  member_unit_price: number;
}

export interface WorkOrderSchedulesTable {
  id: Generated<number>;
  work_order_line_id: number;
  /** The buyer's scheduled delivery this part belongs to. */
  delivery_schedule_id: number;
  sequence: number;
  /** "YYYY-MM-DD": the buyer's due date less the cooperative's lead time. */
  due_on: string;
  quantity: number;
}

export interface HandoversTable {
  id: Generated<number>;
  work_order_id: number;
  number: number;
  status: Defaulted<HandoverStatus>;
  handed_over_on: string;
  /** The member's lot or heat number. */
  lot_number: string;
  notes: Defaulted<string>;
  created_by_user_id: number | null;
  created_at: Timestamp;
  inspected_at: Timestamp | null;
  inspected_by_user_id: number | null;
  inspection_notes: string | null;
}

export interface HandoverLinesTable {
  id: Generated<number>;
  handover_id: number;
  work_order_line_id: number;
  quantity: number;
  replacement_quantity: Defaulted<number>;
  accepted_quantity: number | null;
  rejected_quantity: number | null;
  rejection_reason: string | null;
}

/** Which accepted member lot (hand-over line) went into which shipment line to the buyer, and how much of it the buyer rejected. */
export interface ShipmentLotsTable {
  id: Generated<number>;
  shipment_line_id: number;
  handover_line_id: number;
  quantity: number;
  buyer_rejected_quantity: Defaulted<number>;
  attributed_at: Timestamp | null;
  attributed_by_user_id: number | null;
}

export interface MemberPayoutsTable {
  id: Generated<number>;
  cooperative_id: number;
  member_id: number;
  status: Defaulted<PayoutStatus>;
  amount: number;
  paid_on: string;
  reference: string;
  created_by_user_id: number | null;
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
  confirmed_by_user_id: number | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number;
  name: string;
  public_id: string;
  secret_hash: string;
  /** JSON array of scopes. */
  scopes: string;
  status: Defaulted<ApiKeyStatus>;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  last_used_address: string | null;
  created_by_user_id: number;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by_user_id: number | null;
}

export interface ApiIdempotencyTable {
  id: Generated<number>;
  api_key_id: number;
  idempotency_key: string;
  request_hash: string;
  status_code: number | null;
  response_headers: string | null;
  response_body: string | null;
  created_at: Timestamp;
}

export interface ApiRateWindowsTable {
  api_key_id: number;
  window_start: Timestamp;
  count: number;
}

export type WebhookEndpointStatus = "active" | "disabled";
export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

export interface WebhookEndpointsTable {
  id: Generated<number>;
  organization_id: number;
  url: string;
  description: Defaulted<string>;
  /** JSON array of event families. */
  event_types: string;
  status: Defaulted<WebhookEndpointStatus>;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Timestamp | null;
  revision: Defaulted<number>;
  created_by_user_id: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookEventsTable {
  id: Generated<number>;
  message_id: string;
  organization_id: number;
  type: string;
  payload: string;
  created_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  event_id: number;
  endpoint_id: number;
  status: Defaulted<WebhookDeliveryStatus>;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  created_at: Timestamp;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface Database {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  api_keys: ApiKeysTable;
  api_idempotency: ApiIdempotencyTable;
  api_rate_windows: ApiRateWindowsTable;
  users: UsersTable;
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  recovery_codes: RecoveryCodesTable;
  invitations: InvitationsTable;
  login_attempts: LoginAttemptsTable;
  notifications: NotificationsTable;
  email_outbox: EmailOutboxTable;
  audit_log: AuditLogTable;
  cooperative_memberships: CooperativeMembershipsTable;
  app_meta: AppMetaTable;
  capabilities: CapabilitiesTable;
  cluster_proposals: ClusterProposalsTable;
  listings: ListingsTable;
  listing_versions: ListingVersionsTable;
  listing_files: ListingFilesTable;
  certificate_expiry_warnings: CertificateExpiryWarningsTable;
  rfqs: RfqsTable;
  rfq_lines: RfqLinesTable;
  rfq_versions: RfqVersionsTable;
  rfq_files: RfqFilesTable;
  rfq_invitations: RfqInvitationsTable;
  rfq_questions: RfqQuestionsTable;
  bids: BidsTable;
  bid_versions: BidVersionsTable;
  bid_lines: BidLinesTable;
  bid_line_shares: BidLineSharesTable;
  awards: AwardsTable;
  award_lines: AwardLinesTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  agreements: AgreementsTable;
  agreement_items: AgreementItemsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_digests: NotificationDigestsTable;
  notices_sent: NoticesSentTable;
  saved_searches: SavedSearchesTable;
  delivery_schedules: DeliverySchedulesTable;
  shipments: ShipmentsTable;
  shipment_lines: ShipmentLinesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  stripe_events: StripeEventsTable;
  supplier_search: SearchDocumentsTable;
  supplier_search_facets: SearchFacetsTable;
  rfq_search: SearchDocumentsTable;
  rfq_search_facets: SearchFacetsTable;
  search_state: SearchStateTable;
  search_facet_codes: SearchFacetCodesTable;
  search_outbox: SearchOutboxTable;
  stored_file_chunks: StoredFileChunksTable;
  cooperative_settings: CooperativeSettingsTable;
  work_orders: WorkOrdersTable;
  work_order_lines: WorkOrderLinesTable;
  work_order_schedules: WorkOrderSchedulesTable;
  handovers: HandoversTable;
  handover_lines: HandoverLinesTable;
  shipment_lots: ShipmentLotsTable;
  member_payouts: MemberPayoutsTable;
  programmes: ProgrammesTable;
  programme_enrolments: ProgrammeEnrolmentsTable;
  ladder_stages: LadderStagesTable;
  ladder_progress: LadderProgressTable;
  mentor_visits: MentorVisitsTable;
  mentor_actions: MentorActionsTable;
  ladder_evidence: LadderEvidenceTable;
  buyer_requirements: BuyerRequirementsTable;
  supplier_relationships: SupplierRelationshipsTable;
  partnership_targets: PartnershipTargetsTable;
  tax_registrations: TaxRegistrationsTable;
  business_places: BusinessPlacesTable;
  ppn_rules: PpnRulesTable;
  tax_settings: TaxSettingsTable;
  basts: BastsTable;
  bast_lines: BastLinesTable;
  invoice_payments: InvoicePaymentsTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
}

export type User = Selectable<UsersTable>;
export type WorkOrder = Selectable<WorkOrdersTable>;
export type NewUser = Insertable<UsersTable>;
export type Organization = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type Membership = Selectable<MembershipsTable>;
export type Session = Selectable<SessionsTable>;
export type Invitation = Selectable<InvitationsTable>;
export type Notification = Selectable<NotificationsTable>;
export type Agreement = Selectable<AgreementsTable>;
export type Rfq = Selectable<RfqsTable>;
export type RfqLine = Selectable<RfqLinesTable>;
export type Bid = Selectable<BidsTable>;
export type Order = Selectable<OrdersTable>;
export type Invoice = Selectable<InvoicesTable>;
export type InvoiceUpdate = Updateable<InvoicesTable>;

// ---- Search (db/migrations/20261123_0005_search.ts) ----

/**
 * A document of the embedded search index (supplier_search, rfq_search); its text is in the FTS5 tables
 * supplier_fts / rfq_fts (rowid = id), queried with raw SQL by search/fts5-engine.server.ts.
 */
export interface SearchDocumentsTable {
  /** The organization's or the RFQ's id. */
  id: number;
  /** The empty-query order: a supplier's lower-cased name, an RFQ's bid deadline. */
  sort_key: string;
  /** JSON SupplierDoc or RfqDoc (search/types.ts). */
  doc: string;
  tkdn_percent: number | null;
  capacity_pcs: Defaulted<number>;
  /** The document's facet values, one character each: U+00FF + its code in search_facet_codes (facet counts). */
  facet_codes: Defaulted<string>;
  updated_at: Timestamp;
}

/** One facet value of an indexed document (filters). */
export interface SearchFacetsTable {
  doc_id: number;
  facet: string;
  value: string;
}

/** Every facet value an index holds, with its code (db/migrations/20261123_0007_search_facet_codes.ts). */
export interface SearchFacetCodesTable {
  code: Generated<number>;
  entity: SearchEntityType;
  facet: string;
  value: string;
}

/** A counter per index ("supplier", "rfq") bumped by every write: processes refresh their typo index on change. */
export interface SearchStateTable {
  key: string;
  value: number;
}

/** One chunk of an upload kept in the database (FILE_STORAGE=database; app/domain/files/storage.server.ts). */
export interface StoredFileChunksTable {
  storage_key: string;
  position: number;
  bytes: Uint8Array;
}

export type SearchEntityType = "supplier" | "rfq";

/** What is still to be (re)indexed; written inside the transaction of the change (search/outbox.server.ts). */
export interface SearchOutboxTable {
  id: Generated<number>;
  entity_type: SearchEntityType;
  entity_id: number;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  /** The indexer working on it now and until when its claim holds (app/jobs/claims.server.ts). */
  claimed_by: Defaulted<string | null>;
  claimed_until: Defaulted<Timestamp | null>;
}

// Issue 17: supplier development (db/migrations/20261202_0017_supplier_development.ts).
export type EnrolmentStatus = "invited" | "active" | "declined" | "left";
export type LadderStatus = "in_progress" | "submitted" | "signed_off";
export type VisitKind = "visit" | "assessment" | "gap_assessment";
export type EvidenceKind = "document" | "photo" | "ppap" | "note";
export type RelationshipStatus = "trial" | "approved" | "ended";

export interface ProgrammesTable {
  id: Generated<number>;
  mentor_id: number;
  name: string;
  cohort: Defaulted<string>;
  starts_on: string;
  ends_on: string;
  description: Defaulted<string>;
  created_by_user_id: number | null;
  created_at: Timestamp;
}

export interface ProgrammeEnrolmentsTable {
  id: Generated<number>;
  programme_id: number;
  mentor_id: number;
  organization_id: number;
  status: Defaulted<EnrolmentStatus>;
  /** 1 when the IKM lets its mentor see its bids and orders. */
  shares_orders: Defaulted<Flag>;
  revision: Defaulted<number>;
  invited_by_user_id: number | null;
  accepted_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LadderStagesTable {
  id: Generated<number>;
  code: string;
  position: number;
  name_id: string;
  name_en: string;
  description_id: Defaulted<string>;
  description_en: Defaulted<string>;
  rule: Defaulted<"all" | "any">;
  funnel_step: Defaulted<"qualified" | null>;
  /** JSON LadderCriterion[]. */
  criteria: Defaulted<string>;
  active: Defaulted<Flag>;
  updated_by_user_id: number | null;
  updated_at: Timestamp;
}

export interface LadderProgressTable {
  id: Generated<number>;
  organization_id: number;
  stage_id: number;
  status: LadderStatus;
  revision: Defaulted<number>;
  signed_off_by_user_id: number | null;
  signed_off_mentor_id: number | null;
  signed_off_at: Timestamp | null;
  note: Defaulted<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MentorVisitsTable {
  id: Generated<number>;
  organization_id: number;
  mentor_id: number;
  programme_id: number | null;
  stage_id: number | null;
  kind: VisitKind;
  visited_on: string;
  findings: Defaulted<string>;
  /** JSON object criterion code → score. */
  scores: Defaulted<string>;
  created_by_user_id: number | null;
  created_at: Timestamp;
}

export interface MentorActionsTable {
  id: Generated<number>;
  visit_id: number;
  organization_id: number;
  description: string;
  owner_user_id: number | null;
  due_on: string;
  status: Defaulted<"open" | "done">;
  done_at: Timestamp | null;
  /** The reminder last sent: "due:<date>" or "overdue:<date>"; one reminder per step. */
  reminded_for: string | null;
  created_at: Timestamp;
}

export interface LadderEvidenceTable {
  id: Generated<number>;
  organization_id: number;
  stage_id: number;
  criterion_code: string;
  kind: EvidenceKind;
  file_id: number | null;
  visit_id: number | null;
  ppap_level: number | null;
  part_name: string | null;
  valid_until: string | null;
  note: Defaulted<string>;
  created_by_user_id: number | null;
  created_by_org_id: number | null;
  created_at: Timestamp;
}

export interface BuyerRequirementsTable {
  buyer_id: number;
  stage_codes: Defaulted<string>;
  certificates: Defaulted<string>;
  ppap_level: number | null;
  trial_orders: Defaulted<number>;
  trial_cap_quantity: Defaulted<number>;
  note: Defaulted<string>;
  updated_by_user_id: number | null;
  updated_at: Timestamp;
}

export interface SupplierRelationshipsTable {
  id: Generated<number>;
  buyer_id: number;
  supplier_id: number;
  status: RelationshipStatus;
  revision: Defaulted<number>;
  base_cap_quantity: number;
  cap_quantity: number;
  trial_orders_required: number;
  trial_orders_passed: Defaulted<number>;
  reason: string | null;
  created_by_user_id: number | null;
  approved_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PartnershipTargetsTable {
  id: Generated<number>;
  year_from: number;
  year_to: number;
  target: number;
  note: Defaulted<string>;
  updated_by_user_id: number | null;
  updated_at: Timestamp;
}

export type Programme = Selectable<ProgrammesTable>;
export type Enrolment = Selectable<ProgrammeEnrolmentsTable>;
export type LadderStage = Selectable<LadderStagesTable>;
export type LadderProgress = Selectable<LadderProgressTable>;
export type SupplierRelationship = Selectable<SupplierRelationshipsTable>;
