import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../app/db.server";
import { ATTEMPTS_SHOWN, changeWebhookEndpoint, createWebhookEndpoint, listWebhookEndpoints, resendWebhookDelivery } from "../../app/domain/webhooks/endpoints.server";
import { webhookUrlProblem } from "../../app/domain/webhooks/schemas";
import { isPrivateAddress, postWebhook } from "../../app/domain/webhooks/post.server";
import { deliverDueWebhooks } from "../../app/domain/webhooks/sender.server";
import { signWebhook, verifyWebhook } from "../../app/domain/webhooks/signature";
import { RETRY_DELAYS_MS } from "../../app/domain/webhooks/webhook-states";
import { writeAudit } from "../../app/domain/audit/write-audit.server";
import { submitBid } from "../../app/domain/rfqs/submit-bid.server";
import { apiKeyFor, callApi } from "../support/api";
import { approvedSupplier, bidInput, createBuyer, publishedRfq, rfqForm } from "../support/rfqs";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

// Issue 21: webhooks. Events are written in the transaction of the change (none if it rolls back), delivered
// by the sender to a real HTTP receiver, signed per Standard Webhooks 1.0 (checked here as a receiver would),
// retried with backoff on failure and given up after the schedule, sent again on request; a rotated secret
// signs alongside the old one for a day; a buyer hears of a bid by count only.

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

const db = () => getDb();

async function endpointFor(org: { organizationId: number; userId: number }, eventTypes: ("rfq" | "order" | "bid" | "award")[] = ["rfq"]) {
  return createWebhookEndpoint(db(), { organizationId: org.organizationId, actorUserId: org.userId, input: { url: receiver.url, eventTypes }, now: new Date() });
}

describe("Standard Webhooks signatures", () => {
  it("match the specification's example and refuse a changed body, another secret or an old timestamp", () => {
    // The example of the Standard Webhooks specification (spec/standard-webhooks.md, "Signature scheme").
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const timestamp = 1614265330;
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, id, timestamp, body)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    const headers = { id, timestamp: String(timestamp), signature: `v1,bm90LXRoaXM= ${signWebhook(secret, id, timestamp, body)}` };
    expect(verifyWebhook(secret, headers, body, timestamp * 1000)).toBe(true);
    expect(verifyWebhook(secret, headers, body + " ", timestamp * 1000)).toBe(false);
    expect(verifyWebhook("whsec_" + Buffer.from("other-secret-bytes").toString("base64"), headers, body, timestamp * 1000)).toBe(false);
    expect(verifyWebhook(secret, headers, body, (timestamp + 3600) * 1000)).toBe(false);
  });

  it("refuses addresses that are not public http(s) in production", () => {
    expect(webhookUrlProblem("ftp://erp.example/hook", false)).toBe("error.webhookUrl");
    expect(webhookUrlProblem("https://user:pw@erp.example/hook", false)).toBe("error.webhookUrl");
    expect(webhookUrlProblem("http://127.0.0.1:8080/hook", false)).toBeNull();
    expect(webhookUrlProblem("http://erp.tpr.co.id/hook", true)).toBe("error.webhookHttps");
    for (const host of ["127.0.0.1", "10.1.2.3", "192.168.1.10", "172.20.0.5", "169.254.169.254", "[::1]", "localhost", "erp.internal"]) {
      expect(webhookUrlProblem(`https://${host}/hook`, true), host).toBe("error.webhookPrivate");
    }
    expect(webhookUrlProblem("https://erp.tpr.co.id/pasok", true)).toBeNull();
  });

  it("checks, at send time, the address the connection is really made to (a name resolving to this network included)", async () => {
    for (const address of ["127.0.0.1", "10.0.0.8", "100.64.1.1", "172.31.255.1", "192.168.0.1", "169.254.169.254", "0.0.0.0", "::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::7f00:1", "64:ff9b::10.1.2.3", "64:ff9b::a9fe:a9fe", "fd12::1", "fe80::1"]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["203.0.113.7", "8.8.8.8", "172.32.0.1", "2001:4860:4860::8888", "::ffff:808:808", "64:ff9b::808:808"]) expect(isPrivateAddress(address), address).toBe(false);
    const port = new URL(receiver.url).port;
    const send = (url: string, allowPrivate: boolean) => postWebhook(url, { headers: { "Content-Type": "application/json" }, body: "{}", timeoutMs: 2000, allowPrivate });
    const before = receiver.received.length;
    // "localhost" passes no textual check here: it is refused because of what it resolves to.
    await expect(send(`http://localhost:${port}/pasok-hooks`, false)).rejects.toThrow(/private address/);
    await expect(send(`http://127.0.0.1:${port}/pasok-hooks`, false)).rejects.toThrow(/private address/);
    await expect(send(`http://[::ffff:127.0.0.1]:${port}/pasok-hooks`, false)).rejects.toThrow(/private address/);
    expect(receiver.received.length).toBe(before);
    // Allowed (an ERP on the same private network), the same call is delivered.
    expect(await send(`http://localhost:${port}/pasok-hooks`, true)).toBe(200);
    expect(receiver.received.length).toBe(before + 1);
  });
});

