import type { SubmissionResult } from "@conform-to/react";
import { useActionData } from "@remix-run/react";

/** A refused form of a page with several forms: which form (its intent), which row (its key), and its result. */
export type IntentReply<I extends string = string> = { intent: I; key?: number; result: SubmissionResult<string[]> };

function isIntentReply(value: unknown): value is IntentReply {
  return typeof value === "object" && value !== null && typeof (value as { intent?: unknown }).intent === "string" && "result" in value;
}

/**
 * The last refused result of one form on the page, for `useForm({ lastResult })`: only the form (and the row,
 * by key) the reply belongs to gets it, so an error never shows next to another form.
 */
export function useIntentResult<I extends string>(): (intent: I, key?: number) => SubmissionResult<string[]> | undefined {
  const reply: unknown = useActionData();
  return (intent, key) => (isIntentReply(reply) && reply.intent === intent && (key === undefined || reply.key === key) ? reply.result : undefined);
}

/** Every message of a result, for forms that show them together above their buttons. */
export function resultErrors(result: SubmissionResult<string[]> | undefined): string[] {
  return Object.values(result?.error ?? {}).flatMap((messages) => messages ?? []);
}
