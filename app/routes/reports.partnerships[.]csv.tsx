import { getDb } from "../db.server";
import { partnershipReport } from "../domain/development/partnerships.server";
import { reportCsv } from "../domain/development/report-files.server";
import { defineResourceLoader } from "../http/loader.server";
import { reportFileName, requireReportReader } from "../http/report-access.server";

// The Link-and-Match report for the chosen period as CSV (admins and mentors; see reports.partnerships.tsx).
export const loader = defineResourceLoader(async ({ request }) => {
  const { auth, mentorId, query } = await requireReportReader(request);
  const report = await partnershipReport(getDb(), { ...query, mentorId });
  const locale = auth.user.locale;
  return new Response(`\uFEFF${reportCsv(report, locale)}`, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${reportFileName(query, "csv")}"`, "Cache-Control": "private, no-store" },
  });
});
