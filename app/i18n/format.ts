import type { Locale } from "./locales";

export const TIME_ZONE = "Asia/Jakarta";

const rupiah = new Intl.NumberFormat("id-ID", {
  style: "currency",
  currency: "IDR",
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});

/**
 * Whole rupiah as the trade writes it, `Rp 1.250.000`, in both UI languages (an English reader in Indonesia
 * still reads rupiah with dots). The space is a no-break space so the amount never wraps.
 */
export function formatRupiah(amount: number): string {
  return rupiah.format(amount);
}

/** The Intl locale of each UI language. */
export const intlLocale: Record<Locale, string> = { id: "id-ID", en: "en-GB" };

// Intl formatters are costly to make (a long page of dates made hundreds per render): one per locale and style.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(intlLocale[locale], options)));
  return f;
}
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(intlLocale[locale], { ...options, timeZone: TIME_ZONE })));
  return f;
}

export function formatNumber(value: number, locale: Locale): string {
  return numberFormat(locale).format(value);
}

/** A calendar date in Jakarta time, e.g. "22 November 2026". */
export function formatDate(iso: string, locale: Locale): string {
  return dateFormat(locale, { dateStyle: "long" }).format(new Date(iso));
}

/** A moment in Jakarta time, e.g. "22 Nov 2026, 12.34 WIB". */
export function formatDateTime(iso: string, locale: Locale): string {
  return `${dateFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso))} WIB`;
}

/** Only the time of day in Jakarta, e.g. "12.34 WIB". */
export function formatTime(iso: string, locale: Locale): string {
  return `${dateFormat(locale, { timeStyle: "short" }).format(new Date(iso))} WIB`;
}

/** A percentage with one decimal in the reader's notation ("97,5%" / "97.5%"), or "—" without data. */
export function formatPercent(value: number | null, locale: Locale): string {
  if (value === null) return "—";
  return numberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value / 100);
}

/** A PPN rate kept in basis points, as a percentage in the reader's notation: 1100 → "11", 1150 → "11,5". */
export function formatPpnRate(rateBp: number, locale: Locale): string {
  return numberFormat(locale, { maximumFractionDigits: 2 }).format(rateBp / 100);
}

/** A file's size as people read it: "840 KB", "1,5 MB" ("1.5 MB" in English). */
export function formatFileSize(bytes: number, locale: Locale): string {
  if (bytes >= 1024 * 1024) return `${numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
  return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} KB`;
}

/**
 * An NPWP as people write it: the 15-digit number as 02.345.678.9-507.000, the 16-digit one (since July
 * 2024, the old number with a leading 0 or the NIK) in groups of four; anything else as stored.
 */
export function formatNpwp(digits: string): string {
  if (/^\d{15}$/.test(digits)) return digits.replace(/^(\d{2})(\d{3})(\d{3})(\d)(\d{3})(\d{3})$/, "$1.$2.$3.$4-$5.$6");
  if (/^\d{16}$/.test(digits)) return digits.replace(/^(\d{4})(\d{4})(\d{4})(\d{4})$/, "$1 $2 $3 $4");
  return digits;
}
