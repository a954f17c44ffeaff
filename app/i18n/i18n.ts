import { IntlMessageFormat } from "intl-messageformat";
import { intlLocale } from "./format";
import { en } from "./messages.en";
import { id } from "./messages.id";

import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from "./locales";

export { DEFAULT_LOCALE, LOCALES, isLocale, type Locale };

export type MessageKey = keyof typeof id;
export type MessageParams = Record<string, string | number>;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { id, en };

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(id, value);
}

const ICU = /\{\w+, (plural|number|select)\b/;
const compiled = new Map<string, IntlMessageFormat>();

/**
 * Looks a message up in the locale's dictionary and fills `{name}` placeholders. A message that counts
 * something is written in ICU syntax (`{count, plural, one {# bid} other {# bids}}`, `{quantity, number}`)
 * and formatted by FormatJS's intl-messageformat with the locale's plural rules and digits.
 */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = dictionaries[locale][key];
  if (ICU.test(template)) {
    const cacheKey = `${locale}\u0000${key}`;
    let format = compiled.get(cacheKey);
    if (!format) {
      format = new IntlMessageFormat(template, intlLocale[locale]);
      compiled.set(cacheKey, format);
    }
    try {
      return String(format.format(params ?? {}));
    } catch {
      // A value missing or not a number: show the words rather than fail the page.
      return template.replace(/\{(\w+)[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, (_whole, name: string) => String(params?.[name] ?? `{${name}}`));
    }
  }
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * Translates a validation message. Schemas carry message keys; anything else (a library's own message)
 * is shown as the generic "invalid value" text in the user's language rather than in English.
 */
export function translateError(locale: Locale, message: string): string {
  const [key, raw] = message.split("|", 2);
  if (!isMessageKey(key)) return translate(locale, "error.invalid");
  const params = raw ? (JSON.parse(raw) as MessageParams) : undefined;
  return translate(locale, key, params);
}

/** A validation message with parameters, kept as one string so it survives a form round trip. */
export function errorMessage(key: MessageKey, params?: MessageParams): string {
  return params ? `${key}|${JSON.stringify(params)}` : key;
}
