import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { DAY_MS, addMs, toTimestamp } from "../../app/clock.server";
import { awardRfq } from "../../app/domain/rfqs/award-rfq.server";
import { closeDueRfqs } from "../../app/domain/rfqs/close-due-rfqs.server";
import { inviteSuppliers } from "../../app/domain/rfqs/invite-suppliers.server";
import { answerQuestion, askQuestion } from "../../app/domain/rfqs/questions.server";
import { dateToJakartaLocal } from "../../app/domain/time";
import { createRfq } from "../../app/domain/rfqs/save-rfq.server";
import { BidSchema, RfqSchema } from "../../app/domain/rfqs/schemas";
import { submitBid } from "../../app/domain/rfqs/submit-bid.server";
import { jakartaDate } from "../../app/domain/time";

const MARKER = "demo_rfqs_seeded_at";

/** A demo account's user and the organization it owns, or undefined when that account is not there. */
export function demoOwner(db: Db, email: string) {
  return db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .select(["users.id as userId", "memberships.organization_id as organizationId"])
    .where("users.email", "=", email)
    .where("memberships.role", "=", "owner")
    .executeTakeFirst();
}

/**
 * Demo RFQs through the real use cases, once: KAI's open public RFQ for composite brake blocks (invited
 * suppliers, a question and its answer), and TPR's cylinder-sleeve RFQ of last month, bid on by KBJ (a
 * joint bid over three members) and a Tegal foundry, closed and awarded to KBJ — ready to "post again" —
 * which made the KBJ ↔ TPR contract draft for 2.400 pieces (200 a month).
 */
