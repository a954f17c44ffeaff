// Jakarta time (WIB, UTC+7, no daylight saving): the calendar every date in Pasok is read in — certificate
// validity, delivery schedules, invoice due dates, bid deadlines entered in a datetime-local input. Instants
// are stored as UTC timestamps (clock.server.ts); this file turns them into Jakarta dates and back. Pure:
// used by forms and the server alike. Display formatting (Intl, per locale) is in i18n/format.ts.

export const JAKARTA_OFFSET_MS = 7 * 3_600_000;

/** The instant's calendar date in Jakarta, YYYY-MM-DD. */
export function jakartaDate(at: Date): string {
  return new Date(at.getTime() + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
}

const LOCAL_MINUTE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** "2026-12-01T14:00" in Jakarta → the instant, or null when the text is not a valid local minute. */
export function jakartaLocalToDate(local: string): Date | null {
  const m = LOCAL_MINUTE.exec(local);
  if (!m) return null;
  const date = new Date(`${local}:00.000+07:00`);
  if (Number.isNaN(date.getTime())) return null;
  // Refuse dates the calendar does not have (e.g. 31 November rolls over).
  const back = dateToJakartaLocal(date.toISOString());
  return back === local ? date : null;
}

/** The instant as the value of a datetime-local input in Jakarta time, e.g. "2026-12-01T14:00". */
export function dateToJakartaLocal(iso: string): string {
  return new Date(new Date(iso).getTime() + JAKARTA_OFFSET_MS).toISOString().slice(0, 16);
}

/** A Jakarta calendar date at a Jakarta time of day, as the instant ("2026-12-01", "15:00" → 08:00 UTC). */
export function jakartaDateAt(date: string, time: string): Date {
  return new Date(`${date}T${time}:00.000+07:00`);
}

/** A calendar date ("YYYY-MM-DD") moved by whole days (negative for earlier). */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A calendar date ("YYYY-MM-DD") `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${y + years}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

/** A calendar date ("YYYY-MM-DD") `months` later; the 31st becomes the month's last day where it is shorter. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}
