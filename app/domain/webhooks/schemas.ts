import { z } from "zod";
import { optionalText, wholeNumber } from "../schema-parts";
import { WEBHOOK_FAMILIES } from "./events";

/** An address a webhook may be sent to: http(s), and not one of this network's own (no loopback or private address in production). */
export type WebhookUrlProblem = "error.webhookUrl" | "error.webhookHttps" | "error.webhookPrivate";

export function webhookUrlProblem(value: string, production: boolean): WebhookUrlProblem | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "error.webhookUrl";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "error.webhookUrl";
  if (url.username || url.password) return "error.webhookUrl";
  if (!production) return null;
  if (url.protocol !== "https:") return "error.webhookHttps";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const privateHost =
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".internal") ||
    /^(127|10|0)\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^169\.254\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    host === "::1" ||
    /^f[cd]/.test(host) ||
    /^fe80:/.test(host);
  return privateHost ? "error.webhookPrivate" : null;
}

/** The owner's "new endpoint" form (/organization/webhooks). The server checks the address again (production rules). */
export const CreateWebhookSchema = z.object({
  url: z.string({ error: "error.required" }).trim().min(1, "error.required").max(500, "error.tooLong").refine((v) => webhookUrlProblem(v, false) === null, "error.webhookUrl"),
  description: optionalText(200),
  eventTypes: z.array(z.enum(WEBHOOK_FAMILIES, { error: "error.invalid" }), { error: "error.webhookEventsRequired" }).min(1, "error.webhookEventsRequired"),
});
export type CreateWebhookInput = z.infer<typeof CreateWebhookSchema>;

export const EndpointActionSchema = z.object({ endpointId: wholeNumber.positive(), revision: wholeNumber.positive() });
export const ResendSchema = z.object({ deliveryId: wholeNumber.positive() });
