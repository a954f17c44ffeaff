import type { DbOrTrx } from "../../../db/client";

/** What the programme has: organizations by kind, users, and each organization with its member count. */
export async function programmeOverview(db: DbOrTrx) {
  const byKind = await db
    .selectFrom("organizations")
    .select(["kind", (eb) => eb.fn.countAll<number>().as("count")])
    .groupBy("kind")
    .orderBy("kind")
    .execute();
  const users = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const organizations = await db
    .selectFrom("organizations")
    .leftJoin("memberships", "memberships.organization_id", "organizations.id")
    .select([
      "organizations.id",
      "organizations.legal_name",
      "organizations.kind",
      "organizations.created_at",
      (eb) => eb.fn.count<number>("memberships.id").as("memberCount"),
    ])
    .groupBy("organizations.id")
    .orderBy("organizations.legal_name")
    .execute();
  return {
    byKind: byKind.map((k) => ({ kind: k.kind, count: Number(k.count) })),
    userCount: Number(users.n),
    organizations: organizations.map((o) => ({ ...o, memberCount: Number(o.memberCount) })),
  };
}
