import type { WebhookDeliveryStatus, WebhookEndpointStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The transition tables of webhooks: an endpoint is active or disabled by its owner; a delivery is pending until
// an attempt is answered 2xx (delivered) or the attempts run out (failed); the owner may send any one again.
export const WEBHOOK_ENDPOINT_EVENTS = ["disable", "enable", "rotate_secret"] as const;
export type WebhookEndpointEvent = (typeof WEBHOOK_ENDPOINT_EVENTS)[number];

export const webhookEndpointTransitions: TransitionTable<WebhookEndpointStatus, WebhookEndpointEvent> = {
  active: { disable: "disabled", rotate_secret: "active" },
  disabled: { enable: "active", rotate_secret: "disabled" },
};

export const WEBHOOK_DELIVERY_EVENTS = ["deliver", "retry", "give_up", "resend"] as const;
export type WebhookDeliveryEvent = (typeof WEBHOOK_DELIVERY_EVENTS)[number];

export const webhookDeliveryTransitions: TransitionTable<WebhookDeliveryStatus, WebhookDeliveryEvent> = {
  pending: { deliver: "delivered", retry: "pending", give_up: "failed" },
  delivered: { resend: "pending" },
  failed: { resend: "pending" },
};

/** Standard Webhooks' recommended schedule (after the first attempt): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];
