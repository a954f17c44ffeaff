import type { Db, DbOrTrx } from "../../../db/client";
import type { CapabilityKind } from "../../../db/schema";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { REGIONS } from "../organizations/regions";

/** An admin adds a process, material, certificate type or cluster to the taxonomy. */
export async function addCapability(db: Db, options: NewCapability & { isAdmin: boolean }): Promise<number> {
  if (!options.isAdmin) throw new DomainError("error.forbidden", 403);
  return db.transaction().execute((trx) => insertCapability(trx, options));
}

export interface NewCapability {
  actorUserId: number;
  kind: CapabilityKind;
  code: string;
  labelId: string;
  labelEn: string;
  /** Clusters: the regency/city codes it lies in. */
  regencyCodes?: string[];
  now: Date;
}

/** Adds one entry to the taxonomy with its audit row; inside the caller's transaction (an admin's decision). */
export async function insertCapability(trx: DbOrTrx, options: NewCapability): Promise<number> {
  const taken = await trx
    .selectFrom("capabilities")
    .select("id")
    .where("kind", "=", options.kind)
    .where("code", "=", options.code)
    .executeTakeFirst();
  if (taken) throw new DomainError("error.capabilityExists", 409, "code");
  const regencyCodes = options.kind === "cluster" ? [...new Set(options.regencyCodes ?? [])] : [];
  if (regencyCodes.some((code) => !REGIONS.regencies.some((r) => r.code === code))) throw new DomainError("error.regencyCodes", 422, "regencyCodes");
  const { id } = await trx
    .insertInto("capabilities")
    .values({
      kind: options.kind,
      code: options.code,
      label_id: options.labelId,
      label_en: options.labelEn,
      regency_codes: regencyCodes.join(","),
      created_at: options.now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: null,
    entityType: "capability",
    entityId: id,
    action: "create",
    detail: { kind: options.kind, code: options.code },
    now: options.now,
  });
  return id;
}
