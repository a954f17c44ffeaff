import type { Transporter } from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { CLAIM_LEASE_MS, claimDueRows } from "../../app/jobs/claims.server";
import { deliverDueEmails } from "../../app/domain/notifications/mailer.server";
import { closeDueRfqs } from "../../app/domain/rfqs/close-due-rfqs.server";
import { drainSearchOutbox, enqueueSearchUpdate } from "../../app/domain/search/outbox.server";
import { createDb, type Db } from "../../db/client";
import { createDatabaseSearchEngine } from "../../search/database-engine.server";
import type { SearchEngine } from "../../search/types";
import { testEngine } from "../setup/engine";
import { approvedSupplier, createBuyer, minuteFromNow, publishedRfq } from "../support/rfqs";

const SECOND = 1000;

// Issue 15 #3: the background jobs run on every app server at once. On PostgreSQL each "server" here is its
// own pool of connections, as another process has, and the workers run at the same moment. On SQLite (one
// machine) the workers share the process's one connection, interleaving transaction by transaction, which is
// what several workers of one server do; another process on the same file waits for the write lock
// (BEGIN IMMEDIATE, busy_timeout), which a second handle in this process cannot show: its wait would block
// the event loop the first handle needs to commit.

const handles: Db[] = [];
/** A second, third … server's own connection to the same database (on SQLite, the process's own). */
function anotherServer(): Db {
  if (testEngine() === "sqlite") return getDb();
  const db = createDb();
  handles.push(db);
  return db;
}
afterAll(async () => {
  for (const db of handles) await db.destroy();
});

async function queueEmails(count: number, now: Date): Promise<number[]> {
  const at = now.toISOString();
  const rows = await getDb()
    .insertInto("email_outbox")
    .values(Array.from({ length: count }, (_, i) => ({ to_address: `ikm${i}@uji.pasok.id`, subject: `Uji ${i}`, body_text: "Isi", next_attempt_at: at, created_at: at })))
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** A transport that records what it "sends", slowly enough that two mailers overlap. */
function recordingTransport(sent: string[]): Transporter {
  return {
    sendMail: async (mail: { to: string }) => {
      await new Promise((r) => setTimeout(r, 2));
      sent.push(mail.to);
      return {};
    },
  } as unknown as Transporter;
}

describe(`background work on several servers at once (${testEngine()})`, () => {
  it("four mailers on four servers send each of 60 queued e-mails exactly once", async () => {
    const now = new Date();
    const ids = await queueEmails(60, now);
    const sent: string[] = [];
    const servers = [getDb(), anotherServer(), anotherServer(), anotherServer()];
    const results = await Promise.all(
      servers.map((db, i) => deliverDueEmails(db, { transport: recordingTransport(sent), from: "pasok@uji", now, limit: 25, worker: `server-${i}` })),
    );
    // A second round picks up what the first left (each took at most 25).
    const again = await Promise.all(
      servers.map((db, i) => deliverDueEmails(db, { transport: recordingTransport(sent), from: "pasok@uji", now, limit: 25, worker: `server-${i}` })),
    );
    expect([...results, ...again].reduce((n, r) => n + r.sent, 0)).toBe(60);
    expect(sent).toHaveLength(60);
    expect(new Set(sent).size).toBe(60);
    // More than one server did some of the work.
    expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
    const rows = await getDb().selectFrom("email_outbox").select(["status", "claimed_by"]).where("id", "in", ids).execute();
    expect(rows.every((r) => r.status === "sent" && r.claimed_by === null)).toBe(true);
  });

  it("a claim holds until its lease runs out; then another server takes the row (its first server died)", async () => {
    const now = new Date(Date.now() + 10 * 60_000);
    const [id] = await queueEmails(1, now);
    expect(await claimDueRows(getDb(), "email_outbox", { worker: "dead-server", now, limit: 100 })).toContain(id);
    expect(await claimDueRows(anotherServer(), "email_outbox", { worker: "live-server", now: new Date(now.getTime() + CLAIM_LEASE_MS - 1), limit: 100 })).not.toContain(id);
    expect(await claimDueRows(anotherServer(), "email_outbox", { worker: "live-server", now: new Date(now.getTime() + CLAIM_LEASE_MS + 1), limit: 100 })).toContain(id);
  });

  it("three indexers on three servers index each queued supplier once and empty the outbox", async () => {
    const suppliers = await Promise.all(Array.from({ length: 12 }, () => approvedSupplier()));
    const now = new Date(Date.now() + 60_000);
    await getDb().transaction().execute(async (trx) => {
      for (const s of suppliers) await enqueueSearchUpdate(trx, { type: "supplier", id: s.organizationId, now });
    });
    const upserted: string[] = [];
    const counting = (db: Db): SearchEngine => {
      const inner = createDatabaseSearchEngine(db);
      return { ...inner, upsertSuppliers: async (docs) => (upserted.push(...docs.map((d) => d.id)), inner.upsertSuppliers(docs)) };
    };
    const servers = [getDb(), anotherServer(), anotherServer()];
    const results = await Promise.all(servers.map((db, i) => drainSearchOutbox(db, counting(db), { now, batch: 5, worker: `indexer-${i}` })));
    for (;;) {
      const more = await Promise.all(servers.map((db, i) => drainSearchOutbox(db, counting(db), { now, batch: 5, worker: `indexer-${i}` })));
      results.push(...more);
      if (more.every((r) => r.indexed + r.deleted + r.failed === 0)) break;
    }
    const ours = suppliers.map((s) => String(s.organizationId));
    for (const id of ours) expect(upserted.filter((u) => u === id)).toHaveLength(1);
    expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0);
    expect(await getDb().selectFrom("search_outbox").select("id").where("next_attempt_at", "<=", now.toISOString()).execute()).toEqual([]);
    const found = await createDatabaseSearchEngine(getDb()).searchSuppliers({ q: "", limit: 1000 });
    expect(found.hits.map((h) => h.doc.id)).toEqual(expect.arrayContaining(ours));
  });

  it("RFQ closers on three servers close each due RFQ once: one audit row, one notice to the buyer", async () => {
    const buyer = await createBuyer();
    const deadline = minuteFromNow(2);
    const rfqs = await Promise.all(Array.from({ length: 5 }, () => publishedRfq(buyer, { deadline })));
    const now = new Date(deadline.getTime() + SECOND);
    const closed = await Promise.all([closeDueRfqs(getDb(), now), closeDueRfqs(anotherServer(), now), closeDueRfqs(anotherServer(), now)]);
    expect(closed.reduce((a, b) => a + b, 0)).toBe(rfqs.length);
    for (const { rfqId } of rfqs) {
      const audits = await getDb().selectFrom("audit_log").select("id").where("entity_type", "=", "rfq").where("entity_id", "=", String(rfqId)).where("action", "=", "close").execute();
      expect(audits).toHaveLength(1);
    }
    const notices = await getDb().selectFrom("notifications").select("params").where("user_id", "=", buyer.userId).where("kind", "=", "rfq_closed").execute();
    expect(notices).toHaveLength(rfqs.length);
  });
});
