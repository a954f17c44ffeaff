import type { QuestionStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a supplier's question on an RFQ: asked, then answered once by the buyer.
export const QUESTION_STATES = ["asked", "answered"] as const satisfies readonly QuestionStatus[];
export const QUESTION_EVENTS = ["answer"] as const;
export type QuestionEvent = (typeof QUESTION_EVENTS)[number];

export const questionTransitions: TransitionTable<QuestionStatus, QuestionEvent> = {
  asked: { answer: "answered" },
  answered: {},
};
