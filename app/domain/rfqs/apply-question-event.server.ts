import type { Trx } from "../../../db/client";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { questionTransitions, type QuestionEvent } from "./question-states";

/** The only code that changes a question's status: the buyer's answer, once. Inside a transaction. */
export async function applyQuestionEvent(
  trx: Trx,
  options: { questionId: number; event: QuestionEvent; answer: string; actorUserId: number; organizationId: number; now: Date },
): Promise<void> {
  const question = await trx.selectFrom("rfq_questions").select(["id", "status", "rfq_id"]).where("id", "=", options.questionId).executeTakeFirst();
  if (!question) throw new DomainError("error.notFound", 404);
  const to = nextState(questionTransitions, question.status, options.event);
  if (!to) throw new TransitionError("question", question.status, options.event);
  const at = toTimestamp(options.now);
  const result = await trx
    .updateTable("rfq_questions")
    .set({ status: to, answer: options.answer, answered_by_user_id: options.actorUserId, answered_at: at })
    .where("id", "=", question.id)
    .where("status", "=", question.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new TransitionError("question", question.status, options.event);
  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: options.organizationId,
    entityType: "rfq_question",
    entityId: question.id,
    action: options.event,
    fromState: question.status,
    toState: to,
    detail: { rfqId: question.rfq_id },
    now: options.now,
  });
}
