import { useRouteLoaderData } from "@remix-run/react";
import { formatDate, formatDateTime, formatFileSize, formatNumber, formatPpnRate, formatRupiah } from "./format";
import { DEFAULT_LOCALE, isLocale, isMessageKey, translate, translateError, type Locale, type MessageKey, type MessageParams } from "./i18n";

export function useLocale(): Locale {
  // The root route's data carries the reader's language (root.tsx); read by shape, so i18n needs no import of the root.
  const root: unknown = useRouteLoaderData("root");
  const locale = typeof root === "object" && root !== null ? (root as { locale?: unknown }).locale : undefined;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/** Messages and formats in the reader's language. */
export function useT() {
  const locale = useLocale();
  return {
    locale,
    t: (key: MessageKey, params?: MessageParams) => translate(locale, key, params),
    /**
     * A key built from stored data (an audit action, a history event): its message if the dictionary has it,
     * otherwise the key itself, so a row written by a newer release never breaks the page.
     */
    tStored: (key: string, params?: MessageParams) => (isMessageKey(key) ? translate(locale, key, params) : key),
    /** A validation message (an i18n key, maybe with parameters) in the reader's language. */
    te: (message: string) => translateError(locale, message),
    rupiah: formatRupiah,
    number: (value: number) => formatNumber(value, locale),
    date: (iso: string) => formatDate(iso, locale),
    dateTime: (iso: string) => formatDateTime(iso, locale),
    fileSize: (bytes: number) => formatFileSize(bytes, locale),
    /** "PPN 11%" from the basis points an order or invoice keeps. */
    ppn: (rateBp: number) => `PPN ${formatPpnRate(rateBp, locale)}%`,
  };
}
