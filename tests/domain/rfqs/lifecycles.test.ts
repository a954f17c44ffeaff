import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { TransitionError } from "../../../app/domain/lifecycle";
import { applyBidEvent } from "../../../app/domain/rfqs/apply-bid-event.server";
import { applyQuestionEvent } from "../../../app/domain/rfqs/apply-question-event.server";
import { applyRfqEvent } from "../../../app/domain/rfqs/apply-rfq-event.server";
import { BID_EVENTS, BID_STATES, bidTransitions, type BidEvent } from "../../../app/domain/rfqs/bid-states";
import { QUESTION_EVENTS, QUESTION_STATES, questionTransitions, type QuestionEvent } from "../../../app/domain/rfqs/question-states";
import { RFQ_EVENTS, RFQ_STATES, rfqTransitions, type RfqEvent } from "../../../app/domain/rfqs/rfq-states";
import type { BidStatus, QuestionStatus, RfqStatus } from "../../../db/schema";
import { createOrganizationWithOwner } from "../../support/factories";
import { countRows } from "../../support/rfqs";

// The three lifecycles written out once more by hand, every state × every event: a change to any table
// must change this test too. `undefined` = the event is refused in that state.
const EXPECTED_RFQ: Record<RfqStatus, Record<RfqEvent, RfqStatus | undefined>> = {
  draft: { publish: "open", amend: undefined, close: undefined, award: undefined, cancel: "cancelled" },
  open: { publish: undefined, amend: "open", close: "closed", award: undefined, cancel: "cancelled" },
  closed: { publish: undefined, amend: undefined, close: undefined, award: "awarded", cancel: "cancelled" },
  awarded: { publish: undefined, amend: undefined, close: undefined, award: undefined, cancel: undefined },
  cancelled: { publish: undefined, amend: undefined, close: undefined, award: undefined, cancel: undefined },
};

const EXPECTED_BID: Record<BidStatus, Record<BidEvent, BidStatus | undefined>> = {
  submitted: { revise: "submitted", withdraw: "withdrawn", award: "awarded", lose: "lost" },
  withdrawn: { revise: "submitted", withdraw: undefined, award: undefined, lose: undefined },
  awarded: { revise: undefined, withdraw: undefined, award: undefined, lose: undefined },
  lost: { revise: undefined, withdraw: undefined, award: undefined, lose: undefined },
};

const EXPECTED_QUESTION: Record<QuestionStatus, Record<QuestionEvent, QuestionStatus | undefined>> = {
  asked: { answer: "answered" },
  answered: { answer: undefined },
};

const at = new Date("2026-11-20T03:00:00.000Z");

async function auditCount(): Promise<number> {
  return countRows("audit_log");
}

async function lastAudit() {
  return getDb().selectFrom("audit_log").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
}

/** A buyer, a supplier, and an RFQ row with a bid and a question, inserted directly (the writers are under test). */
async function rows() {
  const db = getDb();
  const buyer = await createOrganizationWithOwner({ kind: "buyer" });
  const supplier = await createOrganizationWithOwner({ kind: "supplier" });
  const stamp = at.toISOString();
  const { id: rfqId } = await db
    .insertInto("rfqs")
    .values({
      buyer_id: buyer.organizationId,
      title: "Flange SS304",
      delivery_province_code: "33",
      delivery_regency_code: "33.10",
      delivery_address: "Jl. Uji 1",
      bid_deadline: "2026-12-01T07:00:00.000Z",
      needed_by: "2026-12-31",
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: bidId } = await db
    .insertInto("bids")
    .values({ rfq_id: rfqId, supplier_id: supplier.organizationId, created_at: stamp, updated_at: stamp })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: questionId } = await db
    .insertInto("rfq_questions")
    .values({ rfq_id: rfqId, supplier_id: supplier.organizationId, asked_by_user_id: supplier.userId, question: "Toleransi diameter?", asked_at: stamp })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { buyer, supplier, rfqId, bidId, questionId };
}