export async function seedDemoRfqs(db: Db, options: { now: Date }): Promise<boolean> {
  const marker = await db.selectFrom("app_meta").select("value").where("key", "=", MARKER).executeTakeFirst();
  if (marker) return false;
  const org = (email: string) => demoOwner(db, email);
  const [kai, tpr, kbj, logamJaya, takaru, ceperCor, sinarBaja, mitraCor] = await Promise.all(
    [
      "kai@demo.pasok.id",
      "tpr@demo.pasok.id",
      "kbj@demo.pasok.id",
      "logam-jaya-tegal@demo.pasok.id",
      "takaru-presisi@demo.pasok.id",
      "ceper-cor@demo.pasok.id",
      "sinar-baja@demo.pasok.id",
      "mitra-cor@demo.pasok.id",
    ].map(org),
  );
  if (!kai || !tpr || !kbj || !logamJaya || !takaru || !ceperCor || !sinarBaja || !mitraCor) return false;
  const at = (days: number) => addMs(options.now, days * DAY_MS);
  const key = () => randomBytes(18).toString("base64url");

  // KAI: open until two weeks from now.
  const kaiRfq = await createRfq(db, {
    buyerId: kai.organizationId,
    actorUserId: kai.userId,
    now: at(-2),
    input: RfqSchema.parse({
      intent: "publish",
      title: "Blok rem komposit K-type untuk kereta penumpang",
      description: "Kebutuhan semester I untuk Balai Yasa Yogyakarta. Sesuai gambar KAI dan SNI blok rem komposit.",
      lines: [
        { partName: "Blok rem komposit K-type", partNumber: "KAI-BR-K01", materialCode: "polymer_composite", processCode: "composite_moulding", quantity: 2000, unit: "pcs", targetUnitPrice: "185.000" },
        { partName: "Blok rem komposit L-type", partNumber: "KAI-BR-L02", materialCode: "polymer_composite", processCode: "composite_moulding", quantity: 800, unit: "pcs" },
      ],
      requiredCertificates: ["iso9001", "sni"],
      minTkdnPercent: 40,
      deliveryProvinceCode: "34",
      deliveryRegencyCode: "34.71",
      deliveryAddress: "Balai Yasa Yogyakarta, Jl. Kusbini No. 1",
      neededBy: jakartaDate(at(45)),
      bidDeadline: dateToJakartaLocal(toTimestamp(at(14))).slice(0, 11) + "15:00",
      visibility: "public",
      paymentTerms: "30 hari setelah barang diterima dan lolos inspeksi.",
      deliveryTerms: "Franco Balai Yasa Yogyakarta, dua kali pengiriman.",
    }),
  });
  await inviteSuppliers(db, { rfqId: kaiRfq, buyerId: kai.organizationId, supplierIds: [kbj.organizationId, logamJaya.organizationId], actorUserId: kai.userId, now: at(-2) });
  const question = await askQuestion(db, {
    rfqId: kaiRfq,
    supplierId: logamJaya.organizationId,
    actorUserId: logamJaya.userId,
    question: "Apakah uji gesek dilakukan oleh KAI atau pemasok harus melampirkan hasil uji laboratorium?",
    now: at(-1),
  });
  await answerQuestion(db, {
    rfqId: kaiRfq,
    buyerId: kai.organizationId,
    questionId: question,
    actorUserId: kai.userId,
    answer: "Pemasok melampirkan hasil uji dari laboratorium terakreditasi; KAI menguji ulang sampel saat inspeksi.",
    now: at(-1),
  });

  // TPR: last month's cylinder sleeves, awarded to KBJ.
  const tprRfq = await createRfq(db, {
    buyerId: tpr.organizationId,
    actorUserId: tpr.userId,
    now: at(-40),
    input: RfqSchema.parse({
      intent: "publish",
      title: "Cylinder sleeve FC250 — 200 pcs per bulan",
      description: "Blank cylinder sleeve cor sentrifugal FC250 untuk lini ring piston: 2.400 pcs setahun, dikirim 200 pcs tiap bulan.",
      lines: [{ partName: "Cylinder sleeve blank", partNumber: "TPR-CS-250", materialCode: "fc250", processCode: "centrifugal_casting", quantity: 2400, unit: "pcs", targetUnitPrice: "92.000" }],
      requiredCertificates: ["iso9001"],
      deliveryProvinceCode: "32",
      deliveryRegencyCode: "32.16",
      deliveryAddress: "Kawasan Industri MM2100, Cikarang Barat",
      neededBy: jakartaDate(at(20)),
      bidDeadline: dateToJakartaLocal(toTimestamp(at(-30))),
      visibility: "invited",
      paymentTerms: "45 hari setelah faktur.",
      deliveryTerms: "Franco pabrik TPR Cikarang.",
    }),
  });
  await inviteSuppliers(db, { rfqId: tprRfq, buyerId: tpr.organizationId, supplierIds: [kbj.organizationId, logamJaya.organizationId], actorUserId: tpr.userId, now: at(-40) });
  const [line] = await db.selectFrom("rfq_lines").select("id").where("rfq_id", "=", tprRfq).execute();
  await submitBid(db, {
    rfqId: tprRfq,
    supplierId: kbj.organizationId,
    actorUserId: kbj.userId,
    now: at(-35),
    input: BidSchema.parse({
      submissionKey: key(),
      leadTimeDays: 21,
      validUntil: jakartaDate(at(-5)),
      deliveryTerms: "Franco Cikarang",
      lines: [
        {
          rfqLineId: line!.id,
          quantity: 2400,
          unitPrice: "89.500",
          shares: [
            { memberId: ceperCor.organizationId, quantity: 1200 },
            { memberId: sinarBaja.organizationId, quantity: 720 },
            { memberId: mitraCor.organizationId, quantity: 480 },
          ],
        },
      ],
    }),
  });
  await submitBid(db, {
    rfqId: tprRfq,
    supplierId: logamJaya.organizationId,
    actorUserId: logamJaya.userId,
    now: at(-34),
    input: BidSchema.parse({
      submissionKey: key(),
      leadTimeDays: 28,
      validUntil: jakartaDate(at(-5)),
      lines: [{ rfqLineId: line!.id, quantity: 2400, unitPrice: "94.000" }],
    }),
  });
  await closeDueRfqs(db, at(-29));
  const kbjBid = await db.selectFrom("bids").select("id").where("rfq_id", "=", tprRfq).where("supplier_id", "=", kbj.organizationId).executeTakeFirstOrThrow();
  await awardRfq(db, {
    rfqId: tprRfq,
    buyerId: tpr.organizationId,
    actorUserId: tpr.userId,
    reason: "Harga terendah, TKDN gabungan anggota tertinggi, pemasok lama dengan mutu stabil.",
    allocations: [{ bidId: kbjBid.id, rfqLineId: line!.id, quantity: 2400 }],
    now: at(-28),
  });
  await db.insertInto("app_meta").values({ key: MARKER, value: toTimestamp(options.now) }).execute();
  return true;
}
