import type { Submission, SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { DomainError } from "../domain/errors";
import type { IntentReply } from "../components/intent-reply";
import { errorReply } from "./forms.server";

/** One intent of a page's action: the schema of its form and the use case it runs. */
export interface Intent<S extends z.ZodType, R> {
  schema: S;
  run: (value: z.output<S>, submission: Submission<z.input<S>, string[], z.output<S>>) => Promise<R>;
  /** The form field naming the row a form belongs to (a shipment, an invoice, a question): its errors land there. */
  keyField?: string;
  /** Fields never sent back to the browser (passwords, codes). */
  hideFields?: string[];
  /** What a refusal of this form carries besides its result (e.g. the two-factor setup the page shows again). */
  refusalData?: () => Promise<Record<string, unknown>>;
}

/** Typed by its schema: `run` gets exactly what the schema parses to, no cast. */
export function intent<S extends z.ZodType, R>(
  schema: S,
  run: Intent<S, R>["run"],
  options: Pick<Intent<S, R>, "keyField" | "hideFields" | "refusalData"> = {},
): Intent<S, R> {
  return { schema, run, ...options };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry keeps its own schema type through `intent()`
type Intents = Record<string, Intent<any, unknown>>;
type RunResult<I extends Intents> = Awaited<ReturnType<I[keyof I]["run"]>>;

/**
 * The one way a page with several forms answers a post (docs: README "Decisions", route shape). The form's
 * `intent` field picks its entry (an unknown intent is a 400); the entry's schema parses the form; a refusal
 * — the schema's or the domain's — comes back as `{ intent, key, result }` with the status it maps to, so the
 * page shows it next to the form (and the row) it came from, the typing kept. On success, the use case's
 * answer (usually a redirect) is returned as it is.
 */
export async function dispatchIntent<I extends Intents>(form: FormData, intents: I): Promise<RunResult<I> | ReturnType<typeof data<IntentReply<keyof I & string>>>> {
  const name = form.get("intent");
  if (typeof name !== "string" || !Object.prototype.hasOwnProperty.call(intents, name)) throw new DomainError("error.invalid", 400);
  const entry = intents[name]!;
  const keyValue = entry.keyField ? Number(form.get(entry.keyField)) : undefined;
  const key = keyValue !== undefined && Number.isSafeInteger(keyValue) ? keyValue : undefined;
  // Only a refusal builds the page data it carries back.
  const answer = async (result: SubmissionResult<string[]>, status: number) =>
    data<IntentReply<keyof I & string>>({ ...(entry.refusalData ? await entry.refusalData() : {}), intent: name, key, result }, { status });
  const submission = parseWithZod(form, { schema: entry.schema });
  if (submission.status !== "success") return answer(submission.reply({ hideFields: entry.hideFields }), 400);
  try {
    return (await entry.run(submission.value, submission)) as RunResult<I>;
  } catch (error) {
    const { result, status } = errorReply(submission, error, entry.hideFields);
    return answer(result, status);
  }
}
