import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { DomainError } from "../domain/errors";
import { errorMessage } from "../i18n/i18n";

type Replyable = {
  reply(options?: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
    hideFields?: string[];
    resetForm?: boolean;
  }): SubmissionResult<string[]>;
};

/**
 * Turns a refusal from the domain into the form's answer: the message next to its field (or above the
 * form), the HTTP status of the refusal, and everything the user typed kept except `hideFields`.
 */
export function replyWithError(submission: Replyable, error: unknown, hideFields: string[] = []) {
  const { result, status } = errorReply(submission, error, hideFields);
  return data(result, { status });
}

/** The same as `replyWithError`, unwrapped, for pages that return several forms' results in one object. */
export function errorReply(submission: Replyable, error: unknown, hideFields: string[] = []) {
  if (error instanceof DomainError) {
    const message = errorMessage(error.messageKey, error.params);
    const result = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [message] }, hideFields })
      : submission.reply({ formErrors: [message], hideFields });
    return { result, status: error.status };
  }
  throw error;
}

/** A failed parse: field errors, status 400, the typed values kept except `hideFields`. */
export function replyInvalid(submission: Replyable, hideFields: string[] = []) {
  return data(submission.reply({ hideFields }), { status: 400 });
}