describe("RFQ lifecycle", () => {
  it("knows exactly the states draft, open, closed, awarded, cancelled and the events publish, amend, close, award, cancel", () => {
    expect([...RFQ_STATES]).toEqual(Object.keys(EXPECTED_RFQ));
    expect([...RFQ_EVENTS]).toEqual(Object.keys(EXPECTED_RFQ.draft));
  });

  it("the transition table has exactly the expected result for every state × event", () => {
    for (const state of RFQ_STATES) {
      expect(Object.keys(rfqTransitions[state]).every((e) => (RFQ_EVENTS as readonly string[]).includes(e)), state).toBe(true);
      for (const event of RFQ_EVENTS) {
        expect(rfqTransitions[state][event], `${state} × ${event}`).toBe(EXPECTED_RFQ[state][event]);
      }
    }
  });

  it("applyRfqEvent applies every allowed pair with one audit row, and refuses every other pair leaving row and audit log untouched", async () => {
    const db = getDb();
    const { buyer, rfqId } = await rows();
    const later = new Date("2026-11-21T04:05:06.000Z");
    let checked = 0;
    for (const state of RFQ_STATES) {
      for (const event of RFQ_EVENTS) {
        await db
          .updateTable("rfqs")
          .set({ status: state, version: 3, published_at: null, closed_at: null, cancel_reason: null, updated_at: at.toISOString() })
          .where("id", "=", rfqId)
          .execute();
        const before = await db.selectFrom("rfqs").selectAll().where("id", "=", rfqId).executeTakeFirstOrThrow();
        const auditsBefore = await auditCount();
        const to = EXPECTED_RFQ[state][event];
        const run = () => db.transaction().execute((trx) => applyRfqEvent(trx, { rfqId, event, actorUserId: buyer.userId, now: later, reason: "alasan uji" }));

        if (to) {
          const result = await run();
          expect(result, `${state} × ${event}`).toMatchObject({ from: state, to, rfqId, buyerId: buyer.organizationId, title: "Flange SS304" });
          const after = await db.selectFrom("rfqs").selectAll().where("id", "=", rfqId).executeTakeFirstOrThrow();
          expect(after.status, `${state} × ${event}`).toBe(to);
          expect(after.version, `${state} × ${event}: only an amendment makes a new version`).toBe(event === "amend" ? 4 : 3);
          expect(result.version).toBe(after.version);
          expect(after.updated_at).toBe(later.toISOString());
          expect(after.published_at).toBe(event === "publish" ? later.toISOString() : null);
          expect(after.closed_at).toBe(event === "close" ? later.toISOString() : null);
          expect(after.cancel_reason).toBe(event === "cancel" ? "alasan uji" : null);
          expect(await auditCount(), `${state} × ${event}: one audit row`).toBe(auditsBefore + 1);
          expect(await lastAudit()).toMatchObject({
            entity_type: "rfq",
            entity_id: String(rfqId),
            action: event,
            from_state: state,
            to_state: to,
            actor_user_id: buyer.userId,
            organization_id: buyer.organizationId,
          });
        } else {
          const error = await run().then(
            () => null,
            (e: unknown) => e,
          );
          expect(error, `${state} × ${event} should be refused`).toBeInstanceOf(TransitionError);
          expect(error).toMatchObject({ entity: "rfq", from: state, event });
          expect(await db.selectFrom("rfqs").selectAll().where("id", "=", rfqId).executeTakeFirstOrThrow()).toEqual(before);
          expect(await auditCount(), `${state} × ${event}: no audit row`).toBe(auditsBefore);
        }
        checked++;
      }
    }
    expect(checked).toBe(25);
  });

  it("applyRfqEvent refuses an RFQ that does not exist (404) without writing anything", async () => {
    const auditsBefore = await auditCount();
    await expect(getDb().transaction().execute((trx) => applyRfqEvent(trx, { rfqId: 999_999, event: "close", actorUserId: null, now: at }))).rejects.toMatchObject({
      messageKey: "error.rfqNotFound",
      status: 404,
    });
    expect(await auditCount()).toBe(auditsBefore);
  });
});

