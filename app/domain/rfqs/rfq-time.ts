import { JAKARTA_OFFSET_MS, jakartaDateAt } from "../time";

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
  const endDay = new Date(now.getTime() + JAKARTA_OFFSET_MS + windowDays * DAY).toISOString().slice(0, 10);
  const bidDeadline = jakartaDateAt(endDay, "15:00");
  const leadDays = deadline && source.needed_by ? Math.max(1, Math.round((jakartaDateAt(source.needed_by, "15:00").getTime() - deadline) / DAY)) : 14;
  const neededBy = new Date(bidDeadline.getTime() + JAKARTA_OFFSET_MS + leadDays * DAY).toISOString().slice(0, 10);
  return { bidDeadline: bidDeadline.toISOString(), neededBy };
}
