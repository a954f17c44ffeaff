import type { DbOrTrx } from "../../../db/client";

/** The content of an RFQ at one version, kept as a snapshot when it is published and at each amendment. */
export async function snapshotRfq(db: DbOrTrx, rfqId: number) {
  const rfq = await db
    .selectFrom("rfqs")
    .select([
      "title",
      "description",
      "required_certificates",
      "min_tkdn_percent",
      "delivery_province_code",
      "delivery_regency_code",
      "delivery_address",
      "needed_by",
      "bid_deadline",
      "visibility",
      "min_stage_code",
      "payment_terms",
      "delivery_terms",
    ])
    .where("id", "=", rfqId)
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom("rfq_lines")
    .select(["id", "position", "part_name", "part_number", "description", "material_code", "process_code", "quantity", "unit", "target_unit_price", "min_tkdn_percent", "min_tkdn_bmp_percent", "tkdn_rule"])
    .where("rfq_id", "=", rfqId)
    .orderBy("position")
    .execute();
  return { ...rfq, required_certificates: JSON.parse(rfq.required_certificates) as string[], lines };
}
export type RfqSnapshot = Awaited<ReturnType<typeof snapshotRfq>>;

export async function writeRfqVersion(
  db: DbOrTrx,
  options: { rfqId: number; number: number; note: string; actorUserId: number; at: string },
): Promise<void> {
  await db
    .insertInto("rfq_versions")
    .values({
      rfq_id: options.rfqId,
      number: options.number,
      data: JSON.stringify(await snapshotRfq(db, options.rfqId)),
      note: options.note,
      created_by_user_id: options.actorUserId,
      created_at: options.at,
    })
    .execute();
}