describe("bid lifecycle", () => {
  it("knows exactly the states submitted, withdrawn, awarded, lost and the events revise, withdraw, award, lose", () => {
    expect([...BID_STATES]).toEqual(Object.keys(EXPECTED_BID));
    expect([...BID_EVENTS]).toEqual(Object.keys(EXPECTED_BID.submitted));
  });

  it("the transition table has exactly the expected result for every state × event", () => {
    for (const state of BID_STATES) {
      expect(Object.keys(bidTransitions[state]).every((e) => (BID_EVENTS as readonly string[]).includes(e)), state).toBe(true);
      for (const event of BID_EVENTS) {
        expect(bidTransitions[state][event], `${state} × ${event}`).toBe(EXPECTED_BID[state][event]);
      }
    }
  });

  it("applyBidEvent applies every allowed pair with one audit row, and refuses every other pair leaving row and audit log untouched", async () => {
    const db = getDb();
    const { supplier, rfqId, bidId } = await rows();
    const later = new Date("2026-11-21T04:05:06.000Z");
    let checked = 0;
    for (const state of BID_STATES) {
      for (const event of BID_EVENTS) {
        await db.updateTable("bids").set({ status: state, version: 2, updated_at: at.toISOString() }).where("id", "=", bidId).execute();
        const before = await db.selectFrom("bids").selectAll().where("id", "=", bidId).executeTakeFirstOrThrow();
        const auditsBefore = await auditCount();
        const to = EXPECTED_BID[state][event];
        const run = () => db.transaction().execute((trx) => applyBidEvent(trx, { bidId, event, actorUserId: supplier.userId, now: later }));

        if (to) {
          const result = await run();
          expect(result, `${state} × ${event}`).toMatchObject({ from: state, to, supplierId: supplier.organizationId, rfqId });
          const after = await db.selectFrom("bids").selectAll().where("id", "=", bidId).executeTakeFirstOrThrow();
          expect(after.status, `${state} × ${event}`).toBe(to);
          expect(after.version, `${state} × ${event}: only a revision makes a new version`).toBe(event === "revise" ? 3 : 2);
          expect(result.version).toBe(after.version);
          expect(after.updated_at).toBe(later.toISOString());
          expect(await auditCount(), `${state} × ${event}: one audit row`).toBe(auditsBefore + 1);
          const audit = await lastAudit();
          expect(audit).toMatchObject({
            entity_type: "bid",
            entity_id: String(bidId),
            action: event,
            from_state: state,
            to_state: to,
            actor_user_id: supplier.userId,
            organization_id: supplier.organizationId,
          });
          expect(JSON.parse(audit.detail)).toMatchObject({ rfqId, version: after.version });
        } else {
          const error = await run().then(
            () => null,
            (e: unknown) => e,
          );
          expect(error, `${state} × ${event} should be refused`).toBeInstanceOf(TransitionError);
          expect(error).toMatchObject({ entity: "bid", from: state, event });
          expect(await db.selectFrom("bids").selectAll().where("id", "=", bidId).executeTakeFirstOrThrow()).toEqual(before);
          expect(await auditCount(), `${state} × ${event}: no audit row`).toBe(auditsBefore);
        }
        checked++;
      }
    }
    expect(checked).toBe(16);
  });
});

describe("question lifecycle", () => {
  it("knows exactly the states asked, answered and the one event answer", () => {
    expect([...QUESTION_STATES]).toEqual(Object.keys(EXPECTED_QUESTION));
    expect([...QUESTION_EVENTS]).toEqual(Object.keys(EXPECTED_QUESTION.asked));
  });

  it("the transition table has exactly the expected result for every state × event", () => {
    for (const state of QUESTION_STATES) {
      expect(Object.keys(questionTransitions[state]).every((e) => (QUESTION_EVENTS as readonly string[]).includes(e)), state).toBe(true);
      for (const event of QUESTION_EVENTS) {
        expect(questionTransitions[state][event], `${state} × ${event}`).toBe(EXPECTED_QUESTION[state][event]);
      }
    }
  });

  it("applyQuestionEvent answers an asked question once with one audit row, and refuses a second answer leaving everything untouched", async () => {
    const db = getDb();
    const { buyer, rfqId, questionId } = await rows();
    const later = new Date("2026-11-21T04:05:06.000Z");
    let checked = 0;
    for (const state of QUESTION_STATES) {
      for (const event of QUESTION_EVENTS) {
        const seeded = state === "answered" ? { answer: "Jawaban lama", answered_by_user_id: buyer.userId, answered_at: at.toISOString() } : { answer: null, answered_by_user_id: null, answered_at: null };
        await db.updateTable("rfq_questions").set({ status: state, ...seeded }).where("id", "=", questionId).execute();
        const before = await db.selectFrom("rfq_questions").selectAll().where("id", "=", questionId).executeTakeFirstOrThrow();
        const auditsBefore = await auditCount();
        const to = EXPECTED_QUESTION[state][event];
        const run = () =>
          db.transaction().execute((trx) => applyQuestionEvent(trx, { questionId, event, answer: "± 0,05 mm", actorUserId: buyer.userId, organizationId: buyer.organizationId, now: later }));

        if (to) {
          await run();
          const after = await db.selectFrom("rfq_questions").selectAll().where("id", "=", questionId).executeTakeFirstOrThrow();
          expect(after).toMatchObject({ status: to, answer: "± 0,05 mm", answered_by_user_id: buyer.userId, answered_at: later.toISOString() });
          expect(await auditCount()).toBe(auditsBefore + 1);
          const audit = await lastAudit();
          expect(audit).toMatchObject({
            entity_type: "rfq_question",
            entity_id: String(questionId),
            action: event,
            from_state: state,
            to_state: to,
            organization_id: buyer.organizationId,
          });
          expect(JSON.parse(audit.detail)).toEqual({ rfqId });
        } else {
          const error = await run().then(
            () => null,
            (e: unknown) => e,
          );
          expect(error, `${state} × ${event} should be refused`).toBeInstanceOf(TransitionError);
          expect(error).toMatchObject({ entity: "question", from: state, event });
          expect(await db.selectFrom("rfq_questions").selectAll().where("id", "=", questionId).executeTakeFirstOrThrow()).toEqual(before);
          expect(await auditCount()).toBe(auditsBefore);
        }
        checked++;
      }
    }
    expect(checked).toBe(2);
  });
});
