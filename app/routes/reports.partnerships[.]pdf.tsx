import { now } from "../clock.server";
import { getDb } from "../db.server";
import { partnershipReport } from "../domain/development/partnerships.server";
import { reportPdf } from "../domain/development/report-files.server";
import { defineResourceLoader } from "../http/loader.server";
import { reportFileName, requireReportReader } from "../http/report-access.server";

// The Link-and-Match report for the chosen period as PDF (admins and mentors; see reports.partnerships.tsx).
export const loader = defineResourceLoader(async ({ request }) => {
  const { auth, mentorId, query } = await requireReportReader(request);
  const report = await partnershipReport(getDb(), { ...query, mentorId });
  const locale = auth.user.locale;
  const body = await reportPdf(report, locale, now());
  return new Response(new Uint8Array(body), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="${reportFileName(query, "pdf")}"`, "Cache-Control": "private, no-store" },
  });
});
