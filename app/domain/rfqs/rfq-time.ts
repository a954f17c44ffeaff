// Bid deadlines are entered and shown in Asia/Jakarta time (WIB, UTC+7, no daylight saving) and stored as
// UTC timestamps. Pure: used by forms and the server alike.

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
  const shifted = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  return shifted.toISOString().slice(0, 16);
}
