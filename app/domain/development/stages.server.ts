import type { z } from "zod";
import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import type { StageSchema } from "./development-schemas";
import type { LadderCriterion } from "./ladder-criteria";

/** The admin saves a ladder stage (new or edited): its name, order, rule and criteria, audited with what was there before. */
export async function saveStage(db: Db, options: { actorUserId: number; input: z.output<typeof StageSchema>; now: Date }) {
  const { input } = options;
  const criteria: LadderCriterion[] = input.criteria.map((c) => ({
    code: c.code!,
    labelId: c.labelId!,
    labelEn: c.labelEn!,
    kind: c.kind!,
    ...(c.min !== undefined && c.min !== "" ? { min: c.min } : {}),
    ...(c.max !== undefined && c.max !== "" ? { max: c.max } : {}),
    ...(c.certificate ? { certificate: c.certificate } : {}),
  }));
  const codes = criteria.map((c) => c.code);
  if (new Set(codes).size !== codes.length) throw new DomainError("error.duplicateCriterion", 422, "criteria");
  for (const [i, c] of criteria.entries()) {
    if (c.kind === "certificate" && !c.certificate) throw new DomainError("error.required", 422, `criteria[${i}].certificate`);
  }
  const values = {
    code: input.code,
    position: input.position,
    name_id: input.nameId,
    name_en: input.nameEn,
    description_id: input.descriptionId ?? "",
    description_en: input.descriptionEn ?? "",
    rule: input.rule,
    funnel_step: input.qualifies === "on" ? ("qualified" as const) : null,
    criteria: JSON.stringify(criteria),
    active: input.active === "on" ? (1 as const) : (0 as const),
    updated_by_user_id: options.actorUserId,
    updated_at: toTimestamp(options.now),
  };
  await db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom("ladder_stages").select("id").where("code", "=", input.code).executeTakeFirst();
    if (clash && clash.id !== (input.stageId || 0)) throw new DomainError("error.stageCodeTaken", 422, "code");
    let id: number;
    let before: unknown = null;
    if (input.stageId) {
      const old = await trx.selectFrom("ladder_stages").selectAll().where("id", "=", input.stageId).executeTakeFirst();
      if (!old) throw new DomainError("error.notFound", 404);
      before = { criteria: JSON.parse(old.criteria) as unknown, rule: old.rule, position: old.position, active: old.active };
      await trx.updateTable("ladder_stages").set(values).where("id", "=", old.id).execute();
      id = old.id;
    } else {
      id = (await trx.insertInto("ladder_stages").values(values).returning("id").executeTakeFirstOrThrow()).id;
    }
    await writeAudit(trx, { actorUserId: options.actorUserId, organizationId: null, entityType: "ladder_definition", entityId: id, action: input.stageId ? "update" : "create", detail: { code: input.code, before, criteria }, now: options.now });
  });
}
