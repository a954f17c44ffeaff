import { describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { compiledOnce } from "../../db/compiled";
import type { Database } from "../../db/schema";
import type { Kysely } from "kysely";
import { createOrganizationWithOwner } from "../support/factories";

describe("compiledOnce", () => {
  const userByEmail = compiledOnce((db: Kysely<Database>, email: string) => db.selectFrom("users").select(["id", "email"]).where("email", "=", email));

  it("runs one compiled statement with each call's own value", async () => {
    const a = await createOrganizationWithOwner({ kind: "buyer" });
    const b = await createOrganizationWithOwner({ kind: "supplier" });
    const emailOf = async (id: number) => (await getDb().selectFrom("users").select("email").where("id", "=", id).executeTakeFirstOrThrow()).email;
    expect(await userByEmail(getDb(), await emailOf(a.userId))).toEqual({ id: a.userId, email: await emailOf(a.userId) });
    expect(await userByEmail(getDb(), await emailOf(b.userId))).toEqual({ id: b.userId, email: await emailOf(b.userId) });
    expect(await userByEmail(getDb(), "nobody@example.test")).toBeUndefined();
  });

  it("refuses a query that does not use its value (it would run the same thing for every caller)", async () => {
    const broken = compiledOnce((db: Kysely<Database>) => db.selectFrom("users").select("id").where("id", "=", 1));
    await expect(broken(getDb(), "x")).rejects.toThrow(/does not use its value/);
  });
});
