import type { MessageKey, MessageParams } from "../i18n/i18n";

/**
 * A refusal the user should read: an i18n message key, the HTTP status it maps to, and the form field it
 * belongs next to (if any). Routes turn it into a field error, a form error or a problem+json answer.
 */
export class DomainError extends Error {
  constructor(
    readonly messageKey: MessageKey,
    readonly status: 400 | 403 | 404 | 409 | 410 | 412 | 422 | 428 | 429,
    readonly field?: string,
    readonly params?: MessageParams,
  ) {
    super(messageKey);
    this.name = "DomainError";
  }
}
