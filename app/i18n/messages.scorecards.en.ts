import type { scorecardsId } from "./messages.scorecards.id";

/** English: supplier scorecards (merged into messages.en.ts). */
export const scorecardsEn: Record<keyof typeof scorecardsId, string> = {
  "scorecard.title": "Track record on Pasok",
  "scorecard.onTime": "On-time delivery",
  "scorecard.onTimeDetail": "{met} of {due} scheduled deliveries",
  "scorecard.firstPass": "First-pass quality",
  "scorecard.firstPassDetail": "{accepted} of {inspected} accepted at first inspection",
  "scorecard.bidResponse": "RFQ response rate",
  "scorecard.bidResponseDetail": "Bid on {bids} of {invitations} RFQs it was invited to",
  "scorecard.noData": "No data yet",
  "scorecard.chartTitle": "On-time delivery and first-pass quality per month, last 12 months",
  "scorecard.chartMonth": "{month}: on time {onTime}, first pass {firstPass}",
  "scorecard.definitions":
    "On time: scheduled deliveries already due that were met by their due date. First pass: pieces accepted the first time they were inspected (replacements not counted). Computed from orders and invitations on Pasok.",
};
