import type { Db } from "../../db/client";
import { DAY_MS, addMs, toTimestamp } from "../../app/clock.server";
import { createProgramme, enrolOrganization, recordVisit, takeEnrolmentStep, takeLadderStep } from "../../app/domain/development/mentoring.server";
import { saveTarget } from "../../app/domain/development/partnerships.server";
import { ProgrammeSchema, RequirementsSchema, TargetSchema, VisitSchema } from "../../app/domain/development/development-schemas";
import { inviteOnTrial, relationshipStep, saveRequirements } from "../../app/domain/development/supplier-readiness.server";
import { jakartaDate } from "../../app/domain/time";
import type { DemoOrganization } from "./demo-data";
import { ensureOrganization, pastOrder, seedPastPartnerships, type Owner } from "./demo-history";
import { demoOwner } from "./demo-rfqs";

const MARKER = "demo_development_seeded_at";

/** The demo's mentors: YDBA (Astra's foundation for small enterprises) and the ministry's programme office. */
export const DEMO_MENTORS: DemoOrganization[] = [
  {
    key: "ydba",
    kind: "mentor",
    buys: false,
    legalName: "Yayasan Dharma Bhakti Astra",
    nib: "8120000770007",
    npwp: "010007984017000",
    address: "Jl. Gaya Motor Raya No. 8, Sunter II",
    provinceCode: "31",
    regencyCode: "31.72",
    phone: "021 6522555",
    website: "https://www.ydba.astra.co.id",
    owner: { name: "Lina Marlina", email: "ydba@demo.pasok.id" },
    description: "Pembina · program YDBA Tegal",
  },
  {
    key: "ikma",
    kind: "mentor",
    buys: false,
    legalName: "Ditjen IKMA — Program Link and Match",
    nib: "8120000880008",
    npwp: "010008095128000",
    address: "Jl. Jend. Gatot Subroto Kav. 52–53",
    provinceCode: "31",
    regencyCode: "31.74",
    phone: "021 5255509",
    owner: { name: "Bayu Prasetyo", email: "ikma@demo.pasok.id" },
    description: "Pembina · kantor program Link and Match Kemenperin",
  },
];

/** Targets after the ministry's published ones (2016–2018: 15, 2019: 45 are in the migration): invented for the demo. */
const DEMO_TARGETS: [number, number][] = [
  [2020, 20],
  [2021, 20],
  [2022, 25],
  [2023, 25],
  [2024, 30],
  [2025, 30],
  [2026, 35],
  [2027, 40],
];

/**
 * Supplier development in the demo, through the real use cases, once:
 * - the past's partnerships 2016–2025 (demo-history.ts), KBJ → TPR from January 2019;
 * - Ditjen IKMA's "Link and Match 2017–2019" programme over KBJ and six historic IKMs, and its 2026 round;
 * - YDBA's Tegal programme over the LIK Takaru IKMs at different stages: Kramat Metal at 5R (assessed, with
 *   open actions), Dampyak Machining with an ISO 9001 gap assessment, Logam Jaya on trial with AHM (a capped
 *   trial order under way), Takaru Presisi an approved supplier of AHM;
 * - TPR's and AHM's requirements for an approved supplier; targets for the years after 2019.
 * CV Bumijawa Cor Tegal is left out on purpose: the end-to-end test enrols it.
 */
