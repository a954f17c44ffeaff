import { rfqActionAllowed } from "./rfq-states";
import type { Db, DbOrTrx, Trx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { requireMembership } from "../organizations/memberships.server";
import { checkRegion } from "../organizations/regions.server";
import { assertKnownCodes } from "../suppliers/capabilities.server";
import { jakartaDate } from "../time";
import { applyRfqEvent } from "./apply-rfq-event.server";
import { closeRfqIfDue } from "./close-due-rfqs.server";
import { requireOwnRfq } from "./rfq-access.server";
import { writeRfqVersion } from "./rfq-content.server";
import { storeRfqFile } from "./rfq-files.server";
import { jakartaLocalToDate } from "../time";
import type { RfqInput } from "./schemas";

interface SaveOptions {
  buyerId: number;
  actorUserId: number;
  input: RfqInput;
  now: Date;
}

/** A buyer's new RFQ: saved as a draft, or published at once (intent "publish"). Returns its id. */
export async function createRfq(db: Db, options: SaveOptions): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await requireBuyingMember(trx, options.actorUserId, options.buyerId);
    await checkContent(trx, options.input, options.now);
    const at = toTimestamp(options.now);
    const { id } = await trx
      .insertInto("rfqs")
      .values({ ...rfqColumns(options.input), buyer_id: options.buyerId, created_by_user_id: options.actorUserId, created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      entityType: "rfq",
      entityId: id,
      action: "create",
      toState: "draft",
      now: options.now,
    });
    await saveLines(trx, id, options);
    if (options.input.intent === "publish") await publish(trx, id, options);
    return id;
  });
}

/**
 * Saves the buyer's changes: a draft is edited in place (and published with intent "publish"); an open RFQ
 * is amended — a new version, bidders and invited suppliers told, bids on the older version flagged.
 */
export async function updateRfq(db: Db, options: SaveOptions & { rfqId: number; expectedUpdatedAt?: string }): Promise<void> {
  // An RFQ past its deadline is closed first, so it can no longer be amended (nor its deadline moved).
  await closeRfqIfDue(db, options.rfqId, options.now);
  await db.transaction().execute(async (trx) => {
    const rfq = await requireOwnRfq(trx, options);
    // An API client's If-Match (issue 21): the RFQ must be as that client last read it.
    if (options.expectedUpdatedAt !== undefined && rfq.updated_at !== options.expectedUpdatedAt) throw new DomainError("error.preconditionFailed", 412);
    const amending = rfq.status === "open";
    if (!rfqActionAllowed("edit", rfq.status)) throw new DomainError("error.rfqNotEditable", 409);
    if (amending && options.input.intent !== "amend") throw new DomainError("error.rfqNotEditable", 409);
    if (!amending && options.input.intent === "amend") throw new DomainError("error.rfqNotEditable", 409);
    if (amending && options.input.bidDeadline && options.now >= jakartaLocalToDate(options.input.bidDeadline)!) {
      throw new DomainError("error.deadlinePast", 422, "bidDeadline");
    }
    await checkContent(trx, options.input, options.now);
    await trx
      .updateTable("rfqs")
      .set({ ...rfqColumns(options.input), updated_at: toTimestamp(options.now) })
      .where("id", "=", rfq.id)
      .where("status", "=", rfq.status)
      .execute();
    await saveLines(trx, rfq.id, options);
    if (amending) {
      const amended = await applyRfqEvent(trx, {
        rfqId: rfq.id,
        event: "amend",
        actorUserId: options.actorUserId,
        now: options.now,
        detail: { note: options.input.amendNote ?? "" },
      });
      await writeRfqVersion(trx, {
        rfqId: rfq.id,
        number: amended.version,
        note: options.input.amendNote ?? "",
        actorUserId: options.actorUserId,
        at: toTimestamp(options.now),
      });
      const suppliers = await interestedSuppliers(trx, rfq.id);
      for (const supplierId of suppliers) {
        await notify(trx, {
          recipients: { organizationId: supplierId },
          kind: "rfq_amended",
          params: { title: options.input.title, version: amended.version },
          link: `/rfqs/${rfq.id}`,
          organizationId: supplierId,
          now: options.now,
        });
      }
    } else {
      await writeAudit(trx, {
        actorUserId: options.actorUserId,
        organizationId: options.buyerId,
        entityType: "rfq",
        entityId: rfq.id,
        action: "edit",
        fromState: "draft",
        toState: "draft",
        now: options.now,
      });
      if (options.input.intent === "publish") await publish(trx, rfq.id, options);
    }
  });
}

