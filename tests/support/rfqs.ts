import { verifiedTaxRegistration } from "./tax";
import { randomBytes } from "node:crypto";
import { getDb } from "../../app/db.server";
import { inviteCooperativeMember } from "../../app/domain/cooperatives/invite-cooperative-member.server";
import { respondCooperativeMembership } from "../../app/domain/cooperatives/respond-cooperative-membership.server";
import { createRfq } from "../../app/domain/rfqs/save-rfq.server";
import { BidSchema, RfqSchema, type BidInput, type RfqInput } from "../../app/domain/rfqs/schemas";
import { dateToJakartaLocal } from "../../app/domain/time";
import { jakartaDate } from "../../app/domain/time";
import type { OrganizationKind } from "../../db/schema";
import { createOrganizationWithOwner, createTestAdmin } from "./factories";
import { approve, submitListing } from "./listings";

// Helpers for the RFQ / sealed-bid tests: approved suppliers (with a TKDN figure), cooperatives with
// active members, buyers, and valid RFQ and bid form inputs (parsed by the real schemas).

const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export type TestOrganization = Awaited<ReturnType<typeof createOrganizationWithOwner>>;

const admins = new Map<string, Promise<number>>();

/** One platform admin per test database (each test file has its own), made on first use. */
export function testAdminId(): Promise<number> {
  const key = process.env.DATABASE_URL ?? process.env.DATABASE_PATH ?? "";
  let admin = admins.get(key);
  if (!admin) {
    admin = createTestAdmin({
      email: `admin-rfq-${randomBytes(4).toString("hex")}@uji.pasok.id`,
      name: "Admin Uji",
      password: "rahasia-admin-123",
      now: new Date(),
    }).then((a) => a.userId);
    admins.set(key, admin);
  }
  return admin;
}

/**
 * A supplier (or cooperative) whose listing an admin approved. `tkdnPercent: null` makes a listing without
 * a TKDN certificate.
 */
export async function approvedSupplier(
  options: { tkdnPercent?: number | null; kind?: Extract<OrganizationKind, "supplier" | "cooperative">; legalName?: string; buys?: boolean; pkp?: boolean } = {},
): Promise<TestOrganization> {
  const organization = await createOrganizationWithOwner({ kind: options.kind ?? "supplier", legalName: options.legalName, buys: options.buys });
  const tkdn =
    options.tkdnPercent === null
      ? { tkdnPercent: undefined, tkdnNumber: undefined, tkdnVerifier: undefined, tkdnIssuedOn: undefined, tkdnFile: undefined }
      : { tkdnPercent: options.tkdnPercent ?? 55 };
  const { versionId } = await submitListing(
    organization.organizationId,
    organization.userId,
    options.kind === "cooperative" ? { ...tkdn, processes: ["assembly"] } : tkdn,
  );
  await approve(versionId, await testAdminId());
  // Most suppliers in the tests charge PPN: a verified PKP unless told otherwise.
  if (options.pkp !== false) await verifiedTaxRegistration(organization, "pkp");
  return organization;
}

/** A supplier that has signed up but whose listing is not approved (submitted, awaiting moderation). */
export async function unapprovedSupplier(): Promise<TestOrganization> {
  const organization = await createOrganizationWithOwner({ kind: "supplier" });
  await submitListing(organization.organizationId, organization.userId);
  return organization;
}

/** An approved cooperative with one active, approved member IKM per TKDN figure given (in that order). */
export async function cooperativeWithMembers(memberTkdn: (number | null)[], options: { coopTkdnPercent?: number | null } = {}) {
  const db = getDb();
  const now = new Date();
  const cooperative = await approvedSupplier({
    kind: "cooperative",
    tkdnPercent: options.coopTkdnPercent ?? 10,
    legalName: `Koperasi Logam Uji ${randomBytes(3).toString("hex")}`,
  });
  const members: TestOrganization[] = [];
  for (const tkdnPercent of memberTkdn) {
    const member = await approvedSupplier({ tkdnPercent });
    await inviteCooperativeMember(db, { cooperativeId: cooperative.organizationId, memberId: member.organizationId, actorUserId: cooperative.userId, now });
    const { id: membershipId } = await db
      .selectFrom("cooperative_memberships")
      .select("id")
      .where("cooperative_id", "=", cooperative.organizationId)
      .where("member_id", "=", member.organizationId)
      .executeTakeFirstOrThrow();
    await respondCooperativeMembership(db, { memberId: member.organizationId, membershipId, event: "accept", actorUserId: member.userId, now });
    members.push(member);
  }
  return { cooperative, members };
}

/** A buying organization (kind "buyer", buys = 1) with its owner. */
export function createBuyer(legalName?: string): Promise<TestOrganization> {
  return createOrganizationWithOwner({ kind: "buyer", legalName });
}

/** A whole minute `days` from now (deadlines are entered to the minute). */
export function minuteFromNow(days: number): Date {
  return new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + Math.round(days * DAY));
}

/** The instant as the deadline form field has it: Jakarta local time, "YYYY-MM-DDTHH:MM". */
export function jakartaLocal(at: Date): string {
  return dateToJakartaLocal(at.toISOString());
}

