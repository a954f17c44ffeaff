import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { DAY_MS, addMs, toTimestamp } from "../../app/clock.server";
import { signUp } from "../../app/domain/accounts/sign-up.server";
import { decideTransfer, issueInvoice, reportTransfer } from "../../app/domain/orders/invoices.server";
import { takeOrderStep } from "../../app/domain/orders/order-steps.server";
import { InspectionSchema, ShipmentSchema } from "../../app/domain/orders/schemas";
import { inspectShipment, recordShipment } from "../../app/domain/orders/shipments.server";
import { confirmBast, openBastsOf } from "../../app/domain/orders/basts.server";
import { awardRfq } from "../../app/domain/rfqs/award-rfq.server";
import { closeDueRfqs } from "../../app/domain/rfqs/close-due-rfqs.server";
import { inviteSuppliers } from "../../app/domain/rfqs/invite-suppliers.server";
import { createRfq } from "../../app/domain/rfqs/save-rfq.server";
import { BidSchema, RfqSchema } from "../../app/domain/rfqs/schemas";
import { submitBid } from "../../app/domain/rfqs/submit-bid.server";
import { decideListing } from "../../app/domain/suppliers/decide-listing.server";
import { saveListing } from "../../app/domain/suppliers/save-listing.server";
import { ListingSchema } from "../../app/domain/suppliers/schemas";
import { dateToJakartaLocal, jakartaDate } from "../../app/domain/time";
import type { DemoOrganization } from "./demo-data";
import { demoOwner } from "./demo-rfqs";

// Pasok's past, for the Link-and-Match report: the big buyers and IKMs that made partnerships from 2016 on,
// and their orders, through the real use cases (RFQ → sealed bid → award → contract accepted → shipped,
// inspected, invoiced, paid) at past dates. The organizations are real names for the buyers and invented
// ones for the IKMs; the counts per year are invented, fitted to the ministry's figures (15 partnerships over
// 2016–2018; KBJ → TPR from January 2019).

export type Owner = { userId: number; organizationId: number };

const historicBuyer = (key: string, legalName: string, address: string, provinceCode: string, regencyCode: string, i: number): DemoOrganization => ({
  key,
  kind: "buyer",
  buys: true,
  legalName,
  nib: `81200009${String(i + 1).padStart(5, "0")}`,
  npwp: `0100098${String(i + 1).padStart(8, "0")}`,
  address,
  provinceCode,
  regencyCode,
  phone: `021 55${String(2000 + i)}`,
  owner: { name: "Tim Pengadaan", email: `${key}@history.demo.pasok.id` },
  description: "Pembeli (riwayat kemitraan)",
});

/** Big buyers with partnerships in the report's past (KAI, TPR and AHM are in the main demo). */
export const HISTORY_BUYERS: DemoOrganization[] = [
  ["astra-otoparts", "PT Astra Otoparts Tbk", "Jl. Raya Pegangsaan Dua Km 2,2", "31", "31.72"],
  ["inka", "PT Industri Kereta Api (Persero)", "Jl. Yos Sudarso No. 71", "35", "35.77"],
  ["pindad", "PT Pindad (Persero)", "Jl. Jend. Gatot Subroto No. 517", "32", "32.73"],
  ["yamaha", "PT Yamaha Indonesia Motor Manufacturing", "Jl. Dr. KRT Radjiman Widyodiningrat, Pulogadung", "31", "31.75"],
  ["suzuki", "PT Suzuki Indomobil Motor", "Jl. Raya Diklat Pemda, Tangerang", "36", "36.03"],
  ["komatsu", "PT Komatsu Indonesia", "Jl. Raya Cakung Cilincing Km 4", "31", "31.72"],
  ["hino", "PT Hino Motors Manufacturing Indonesia", "Kawasan Industri Kota Bukit Indah, Purwakarta", "32", "32.14"],
].map(([key, name, address, province, regency], i) => historicBuyer(key!, name!, address!, province!, regency!, i));

interface HistoricIkm {
  org: DemoOrganization;
  clusterCode: string;
  process: string;
  material: string;
  product: string;
}