describe("webhook deliveries", () => {
  it("announce committed changes only, signed, to the endpoints that take the event", async () => {
    const buyer = await createBuyer();
    const { secret } = await endpointFor(buyer, ["rfq"]);
    const other = await createBuyer();
    await createWebhookEndpoint(db(), { organizationId: other.organizationId, actorUserId: other.userId, input: { url: receiver.url, eventTypes: ["order"] }, now: new Date() });
    const token = (await apiKeyFor(buyer)).token;
    receiver.received.length = 0;

    const created = await callApi("POST", "/rfqs", { token, body: rfqForm({ title: "Blok rem komposit K" }) });
    expect(created.status).toBe(201);
    // A change that rolls back writes no event.
    await expect(
      db().transaction().execute(async (trx) => {
        await writeAudit(trx, { actorUserId: buyer.userId, organizationId: buyer.organizationId, entityType: "rfq", entityId: created.body.id, action: "cancel", fromState: "open", toState: "cancelled", now: new Date() });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");

    const sent = await deliverDueWebhooks(db(), { now: new Date() });
    expect(sent).toEqual({ delivered: 2, retried: 0, failed: 0 });
    const types = receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types).toEqual(["rfq.create", "rfq.publish"]);
    for (const r of receiver.received) expect(verifyWebhook(secret, r, r.body)).toBe(true);
    const publish = JSON.parse(receiver.received[1]!.body) as { data: Record<string, unknown> };
    expect(publish.data).toEqual({ object: "rfq", id: created.body.id, action: "publish", fromState: "draft", toState: "open", href: `/api/v1/rfqs/${created.body.id}` });
    // Nothing for the other organization (its endpoint takes orders only; the RFQ is not its own anyway).
    expect(await db().selectFrom("webhook_events").select("id").where("organization_id", "=", other.organizationId).execute()).toHaveLength(0);
    expect((await deliverDueWebhooks(db(), { now: new Date() })).delivered).toBe(0);
  });

  it("tell the buyer a bid arrived as a count, never its contents", async () => {
    const buyer = await createBuyer();
    await endpointFor(buyer, ["rfq", "bid", "award"]);
    const supplier = await approvedSupplier();
    const rfq = await publishedRfq(buyer);
    await deliverDueWebhooks(db(), { now: new Date() });
    receiver.received.length = 0;
    await submitBid(db(), { rfqId: rfq.rfqId, supplierId: supplier.organizationId, actorUserId: supplier.userId, input: bidInput([{ rfqLineId: rfq.lineIds[0]!, quantity: 200, unitPrice: 987_654 }]), now: new Date() });
    await deliverDueWebhooks(db(), { now: new Date() });
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    expect(bodies.map((b) => b.type)).toEqual(["rfq.bid_received"]);
    expect(bodies[0]!.data).toEqual({ object: "rfq", id: rfq.rfqId, bidCount: 1, href: `/api/v1/rfqs/${rfq.rfqId}` });
    // Nothing else in the body: the data above, the type and the time (no supplier, no price anywhere).
    expect(Object.keys(JSON.parse(receiver.received[0]!.body) as object).sort()).toEqual(["data", "timestamp", "type"]);
    expect(receiver.received[0]!.body).not.toContain("987654");
  });

  it("retry with backoff, give up after the schedule, and are sent again on request", async () => {
    const buyer = await createBuyer();
    await endpointFor(buyer, ["rfq"]);
    const token = (await apiKeyFor(buyer)).token;
    await callApi("POST", "/rfqs", { token, body: { ...rfqForm(), intent: "save", title: "Retry" } });
    receiver.answer = 503;
    receiver.received.length = 0;
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      let at = new Date();
      vi.setSystemTime(at);
      expect(await deliverDueWebhooks(db(), { now: at })).toEqual({ delivered: 0, retried: 1, failed: 0 });
      // Not due again before its delay.
      expect((await deliverDueWebhooks(db(), { now: new Date(at.getTime() + RETRY_DELAYS_MS[0]! - 1000) })).retried).toBe(0);
      for (const delay of RETRY_DELAYS_MS.slice(0, -1)) {
        at = new Date(at.getTime() + delay + 1);
        vi.setSystemTime(at);
        expect((await deliverDueWebhooks(db(), { now: at })).retried).toBe(1);
      }
      at = new Date(at.getTime() + RETRY_DELAYS_MS.at(-1)! + 1);
      vi.setSystemTime(at);
      expect(await deliverDueWebhooks(db(), { now: at })).toEqual({ delivered: 0, retried: 0, failed: 1 });
    } finally {
      vi.useRealTimers();
    }
    expect(receiver.received).toHaveLength(RETRY_DELAYS_MS.length + 1);
    // Every retry is the same message: one webhook-id.
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
    const [endpoint] = await listWebhookEndpoints(db(), { organizationId: buyer.organizationId, actorUserId: buyer.userId, now: new Date() });
    const delivery = endpoint!.deliveries[0]!;
    expect(delivery).toMatchObject({ status: "failed", attempts: RETRY_DELAYS_MS.length + 1, last_status_code: 503, events: ["resend"] });
    expect(await db().selectFrom("webhook_attempts").select("id").where("delivery_id", "=", delivery.id).execute()).toHaveLength(RETRY_DELAYS_MS.length + 1);

    // Another organization cannot send it again; its owner can, and the receiver now answers.
    const outsider = await createBuyer();
    await expect(resendWebhookDelivery(db(), { deliveryId: delivery.id, organizationId: outsider.organizationId, actorUserId: outsider.userId, now: new Date() })).rejects.toMatchObject({ status: 404 });
    await resendWebhookDelivery(db(), { deliveryId: delivery.id, organizationId: buyer.organizationId, actorUserId: buyer.userId, now: new Date() });
    receiver.answer = 200;
    expect((await deliverDueWebhooks(db(), { now: new Date() })).delivered).toBe(1);
    // The log's history keeps the attempts from before "send again", newest first, at most ATTEMPTS_SHOWN.
    const [after] = await listWebhookEndpoints(db(), { organizationId: buyer.organizationId, actorUserId: buyer.userId, now: new Date() });
    const history = after!.deliveries[0]!.history;
    expect(history).toHaveLength(Math.min(ATTEMPTS_SHOWN, RETRY_DELAYS_MS.length + 2));
    expect(history.map((a) => a.statusCode)).toEqual([200, ...Array(history.length - 1).fill(503)]);
    expect(after!.deliveries[0]!.attempts).toBe(1);
    const audit = await db().selectFrom("audit_log").select(["action", "to_state"]).where("entity_type", "=", "webhook_delivery").where("entity_id", "=", String(delivery.id)).execute();
    expect(audit).toEqual([{ action: "resend", to_state: "pending" }]);
  });

  it("sign with both secrets for a day after a rotation, then with the new one only", async () => {
    const buyer = await createBuyer();
    const { id, secret: old } = await endpointFor(buyer, ["rfq"]);
    const rotated = await changeWebhookEndpoint(db(), { endpointId: id, organizationId: buyer.organizationId, revision: 1, event: "rotate_secret", actorUserId: buyer.userId, now: new Date() });
    const fresh = rotated.secret!;
    expect(fresh).not.toBe(old);
    const token = (await apiKeyFor(buyer)).token;
    receiver.received.length = 0;
    await callApi("POST", "/rfqs", { token, body: { ...rfqForm(), intent: "save" } });
    await deliverDueWebhooks(db(), { now: new Date() });
    const [during] = receiver.received;
    expect(during!.signature.split(" ")).toHaveLength(2);
    expect(verifyWebhook(old, during!, during!.body)).toBe(true);
    expect(verifyWebhook(fresh, during!, during!.body)).toBe(true);

    await db().updateTable("webhook_endpoints").set({ previous_secret_until: new Date(Date.now() - 1000).toISOString() }).where("id", "=", id).execute();
    receiver.received.length = 0;
    await callApi("POST", "/rfqs", { token, body: { ...rfqForm(), intent: "save" } });
    await deliverDueWebhooks(db(), { now: new Date() });
    const [after] = receiver.received;
    expect(after!.signature.split(" ")).toHaveLength(1);
    expect(verifyWebhook(old, after!, after!.body)).toBe(false);
    expect(verifyWebhook(fresh, after!, after!.body)).toBe(true);

    // A stale revision is refused by the writer; a disabled endpoint gets nothing new.
    await expect(changeWebhookEndpoint(db(), { endpointId: id, organizationId: buyer.organizationId, revision: 1, event: "disable", actorUserId: buyer.userId, now: new Date() })).rejects.toMatchObject({ status: 409 });
    await changeWebhookEndpoint(db(), { endpointId: id, organizationId: buyer.organizationId, revision: 2, event: "disable", actorUserId: buyer.userId, now: new Date() });
    const before = (await db().selectFrom("webhook_deliveries").select("id").where("endpoint_id", "=", id).execute()).length;
    await callApi("POST", "/rfqs", { token, body: { ...rfqForm(), intent: "save" } });
    expect((await db().selectFrom("webhook_deliveries").select("id").where("endpoint_id", "=", id).execute()).length).toBe(before);
  });
});