export interface RfqLineOverride {
  lineId?: number;
  partName?: string;
  partNumber?: string;
  quantity?: number;
  unit?: string;
  targetUnitPrice?: number | string;
  materialCode?: string;
  processCode?: string;
  drawing?: File;
  minTkdnPercent?: number;
  minTkdnBmpPercent?: number;
  tkdnRule?: "hard" | "preference";
}

/**
 * A valid RFQ form (intent "publish" unless overridden), parsed by the real RfqSchema. The deadline is given
 * as a Date (whole minute) and sent as Jakarta local text; the needed-by date is 30 days after it.
 */
export function rfqInput(overrides: Record<string, unknown> & { deadline?: Date; lines?: RfqLineOverride[] } = {}): RfqInput {
  return RfqSchema.parse(rfqForm(overrides));
}

/** The same RFQ form before parsing (what the browser would send, already typed). */
export function rfqForm(overrides: Record<string, unknown> & { deadline?: Date; lines?: RfqLineOverride[] } = {}): Record<string, unknown> {
  const { deadline = minuteFromNow(7), ...rest } = overrides;
  if (Array.isArray(rest.lines)) {
    rest.lines = (rest.lines as RfqLineOverride[]).map((l) =>
      l.targetUnitPrice === undefined ? l : { ...l, targetUnitPrice: String(l.targetUnitPrice) },
    );
  }
  return {
    intent: "publish",
    title: "Cylinder sleeve FC250 untuk pompa air",
    description: "Pengecoran sentrifugal, dibubut jadi.",
    lines: [{ partName: "Cylinder sleeve", partNumber: "CS-80", quantity: 200, unit: "pcs", materialCode: "fc250", processCode: "centrifugal_casting" }],
    deliveryProvinceCode: "33",
    deliveryRegencyCode: "33.10",
    deliveryAddress: "Jl. Raya Ceper No. 9, Klaten",
    neededBy: jakartaDate(new Date(deadline.getTime() + 30 * DAY)),
    bidDeadline: jakartaLocal(deadline),
    visibility: "public",
    paymentTerms: "30 hari setelah barang diterima",
    ...rest,
  };
}

/** A published (open) RFQ of the buyer, made through the real createRfq; with its lines in order. */
export async function publishedRfq(
  buyer: TestOrganization,
  overrides: Record<string, unknown> & { deadline?: Date; lines?: RfqLineOverride[]; now?: Date } = {},
) {
  const { now = new Date(), deadline = minuteFromNow(7), ...rest } = overrides;
  const db = getDb();
  const rfqId = await createRfq(db, {
    buyerId: buyer.organizationId,
    actorUserId: buyer.userId,
    input: rfqInput({ deadline, ...rest }),
    now,
  });
  const lines = await db.selectFrom("rfq_lines").selectAll().where("rfq_id", "=", rfqId).orderBy("position").execute();
  return { rfqId, deadline, lines, lineIds: lines.map((l) => l.id) };
}

/** A fresh submission key, as the bid form carries in a hidden field. */
export function submissionKey(): string {
  return randomBytes(18).toString("base64url");
}

export interface BidLineOverride {
  rfqLineId: number;
  quantity?: number;
  unitPrice?: number | string;
  shares?: { memberId: number; quantity: number }[];
  productName?: string;
}

/** A valid bid form parsed by the real BidSchema, with a random submission key (override it to repeat one). */
export function bidInput(lines: BidLineOverride[], overrides: Record<string, unknown> = {}): BidInput {
  return BidSchema.parse({
    submissionKey: submissionKey(),
    leadTimeDays: 21,
    validUntil: jakartaDate(new Date(Date.now() + 365 * DAY)),
    deliveryTerms: "Franco gudang pembeli",
    // The form sends prices as text ("150000"); the schema reads rupiah with thousands dots.
    lines: lines.map((l) => ({ ...l, unitPrice: l.unitPrice === undefined ? undefined : String(l.unitPrice), shares: l.shares ?? [] })),
    ...overrides,
  });
}

/** Rows of a table, counted (optionally only those matching a column value). */
export async function countRows(
  table: "rfqs" | "bids" | "bid_versions" | "bid_lines" | "bid_line_shares" | "awards" | "award_lines" | "audit_log" | "notifications" | "rfq_versions" | "rfq_files",
): Promise<number> {
  const row = await getDb()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The notifications a user received, oldest first, with their params parsed. */
export async function notificationsOf(userId: number, kind?: string) {
  const rows = await getDb()
    .selectFrom("notifications")
    .select(["kind", "params", "organization_id", "link"])
    .where("user_id", "=", userId)
    .$if(kind !== undefined, (q) => q.where("kind", "=", kind!))
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ ...r, parsed: JSON.parse(r.params) as Record<string, unknown> }));
}

/** How the RFQ pages see a member of the organization (a buyer of kind "buyer" does not sell). */
export function viewerOf(organization: TestOrganization, sells: boolean) {
  return { userId: organization.userId, organizationId: organization.organizationId, sells };
}
