import { DomainError } from "../domain/errors";
import { ReportQuerySchema } from "../domain/development/development-schemas";
import { requireUser } from "./auth.server";

/** The Link-and-Match report is for admins and mentor organizations; a mentor sees named rows of its own IKMs only. */
export async function requireReportReader(request: Request) {
  const auth = await requireUser(request);
  const mentorId = auth.organization?.kind === "mentor" ? auth.organization.id : null;
  if (!auth.user.isAdmin && mentorId === null) throw new DomainError("error.forbidden", 403);
  const query = ReportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const from = Math.min(query.from, query.to);
  const to = Math.max(query.from, query.to);
  return { auth, mentorId: auth.user.isAdmin ? null : mentorId, query: { ...query, from, to: Math.min(to, from + 40) } };
}

export function reportFileName(query: { from: number; to: number }, ext: string): string {
  return `kemitraan-${query.from}-${query.to}.${ext}`;
}
