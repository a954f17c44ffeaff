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

/** The titles of the scenes' RFQs, by which the tests find them. */
export const PROPELLER_RFQ_TITLES = { compare: "Baling-baling kapal perunggu — perbandingan", plural: "Baling-baling kapal perunggu — jamak" } as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.env.DATABASE_PATH = E2E_DATABASE;
  process.env.UPLOADS_DIR = fileURLToPath(new URL("../.tmp/e2e-uploads", import.meta.url));
  for (const title of Object.values(PROPELLER_RFQ_TITLES)) await closedPropellerRfq(title);
}
