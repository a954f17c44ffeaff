import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "../../../app/config.server";
import { getDb } from "../../../app/db.server";
import { setUserLocale } from "../../../app/domain/accounts/update-account.server";
import { markNotificationsRead } from "../../../app/domain/notifications/inbox.server";
import { categoryOf, defaultChannel, NOTIFICATION_CATEGORIES, NOTIFICATION_KINDS } from "../../../app/domain/notifications/kinds";
import { createTransport, deliverDueEmails } from "../../../app/domain/notifications/mailer.server";
import { notify } from "../../../app/domain/notifications/notify.server";
import { channelsFor, readUnsubscribeToken, savePreferences, unsubscribeToken } from "../../../app/domain/notifications/preferences.server";
import { sendDigests } from "../../../app/domain/notifications/digests.server";
import { jakartaDateAt } from "../../../app/domain/time";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "../../../app/routes/unsubscribe.$token";
import { createOrganizationWithOwner, formRequest, getRequest, settle } from "../../support/factories";
import { startSmtp } from "../../support/smtp";

// Each user's channel per category (in-app only, e-mail now, daily digest), the digest (grouped, one per user and
// day, only with something unread), and the one-click unsubscribe of RFC 8058 with its signed token.

const db = () => getDb();
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
  process.env.SMTP_URL = smtp.url;
  resetConfig();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetConfig();
  await smtp.close();
});
afterEach(async () => {
  // What one test queued is not sent in the next.
  await db().updateTable("email_outbox").set({ status: "sent" }).where("status", "=", "pending").execute();
});

/** A new user whose sign-up welcome (notification and e-mail) is cleared away, so each test counts only its own. */
async function freshUser() {
  const user = await createOrganizationWithOwner();
  await db().deleteFrom("email_outbox").where("to_address", "=", user.email).execute();
  await db().deleteFrom("notifications").where("user_id", "=", user.userId).execute();
  return user;
}

async function outboxFor(email: string) {
  return db().selectFrom("email_outbox").selectAll().where("to_address", "=", email).orderBy("id").execute();
}

