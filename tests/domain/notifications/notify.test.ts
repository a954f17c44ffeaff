import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "../../../app/config.server";
import { getDb } from "../../../app/db.server";
import { setUserLocale } from "../../../app/domain/accounts/update-account.server";
import { countUnread, listNotifications, markNotificationsRead } from "../../../app/domain/notifications/inbox.server";
import { MAX_EMAIL_ATTEMPTS, createTransport, deliverDueEmails } from "../../../app/domain/notifications/mailer.server";
import { notify } from "../../../app/domain/notifications/notify.server";
import { createOrganizationWithOwner } from "../../support/factories";
import { startSmtp } from "../../support/smtp";

const FROM = "Pasok <no-reply@pasok.uji>";
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.close();
});
afterEach(() => {
  delete process.env.SMTP_URL;
  resetConfig();
});

function useSmtp(url: string) {
  process.env.SMTP_URL = url;
  resetConfig();
}

describe("notify", () => {
  it("puts one notification per recipient in the app, in each reader's language at display time", async () => {
    const { userId, organizationId } = await createOrganizationWithOwner();
    const before = await countUnread(getDb(), userId);
    const count = await notify(getDb(), {
      recipients: { organizationId, role: "owner" },
      kind: "member_joined",
      params: { name: "Sri", email: "sri@uji.id" },
      link: "/organization",
      organizationId,
      now: new Date(),
    });
    expect(count).toBe(1);
    expect(await countUnread(getDb(), userId)).toBe(before + 1);
    const [latest] = await listNotifications(getDb(), userId);
    expect(latest).toMatchObject({ kind: "member_joined", params: { name: "Sri", email: "sri@uji.id" }, link: "/organization", read_at: null });

    expect(await markNotificationsRead(getDb(), { userId, ids: [latest!.id], now: new Date() })).toBe(1);
    expect(await markNotificationsRead(getDb(), { userId, ids: [latest!.id], now: new Date() })).toBe(0);
    expect(await countUnread(getDb(), userId)).toBe(before);
  });

  it("queues no e-mail while SMTP_URL is unset", async () => {
    const { userId } = await createOrganizationWithOwner();
    const before = await getDb().selectFrom("email_outbox").select("id").execute();
    await notify(getDb(), { recipients: { userIds: [userId] }, kind: "password_changed", now: new Date() });
    expect(await getDb().selectFrom("email_outbox").select("id").execute()).toHaveLength(before.length);
  });

  it("e-mails through SMTP in the recipient's language, after the transaction commits", async () => {
    useSmtp(smtp.url);
    const { userId, email } = await createOrganizationWithOwner();
    await setUserLocale(getDb(), userId, "en");
    await notify(getDb(), { recipients: { userIds: [userId] }, kind: "password_changed", link: "/account", now: new Date() });

    const result = await deliverDueEmails(getDb(), { transport: createTransport(smtp.url), from: FROM, now: new Date() });
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    const mail = smtp.received.find((m) => m.to.includes(email));
    expect(mail?.from).toBe("no-reply@pasok.uji");
    expect(mail?.raw).toMatch(/Subject: Pasok: Your password was changed/);
    expect(mail?.raw).toContain("http://localhost:3000/account");
    // Sent once: a second run finds nothing due.
    expect(await deliverDueEmails(getDb(), { transport: createTransport(smtp.url), from: FROM, now: new Date() })).toEqual({ sent: 0, failed: 0, sentIds: [] });
  });

  it("writes nothing when the surrounding transaction rolls back", async () => {
    useSmtp(smtp.url);
    const { userId } = await createOrganizationWithOwner();
    const notesBefore = await countUnread(getDb(), userId);
    const mailsBefore = (await getDb().selectFrom("email_outbox").select("id").execute()).length;
    await expect(
      getDb()
        .transaction()
        .execute(async (trx) => {
          await notify(trx, { recipients: { userIds: [userId] }, kind: "password_changed", now: new Date() });
          throw new Error("the change failed");
        }),
    ).rejects.toThrow("the change failed");
    expect(await countUnread(getDb(), userId)).toBe(notesBefore);
    expect((await getDb().selectFrom("email_outbox").select("id").execute()).length).toBe(mailsBefore);
  });

  it("retries a refused e-mail with backoff and marks it failed after the last attempt", async () => {
    const refusing = await startSmtp({ reject: true });
    try {
      useSmtp(refusing.url);
      const { userId } = await createOrganizationWithOwner();
      await notify(getDb(), { recipients: { userIds: [userId] }, kind: "password_changed", now: new Date() });
      const row = await getDb().selectFrom("email_outbox").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
      const transport = createTransport(refusing.url);
      let now = new Date(row.next_attempt_at);
      for (let attempt = 1; attempt <= MAX_EMAIL_ATTEMPTS; attempt++) {
        const result = await deliverDueEmails(getDb(), { transport, from: FROM, now });
        expect(result.failed).toBe(1);
        const after = await getDb().selectFrom("email_outbox").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
        expect(after.attempts).toBe(attempt);
        expect(after.last_error).toMatch(/550|mailbox/);
        expect(after.status).toBe(attempt === MAX_EMAIL_ATTEMPTS ? "failed" : "pending");
        const waitMs = Date.parse(after.next_attempt_at) - now.getTime();
        expect(waitMs).toBe(60_000 * 2 ** (attempt - 1));
        // Not due a moment before the backoff ends.
        expect((await deliverDueEmails(getDb(), { transport, from: FROM, now: new Date(now.getTime() + waitMs - 1) })).failed).toBe(0);
        now = new Date(after.next_attempt_at);
      }
    } finally {
      await refusing.close();
    }
  });
});
