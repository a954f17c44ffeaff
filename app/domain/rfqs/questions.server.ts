import { rfqActionAllowed } from "./rfq-states";
import type { Db } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify.server";
import { requireMembership } from "../organizations/memberships.server";
import { applyQuestionEvent } from "./apply-question-event.server";
import { loadRfqFor } from "./rfq-access.server";
import { interestedSuppliers } from "./save-rfq.server";

/** A supplier who can see an open RFQ asks the buyer a question; the buyer is told (not who asked). */
export async function askQuestion(
  db: Db,
  options: { rfqId: number; supplierId: number; actorUserId: number; question: string; now: Date },
): Promise<number> {
  const { rfq, role } = await loadRfqFor(db, options.rfqId, { userId: options.actorUserId, organizationId: options.supplierId, sells: true }, options.now);
  if (role !== "supplier") throw new DomainError("error.forbidden", 403);
  if (!rfqActionAllowed("ask", rfq.status)) throw new DomainError("error.rfqNotOpen", 409, "question");
  return db.transaction().execute(async (trx) => {
    await requireMembership(trx, options.actorUserId, options.supplierId);
    const at = toTimestamp(options.now);
    const { id } = await trx
      .insertInto("rfq_questions")
      .values({ rfq_id: rfq.id, supplier_id: options.supplierId, asked_by_user_id: options.actorUserId, question: options.question, asked_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: options.actorUserId,
      organizationId: options.supplierId,
      entityType: "rfq_question",
      entityId: id,
      action: "ask",
      toState: "asked",
      detail: { rfqId: rfq.id },
      now: options.now,
    });
    await notify(trx, {
      recipients: { organizationId: rfq.buyer_id },
      kind: "rfq_question",
      params: { title: rfq.title },
      link: `/rfqs/${rfq.id}#questions`,
      organizationId: rfq.buyer_id,
      now: options.now,
    });
    return id;
  });
}

/** The buyer answers; the answer is shown to everyone who sees the RFQ, and bidders and invitees are told. */
export async function answerQuestion(
  db: Db,
  options: { rfqId: number; buyerId: number; questionId: number; actorUserId: number; answer: string; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireMembership(trx, options.actorUserId, options.buyerId);
    const question = await trx
      .selectFrom("rfq_questions")
      .innerJoin("rfqs", "rfqs.id", "rfq_questions.rfq_id")
      .select(["rfq_questions.id", "rfq_questions.supplier_id", "rfqs.id as rfq_id", "rfqs.title", "rfqs.status as rfq_status"])
      .where("rfq_questions.id", "=", options.questionId)
      .where("rfqs.id", "=", options.rfqId)
      .where("rfqs.buyer_id", "=", options.buyerId)
      .executeTakeFirst();
    if (!question) throw new DomainError("error.notFound", 404);
    if (!rfqActionAllowed("answer", question.rfq_status)) throw new DomainError("error.rfqNotOpen", 409, "answer");
    await applyQuestionEvent(trx, {
      questionId: question.id,
      event: "answer",
      answer: options.answer,
      actorUserId: options.actorUserId,
      organizationId: options.buyerId,
      now: options.now,
    });
    const suppliers = new Set([...(await interestedSuppliers(trx, question.rfq_id)), question.supplier_id]);
    for (const supplierId of suppliers) {
      await notify(trx, {
        recipients: { organizationId: supplierId },
        kind: "rfq_answered",
        params: { title: question.title },
        link: `/rfqs/${question.rfq_id}#questions`,
        organizationId: supplierId,
        now: options.now,
      });
    }
  });
}