const historicIkm = (key: string, legalName: string, address: string, provinceCode: string, regencyCode: string, clusterCode: string, process: string, material: string, product: string, i: number): HistoricIkm => ({
  org: {
    key,
    kind: "supplier",
    buys: false,
    legalName,
    nib: `91200009${String(i + 1).padStart(5, "0")}`,
    npwp: `0500099${String(i + 1).padStart(8, "0")}`,
    address,
    provinceCode,
    regencyCode,
    phone: `0272 56${String(3000 + i)}`,
    owner: { name: "Pemilik IKM", email: `${key}@history.demo.pasok.id` },
    description: "IKM (riwayat kemitraan)",
  },
  clusterCode,
  process,
  material,
  product,
});

/** IKMs with partnerships in the report's past, in the clusters the ministry and YDBA worked with. */
export const HISTORY_IKMS: HistoricIkm[] = [
  ["aneka-logam-ceper", "CV Aneka Logam Ceper", "Desa Tegalrejo, Ceper", "33", "33.10", "ceper", "sand_casting", "fc200", "Rumah pompa"],
  ["sumber-cor-klaten", "UD Sumber Cor Klaten", "Desa Kujon, Ceper", "33", "33.10", "ceper", "centrifugal_casting", "fc250", "Cylinder sleeve blank"],
  ["purbalingga-knalpot", "UD Purbalingga Knalpot Jaya", "Desa Pesayangan, Purbalingga", "33", "33.03", "purbalingga", "stamping", "s45c", "Bracket knalpot"],
  ["karya-teknik-pbg", "CV Karya Teknik Purbalingga", "Jl. Raya Bojongsari, Purbalingga", "33", "33.03", "purbalingga", "welding", "s45c", "Rangka jok"],
  ["tegal-baja", "CV Tegal Baja Mandiri", "Desa Kebasen, Talang", "33", "33.28", "tegal", "cnc_turning", "s45c", "Pin dan bushing"],
  ["pesisir-logam", "UD Pesisir Logam Tegal", "Kelurahan Margadana, Kota Tegal", "33", "33.76", "tegal", "sand_casting", "fc200", "Tutup manhole"],
  ["sukabumi-presisi", "CV Sukabumi Presisi Parts", "Jl. Raya Cibolang, Sukabumi", "32", "32.02", "sukabumi", "cnc_milling", "s45c", "Komponen jig"],
  ["cibolang-logam", "UD Cibolang Logam", "Desa Cibolang Kaler, Sukabumi", "32", "32.02", "sukabumi", "forging", "s45c", "Flange tempa"],
  ["pasuruan-foundry", "CV Pasuruan Foundry", "Jl. Raya Bangil, Pasuruan", "35", "35.14", "pasuruan", "sand_casting", "fcd450", "Rumah gear"],
  ["ngingas-metal", "UD Ngingas Metal Waru", "Desa Ngingas, Waru", "35", "35.15", "sidoarjo", "stamping", "stainless_steel", "Komponen press"],
  ["waru-teknik", "CV Waru Teknik Sidoarjo", "Jl. Raya Waru, Sidoarjo", "35", "35.15", "sidoarjo", "cnc_turning", "s45c", "Poros"],
  ["mataram-presisi", "CV Mataram Presisi", "Kotagede, Yogyakarta", "34", "34.71", "yogyakarta", "cnc_turning", "s45c", "Komponen mesin pertanian"],
].map(([key, name, address, province, regency, cluster, process, material, product], i) =>
  historicIkm(key!, name!, address!, province!, regency!, cluster!, process!, material!, product!, i),
);

/** Partnerships made per year in the seeded past (2016–2018 add up to the ministry's 15). */
const PER_YEAR: Record<number, number> = { 2016: 4, 2017: 5, 2018: 6, 2019: 12, 2020: 5, 2021: 7, 2022: 8, 2023: 9, 2024: 10, 2025: 11 };

/** Signs a demo organization and its owner up through the sign-up use case, as a user would. */
export async function signUpDemoOrganization(db: Db, org: DemoOrganization, password: string, now: Date): Promise<Owner> {
  return signUp(
    db,
    {
      name: org.owner.name,
      email: org.owner.email,
      password,
      kind: org.kind,
      buys: org.buys ? "on" : undefined,
      legalName: org.legalName,
      nib: org.nib,
      npwp: org.npwp,
      address: org.address,
      provinceCode: org.provinceCode,
      regencyCode: org.regencyCode,
      phone: org.phone,
      website: org.website,
    },
    { locale: "id", now },
  );
}

