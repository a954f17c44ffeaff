import { translate, type Locale, type MessageKey, type MessageParams } from "../../i18n/i18n";

/** Every kind of notification Pasok sends; each has a title and body message in both languages. */
export const NOTIFICATION_KINDS = [
  "invitation",
  "member_joined",
  "password_changed",
  "sign_up_confirm",
  "sign_up_existing",
  "password_reset",
  "welcome",
  "listing_submitted",
  "listing_approved",
  "listing_changes_requested",
  "listing_rejected",
  "listing_suspended",
  "listing_reinstated",
  "certificate_expiring",
  "cluster_proposed",
  "cluster_confirmed",
  "cluster_declined",
  "cooperative_invitation",
  "cooperative_member_accept",
  "cooperative_member_decline",
  "cooperative_member_leave",
  "rfq_invited",
  "rfq_amended",
  "rfq_question",
  "rfq_answered",
  "rfq_cancelled",
  "rfq_closed",
  "rfq_bid_received",
  "rfq_won",
  "rfq_lost",
  "order_send",
  "order_accept",
  "order_request_change",
  "order_revise",
  "order_start_production",
  "order_deliver_partial",
  "order_deliver_full",
  "order_complete",
  "order_cancel",
  "order_dispute",
  "order_resolve",
  "order_created",
  "shipment_sent",
  "invoice_issued",
  "invoice_transfer_reported",
  "invoice_paid",
  "invoice_transfer_rejected",
  "work_order_assigned",
  "work_order_accept",
  "work_order_decline",
  "work_order_start_production",
  "work_order_hand_over",
  "work_order_complete",
  "work_order_cancel",
  "work_order_reallocate",
  "work_order_reduced",
  "handover_recorded",
  "handover_inspected",
  "lot_rejected_by_buyer",
  "payout_sent",
  "payout_confirmed",
  "enrolment_invited",
  "enrolment_accept",
  "enrolment_decline",
  "enrolment_leave",
  "ladder_submit",
  "ladder_sign_off",
  "ladder_return",
  "ladder_reopen",
  "relationship_invite_trial",
  "relationship_pass_trial",
  "relationship_approve",
  "relationship_end",
  "mentor_visit_recorded",
  "mentor_action_due",
  "mentor_action_overdue",
  "tax_registration_verify",
  "tax_registration_reject",
  "tax_registration_revoke",
  "bast_created",
  "bast_confirmed",
  "invoice_faktur_recorded",
  "invoice_cancelled",
  "invoice_partially_paid",
  "credit_note_issued",
  "credit_note_accept",
  "credit_note_reject",
  "agreement_created",
  "agreement_send",
  "agreement_accept",
  "agreement_request_change",
  "agreement_revise",
  "agreement_propose_extension",
  "agreement_accept_extension",
  "agreement_decline_extension",
  "agreement_end",
  "agreement_expire",
  "agreement_cancel",
  "rfq_matched",
  "rfq_saved_search",
  "reminder_bid_deadline_24h",
  "reminder_bid_deadline_2h",
  "reminder_award_pending",
  "reminder_delivery_due",
  "reminder_delivery_overdue",
  "reminder_invoice_due",
  "reminder_invoice_overdue",
  "reminder_agreement_usage",
  "reminder_agreement_ending",
  "reminder_contract_unanswered",
  "reminder_agreement_unanswered",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/**
 * The kinds of notification a user chooses a channel for (in-app only, e-mail now, or the daily digest), each
 * a group of kinds. Account e-mails (sign-up, password, invitations) are not in any: they always go out.
 */
export const NOTIFICATION_CATEGORIES = ["new_rfqs", "rfq_activity", "orders", "payments", "agreements", "reminders", "listings", "programmes", "organization"] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

const ESSENTIAL: readonly NotificationKind[] = ["password_changed", "sign_up_confirm", "sign_up_existing", "password_reset", "welcome", "invitation"];

/** The category a kind belongs to, or null for an account e-mail that always goes out. */
export function categoryOf(kind: NotificationKind): NotificationCategory | null {
  if (ESSENTIAL.includes(kind)) return null;
  if (kind === "rfq_matched" || kind === "rfq_saved_search") return "new_rfqs";
  if (kind.startsWith("reminder_")) return "reminders";
  if (kind.startsWith("agreement_")) return "agreements";
  if (kind.startsWith("rfq_")) return "rfq_activity";
  if (kind.startsWith("invoice_") || kind.startsWith("payout_") || kind.startsWith("credit_note_")) return "payments";
  if (["order_", "shipment_", "bast_", "work_order_", "handover_", "lot_"].some((p) => kind.startsWith(p))) return "orders";
  if (["listing_", "certificate_", "cluster_", "tax_registration_"].some((p) => kind.startsWith(p))) return "listings";
  if (["cooperative_", "enrolment_", "ladder_", "relationship_", "mentor_"].some((p) => kind.startsWith(p))) return "programmes";
  return "organization";
}

/** What a user gets when they have chosen nothing: e-mail now, except the new-RFQ alerts, which come as a digest. */
export function defaultChannel(category: NotificationCategory): "in_app" | "email" | "digest" {
  return category === "new_rfqs" ? "digest" : "email";
}

/**
 * A notification's parameters in one language: text made for each language when it was sent (e.g. the
 * reasons an RFQ fits, "reasons_id" and "reasons_en") is read as the plain parameter ("reasons").
 */
export function localParams(locale: Locale, params: MessageParams): MessageParams {
  const local: MessageParams = { ...params };
  for (const [key, value] of Object.entries(params)) if (key.endsWith(`_${locale}`)) local[key.slice(0, -locale.length - 1)] = value;
  return local;
}

export function notificationText(locale: Locale, kind: NotificationKind, raw: MessageParams) {
  const params = localParams(locale, raw);
  return {
    title: translate(locale, `notification.${kind}.title` as const, params),
    body: translate(locale, `notification.${kind}.body` as const, params),
  };
}
