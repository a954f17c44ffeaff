import { fileURLToPath } from "node:url";

// Scenes for the newcomer tests that the UI alone would take minutes to reach (bids, then a deadline that
// has passed), made through the app's own use cases on the e2e server's database, with a clock in the past.
// Run by the e2e web server's command (tests/playwright.config.ts) after seeding and before serving, under
// tsx so the app loads as everywhere else; the app's modules read DATABASE_PATH and UPLOADS_DIR.
const E2E_DATABASE = fileURLToPath(new URL("../.tmp/e2e.db", import.meta.url));

const DAY = 86_400_000;

async function memberOf(email: string) {
  const { createDb } = await import("../../db/client");
  const db = createDb(E2E_DATABASE);
  try {
    const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const m = await db.selectFrom("memberships").select("organization_id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    return { userId: user.id, organizationId: m.organization_id };
  } finally {
    await db.destroy();
  }
}

/**
 * Astra Honda Motor's RFQ for 4 bronze propellers (target Rp 150.000.000 each, with a drawing), published ten
 * days ago with a deadline three days ago: Takaru bid for 2 of them at Rp 208.000.000, Logam Jaya Tegal for
 * all 4 at Rp 141.750.000. The first read after the deadline closes it, and the buyer can compare.
 */
export async function closedPropellerRfq(title: string): Promise<number> {
  const { createDb } = await import("../../db/client");
  const { createRfq } = await import("../../app/domain/rfqs/save-rfq.server");
  const { submitBid } = await import("../../app/domain/rfqs/submit-bid.server");
  const { rfqInput, bidInput } = await import("../support/rfqs");
  const { demoPdf } = await import("../../scripts/seed/demo-listings");
  const buyer = await memberOf("ahm@demo.pasok.id");
  const partial = await memberOf("takaru-presisi@demo.pasok.id");
  const full = await memberOf("logam-jaya-tegal@demo.pasok.id");
  const db = createDb(E2E_DATABASE);
  try {
    const opened = new Date(Date.now() - 10 * DAY);
    const deadline = new Date(Math.floor((Date.now() - 3 * DAY) / 60_000) * 60_000);
    const input = rfqInput({
      title,
      deadline,
      lines: [
        {
          partName: "Baling-baling kapal perunggu 4 daun",
          partNumber: "GKN-PRP-1200-4",
          quantity: 4,
          unit: "pcs",
          materialCode: "brass_bronze",
          processCode: "sand_casting",
          targetUnitPrice: 150_000_000,
          drawing: new File([demoPdf("Gambar baling-baling") as BlobPart], "baling-baling-1200.pdf", { type: "application/pdf" }),
        },
      ],
    } as never);
    const rfqId = await createRfq(db, { buyerId: buyer.organizationId, actorUserId: buyer.userId, input, now: opened });
    const line = await db.selectFrom("rfq_lines").select("id").where("rfq_id", "=", rfqId).executeTakeFirstOrThrow();
    const bidAt = new Date(Date.now() - 5 * DAY);
    await submitBid(db, { rfqId, supplierId: partial.organizationId, actorUserId: partial.userId, input: bidInput([{ rfqLineId: line.id, quantity: 2, unitPrice: 208_000_000 }]), now: bidAt });
    await submitBid(db, { rfqId, supplierId: full.organizationId, actorUserId: full.userId, input: bidInput([{ rfqLineId: line.id, quantity: 4, unitPrice: 141_750_000 }]), now: bidAt });
    return rfqId;
  } finally {
    await db.destroy();
  }
}

/**
 * TPR's cylinder sleeves awarded to KBJ's joint bid (1.200 / 720 / 480 among CV Cor Logam Ceper, UD Sinar
 * Baja Batur and CV Mitra Pengecoran Klaten), the award made a week ago. With `agreed`, the contract is
 * already agreed (200 a month on the 25th, from next month); without, the order is the contract draft the
 * award made (the orders test runs it from there, KBJ shipping without sharing it out).
 */
export async function tprOrderForKbj(title: string, options: { agreed?: boolean } = {}): Promise<number> {
  const { createDb } = await import("../../db/client");
  const { createRfq } = await import("../../app/domain/rfqs/save-rfq.server");
  const { submitBid } = await import("../../app/domain/rfqs/submit-bid.server");
  const { awardRfq } = await import("../../app/domain/rfqs/award-rfq.server");
  const { inviteSuppliers } = await import("../../app/domain/rfqs/invite-suppliers.server");
  const { updateContract } = await import("../../app/domain/orders/contract.server");
  const { takeOrderStep } = await import("../../app/domain/orders/order-steps.server");
  const { ContractSchema } = await import("../../app/domain/orders/schemas");
  const { rfqInput, bidInput } = await import("../support/rfqs");
  const tpr = await memberOf("tpr@demo.pasok.id");
  const kbj = await memberOf("kbj@demo.pasok.id");
  const members = await Promise.all(["ceper-cor@demo.pasok.id", "sinar-baja@demo.pasok.id", "mitra-cor@demo.pasok.id"].map(memberOf));
  const db = createDb(E2E_DATABASE);
  try {
    const opened = new Date(Date.now() - 10 * DAY);
    const deadline = new Date(Math.floor((Date.now() - 8 * DAY) / 60_000) * 60_000);
    const input = rfqInput({
      title,
      deadline,
      visibility: "invited",
      lines: [{ partName: "Cylinder sleeve blank", partNumber: "TPR-CS-250", quantity: 2400, unit: "pcs", materialCode: "fc250", processCode: "centrifugal_casting", targetUnitPrice: 92_000 }],
    } as never);
    const rfqId = await createRfq(db, { buyerId: tpr.organizationId, actorUserId: tpr.userId, input, now: opened });
    await inviteSuppliers(db, { rfqId, buyerId: tpr.organizationId, supplierIds: [kbj.organizationId], actorUserId: tpr.userId, now: opened });
    const line = await db.selectFrom("rfq_lines").select("id").where("rfq_id", "=", rfqId).executeTakeFirstOrThrow();
    const shares = members.map((m, i) => ({ memberId: m.organizationId, quantity: [1200, 720, 480][i]! }));
    const { bidId } = await submitBid(db, {
      rfqId,
      supplierId: kbj.organizationId,
      actorUserId: kbj.userId,
      input: bidInput([{ rfqLineId: line.id, quantity: 2400, unitPrice: 89_500, shares }]),
      now: new Date(opened.getTime() + DAY),
    });
    const awardedAt = new Date(deadline.getTime() + 60_000);
    const { orderIds } = await awardRfq(db, {
      rfqId,
      buyerId: tpr.organizationId,
      actorUserId: tpr.userId,
      reason: "Harga terendah",
      allocations: [{ bidId, rfqLineId: line.id, quantity: 2400 }],
      now: awardedAt,
    });
    const orderId = orderIds[0]!;
    if (options.agreed) {
      const order = await db.selectFrom("orders").select(["revision"]).where("id", "=", orderId).executeTakeFirstOrThrow();
      const orderLine = await db.selectFrom("order_lines").select("id").where("order_id", "=", orderId).executeTakeFirstOrThrow();
      const today = new Date();
      const next = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
      await updateContract(db, {
        orderId,
        buyerId: tpr.organizationId,
        actorUserId: tpr.userId,
        input: ContractSchema.parse({ revision: order.revision, paymentDueDays: 45, schedules: [{ orderLineId: orderLine.id, perDelivery: 200, day: 25, months: 12, firstMonth: next }] }),
        now: awardedAt,
      });
      const revision = async () => (await db.selectFrom("orders").select("revision").where("id", "=", orderId).executeTakeFirstOrThrow()).revision;
      await takeOrderStep(db, { orderId, organizationId: tpr.organizationId, actorUserId: tpr.userId, event: "send", expectedRevision: await revision(), now: awardedAt });
      await takeOrderStep(db, { orderId, organizationId: kbj.organizationId, actorUserId: kbj.userId, event: "accept", expectedRevision: await revision(), now: awardedAt });
    }
    return orderId;
  } finally {
    await db.destroy();
  }
}

/**
 * TPR's RFQ for 300 cylinder-sleeve blanks, published ten days ago with a deadline two days ago, with one bid:
 * CV Bumijawa Cor Tegal for all 300 at Rp 91.000. The development test awards it as a trial order, capped.
 */
export async function trialSleeveRfq(title: string): Promise<number> {
  const { createDb } = await import("../../db/client");
  const { createRfq } = await import("../../app/domain/rfqs/save-rfq.server");
  const { submitBid } = await import("../../app/domain/rfqs/submit-bid.server");
  const { rfqInput, bidInput } = await import("../support/rfqs");
  const tpr = await memberOf("tpr@demo.pasok.id");
  const bumijawa = await memberOf("bumijawa-cor@demo.pasok.id");
  const db = createDb(E2E_DATABASE);
  try {
    const opened = new Date(Date.now() - 10 * DAY);
    const deadline = new Date(Math.floor((Date.now() - 2 * DAY) / 60_000) * 60_000);
    const input = rfqInput({
      title,
      deadline,
      lines: [{ partName: "Cylinder sleeve blank", partNumber: "TPR-CS-250T", quantity: 300, unit: "pcs", materialCode: "fc250", processCode: "centrifugal_casting", targetUnitPrice: 92_000 }],
    } as never);
    const rfqId = await createRfq(db, { buyerId: tpr.organizationId, actorUserId: tpr.userId, input, now: opened });
    const line = await db.selectFrom("rfq_lines").select("id").where("rfq_id", "=", rfqId).executeTakeFirstOrThrow();
    await submitBid(db, { rfqId, supplierId: bumijawa.organizationId, actorUserId: bumijawa.userId, input: bidInput([{ rfqLineId: line.id, quantity: 300, unitPrice: 91_000 }]), now: new Date(opened.getTime() + DAY) });
    return rfqId;
  } finally {
    await db.destroy();
  }
}


/** An RFQ awarded and its contract agreed by both sides, through the use cases, with a clock in the past. */
async function agreedOrder(options: {
  title: string;
  buyer: string;
  supplier: string;
  line: { partName: string; partNumber: string; quantity: number; materialCode: string; processCode: string };
  unitPrice: number;
  shares?: { email: string; quantity: number }[];
}): Promise<{ orderId: number; db: Awaited<ReturnType<typeof import("../../db/client")["createDb"]>> }> {
  const { createDb } = await import("../../db/client");
  const { createRfq } = await import("../../app/domain/rfqs/save-rfq.server");
  const { submitBid } = await import("../../app/domain/rfqs/submit-bid.server");
  const { awardRfq } = await import("../../app/domain/rfqs/award-rfq.server");
  const { inviteSuppliers } = await import("../../app/domain/rfqs/invite-suppliers.server");
  const { takeOrderStep } = await import("../../app/domain/orders/order-steps.server");
  const { rfqInput, bidInput } = await import("../support/rfqs");
  const buyer = await memberOf(options.buyer);
  const supplier = await memberOf(options.supplier);
  const shares = options.shares ? await Promise.all(options.shares.map(async (s) => ({ memberId: (await memberOf(s.email)).organizationId, quantity: s.quantity }))) : [];
  const db = createDb(E2E_DATABASE);
  const opened = new Date(Date.now() - 10 * DAY);
  const deadline = new Date(Math.floor((Date.now() - 8 * DAY) / 60_000) * 60_000);
  const input = rfqInput({ title: options.title, deadline, visibility: "invited", lines: [{ ...options.line, unit: "pcs" }] } as never);
  const rfqId = await createRfq(db, { buyerId: buyer.organizationId, actorUserId: buyer.userId, input, now: opened });
  await inviteSuppliers(db, { rfqId, buyerId: buyer.organizationId, supplierIds: [supplier.organizationId], actorUserId: buyer.userId, now: opened });
  const line = await db.selectFrom("rfq_lines").select("id").where("rfq_id", "=", rfqId).executeTakeFirstOrThrow();
  const { bidId } = await submitBid(db, {
    rfqId,
    supplierId: supplier.organizationId,
    actorUserId: supplier.userId,
    input: bidInput([{ rfqLineId: line.id, quantity: options.line.quantity, unitPrice: options.unitPrice, shares }]),
    now: new Date(opened.getTime() + DAY),
  });
  const awardedAt = new Date(deadline.getTime() + 60_000);
  const { orderIds } = await awardRfq(db, { rfqId, buyerId: buyer.organizationId, actorUserId: buyer.userId, reason: "Harga dan TKDN terbaik", allocations: [{ bidId, rfqLineId: line.id, quantity: options.line.quantity }], now: awardedAt });
  const orderId = orderIds[0]!;
  const revision = async () => (await db.selectFrom("orders").select("revision").where("id", "=", orderId).executeTakeFirstOrThrow()).revision;
  await takeOrderStep(db, { orderId, organizationId: buyer.organizationId, actorUserId: buyer.userId, event: "send", expectedRevision: await revision(), now: awardedAt });
  await takeOrderStep(db, { orderId, organizationId: supplier.organizationId, actorUserId: supplier.userId, event: "accept", expectedRevision: await revision(), now: awardedAt });
  return { orderId, db };
}

/**
 * KAI's order of 500 composite brake blocks from Koperasi Batur Jaya at Rp 120.000 (its members UD Sinar Baja
 * Batur 300, CV Cor Logam Ceper 200), the contract agreed and all 500 shipped: the tax test inspects, hands
 * over, invoices (kode 03: KAI collects the PPN) and pays.
 */
export async function kaiBrakeOrderForKbj(title: string): Promise<number> {
  const { recordShipment } = await import("../../app/domain/orders/shipments.server");
  const { orderId, db } = await agreedOrder({
    title,
    buyer: "kai@demo.pasok.id",
    supplier: "kbj@demo.pasok.id",
    line: { partName: "Blok rem komposit K-1", partNumber: "KAI-BRK-K1", quantity: 500, materialCode: "polymer_composite", processCode: "composite_moulding" },
    unitPrice: 120_000,
    shares: [
      { email: "sinar-baja@demo.pasok.id", quantity: 300 },
      { email: "ceper-cor@demo.pasok.id", quantity: 200 },
    ],
  });
  try {
    const kbj = await memberOf("kbj@demo.pasok.id");
    const orderLine = await db.selectFrom("order_lines").select("id").where("order_id", "=", orderId).executeTakeFirstOrThrow();
    await recordShipment(db, {
      orderId,
      supplierId: kbj.organizationId,
      actorUserId: kbj.userId,
      input: { shippedOn: new Date().toISOString().slice(0, 10), vehicle: "Truk KBJ AD 8123", deliveryNote: "SJ-KBJ-KAI-0001", lines: [{ orderLineId: orderLine.id, quantity: 500 }] },
      now: new Date(),
    });
    return orderId;
  } finally {
    await db.destroy();
  }
}

/**
 * TPR's order of 100 forged flanges from UD Slawi Presisi (a Tegal IKM, not PKP) at Rp 91.000, agreed and
 * shipped. (Not CV Bumijawa Cor Tegal: the development test needs it without any order.)
 */
export async function tprOrderForNonPkp(title: string): Promise<number> {
  const { recordShipment } = await import("../../app/domain/orders/shipments.server");
  const { orderId, db } = await agreedOrder({
    title,
    buyer: "tpr@demo.pasok.id",
    supplier: "slawi-presisi@demo.pasok.id",
    line: { partName: "Flange tempa", partNumber: "TPR-FL-40", quantity: 100, materialCode: "s45c", processCode: "forging" },
    unitPrice: 91_000,
  });
  try {
    const ikm = await memberOf("slawi-presisi@demo.pasok.id");
    const orderLine = await db.selectFrom("order_lines").select("id").where("order_id", "=", orderId).executeTakeFirstOrThrow();
    await recordShipment(db, { orderId, supplierId: ikm.organizationId, actorUserId: ikm.userId, input: { shippedOn: new Date().toISOString().slice(0, 10), lines: [{ orderLineId: orderLine.id, quantity: 100 }] }, now: new Date() });
    return orderId;
  } finally {
    await db.destroy();
  }
}

/**
 * KAI's open RFQ for cast-iron brake blocks whose line requires TKDN ≥ 40 % (hard), closing in five days,
 * open to CV Bumijawa Cor Tegal by invitation (so it stays out of the public RFQ search the search test reads).
 */
export async function kaiHardTkdnRfq(title: string): Promise<number> {
  const { createDb } = await import("../../db/client");
  const { createRfq } = await import("../../app/domain/rfqs/save-rfq.server");
  const { inviteSuppliers } = await import("../../app/domain/rfqs/invite-suppliers.server");
  const { rfqInput } = await import("../support/rfqs");
  const kai = await memberOf("kai@demo.pasok.id");
  const bumijawa = await memberOf("bumijawa-cor@demo.pasok.id");
  const db = createDb(E2E_DATABASE);
  try {
    const input = rfqInput({
      title,
      visibility: "invited",
      deadline: new Date(Math.floor((Date.now() + 5 * DAY) / 60_000) * 60_000),
      lines: [{ partName: "Blok rem besi cor", partNumber: "KAI-BRK-C2", quantity: 800, unit: "pcs", materialCode: "fc200", processCode: "sand_casting", minTkdnPercent: 40, tkdnRule: "hard" }],
    } as never);
    const opened = new Date(Date.now() - DAY);
    const rfqId = await createRfq(db, { buyerId: kai.organizationId, actorUserId: kai.userId, input, now: opened });
    await inviteSuppliers(db, { rfqId, buyerId: kai.organizationId, supplierIds: [bumijawa.organizationId], actorUserId: kai.userId, now: opened });
    return rfqId;
  } finally {
    await db.destroy();
  }
}

/**
 * Astra Honda Motor's RFQ for brackets, published an hour ago and closing in 20 hours, to which Logam Jaya Tegal
 * is invited and has not bid: the reminders job (run by the server soon after it starts) e-mails Logam Jaya
 * its 24-hour deadline reminder.
 */
export async function deadlineReminderRfq(title: string): Promise<number> {
  const { createDb } = await import("../../db/client");
  const { createRfq } = await import("../../app/domain/rfqs/save-rfq.server");
  const { inviteSuppliers } = await import("../../app/domain/rfqs/invite-suppliers.server");
  const { rfqInput } = await import("../support/rfqs");
  const ahm = await memberOf("ahm@demo.pasok.id");
  const logamJaya = await memberOf("logam-jaya-tegal@demo.pasok.id");
  const db = createDb(E2E_DATABASE);
  try {
    const opened = new Date(Date.now() - 3_600_000);
    const input = rfqInput({
      title,
      visibility: "invited",
      deadline: new Date(Math.floor((Date.now() + 20 * 3_600_000) / 60_000) * 60_000),
      lines: [{ partName: "Bracket footstep cor", partNumber: "AHM-BRK-07", quantity: 1500, unit: "pcs", materialCode: "fc250", processCode: "sand_casting" }],
    } as never);
    const rfqId = await createRfq(db, { buyerId: ahm.organizationId, actorUserId: ahm.userId, input, now: opened });
    await inviteSuppliers(db, { rfqId, buyerId: ahm.organizationId, supplierIds: [logamJaya.organizationId], actorUserId: ahm.userId, now: opened });
    return rfqId;
  } finally {
    await db.destroy();
  }
}

/** The notice test's scene: the RFQ whose deadline reminder Logam Jaya Tegal gets by e-mail. */
export const REMINDER_RFQ_TITLE = "Bracket footstep — pengingat batas penawaran e2e";

/** The tax test's scenes, by title. */
export const TAX_TITLES = {
  kai: "Blok rem komposit K-1 — pesanan KAI uji pajak e2e",
  nonPkp: "Flange tempa — IKM non-PKP uji e2e",
  tkdn: "Blok rem besi cor — TKDN wajib 40% uji e2e",
} as const;

/** The title of TPR's RFQ the development test awards on trial. */
export const TRIAL_RFQ_TITLE = "Cylinder sleeve FC250 — uji coba pemasok baru e2e";

/** The TPR → KBJ orders the order tests run, by RFQ title. */
export const TPR_ORDER_TITLES = { contract: "Cylinder sleeve FC250 — kontrak uji e2e", members: "Cylinder sleeve FC250 — anggota uji e2e" } as const;

/** The titles of the scenes' RFQs, by which the tests find them. */
export const PROPELLER_RFQ_TITLES = { compare: "Baling-baling kapal perunggu — perbandingan", plural: "Baling-baling kapal perunggu — jamak" } as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.env.DATABASE_PATH = E2E_DATABASE;
  process.env.UPLOADS_DIR = fileURLToPath(new URL("../.tmp/e2e-uploads", import.meta.url));
  for (const title of Object.values(PROPELLER_RFQ_TITLES)) await closedPropellerRfq(title);
  await tprOrderForKbj(TPR_ORDER_TITLES.contract);
  await tprOrderForKbj(TPR_ORDER_TITLES.members, { agreed: true });
  await trialSleeveRfq(TRIAL_RFQ_TITLE);
  await kaiBrakeOrderForKbj(TAX_TITLES.kai);
  await tprOrderForNonPkp(TAX_TITLES.nonPkp);
  await kaiHardTkdnRfq(TAX_TITLES.tkdn);
  await deadlineReminderRfq(REMINDER_RFQ_TITLE);
}
