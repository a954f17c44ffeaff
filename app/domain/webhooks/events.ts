// The events an organization's webhook endpoints can take (issue 21), by family: an endpoint picks families,
// and gets every event of each. An event is "<object>.<action>" from the change's own audit row (the action its
// lifecycle table names), plus "rfq.bid_received" for the buyer (a count only: bids stay sealed). Thin events:
// the payload names the document and its new state; the client reads the rest through the API.

export const WEBHOOK_FAMILIES = ["rfq", "bid", "award", "order", "shipment", "inspection", "invoice", "payment", "agreement", "work_order"] as const;
export type WebhookFamily = (typeof WEBHOOK_FAMILIES)[number];

export function isWebhookFamily(value: unknown): value is WebhookFamily {
  return typeof value === "string" && (WEBHOOK_FAMILIES as readonly string[]).includes(value);
}

/** The audit entities that are events, and the family each belongs to (an action may move it to another). */
const FAMILY_OF_ENTITY: Record<string, WebhookFamily> = {
  rfq: "rfq",
  rfq_question: "rfq",
  bid: "bid",
  award: "award",
  order: "order",
  shipment: "shipment",
  bast: "shipment",
  invoice: "invoice",
  credit_note: "invoice",
  agreement: "agreement",
  work_order: "work_order",
  member_payout: "work_order",
};

/** The API path of an entity, where the API has one. */
const API_PATH: Record<string, (id: string) => string> = {
  rfq: (id) => `/api/v1/rfqs/${id}`,
  order: (id) => `/api/v1/orders/${id}`,
};

export interface WebhookEventDraft {
  family: WebhookFamily;
  type: string;
  data: Record<string, unknown>;
}

/** The event an audit row makes, or null (most entities — users, listings, settings — are not events). */
export function eventFromAudit(entry: { entityType: string; entityId: string | number; action: string; fromState?: string | null; toState?: string | null }): WebhookEventDraft | null {
  let family = FAMILY_OF_ENTITY[entry.entityType];
  if (!family) return null;
  if (entry.entityType === "shipment" && entry.action === "inspect") family = "inspection";
  if (entry.entityType === "invoice" && (entry.toState === "paid" || entry.toState === "partially_paid")) family = "payment";
  const id = String(entry.entityId);
  return {
    family,
    type: `${entry.entityType}.${entry.action}`,
    data: {
      object: entry.entityType,
      id: /^\d+$/.test(id) ? Number(id) : id,
      action: entry.action,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      ...(API_PATH[entry.entityType] ? { href: API_PATH[entry.entityType]!(id) } : {}),
    },
  };
}
