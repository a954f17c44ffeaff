import type { z } from "zod";
import type { Db, DbOrTrx } from "../../../db/client";
import type { QuantityUnit } from "../../../db/schema";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import type { TaxSettingsSchema } from "./tax-schemas";

// Tax settings where the public sources are thin or disagree (README → Decisions): where the year sits in a
// faktur number, and Coretax's codes for units and "other goods". Data an admin edits at /admin/tax.

export interface TaxSettings {
  /** 1-based position of the two-digit year in the 17-digit faktur number; null for no check. */
  fakturYearPosition: number | null;
  coretaxUnitCodes: Record<QuantityUnit, string>;
  defaultGoodsCode: string;
  /** Perpres 46/2025: TKDN + BMP at which the minimum TKDN binds a government or BUMN buyer, and that minimum. */
  perpresTkdnBmpThreshold: number;
  perpresTkdnMinimum: number;
}

const FALLBACK_UNITS: Record<QuantityUnit, string> = { pcs: "UM.0021", set: "UM.0019", kg: "UM.0003", ton: "UM.0002" };

export async function taxSettings(db: DbOrTrx): Promise<TaxSettings> {
  const rows = await db.selectFrom("tax_settings").select(["key", "value"]).execute();
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  const position = value("faktur_year_position");
  let units = FALLBACK_UNITS;
  try {
    units = { ...FALLBACK_UNITS, ...(JSON.parse(value("coretax_unit_codes") ?? "{}") as Partial<Record<QuantityUnit, string>>) };
  } catch {
    // A hand-edited value that is not JSON: the defaults stand.
  }
  return {
    fakturYearPosition: position && /^\d+$/.test(position) ? Number(position) : null,
    coretaxUnitCodes: units,
    defaultGoodsCode: value("coretax_default_goods_code") ?? "000000",
    perpresTkdnBmpThreshold: Number(value("perpres_tkdn_bmp_threshold") ?? 40),
    perpresTkdnMinimum: Number(value("perpres_tkdn_minimum") ?? 25),
  };
}

export async function saveTaxSettings(db: Db, options: { adminUserId: number; input: z.output<typeof TaxSettingsSchema>; now: Date }): Promise<void> {
  const { input } = options;
  const values: Record<string, string> = {
    faktur_year_position: input.fakturYearPosition === undefined || input.fakturYearPosition === "" ? "" : String(input.fakturYearPosition),
    coretax_unit_codes: JSON.stringify({ pcs: input.unitPcs, set: input.unitSet, kg: input.unitKg, ton: input.unitTon }),
    coretax_default_goods_code: input.defaultGoodsCode,
    perpres_tkdn_bmp_threshold: String(input.perpresTkdnBmpThreshold),
    perpres_tkdn_minimum: String(input.perpresTkdnMinimum),
  };
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("tax_settings").select(["key", "value"]).execute();
    const at = toTimestamp(options.now);
    for (const [key, value] of Object.entries(values)) {
      await trx
        .insertInto("tax_settings")
        .values({ key, value, updated_by_user_id: options.adminUserId, updated_at: at })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_by_user_id: options.adminUserId, updated_at: at }))
        .execute();
    }
    await writeAudit(trx, {
      actorUserId: options.adminUserId,
      organizationId: null,
      entityType: "tax_settings",
      entityId: "tax",
      action: "update",
      detail: { before: Object.fromEntries(before.map((r) => [r.key, r.value])), after: values },
      now: options.now,
    });
  });
}
