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

const DAY = 86_400_000;

/**
 * The dates a repeat of an RFQ starts with ("Posting lagi"): the same bidding window as the original (from
 * its publication to its deadline; 7 days when unknown, at least 3), from now, at 15.00 WIB, and the same
 * time from deadline to needed-by as before (14 days when unknown). The buyer checks them before publishing.
 */
export function repostDates(
  source: { published_at: string | null; created_at: string; bid_deadline: string | null; needed_by: string | null },
  now: Date,
): { bidDeadline: string; neededBy: string } {
  const opened = new Date(source.published_at ?? source.created_at).getTime();
  const deadline = source.bid_deadline ? new Date(source.bid_deadline).getTime() : null;
  const windowDays = deadline ? Math.max(3, Math.round((deadline - opened) / DAY)) : 7;
  // 15.00 WIB on the day the window ends.
  const endDay = new Date(now.getTime() + 7 * 3_600_000 + windowDays * DAY).toISOString().slice(0, 10);
  const bidDeadline = new Date(`${endDay}T15:00:00.000+07:00`);
  const leadDays = deadline && source.needed_by ? Math.max(1, Math.round((new Date(`${source.needed_by}T15:00:00.000+07:00`).getTime() - deadline) / DAY)) : 14;
  const neededBy = new Date(bidDeadline.getTime() + 7 * 3_600_000 + leadDays * DAY).toISOString().slice(0, 10);
  return { bidDeadline: bidDeadline.toISOString(), neededBy };
}