export async function seedDemoDevelopment(db: Db, options: { now: Date; password: string; adminEmail: string }): Promise<boolean> {
  const marker = await db.selectFrom("app_meta").select("value").where("key", "=", MARKER).executeTakeFirst();
  if (marker) return false;
  const admin = await db.selectFrom("users").select("id").where("email", "=", options.adminEmail).where("is_admin", "=", 1).executeTakeFirst();
  const owner = (email: string) => demoOwner(db, email);
  const [kai, tpr, ahm, kbj, takaru, logamJaya, dampyak, kramat, mitraCor, barokah] = await Promise.all(
    ["kai", "tpr", "ahm", "kbj", "takaru-presisi", "logam-jaya-tegal", "dampyak-machining", "kramat-metal", "mitra-cor", "barokah-foundry"].map((k) => owner(`${k}@demo.pasok.id`)),
  );
  if (!admin || !kai || !tpr || !ahm || !kbj || !takaru || !logamJaya || !dampyak || !kramat || !mitraCor || !barokah) return false;
  const now = options.now;
  const at = (days: number) => addMs(now, days * DAY_MS);
  const day = (days: number) => jakartaDate(at(days));
  const ydba = await ensureOrganization(db, DEMO_MENTORS[0]!, options.password, at(-400));
  const ikma = await ensureOrganization(db, DEMO_MENTORS[1]!, options.password, new Date(Date.UTC(2016, 11, 1, 3)));

  // Ditjen IKMA's Link and Match 2017–2019: KBJ's two years of training and mentoring before it supplied TPR.
  const lm2017At = new Date(Date.UTC(2017, 0, 10, 3));
  const lm2017 = await createProgramme(db, {
    mentorId: ikma.organizationId,
    actorUserId: ikma.userId,
    input: ProgrammeSchema.parse({ name: "Link and Match 2017–2019", cohort: "Sentra logam Jawa", startsOn: "2017-01-10", endsOn: "2019-12-31", description: "Pendampingan IKM logam menuju kemitraan dengan industri besar." }),
    now: lm2017At,
  });
  const enrolAndAccept = async (programmeId: number, mentor: Owner, ikm: Owner, when: Date, accept = true) => {
    const enrolmentId = await enrolOrganization(db, { mentorId: mentor.organizationId, programmeId, organizationId: ikm.organizationId, actorUserId: mentor.userId, now: when });
    if (accept) await takeEnrolmentStep(db, { organizationId: ikm.organizationId, side: "ikm", enrolmentId, event: "accept", actorUserId: ikm.userId, now: addMs(when, 2 * DAY_MS) });
    return enrolmentId;
  };

  // The past's partnerships (the historic organizations are signed up there); enrolments are dated before them.
  await seedPastPartnerships(db, { password: options.password, now, adminUserId: admin.id, named: { kbj, takaru, kai, tpr, ahm } });
  const historic = await db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .select(["users.id as userId", "memberships.organization_id as organizationId"])
    .where("users.email", "in", ["aneka-logam-ceper", "sumber-cor-klaten", "tegal-baja", "pesisir-logam", "purbalingga-knalpot", "mataram-presisi"].map((k) => `${k}@history.demo.pasok.id`))
    .execute();
  await enrolAndAccept(lm2017, ikma, kbj, lm2017At);
  for (const h of historic) await enrolAndAccept(lm2017, ikma, h, lm2017At);
  await takeLadderStep(db, { organizationId: kbj.organizationId, side: "mentor", mentorId: ikma.organizationId, stageId: await stageId(db, "quality"), event: "sign_off", revision: 0, note: "Sertifikat ISO 9001 terbit; siap uji coba TPR.", actorUserId: ikma.userId, now: new Date(Date.UTC(2018, 9, 15, 3)), today: day(0) });

  // Link and Match 2026: two Ceper members invited; one accepted.
  const lm2026 = await createProgramme(db, {
    mentorId: ikma.organizationId,
    actorUserId: ikma.userId,
    input: ProgrammeSchema.parse({ name: `Link and Match ${day(-120).slice(0, 4)}`, cohort: "Ceper", startsOn: day(-120), endsOn: day(120), description: "Putaran baru pendampingan IKM Ceper menuju pemasok KAI dan tier 1 otomotif." }),
    now: at(-120),
  });
  await enrolAndAccept(lm2026, ikma, barokah, at(-110));
  await enrolAndAccept(lm2026, ikma, mitraCor, at(-20), false);

  // YDBA Tegal: the LIK Takaru IKMs.
  const tegal = await createProgramme(db, {
    mentorId: ydba.organizationId,
    actorUserId: ydba.userId,
    input: ProgrammeSchema.parse({ name: `YDBA Tegal ${day(-300).slice(0, 4)}`, cohort: "LIK Takaru", startsOn: day(-300), endsOn: day(60), description: "Pembinaan 5R, sistem mutu, dan kesiapan otomotif untuk IKM logam LIK Takaru, Tegal." }),
    now: at(-300),
  });
  for (const ikm of [takaru, logamJaya, dampyak, kramat]) await enrolAndAccept(tegal, ydba, ikm, at(-295));
  const fiveR = await stageId(db, "five_r");
  const quality = await stageId(db, "quality");
  const environment = await stageId(db, "environment");
  const approvedStage = await stageId(db, "approved");
  const visit = (ikm: Owner, stage: number | undefined, kind: "visit" | "assessment" | "gap_assessment", days: number, findings: string, scores?: Record<string, number>, actions: { description: string; dueOn: string }[] = []) =>
    recordVisit(db, { mentorId: ydba.organizationId, organizationId: ikm.organizationId, actorUserId: ydba.userId, input: VisitSchema.parse({ kind, stageId: stage, visitedOn: day(days), findings, scores, actions }), now: at(days) });
  const signOff = async (ikm: Owner, stage: number, days: number, note: string) => {
    const progress = await db.selectFrom("ladder_progress").select("revision").where("organization_id", "=", ikm.organizationId).where("stage_id", "=", stage).executeTakeFirst();
    await takeLadderStep(db, { organizationId: ikm.organizationId, side: "mentor", mentorId: ydba.organizationId, stageId: stage, event: "sign_off", revision: progress?.revision ?? 0, note, actorUserId: ydba.userId, now: at(days), today: day(0) });
  };
  const good5r = { ringkas: 4, rapi: 4, resik: 4, rawat: 3, rajin: 4 };

  for (const ikm of [takaru, logamJaya, dampyak]) {
    await visit(ikm, fiveR, "assessment", -280, "Area kerja tertata, papan visual ada, jadwal kebersihan harian berjalan.", good5r);
    await signOff(ikm, fiveR, -279, "5R memenuhi semua butir.");
  }
  // Kramat Metal: at 5R — assessed, two items below 3, actions open (one overdue).
  await visit(kramat, fiveR, "assessment", -40, "Gudang bahan campur dengan sisa potongan; jalur forklift terhalang; belum ada jadwal kebersihan.", { ringkas: 2, rapi: 3, resik: 2, rawat: 3, rajin: 3 }, [
    { description: "Pisahkan sisa potongan dari bahan baku, beri label merah", dueOn: day(-5) },
    { description: "Buat jadwal kebersihan harian per area dan tempel di papan", dueOn: day(2) },
  ]);
  // Dampyak Machining: ISO 9001 gap assessment with open actions.
  await visit(dampyak, quality, "gap_assessment", -60, "Gap ISO 9001: belum ada prosedur kalibrasi alat ukur, rekaman inspeksi tidak lengkap, tinjauan manajemen belum pernah.", undefined, [
    { description: "Susun prosedur dan jadwal kalibrasi alat ukur", dueOn: day(10) },
    { description: "Lengkapi lembar inspeksi per lot", dueOn: day(20) },
    { description: "Lakukan tinjauan manajemen pertama", dueOn: day(45) },
  ]);
  // Logam Jaya and Takaru: quality signed off on their ISO 9001 certificates; Takaru also environment (ISO 14001).
  await signOff(logamJaya, quality, -200, "Sertifikat ISO 9001 berlaku.");
  await signOff(takaru, quality, -250, "Sertifikat ISO 9001 berlaku.");
  await signOff(takaru, environment, -240, "Sertifikat ISO 14001 berlaku.");

  // Buyers' requirements.
  await saveRequirements(db, {
    buyerId: tpr.organizationId,
    actorUserId: tpr.userId,
    input: RequirementsSchema.parse({ stageCodes: ["quality"], certificates: ["iso9001"], ppapLevel: 3, trialOrders: 1, trialCapQuantity: 200, note: "Pemasok resmi TPR: ISO 9001, PPAP level 3, dan satu pesanan uji coba tepat waktu dan lolos mutu." }),
    now: at(-200),
  });
  await saveRequirements(db, {
    buyerId: ahm.organizationId,
    actorUserId: ahm.userId,
    input: RequirementsSchema.parse({ stageCodes: ["five_r", "quality", "environment"], certificates: ["iso9001", "iso14001"], trialOrders: 3, trialCapQuantity: 500, note: "Program pembinaan dulu: 5R, ISO 9001, dan ISO 14001, lalu tiga pesanan uji coba." }),
    now: at(-200),
  });
  // Takaru: AHM approves it (its 2023 order went well), and YDBA signs off the approved-supplier stage.
  await relationshipStep(db, { buyerId: ahm.organizationId, supplierId: takaru.organizationId, event: "approve", reason: "Kinerja baik sejak 2023, 5R dan sistem mutu tersertifikasi.", actorUserId: ahm.userId, now: at(-90) });
  await signOff(takaru, approvedStage, -85, "Pemasok resmi PT Astra Honda Motor.");
  // Logam Jaya: AHM invites it on trial (cap 500) and awards a first capped trial order, contracted and under way.
  await inviteOnTrial(db, { buyerId: ahm.organizationId, actorUserId: ahm.userId, input: { supplierId: logamJaya.organizationId, capQuantity: 500 }, now: at(-45) });
  await pastOrder(db, { buyer: ahm, supplier: logamJaya, publishedAt: at(-40), partName: "Bracket footstep sepeda motor", quantity: 400, unitPrice: 38_500, trial: true, complete: false });

  for (const [year, target] of DEMO_TARGETS) {
    await saveTarget(db, { actorUserId: admin.id, input: TargetSchema.parse({ yearFrom: year, yearTo: year, target, note: "Target demo" }), now });
  }
  await db.insertInto("app_meta").values({ key: MARKER, value: toTimestamp(now) }).execute();
  return true;
}

async function stageId(db: Db, code: string): Promise<number> {
  const row = await db.selectFrom("ladder_stages").select("id").where("code", "=", code).executeTakeFirstOrThrow();
  return row.id;
}