/** An organization of the demo's past, signed up the way users do, unless it is there already. */
export async function ensureOrganization(db: Db, org: DemoOrganization, password: string, now: Date): Promise<Owner> {
  return (await demoOwner(db, org.owner.email)) ?? signUpDemoOrganization(db, org, password, now);
}

/** A small approved listing for a historic IKM (it must be approved to bid), made and approved at `now`. */
async function approvedListing(db: Db, ikm: HistoricIkm, owner: Owner, adminUserId: number, now: Date) {
  const input = ListingSchema.parse({
    intent: "submit",
    headlineId: `${ikm.product} — ${ikm.org.legalName}`,
    headlineEn: `${ikm.product} — ${ikm.org.legalName}`,
    descriptionId: `IKM di sentra ${ikm.clusterCode}; pemasok industri sejak program Link and Match.`,
    processes: [ikm.process],
    materials: [ikm.material],
    products: [{ name: ikm.product, materialCode: ikm.material, processCode: ikm.process }],
    capacities: [{ subject: ikm.product, quantity: 1000, unit: "pcs" }],
    workforce: 25,
    leadTimeDays: 30,
    clusterCode: ikm.clusterCode,
    provinceCode: ikm.org.provinceCode,
    regencyCode: ikm.org.regencyCode,
  });
  const { versionId } = await saveListing(db, { organizationId: owner.organizationId, actorUserId: owner.userId, input, now });
  const version = await db.selectFrom("listing_versions").select("revision").where("id", "=", versionId).executeTakeFirstOrThrow();
  await decideListing(db, { actor: { userId: adminUserId, isAdmin: true }, versionId, revision: version.revision, event: "approve", now });
}

export interface PastOrder {
  buyer: Owner;
  supplier: Owner;
  /** When the RFQ is published; the contract is accepted six days later. */
  publishedAt: Date;
  partName: string;
  quantity: number;
  unitPrice: number;
  /** Ship, inspect, invoice and pay it too (the default), or stop once contracted. */
  complete?: boolean;
  trial?: boolean;
}

/** A cooperative bids for its members: each line shared evenly among its first two active members. */
async function memberShares(db: Db, supplierId: number, quantity: number) {
  const members = await db
    .selectFrom("cooperative_memberships")
    .select("member_id")
    .where("cooperative_id", "=", supplierId)
    .where("status", "=", "active")
    .orderBy("id")
    .limit(2)
    .execute();
  if (members.length === 0) return [];
  const first = Math.ceil(quantity / members.length);
  return members.map((m, i) => ({ memberId: m.member_id, quantity: i === 0 ? first : quantity - first }));
}

/**
 * One order of the past, every step through its use case at its own date: an invited RFQ, the supplier's
 * sealed bid, the close and award, the contract sent and accepted, then (by default) one shipment accepted in
 * full, the invoice, and the buyer's transfer confirmed by the supplier. Returns the order's id.
 */
