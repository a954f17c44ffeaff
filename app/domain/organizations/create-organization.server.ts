import type { DbOrTrx } from "../../../db/client";
import type { OrganizationKind } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { checkRegion } from "./regions.server";

export interface OrganizationProfile {
  legalName: string;
  nib: string;
  npwp: string;
  address: string;
  provinceCode: string;
  regencyCode: string;
  phone: string;
  website: string | null;
}

/** Lower-case ASCII words joined by hyphens, e.g. "Koperasi Batur Jaya" → "koperasi-batur-jaya". */
export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "organisasi"
  );
}

export async function assertRegion(provinceCode: string, regencyCode: string): Promise<void> {
  const region = await checkRegion(provinceCode, regencyCode);
  if (!region.ok) throw new DomainError(region.field === "provinceCode" ? "error.province" : "error.regency", 422, region.field);
}

/** Inserts an organization with its first owner, inside the caller's transaction. */
export async function createOrganization(
  trx: DbOrTrx,
  options: OrganizationProfile & { ownerUserId: number; kind: OrganizationKind; buys: boolean; now: Date },
): Promise<number> {
  await assertRegion(options.provinceCode, options.regencyCode);
  const base = slugify(options.legalName);
  const taken = new Set(
    (await trx.selectFrom("organizations").select("slug").where("slug", "like", `${base}%`).execute()).map((r) => r.slug),
  );
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;

  const at = toTimestamp(options.now);
  const { id } = await trx
    .insertInto("organizations")
    .values({
      slug,
      kind: options.kind,
      buys: options.buys ? 1 : 0,
      legal_name: options.legalName,
      nib: options.nib,
      npwp: options.npwp,
      address: options.address,
      province_code: options.provinceCode,
      regency_code: options.regencyCode,
      phone: options.phone,
      website: options.website,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("memberships")
    .values({ organization_id: id, user_id: options.ownerUserId, role: "owner", created_at: at })
    .execute();
  await writeAudit(trx, {
    actorUserId: options.ownerUserId,
    organizationId: id,
    entityType: "organization",
    entityId: id,
    action: "create",
    detail: { kind: options.kind, legalName: options.legalName },
    now: options.now,
  });
  return id;
}