/** Suppliers who should hear about a change: those invited and those who bid (withdrawn bids included). */
export async function interestedSuppliers(db: DbOrTrx, rfqId: number): Promise<number[]> {
  const invited = await db.selectFrom("rfq_invitations").select("supplier_id").where("rfq_id", "=", rfqId).execute();
  const bidders = await db.selectFrom("bids").select("supplier_id").where("rfq_id", "=", rfqId).execute();
  return [...new Set([...invited, ...bidders].map((r) => r.supplier_id))];
}

async function requireBuyingMember(db: DbOrTrx, userId: number, organizationId: number) {
  const organization = await requireMembership(db, userId, organizationId);
  if (organization.buys !== 1) throw new DomainError("error.forbidden", 403);
}

function rfqColumns(input: RfqInput) {
  const deadline = input.bidDeadline ? jakartaLocalToDate(input.bidDeadline) : null;
  return {
    title: input.title,
    description: input.description ?? "",
    required_certificates: JSON.stringify([...new Set(input.requiredCertificates)]),
    min_tkdn_percent: input.minTkdnPercent ?? null,
    delivery_province_code: input.deliveryProvinceCode,
    delivery_regency_code: input.deliveryRegencyCode,
    delivery_address: input.deliveryAddress,
    needed_by: input.neededBy ?? null,
    bid_deadline: deadline ? toTimestamp(deadline) : null,
    visibility: input.visibility,
    min_stage_code: input.minStageCode || null,
    payment_terms: input.paymentTerms ?? "",
    delivery_terms: input.deliveryTerms ?? "",
  };
}

/** Checks what the schema cannot: known taxonomy codes, a real region, a deadline in the future. */
async function checkContent(db: DbOrTrx, input: RfqInput, now: Date): Promise<void> {
  await assertKnownCodes(db, "certificate", input.requiredCertificates, "requiredCertificates");
  if (input.minStageCode) {
    const stage = await db.selectFrom("ladder_stages").select("id").where("code", "=", input.minStageCode).where("active", "=", 1).executeTakeFirst();
    if (!stage) throw new DomainError("error.invalid", 422, "minStageCode");
  }
  for (const [i, line] of input.lines.entries()) {
    if (line.materialCode) await assertKnownCodes(db, "material", [line.materialCode], `lines[${i}].materialCode`);
    if (line.processCode) await assertKnownCodes(db, "process", [line.processCode], `lines[${i}].processCode`);
  }
  const region = await checkRegion(input.deliveryProvinceCode, input.deliveryRegencyCode);
  if (!region.ok) {
    throw new DomainError(region.field === "provinceCode" ? "error.province" : "error.regency", 422, region.field === "provinceCode" ? "deliveryProvinceCode" : "deliveryRegencyCode");
  }
  // Checked where it is typed, in a draft too: a date that has passed can only be a slip.
  if (input.neededBy && input.neededBy < jakartaDate(now)) throw new DomainError("error.neededByPast", 422, "neededBy");
  if (input.intent === "save") return;
  const deadline = jakartaLocalToDate(input.bidDeadline!)!;
  if (deadline <= now) throw new DomainError("error.deadlinePast", 422, "bidDeadline");
  if (input.neededBy! < jakartaDate(deadline)) throw new DomainError("error.neededByBeforeDeadline", 422, "neededBy");
}

/**
 * Writes the lines as the form has them: existing lines (by id) updated, new ones added, missing ones
 * removed — unless a bid prices them (then the amendment is refused) — and drawings stored per line.
 */