export async function pastOrder(db: Db, o: PastOrder): Promise<number> {
  const at = (days: number) => addMs(o.publishedAt, days * DAY_MS);
  const buyerOrg = await db.selectFrom("organizations").select(["province_code", "regency_code"]).where("id", "=", o.buyer.organizationId).executeTakeFirstOrThrow();
  const rfqId = await createRfq(db, {
    buyerId: o.buyer.organizationId,
    actorUserId: o.buyer.userId,
    now: at(0),
    input: RfqSchema.parse({
      intent: "publish",
      title: o.partName,
      description: "Pengadaan rutin.",
      lines: [{ partName: o.partName, quantity: o.quantity, unit: "pcs" }],
      deliveryProvinceCode: buyerOrg.province_code,
      deliveryRegencyCode: buyerOrg.regency_code,
      deliveryAddress: "Gudang pembeli",
      neededBy: jakartaDate(at(45)),
      bidDeadline: dateToJakartaLocal(toTimestamp(at(3))),
      visibility: "invited",
      paymentTerms: "30 hari setelah faktur.",
      deliveryTerms: "Franco gudang pembeli.",
    }),
  });
  await inviteSuppliers(db, { rfqId, buyerId: o.buyer.organizationId, supplierIds: [o.supplier.organizationId], actorUserId: o.buyer.userId, now: at(0) });
  const [line] = await db.selectFrom("rfq_lines").select("id").where("rfq_id", "=", rfqId).execute();
  const { bidId } = await submitBid(db, {
    rfqId,
    supplierId: o.supplier.organizationId,
    actorUserId: o.supplier.userId,
    now: at(1),
    input: BidSchema.parse({
      submissionKey: randomBytes(18).toString("base64url"),
      leadTimeDays: 30,
      validUntil: jakartaDate(at(30)),
      lines: [{ rfqLineId: line!.id, quantity: o.quantity, unitPrice: String(o.unitPrice), shares: await memberShares(db, o.supplier.organizationId, o.quantity) }],
    }),
  });
  await closeDueRfqs(db, addMs(at(3), 60_000));
  const { orderIds } = await awardRfq(db, {
    rfqId,
    buyerId: o.buyer.organizationId,
    actorUserId: o.buyer.userId,
    reason: o.trial ? "Pesanan uji coba pemasok baru." : "Harga dan waktu kirim terbaik.",
    allocations: [{ bidId, rfqLineId: line!.id, quantity: o.quantity }],
    trial: o.trial,
    now: at(4),
  });
  const orderId = orderIds[0]!;
  const revision = async () => (await db.selectFrom("orders").select("revision").where("id", "=", orderId).executeTakeFirstOrThrow()).revision;
  await takeOrderStep(db, { orderId, organizationId: o.buyer.organizationId, actorUserId: o.buyer.userId, event: "send", expectedRevision: await revision(), now: at(5) });
  await takeOrderStep(db, { orderId, organizationId: o.supplier.organizationId, actorUserId: o.supplier.userId, event: "accept", expectedRevision: await revision(), now: at(6) });
  if (o.complete === false) return orderId;

  const [orderLine] = await db.selectFrom("order_lines").select(["id", "quantity"]).where("order_id", "=", orderId).execute();
  const shipmentId = await recordShipment(db, {
    orderId,
    supplierId: o.supplier.organizationId,
    actorUserId: o.supplier.userId,
    input: ShipmentSchema.parse({ shippedOn: jakartaDate(at(30)), vehicle: "Truk engkel", deliveryNote: `SJ-${orderId}`, lines: [{ orderLineId: orderLine!.id, quantity: orderLine!.quantity }] }),
    now: at(30),
  });
  const shipmentLines = await db.selectFrom("shipment_lines").select(["id", "quantity"]).where("shipment_id", "=", shipmentId).execute();
  await inspectShipment(db, {
    orderId,
    buyerId: o.buyer.organizationId,
    actorUserId: o.buyer.userId,
    input: InspectionSchema.parse({ shipmentId, receivedOn: jakartaDate(at(31)), notes: "Cek dimensi sampel", lines: shipmentLines.map((l) => ({ shipmentLineId: l.id, accepted: l.quantity, rejected: 0 })) }),
    now: at(31),
  });
  // Both sides sign the handover record (BAST) of the accepted pieces; then they can be invoiced.
  for (const party of [o.supplier, o.buyer]) {
    for (const bast of await openBastsOf(db, orderId)) {
      await confirmBast(db, { orderId, organizationId: party.organizationId, actorUserId: party.userId, bastId: bast.id, revision: bast.revision, now: at(31) });
    }
  }
  const invoiceId = await issueInvoice(db, { orderId, supplierId: o.supplier.organizationId, actorUserId: o.supplier.userId, now: at(32) });
  const invoiceRevision = async () => (await db.selectFrom("invoices").select("revision").where("id", "=", invoiceId).executeTakeFirstOrThrow()).revision;
  await reportTransfer(db, { orderId, buyerId: o.buyer.organizationId, actorUserId: o.buyer.userId, invoiceId, revision: await invoiceRevision(), reference: `TRF-${orderId}`, transferDate: jakartaDate(at(60)), now: at(60) });
  await decideTransfer(db, { orderId, supplierId: o.supplier.organizationId, actorUserId: o.supplier.userId, invoiceId, revision: await invoiceRevision(), decision: "confirm", now: at(61) });
  return orderId;
}

const PARTS: Record<string, string> = {
  kai: "Blok rem komposit",
  tpr: "Cylinder sleeve blank",
  ahm: "Bracket sepeda motor",
  "astra-otoparts": "Komponen cor otomotif",
  inka: "Komponen bogie",
  pindad: "Komponen tempa",
  yamaha: "Bracket sepeda motor",
  suzuki: "Komponen bubut",
  komatsu: "Bushing alat berat",
  hino: "Bracket rangka truk",
};

