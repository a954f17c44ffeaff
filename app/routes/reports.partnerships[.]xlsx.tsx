import { getDb } from "../db.server";
import { partnershipReport } from "../domain/development/partnerships.server";
import { reportXlsx } from "../domain/development/report-files.server";
import { defineResourceLoader } from "../http/loader.server";
import { reportFileName, requireReportReader } from "../http/report-access.server";

// The Link-and-Match report for the chosen period as XLSX (admins and mentors; see reports.partnerships.tsx).
export const loader = defineResourceLoader(async ({ request }) => {
  const { auth, mentorId, query } = await requireReportReader(request);
  const report = await partnershipReport(getDb(), { ...query, mentorId });
  const locale = auth.user.locale;
  const body = await reportXlsx(report, locale);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${reportFileName(query, "xlsx")}"`,
      "Cache-Control": "private, no-store",
    },
  });
});
