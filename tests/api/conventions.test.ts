import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfig } from "../../app/config.server";
import { getDb } from "../../app/db.server";
import { listApiKeys, revokeApiKey } from "../../app/domain/api-keys/api-keys.server";
import { logIn } from "../../app/domain/accounts/log-in.server";
import { shiftDate, jakartaDate } from "../../app/domain/time";
import { apiKeyFor, callApi, checkContract } from "../support/api";
import { createBuyer, rfqForm } from "../support/rfqs";
import { pdfFile } from "../support/listings";

async function count(table: "memberships" | "rfqs", column: "user_id" | "buyer_id", value: number): Promise<number> {
  const rows = await getDb().selectFrom(table).select("id").where(column as never, "=", value as never).execute();
  return rows.length;
}

// Issue 21: API v1's conventions on a real database — keys (shown once, stored hashed, scoped, expiring,
// revocable, acting as a named integration member), problems, Idempotency-Key, cursor pages, RateLimit, ETags.

const db = () => getDb();

describe("API keys", () => {
  it("are shown once and stored only as a hash; each acts as a named integration member that cannot sign in", async () => {
    const buyer = await createBuyer("PT Kereta Api Uji");
    const { id, token } = await apiKeyFor(buyer, { name: "SAP KAI produksi", scopes: ["rfqs:write"] });
    expect(token).toMatch(/^psk_[a-z2-7]{16}_[a-z2-7]{32}$/);
    const row = await db().selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const secret = token.split("_")[2]!;
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    const user = await db().selectFrom("users").selectAll().where("id", "=", row.user_id).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ kind: "integration", name: "SAP KAI produksi" });
    const membership = await db().selectFrom("memberships").selectAll().where("user_id", "=", row.user_id).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ organization_id: buyer.organizationId, role: "member" });
    // Its user has no password: signing in with its address fails like any unknown one.
    expect((await logIn(db(), { email: user.email, password: "!", ip: null, now: new Date() })).ok).toBe(false);

    const me = await callApi("GET", "/me", { token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      organization: { id: buyer.organizationId, name: "PT Kereta Api Uji", kind: "buyer", buys: true, sells: false },
      key: { id, name: "SAP KAI produksi", role: "member", scopes: ["rfqs:write"] },
    });
    const [listed] = await listApiKeys(db(), { organizationId: buyer.organizationId, actorUserId: buyer.userId, now: new Date() });
    expect(listed).toMatchObject({ id, status: "active", lastUsedAddress: "203.0.113.7", events: ["revoke"] });
    expect(listed!.lastUsedAt).not.toBeNull();
  });

  it("refuses a missing, malformed, unknown, revoked or expired key with 401 and says which", async () => {
    const buyer = await createBuyer();
    const { id, token } = await apiKeyFor(buyer);
    const wrongSecret = token.slice(0, -4) + (token.endsWith("aaaa") ? "bbbb" : "aaaa");
    const cases: [string | null, string][] = [
      [null, "error.apiKeyMissing"],
      ["not-a-key", "error.apiKeyInvalid"],
      [wrongSecret, "error.apiKeyInvalid"],
    ];
    for (const [t, key] of cases) {
      const answer = await callApi("GET", "/me", { token: t });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("WWW-Authenticate")).toContain("Bearer");
      expect(answer.headers.get("Content-Type")).toContain("application/problem+json");
      expect(answer.body.messageKey).toBe(key);
    }
    await revokeApiKey(db(), { keyId: id, organizationId: buyer.organizationId, actorUserId: buyer.userId, now: new Date() });
    expect((await callApi("GET", "/me", { token })).body.messageKey).toBe("error.apiKeyRevoked");
    // Revoking ends the integration membership too, and is audited.
    const row = await db().selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(await count("memberships", "user_id", row.user_id)).toBe(0);
    const audit = await db().selectFrom("audit_log").select(["action", "from_state", "to_state", "actor_user_id"]).where("entity_type", "=", "api_key").where("entity_id", "=", String(id)).orderBy("id").execute();
    expect(audit).toEqual([
      { action: "create", from_state: null, to_state: "active", actor_user_id: buyer.userId },
      { action: "revoke", from_state: "active", to_state: "revoked", actor_user_id: buyer.userId },
    ]);
    // A second revoke is refused by the transition table.
    await expect(revokeApiKey(db(), { keyId: id, organizationId: buyer.organizationId, actorUserId: buyer.userId, now: new Date() })).rejects.toMatchObject({ status: 409 });

    const today = jakartaDate(new Date());
    const expiring = await apiKeyFor(buyer, { expiresOn: today });
    expect((await callApi("GET", "/me", { token: expiring.token })).status).toBe(200);
    const later = new Date(Date.parse(`${shiftDate(today, 1)}T00:00:00+07:00`) + 1000);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(later);
      expect((await callApi("GET", "/me", { token: expiring.token })).body.messageKey).toBe("error.apiKeyExpired");
      const listedLater = await listApiKeys(db(), { organizationId: buyer.organizationId, actorUserId: buyer.userId, now: new Date() });
      expect(listedLater.find((k) => k.id === expiring.id)).toMatchObject({ status: "active", expired: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it("only an owner creates, lists or revokes keys, and a key's expiry must be ahead", async () => {
    const buyer = await createBuyer();
    const { createApiKey } = await import("../../app/domain/api-keys/api-keys.server");
    const key = await apiKeyFor(buyer, { role: "member" });
    const row = await db().selectFrom("api_keys").select("user_id").where("id", "=", key.id).executeTakeFirstOrThrow();
    // The key's own (member) user is not an owner.
    await expect(
      createApiKey(db(), { organizationId: buyer.organizationId, actorUserId: row.user_id, input: { name: "x", role: "owner", scopes: ["rfqs:read"] }, now: new Date() }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(listApiKeys(db(), { organizationId: buyer.organizationId, actorUserId: row.user_id, now: new Date() })).rejects.toMatchObject({ status: 403 });
    await expect(apiKeyFor(buyer, { expiresOn: "2020-01-01" })).rejects.toMatchObject({ status: 422, field: "expiresOn" });
  });
});

describe("API problems", () => {
  it("answers bad JSON, a wrong media type, an invalid body and an over-long body with problems naming the fields, in the client's language", async () => {
    const buyer = await createBuyer();
    const { token } = await apiKeyFor(buyer);
    const badJson = await callApi("POST", "/rfqs", { token, raw: "{ not json", headers: { "Content-Type": "application/json" } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.messageKey).toBe("error.jsonBody");
    const form = await callApi("POST", "/rfqs", { token, raw: "title=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    const invalid = await callApi("POST", "/rfqs", { token, body: { intent: "publish", title: "", lines: [{ partName: "Blok rem", quantity: -3, unit: "pcs" }] }, headers: { "Accept-Language": "id-ID,id;q=0.9" } });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("Content-Language")).toBe("id");
    const byPointer = Object.fromEntries((invalid.body.errors as { pointer: string; detail: string }[]).map((e) => [e.pointer, e.detail]));
    expect(byPointer["/title"]).toBe("Wajib diisi.");
    expect(byPointer["/lines/0/quantity"]).toBeDefined();
    expect(byPointer["/deliveryAddress"]).toBe("Wajib diisi.");
    const english = await callApi("POST", "/rfqs", { token, body: { title: "" } });
    expect(english.body.errors.find((e: { pointer: string }) => e.pointer === "/title").detail).toBe("Required.");
    const huge = await callApi("POST", "/rfqs", { token, raw: JSON.stringify({ title: "x".repeat(1_100_000) }), headers: { "Content-Type": "application/json" } });
    expect(huge.status).toBe(413);
    expect(await count("rfqs", "buyer_id", buyer.organizationId)).toBe(0);
    // Unknown paths and methods.
    expect((await callApi("GET", "/nothing-here", { token })).status).toBe(404);
    const wrongMethod = await callApi("DELETE", "/rfqs", { token });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("Allow")).toBe("GET, POST");
    expect((await callApi("GET", "/rfqs/abc", { token })).status).toBe(400);
    expect((await callApi("GET", "/rfqs/99999999", { token })).status).toBe(404);
  });
});

describe("Idempotency-Key", () => {
  it("replays the first answer to a retry, refuses the key with another body, and makes one RFQ", async () => {
    const buyer = await createBuyer();
    const { token } = await apiKeyFor(buyer);
    const body = { ...rfqForm(), intent: "save" };
    const first = await callApi("POST", "/rfqs", { token, body, headers: { "Idempotency-Key": "erp-po-4711" } });
    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const retry = await callApi("POST", "/rfqs", { token, body, headers: { "Idempotency-Key": "erp-po-4711" } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("ETag")).toBe(first.headers.get("ETag"));
    expect(await count("rfqs", "buyer_id", buyer.organizationId)).toBe(1);
    const other = await callApi("POST", "/rfqs", { token, body: { ...body, title: "Lain" }, headers: { "Idempotency-Key": "erp-po-4711" } });
    expect(other.status).toBe(422);
    expect(other.body.messageKey).toBe("error.idempotencyMismatch");
    // As Stripe: a body the schema refuses never started running, so it is not stored (the fixed retry runs) …
    const refused = await callApi("POST", "/rfqs", { token, body: { title: "" }, headers: { "Idempotency-Key": "erp-po-4712" } });
    expect(refused.status).toBe(422);
    const fixed = await callApi("POST", "/rfqs", { token, body, headers: { "Idempotency-Key": "erp-po-4712" } });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get("Idempotent-Replayed")).toBeNull();
    // … while a use case's refusal is the answer, replayed and not run again.
    const draftId = first.body.id as number;
    await callApi("POST", `/rfqs/${draftId}/cancel`, { token, body: { reason: "Gambar direvisi" } });
    const late = await callApi("POST", `/rfqs/${draftId}/publish`, { token, headers: { "Idempotency-Key": "publish-1" } });
    const lateAgain = await callApi("POST", `/rfqs/${draftId}/publish`, { token, headers: { "Idempotency-Key": "publish-1" } });
    expect([late.status, lateAgain.status]).toEqual([409, 409]);
    expect(lateAgain.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await count("rfqs", "buyer_id", buyer.organizationId)).toBe(2);
    // Keys are per API key: another key of the same organization may use the same string.
    const second = await apiKeyFor(buyer);
    expect((await callApi("POST", "/rfqs", { token: second.token, body, headers: { "Idempotency-Key": "erp-po-4711" } })).headers.get("Idempotent-Replayed")).toBeNull();
    expect(await count("rfqs", "buyer_id", buyer.organizationId)).toBe(3);
    expect((await callApi("POST", "/rfqs", { token, body, headers: { "Idempotency-Key": "spasi tidak boleh" } })).status).toBe(400);
  });

  it("answers 409 to a retry while the first request still runs", async () => {
    const buyer = await createBuyer();
    const { id, token } = await apiKeyFor(buyer);
    const { claimIdempotencyKey, requestHash } = await import("../../app/api/conventions.server");
    const body = JSON.stringify({ ...rfqForm(), intent: "save" });
    await claimIdempotencyKey(db(), { keyId: id, idempotencyKey: "running", hash: requestHash("post", "/api/v1/rfqs", body), now: new Date() });
    const answer = await callApi("POST", "/rfqs", { token, raw: body, headers: { "Content-Type": "application/json", "Idempotency-Key": "running" } });
    expect(answer.status).toBe(409);
    expect(answer.body.messageKey).toBe("error.idempotencyInProgress");
  });
});

describe("cursor pages", () => {
  it("walks every RFQ once, newest first, and refuses a forged cursor", async () => {
    const buyer = await createBuyer();
    const other = await createBuyer();
    const { token } = await apiKeyFor(buyer);
    const otherKey = await apiKeyFor(other);
    for (let i = 1; i <= 5; i++) await callApi("POST", "/rfqs", { token, body: { ...rfqForm(), intent: "save", title: `RFQ ${i}` } });
    await callApi("POST", "/rfqs", { token: otherKey.token, body: { ...rfqForm(), intent: "save", title: "Milik lain" } });
    const titles: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: { status: number; body: { data: { title: string }[]; nextCursor: string | null } } = await callApi("GET", `/rfqs?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token });
      expect(answer.status).toBe(200);
      titles.push(...answer.body.data.map((r) => r.title));
      cursor = answer.body.nextCursor;
      pages++;
    } while (cursor);
    expect(titles).toEqual(["RFQ 5", "RFQ 4", "RFQ 3", "RFQ 2", "RFQ 1"]);
    expect(pages).toBe(3);
    expect((await callApi("GET", "/rfqs?cursor=bm90LW91cnM", { token })).status).toBe(400);
    expect((await callApi("GET", "/rfqs?limit=1000", { token })).status).toBe(400);
    expect((await callApi("GET", "/rfqs?status=draft", { token })).body.data).toHaveLength(5);
    expect((await callApi("GET", "/rfqs?status=open", { token })).body.data).toHaveLength(0);
  });
});

describe("rate limit", () => {
  afterEach(() => {
    delete process.env.API_RATE_LIMIT_PER_MINUTE;
    resetConfig();
  });

  it("announces the quota on every answer and refuses past it with 429 and Retry-After, per key", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    resetConfig();
    const buyer = await createBuyer();
    const { token } = await apiKeyFor(buyer);
    const other = await apiKeyFor(buyer);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await callApi("GET", "/me", { token });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("RateLimit-Policy")).toBe('"per-key";q=3;w=60');
      remaining.push(answer.headers.get("RateLimit")!.split(";")[1]!);
    }
    // Unless the minute turned over between two calls, the count went down 2, 1, 0.
    expect(["r=2,r=1,r=0", "r=0,r=2,r=1", "r=1,r=0,r=2"]).toContain(remaining.join(","));
    if (remaining.join(",") === "r=2,r=1,r=0") {
      const refused = await callApi("GET", "/me", { token });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(refused.headers.get("RateLimit")).toMatch(/^"per-key";r=0;t=\d+$/);
    }
    expect((await callApi("GET", "/me", { token: other.token })).status).toBe(200);
  });
});

describe("ETags and If-Match", () => {
  it("refuses a write without If-Match (428) or with a stale one (412), so two systems cannot overwrite each other", async () => {
    const buyer = await createBuyer();
    const { token } = await apiKeyFor(buyer);
    const created = await callApi("POST", "/rfqs", { token, body: { ...rfqForm(), intent: "save", title: "Blok rem komposit" } });
    const id = created.body.id as number;
    const etag = created.headers.get("ETag")!;
    expect(etag).toMatch(/^"rfq-\d+-[0-9a-f]{16}"$/);
    const read = await callApi("GET", `/rfqs/${id}`, { token });
    expect(read.headers.get("ETag")).toBe(etag);
    const change = { ...rfqForm(), intent: "save", title: "Blok rem komposit — revisi", lines: [{ lineId: created.body.lines[0].id, partName: "Blok rem K", quantity: 500, unit: "pcs" }] };
    expect((await callApi("PUT", `/rfqs/${id}`, { token, body: change })).status).toBe(428);
    const first = await callApi("PUT", `/rfqs/${id}`, { token, body: change, headers: { "If-Match": etag } });
    expect(first.status).toBe(200);
    expect(first.body.title).toBe("Blok rem komposit — revisi");
    expect(first.body.lines).toMatchObject([{ id: created.body.lines[0].id, partName: "Blok rem K", quantity: 500 }]);
    expect(first.headers.get("ETag")).not.toBe(etag);
    // The other system still holds the old ETag.
    const second = await callApi("PUT", `/rfqs/${id}`, { token, body: { ...change, title: "Tertimpa" }, headers: { "If-Match": etag } });
    expect(second.status).toBe(412);
    expect((await callApi("GET", `/rfqs/${id}`, { token })).body.title).toBe("Blok rem komposit — revisi");
  });
});

describe("the contract check", () => {
  it("fails on an undocumented status, an undocumented field and a wrong type", () => {
    expect(() => checkContract("GET", "/me", 418, "application/json", {})).toThrow(/not documented/);
    const me = { organization: { id: 1, name: "x", kind: "buyer", buys: true, sells: false }, key: { id: 1, name: "k", role: "member", scopes: [] } };
    expect(() => checkContract("GET", "/me", 200, "application/json", me)).not.toThrow();
    expect(() => checkContract("GET", "/me", 200, "application/json", { ...me, secret: "x" })).toThrow(/does not match/);
    expect(() => checkContract("GET", "/me", 200, "application/json", { ...me, organization: { ...me.organization, id: "1" } })).toThrow(/does not match/);
  });
});

describe("drawings over the API", () => {
  it("adds a drawing to a draft's line (its content checked), and refuses one on an open RFQ", async () => {
    const buyer = await createBuyer();
    const { token } = await apiKeyFor(buyer);
    const draft = await callApi("POST", "/rfqs", { token, body: { ...rfqForm(), intent: "save" } });
    const lineId = draft.body.lines[0].id as number;
    const pdf = pdfFile("gambar.pdf");
    const file = { name: "TPR-CS-0412.pdf", contentType: "application/pdf", data: Buffer.from(await pdf.arrayBuffer()).toString("base64") };
    const added = await callApi("POST", `/rfqs/${draft.body.id}/lines/${lineId}/drawings`, { token, body: { file } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const read = await callApi("GET", `/rfqs/${draft.body.id}`, { token });
    expect(read.body.lines[0].drawings).toEqual([{ id: added.body.id, name: "TPR-CS-0412.pdf", size: (await pdf.arrayBuffer()).byteLength, contentType: "application/pdf" }]);
    const text = await callApi("POST", `/rfqs/${draft.body.id}/lines/${lineId}/drawings`, { token, body: { file: { name: "x.pdf", contentType: "application/pdf", data: Buffer.from("not a drawing").toString("base64") } } });
    expect([text.status, text.body.messageKey]).toEqual([422, "error.drawingType"]);
    expect((await callApi("POST", `/rfqs/${draft.body.id}/lines/${lineId}/drawings`, { token, body: { file: { ...file, data: "@@@" } } })).status).toBe(422);
    await callApi("POST", `/rfqs/${draft.body.id}/publish`, { token });
    expect((await callApi("POST", `/rfqs/${draft.body.id}/lines/${lineId}/drawings`, { token, body: { file } })).status).toBe(409);
  });
});