/**
 * The past partnerships, oldest first: the historic IKMs with the big buyers, year by year, plus the
 * named ones — KBJ → TPR (January 2019), KBJ → KAI (2020), Takaru → AHM (2023). Each pair's first
 * contracted order is its partnership; one pair in three gets a repeat order a year later (repeat business
 * that must not count again). Returns the number of orders made.
 */
export async function seedPastPartnerships(
  db: Db,
  options: { password: string; now: Date; adminUserId: number; named: { kbj: Owner; takaru: Owner; kai: Owner; tpr: Owner; ahm: Owner } },
): Promise<number> {
  const setupAt = new Date(Date.UTC(2015, 9, 1, 3));
  const buyers = new Map<string, Owner>([
    ["kai", options.named.kai],
    ["tpr", options.named.tpr],
    ["ahm", options.named.ahm],
  ]);
  for (const b of HISTORY_BUYERS) buyers.set(b.key, await ensureOrganization(db, b, options.password, setupAt));
  const ikms: { key: string; owner: Owner }[] = [];
  for (const ikm of HISTORY_IKMS) {
    const owner = await ensureOrganization(db, ikm.org, options.password, setupAt);
    await approvedListing(db, ikm, owner, options.adminUserId, setupAt);
    ikms.push({ key: ikm.org.key, owner });
  }
  const buyerKeys = [...buyers.keys()];
  const used = new Set<string>();
  const plan: { year: number; month: number; supplier: Owner; buyerKey: string }[] = [
    { year: 2019, month: 0, supplier: options.named.kbj, buyerKey: "tpr" },
    { year: 2020, month: 2, supplier: options.named.kbj, buyerKey: "kai" },
    { year: 2023, month: 4, supplier: options.named.takaru, buyerKey: "ahm" },
  ];
  const named = new Map<number, number>([
    [2019, 1],
    [2020, 1],
    [2023, 1],
  ]);
  let k = 0;
  for (const [yearText, count] of Object.entries(PER_YEAR)) {
    const year = Number(yearText);
    for (let i = (named.get(year) ?? 0); i < count; i++) {
      // The next IKM–buyer pair not yet partnered, walking the two lists at different strides.
      let pair: { supplier: { key: string; owner: Owner }; buyerKey: string } | undefined;
      for (let tries = 0; !pair && tries < ikms.length * buyerKeys.length; tries++, k++) {
        const supplier = ikms[(k * 5) % ikms.length]!;
        const buyerKey = buyerKeys[(k * 3 + Math.floor(k / ikms.length)) % buyerKeys.length]!;
        if (!used.has(`${supplier.key}>${buyerKey}`)) pair = { supplier, buyerKey };
      }
      if (!pair) throw new Error("not enough IKM–buyer pairs for the demo's history");
      used.add(`${pair.supplier.key}>${pair.buyerKey}`);
      k++;
      plan.push({ year, month: Math.floor((i * 12) / count), supplier: pair.supplier.owner, buyerKey: pair.buyerKey });
    }
  }
  plan.sort((a, b) => a.year - b.year || a.month - b.month);
  let orders = 0;
  for (const [i, p] of plan.entries()) {
    const buyer = buyers.get(p.buyerKey)!;
    const publishedAt = new Date(Date.UTC(p.year, p.month, 3 + (i % 20), 2));
    const part = PARTS[p.buyerKey] ?? "Komponen logam";
    await pastOrder(db, { buyer, supplier: p.supplier, publishedAt, partName: part, quantity: 100 * (1 + (i % 5)), unitPrice: 45_000 + (i % 7) * 12_500 });
    orders++;
    // Repeat business: a second order a year later with the same buyer (not a new partnership).
    if (i % 3 === 0 && p.year < 2025) {
      await pastOrder(db, { buyer, supplier: p.supplier, publishedAt: addMs(publishedAt, 365 * DAY_MS), partName: part, quantity: 200, unitPrice: 60_000 });
      orders++;
    }
  }
  // The past's notifications were read long ago, and its e-mails are not sent today.
  const cutoff = toTimestamp(addMs(options.now, -90 * DAY_MS));
  await db.updateTable("notifications").set({ read_at: cutoff }).where("created_at", "<", cutoff).where("read_at", "is", null).execute();
  await db.deleteFrom("email_outbox").where("created_at", "<", cutoff).where("status", "=", "pending").execute();
  return orders;
}
