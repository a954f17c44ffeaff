import { DomainError } from "../domain/errors";
import { requireOrganization, type OrganizationAuth } from "./auth.server";

/** A page of a mentor organization (YDBA, a Disperin office, a buyer's supplier-development team). */
export async function requireMentor(request: Request, need: { role?: "owner" } = {}): Promise<OrganizationAuth> {
  const auth = await requireOrganization(request, need);
  if (auth.organization.kind !== "mentor") throw new DomainError("error.mentorOnly", 403);
  return auth;
}

/** A page of a big buyer (an organization of kind buyer): its requirements and its suppliers on probation. */
export async function requireBigBuyer(request: Request, need: { role?: "owner" } = {}): Promise<OrganizationAuth> {
  const auth = await requireOrganization(request, { ...need, can: "buy" });
  if (auth.organization.kind !== "buyer") throw new DomainError("error.buyerOnly", 403);
  return auth;
}
