import { seedDemoTax } from "./demo-tax";
import { seedDemoContinuity } from "./demo-continuity";
import type { Db } from "../../db/client";
import { createAdmin } from "../../app/domain/admin/create-admin.server";
import { storeTwoFactorKey } from "../../app/domain/accounts/enable-two-factor.server";
import { decodeTotpKey } from "../../app/domain/accounts/totp.server";
import { signUp } from "../../app/domain/accounts/sign-up.server";
import { signUpDemoOrganization } from "./demo-history";
import { inviteCooperativeMember } from "../../app/domain/cooperatives/invite-cooperative-member.server";
import { respondCooperativeMembership } from "../../app/domain/cooperatives/respond-cooperative-membership.server";
import { createInvitation } from "../../app/domain/organizations/invitations.server";
import { toTimestamp } from "../../app/clock.server";
import { DEMO_ADMIN, DEMO_ORGANIZATIONS } from "./demo-data";
import { seedDemoListings } from "./demo-listings";
import { seedDemoRfqs } from "./demo-rfqs";
import { seedDemoWorkOrders } from "./demo-work-orders";
import { DEMO_MENTORS, seedDemoDevelopment } from "./demo-development";

export const DEMO_PASSWORD = "pasok-demo-2026";
/** The demo admin's TOTP key (base32), for an authenticator app or `npx tsx scripts/totp-code.ts`. Demo only. */
export const DEMO_ADMIN_TOTP_KEY = "PASOKDEMOADMINTWOFACTORKEYDEMOAA";
const SEEDED_KEY = "demo_seeded_at";

export interface DemoLogin {
  email: string;
  description: string;
}

export function demoLogins(): DemoLogin[] {
  return [
    { email: DEMO_ADMIN.email, description: "Admin platform" },
    ...[...DEMO_ORGANIZATIONS, ...DEMO_MENTORS].flatMap((o) => [
      { email: o.owner.email, description: `${o.legalName} — ${o.description}` },
      ...(o.colleagues ?? []).map((c) => ({ email: c.email, description: `${o.legalName} — anggota tim` })),
    ]),
  ];
}

/**
 * Seeds the demo organizations through the same use cases real users go through (sign-up, invitations),
 * once: a marker in app_meta keeps it from running again, and a database that already has organizations
 * of its own is left alone.
 */
export async function seedDemoData(db: Db, options: { now: Date }): Promise<{ seeded: boolean; logins: DemoLogin[] }> {
  const marker = await db.selectFrom("app_meta").select("value").where("key", "=", SEEDED_KEY).executeTakeFirst();
  if (marker) {
    // A database seeded before listings existed gets its demo listings now (once); likewise tax identities.
    await seedDemoTax(db, { now: options.now, adminEmail: DEMO_ADMIN.email });
    await seedDemoListings(db, { now: options.now, adminEmail: DEMO_ADMIN.email });
    await seedDemoRfqs(db, { now: options.now });
    await seedDemoWorkOrders(db, { now: options.now });
    await seedDemoDevelopment(db, { now: options.now, password: DEMO_PASSWORD, adminEmail: DEMO_ADMIN.email });
    await seedDemoContinuity(db, { now: options.now });
    return { seeded: false, logins: demoLogins() };
  }
  const anyOrganization = await db.selectFrom("organizations").select("id").limit(1).executeTakeFirst();
  if (anyOrganization) return { seeded: false, logins: [] };

  const ids = new Map<string, number>();
  const ownerIds = new Map<string, number>();
  for (const org of DEMO_ORGANIZATIONS) {
    const { userId, organizationId } = await signUpDemoOrganization(db, org, DEMO_PASSWORD, options.now);
    ids.set(org.key, organizationId);
    ownerIds.set(org.key, userId);
    for (const colleague of org.colleagues ?? []) {
      const { token } = await createInvitation(db, {
        organizationId,
        actorUserId: userId,
        email: colleague.email,
        role: "member",
        now: options.now,
        publicUrl: "http://localhost:3000",
      });
      await signUp(
        db,
        { name: colleague.name, email: colleague.email, password: DEMO_PASSWORD, invite: token },
        { locale: "id", now: options.now },
      );
    }
  }

  // Cooperative members join the way real IKMs do: the cooperative invites, the IKM accepts (audited).
  for (const org of DEMO_ORGANIZATIONS) {
    if (!org.memberOf) continue;
    const cooperativeId = ids.get(org.memberOf)!;
    const memberId = ids.get(org.key)!;
    await inviteCooperativeMember(db, { cooperativeId, memberId, actorUserId: ownerIds.get(org.memberOf)!, now: options.now });
    const { id: membershipId } = await db
      .selectFrom("cooperative_memberships")
      .select("id")
      .where("cooperative_id", "=", cooperativeId)
      .where("member_id", "=", memberId)
      .executeTakeFirstOrThrow();
    await respondCooperativeMembership(db, { memberId, membershipId, event: "accept", actorUserId: ownerIds.get(org.key)!, now: options.now });
  }
  await db.insertInto("app_meta").values({ key: SEEDED_KEY, value: toTimestamp(options.now) }).execute();
  const admin = await createAdmin(db, { ...DEMO_ADMIN, password: DEMO_PASSWORD, now: options.now });
  // Admins must use two-factor sign-in; the demo admin's key is public (README), like the demo password.
  await db.transaction().execute((trx) => storeTwoFactorKey(trx, { userId: admin.userId, key: decodeTotpKey(DEMO_ADMIN_TOTP_KEY)!, now: options.now }));
  // Tax identities first: the demo's orders and invoices are made knowing who is PKP and who collects PPN.
  await seedDemoTax(db, { now: options.now, adminEmail: DEMO_ADMIN.email });
  await seedDemoListings(db, { now: options.now, adminEmail: DEMO_ADMIN.email });
  await seedDemoRfqs(db, { now: options.now });
  await seedDemoWorkOrders(db, { now: options.now });
  await seedDemoDevelopment(db, { now: options.now, password: DEMO_PASSWORD, adminEmail: DEMO_ADMIN.email });
  await seedDemoContinuity(db, { now: options.now });
  return { seeded: true, logins: demoLogins() };
}