async function saveLines(trx: DbOrTrx, rfqId: number, options: SaveOptions): Promise<void> {
  const existing = await trx.selectFrom("rfq_lines").select("id").where("rfq_id", "=", rfqId).execute();
  const existingIds = new Set(existing.map((l) => l.id));
  const keptIds = new Set<number>();
  for (const [i, line] of options.input.lines.entries()) {
    const values = {
      position: i + 1,
      part_name: line.partName!,
      part_number: line.partNumber ?? "",
      description: line.description ?? "",
      material_code: line.materialCode ?? null,
      process_code: line.processCode ?? null,
      quantity: line.quantity!,
      unit: line.unit!,
      target_unit_price: line.targetUnitPrice ?? null,
      min_tkdn_percent: line.minTkdnPercent ?? null,
      min_tkdn_bmp_percent: line.minTkdnBmpPercent ?? null,
      tkdn_rule: line.tkdnRule ?? "preference",
    };
    let lineId: number;
    if (line.lineId !== undefined) {
      if (!existingIds.has(line.lineId)) throw new DomainError("error.invalid", 422, `lines[${i}].partName`);
      await trx.updateTable("rfq_lines").set(values).where("id", "=", line.lineId).where("rfq_id", "=", rfqId).execute();
      lineId = line.lineId;
    } else {
      lineId = (await trx.insertInto("rfq_lines").values({ ...values, rfq_id: rfqId }).returning("id").executeTakeFirstOrThrow()).id;
    }
    keptIds.add(lineId);
    if (line.drawing && line.drawing.size > 0) {
      await storeRfqFile(trx, {
        rfqId,
        rfqLineId: lineId,
        organizationId: options.buyerId,
        actorUserId: options.actorUserId,
        file: line.drawing,
        field: `lines[${i}].drawing`,
        now: options.now,
      });
    }
  }
  const removed = [...existingIds].filter((id) => !keptIds.has(id));
  if (removed.length === 0) return;
  const priced = await trx.selectFrom("bid_lines").select("rfq_line_id").where("rfq_line_id", "in", removed).executeTakeFirst();
  if (priced) throw new DomainError("error.lineHasBids", 409, "lines");
  await trx.updateTable("rfq_files").set({ rfq_line_id: null }).where("rfq_line_id", "in", removed).execute();
  await trx.deleteFrom("rfq_lines").where("id", "in", removed).execute();
}

async function publish(trx: Trx, rfqId: number, options: SaveOptions): Promise<void> {
  const lineCount = await trx.selectFrom("rfq_lines").select("id").where("rfq_id", "=", rfqId).execute();
  if (lineCount.length === 0) throw new DomainError("error.linesRequired", 422, "lines");
  const published = await applyRfqEvent(trx, { rfqId, event: "publish", actorUserId: options.actorUserId, now: options.now });
  await writeRfqVersion(trx, { rfqId, number: published.version, note: "", actorUserId: options.actorUserId, at: toTimestamp(options.now) });
  const invited = await trx.selectFrom("rfq_invitations").select("supplier_id").where("rfq_id", "=", rfqId).execute();
  for (const { supplier_id } of invited) {
    await notify(trx, {
      recipients: { organizationId: supplier_id },
      kind: "rfq_invited",
      params: { title: published.title },
      link: `/rfqs/${rfqId}`,
      organizationId: supplier_id,
      now: options.now,
    });
  }
}

/** Publishes a complete draft as it is (the button on the RFQ page). */
export async function publishRfq(db: Db, options: { rfqId: number; buyerId: number; actorUserId: number; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rfq = await requireOwnRfq(trx, options);
    if (!rfq.bid_deadline || new Date(rfq.bid_deadline) <= options.now) throw new DomainError("error.deadlinePast", 422, "bidDeadline");
    if (!rfq.needed_by) throw new DomainError("error.neededByRequired", 422, "neededBy");
    await publish(trx, rfq.id, { ...options, input: { intent: "publish" } as RfqInput });
  });
}
