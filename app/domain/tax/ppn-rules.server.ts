import type { z } from "zod";
import type { Db, DbOrTrx } from "../../../db/client";
import type { GoodsKind, PpnRulesTable } from "../../../db/schema";
import type { Selectable } from "kysely";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import type { PpnRule } from "./ppn";
import type { PpnRuleSchema } from "./tax-schemas";

// PPN as a dated rule table an admin edits (/admin/tax): rate, DPP fraction and kode transaksi by the date a
// rule starts and the kind of goods. An order freezes the rule in force on the day it is made; changing a rule
// later changes no order.

export function ruleOf(row: Pick<Selectable<PpnRulesTable>, "rate_bp" | "dpp_numerator" | "dpp_denominator" | "kode_transaksi">): PpnRule {
  return { rateBp: row.rate_bp, dppNumerator: row.dpp_numerator, dppDenominator: row.dpp_denominator, kodeTransaksi: row.kode_transaksi };
}

/** The rule in force on a Jakarta date for a kind of goods: the latest one starting on or before it. */
export async function ppnRuleOn(db: DbOrTrx, date: string, goodsKind: GoodsKind) {
  const row = await db
    .selectFrom("ppn_rules")
    .selectAll()
    .where("goods_kind", "=", goodsKind)
    .where("valid_from", "<=", date)
    .orderBy("valid_from", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new DomainError("error.noPpnRule", 409, undefined, { date });
  return row;
}

export function listPpnRules(db: DbOrTrx) {
  return db.selectFrom("ppn_rules").selectAll().orderBy("valid_from", "desc").orderBy("goods_kind").execute();
}

/** An admin adds a rule or corrects one; audited with the old and new values. */
export async function savePpnRule(db: Db, options: { adminUserId: number; input: z.output<typeof PpnRuleSchema>; now: Date }): Promise<number> {
  const { input } = options;
  const values = {
    valid_from: input.validFrom,
    goods_kind: input.goodsKind,
    rate_bp: Math.round(input.ratePercent * 100),
    dpp_numerator: input.dppNumerator,
    dpp_denominator: input.dppDenominator,
    kode_transaksi: input.kodeTransaksi,
    source: input.source,
    updated_by_user_id: options.adminUserId,
    updated_at: toTimestamp(options.now),
  };
  return db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom("ppn_rules")
      .select("id")
      .where("valid_from", "=", values.valid_from)
      .where("goods_kind", "=", values.goods_kind)
      .executeTakeFirst();
    if (clash && clash.id !== input.ruleId) throw new DomainError("error.ppnRuleExists", 422, "validFrom");
    let id: number;
    let before: unknown = null;
    if (input.ruleId) {
      const old = await trx.selectFrom("ppn_rules").selectAll().where("id", "=", input.ruleId).executeTakeFirst();
      if (!old) throw new DomainError("error.notFound", 404);
      before = old;
      await trx.updateTable("ppn_rules").set(values).where("id", "=", old.id).execute();
      id = old.id;
    } else {
      ({ id } = await trx.insertInto("ppn_rules").values(values).returning("id").executeTakeFirstOrThrow());
    }
    await writeAudit(trx, { actorUserId: options.adminUserId, organizationId: null, entityType: "ppn_rule", entityId: id, action: input.ruleId ? "update" : "add", detail: { before, after: values }, now: options.now });
    return id;
  });
}
