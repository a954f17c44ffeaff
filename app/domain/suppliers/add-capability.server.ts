import type { Db } from "../../../db/client";
import type { CapabilityKind } from "../../../db/schema";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";

/** An admin adds a process, material, certificate type or cluster to the taxonomy. */
export async function addCapability(
  db: Db,
  options: { actorUserId: number; isAdmin: boolean; kind: CapabilityKind; code: string; labelId: string; labelEn: string; now: Date },
): Promise<number> {
  if (!options.isAdmin) throw new DomainError("error.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom("capabilities")
      .select("id")
      .where("kind", "=", options.kind)
      .where("code", "=", options.code)
      .executeTakeFirst();
    if (taken) throw new DomainError("error.capabilityExists", 409, "code");
    const { id } = await trx
      .insertInto("capabilities")
      .values({
        kind: options.kind,
        code: options.code,
        label_id: options.labelId,
        label_en: options.labelEn,
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
  });
}
