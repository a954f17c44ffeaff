import { describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { compiledByShape, compiledOnce } from "../../db/compiled";
import type { Database, OrganizationKind } from "../../db/schema";
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

describe("compiledByShape", () => {
  const organizationsIn = compiledByShape((db: Kysely<Database>, v: { ids: readonly number[]; kind: OrganizationKind }) =>
    db.selectFrom("organizations").select(["id", "kind"]).where("id", "in", v.ids).where("kind", "=", v.kind).where("slug", "!=", "constant-slug").orderBy("id"),
  );

  it("runs each call with its own values, for lists of every length, constants kept", async () => {
    const buyers = [await createOrganizationWithOwner({ kind: "buyer" }), await createOrganizationWithOwner({ kind: "buyer" })];
    const supplier = await createOrganizationWithOwner({ kind: "supplier" });
    const ids = [...buyers.map((b) => b.organizationId), supplier.organizationId];
    expect(await organizationsIn(getDb(), { ids, kind: "buyer" })).toEqual(buyers.map((b) => ({ id: b.organizationId, kind: "buyer" })));
    expect(await organizationsIn(getDb(), { ids, kind: "supplier" })).toEqual([{ id: supplier.organizationId, kind: "supplier" }]);
    expect(await organizationsIn(getDb(), { ids: [buyers[1]!.organizationId], kind: "buyer" })).toEqual([{ id: buyers[1]!.organizationId, kind: "buyer" }]);
    expect(await organizationsIn(getDb(), { ids: [supplier.organizationId, buyers[0]!.organizationId], kind: "buyer" })).toEqual([{ id: buyers[0]!.organizationId, kind: "buyer" }]);
  });

  it("refuses a query that leaves a value out", async () => {
    const broken = compiledByShape((db: Kysely<Database>, _v: { id: number; kind: string }) => db.selectFrom("users").select("id").where("id", "=", _v.id));
    await expect(broken(getDb(), { id: 1, kind: "buyer" })).rejects.toThrow(/does not use kind/);
  });
});