describe("categories and channels", () => {
  it("every kind has a category except the account e-mails, which always go out", () => {
    const essential = NOTIFICATION_KINDS.filter((k) => categoryOf(k) === null);
    expect(essential.sort()).toEqual(["invitation", "password_changed", "password_reset", "sign_up_confirm", "sign_up_existing", "welcome"]);
    expect(categoryOf("rfq_matched")).toBe("new_rfqs");
    expect(categoryOf("reminder_invoice_due")).toBe("reminders");
    expect(categoryOf("invoice_paid")).toBe("payments");
    expect(categoryOf("agreement_accept")).toBe("agreements");
    expect(categoryOf("order_send")).toBe("orders");
    expect(defaultChannel("new_rfqs")).toBe("digest");
    expect(defaultChannel("orders")).toBe("email");
  });

  it("sends by the user's choice: e-mail now, in-app only, or waiting for the digest; the in-app notification always", async () => {
    const { userId, email } = await freshUser();
    await savePreferences(db(), { userId, channels: { orders: "in_app", payments: "digest" }, now: new Date() });
    const channels = (await channelsFor(db(), [userId])).get(userId)!;
    expect(channels).toMatchObject({ orders: "in_app", payments: "digest", reminders: "email", new_rfqs: "digest" });
    for (const kind of ["order_send", "invoice_paid", "reminder_invoice_due"] as const) {
      await notify(db(), { recipients: { userIds: [userId] }, kind, params: { number: "PO-1", date: "2027-01-01" }, link: "/orders/1", now: new Date() });
    }
    const notes = await db().selectFrom("notifications").select(["kind", "digest_status"]).where("user_id", "=", userId).orderBy("id").execute();
    expect(notes).toEqual([
      { kind: "order_send", digest_status: null },
      { kind: "invoice_paid", digest_status: "pending" },
      { kind: "reminder_invoice_due", digest_status: null },
    ]);
    const mails = await outboxFor(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("Faktur jatuh tempo");
    expect(mails[0]!.list_unsubscribe).toMatch(/\/unsubscribe\/\d+\.reminders\.[A-Za-z0-9_-]{32}$/);
    expect(mails[0]!.body_text).toContain(mails[0]!.list_unsubscribe!);
  });

  it("an account e-mail carries no unsubscribe address", async () => {
    const { userId, email } = await freshUser();
    await notify(db(), { recipients: { userIds: [userId] }, kind: "password_changed", now: new Date() });
    const [mail] = await outboxFor(email);
    expect(mail!.list_unsubscribe).toBeNull();
  });
});

describe("one-click unsubscribe", () => {
  it("delivers List-Unsubscribe and List-Unsubscribe-Post headers over SMTP", async () => {
    const { userId, email } = await freshUser();
    await notify(db(), { recipients: { userIds: [userId] }, kind: "order_send", params: { number: "PO-9" }, now: new Date() });
    await deliverDueEmails(db(), { transport: createTransport(smtp.url), from: "Pasok <no-reply@pasok.uji>", now: new Date() });
    const mail = smtp.received.find((m) => m.to.includes(email))!;
    const unfolded = mail.raw.replace(/\r\n[ \t]+/g, " ");
    expect(unfolded).toMatch(/List-Unsubscribe: <http:\/\/localhost:3000\/unsubscribe\/\d+\.orders\.[A-Za-z0-9_-]{32}>/);
    expect(unfolded).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  });

  it("a token names its user and category; a changed one, another user's MAC or an unknown category is refused", async () => {
    const { userId } = await freshUser();
    const other = await freshUser();
    const token = await unsubscribeToken(db(), userId, "orders");
    expect(await readUnsubscribeToken(db(), token)).toEqual({ userId, target: "orders" });
    const [, , mac] = token.split(".");
    expect(await readUnsubscribeToken(db(), `${other.userId}.orders.${mac}`)).toBeNull();
    expect(await readUnsubscribeToken(db(), `${userId}.payments.${mac}`)).toBeNull();
    expect(await readUnsubscribeToken(db(), `${userId}.secrets.${mac}`)).toBeNull();
    expect(await readUnsubscribeToken(db(), `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await readUnsubscribeToken(db(), "x".repeat(5000))).toBeNull();
  });

  it("a mail client's one-click POST stops the category's e-mails without a session; a GET only asks", async () => {
    const { userId, email } = await freshUser();
    const token = await unsubscribeToken(db(), userId, "orders");
    const shown = await settle(() => unsubscribeLoader({ request: getRequest(`/unsubscribe/${token}`), params: { token }, context: {} } as never));
    expect(shown.status).toBe(200);
    expect((await channelsFor(db(), [userId])).get(userId)!.orders).toBe("email");
    // RFC 8058: a POST with "List-Unsubscribe=One-Click", no cookie, no Origin (sent by the mail provider).
    const posted = await settle(() => unsubscribeAction({ request: formRequest(`/unsubscribe/${token}`, { "List-Unsubscribe": "One-Click" }, { headers: { "Sec-Fetch-Site": "none" } }), params: { token }, context: {} } as never));
    expect(posted.status).toBe(200);
    expect((await channelsFor(db(), [userId])).get(userId)!.orders).toBe("in_app");
    await notify(db(), { recipients: { userIds: [userId] }, kind: "order_send", params: { number: "PO-2" }, now: new Date() });
    expect(await outboxFor(email)).toHaveLength(0);
    const audit = await db().selectFrom("audit_log").select("action").where("entity_type", "=", "user").where("entity_id", "=", String(userId)).execute();
    expect(audit.map((a) => a.action)).toContain("unsubscribe");
    const bad = await settle(() => unsubscribeAction({ request: formRequest(`/unsubscribe/1.orders.nope`, {}), params: { token: "1.orders.nope" }, context: {} } as never));
    expect(bad.status).toBe(404);
  });
});

describe("the daily digest", () => {
  const dayAt = (time: string) => jakartaDateAt("2027-02-10", time);

  it("goes out from the set hour (WIB), once per user and day, grouped by category, with only what is unread", async () => {
    const { userId, email } = await freshUser();
    await setUserLocale(db(), userId, "en");
    await savePreferences(db(), { userId, channels: Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, "digest"])), now: new Date() });
    const at = dayAt("05:00");
    await notify(db(), { recipients: { userIds: [userId] }, kind: "rfq_matched", params: { title: "Blok rem komposit", reasons_id: "Pengecoran pasir", reasons_en: "Sand casting" }, link: "/rfqs/1", now: at });
    await notify(db(), { recipients: { userIds: [userId] }, kind: "rfq_saved_search", params: { title: "Bushing FC250", search: "FC250 Jawa Tengah" }, link: "/rfqs/2", now: at });
    await notify(db(), { recipients: { userIds: [userId] }, kind: "invoice_paid", params: { number: "INV-7" }, link: "/orders/3", now: at });
    await notify(db(), { recipients: { userIds: [userId] }, kind: "order_send", params: { number: "PO-8" }, link: "/orders/4", now: at });
    const [read] = await db().selectFrom("notifications").select("id").where("user_id", "=", userId).where("kind", "=", "order_send").execute();
    await markNotificationsRead(db(), { userId, ids: [read!.id], now: at });
    expect(await outboxFor(email)).toHaveLength(0);

    expect(await sendDigests(db(), { now: dayAt("06:59"), hour: 7 })).toBe(0);
    expect(await sendDigests(db(), { now: dayAt("07:00"), hour: 7 })).toBeGreaterThanOrEqual(1);
    const mails = await outboxFor(email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe("Pasok: digest of 2027-02-10 — 3 notifications");
    expect(mail.body_text).toMatch(/New RFQs that fit \(2\)\n• A new RFQ fits you: .*Sand casting.*\n  http:\/\/localhost:3000\/rfqs\/1\n• New RFQ for a saved search/);
    expect(mail.body_text).toContain("Invoices and payments (1)");
    expect(mail.body_text).not.toContain("PO-8");
    expect(mail.list_unsubscribe).toMatch(/\/unsubscribe\/\d+\.digest\./);

    // Again the same day (this server or another): nothing. The next day with nothing new: nothing.
    expect(await sendDigests(db(), { now: dayAt("09:00"), hour: 7 })).toBe(0);
    expect(await sendDigests(db(), { now: jakartaDateAt("2027-02-11", "08:00"), hour: 7 })).toBe(0);
    expect(await outboxFor(email)).toHaveLength(1);
    const left = await db().selectFrom("notifications").select("digest_status").where("user_id", "=", userId).where("digest_status", "=", "pending").execute();
    expect(left).toEqual([]);
  });

  it("sends nobody an empty digest, and nobody who chose e-mail now", async () => {
    const a = await freshUser();
    await savePreferences(db(), { userId: a.userId, channels: { payments: "digest" }, now: new Date() });
    await notify(db(), { recipients: { userIds: [a.userId] }, kind: "invoice_paid", params: { number: "INV-1" }, now: dayAt("05:00") });
    const [n] = await db().selectFrom("notifications").select("id").where("user_id", "=", a.userId).execute();
    await markNotificationsRead(db(), { userId: a.userId, ids: [n!.id], now: dayAt("05:30") });
    const b = await freshUser();
    await notify(db(), { recipients: { userIds: [b.userId] }, kind: "invoice_paid", params: { number: "INV-2" }, now: dayAt("05:00") });
    const before = (await outboxFor(b.email)).length;
    await sendDigests(db(), { now: jakartaDateAt("2027-02-12", "07:30"), hour: 7 });
    expect(await outboxFor(a.email)).toHaveLength(0);
    expect(await outboxFor(b.email)).toHaveLength(before);
    expect(await db().selectFrom("notification_digests").select("id").where("user_id", "in", [a.userId, b.userId]).execute()).toEqual([]);
  });

  it("unsubscribing from the digest turns every digest category to in-app", async () => {
    const { userId } = await freshUser();
    await savePreferences(db(), { userId, channels: { payments: "digest", orders: "email" }, now: new Date() });
    const token = await unsubscribeToken(db(), userId, "digest");
    await settle(() => unsubscribeAction({ request: formRequest(`/unsubscribe/${token}`, { "List-Unsubscribe": "One-Click" }), params: { token }, context: {} } as never));
    expect((await channelsFor(db(), [userId])).get(userId)!).toMatchObject({ payments: "in_app", new_rfqs: "in_app", orders: "email" });
  });
});
