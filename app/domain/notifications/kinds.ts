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
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export function notificationText(locale: Locale, kind: NotificationKind, params: MessageParams) {
  return {
    title: translate(locale, `notification.${kind}.title` as const, params),
    body: translate(locale, `notification.${kind}.body` as const, params),
  };
}
