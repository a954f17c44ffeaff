import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "../domain/errors";
import { isMessageKey } from "../i18n/i18n";
import { kickSearchIndexer } from "../domain/search/outbox.server";
import { kickWebhookSender } from "../domain/webhooks/sender.server";
import { readForm, type FormLimits } from "./form-body.server";
import { assertSameOrigin } from "./origin.server";
import { problem } from "./problem.server";

/** A refusal from the domain that escaped the route becomes an error page with the refusal's status. */
export function asErrorResponse(error: unknown): never {
  if (error instanceof DomainError) throw data({ messageKey: error.messageKey }, { status: error.status });
  throw error;
}

export type FormActionArgs = ActionFunctionArgs & {
  /** The request's form, read once within every bound (app/http/form-body.server.ts). */
  form: FormData;
  /** File fields whose file was over the route's limit and was dropped. */
  tooLarge: string[];
};

export interface ActionOptions {
  /** The bounds of this route's form, or "raw" for a route that reads its own bounded body (webhooks). */
  body?: FormLimits | "raw";
  /** A resource route (no page): refusals are answered as problem+json instead of an error page. */
  resource?: boolean;
}

/**
 * Every route action is defined through this (tests/http/route-guards.test.ts checks it): it refuses
 * cross-site requests and reads the form within its bounds before the handler runs, so no handler ever
 * reads a request body itself. After a successful action it wakes the search indexer, so what the action
 * queued in `search_outbox` (in its own transaction) is indexed at once rather than at the next poll.
 */
export function defineAction<T>(handler: (args: FormActionArgs) => Promise<T>, options: ActionOptions = {}) {
  const action = async (args: ActionFunctionArgs): Promise<T> => {
    assertSameOrigin(args.request);
    if (args.request.method !== "POST") throw problem(405, "error.methodNotAllowed", "Only POST is allowed here.");
    const { form, tooLarge } =
      options.body === "raw" ? { form: new FormData(), tooLarge: [] } : await readForm(args.request, options.body ?? {});
    try {
      const result = await handler({ ...args, form, tooLarge });
      // Whatever the action committed may have queued search updates: index them now.
      kickSearchIndexer();
      kickWebhookSender();
      return result;
    } catch (error) {
      if (options.resource) throw asProblem(error);
      return asErrorResponse(error);
    }
  };
  return Object.assign(action, { sameOriginChecked: true as const });
}

/** A thrown refusal as a problem+json response (resource routes and the API). */
export function asProblem(error: unknown): Response {
  if (error instanceof DomainError) return problem(error.status, error.messageKey);
  if (error instanceof Response) {
    if (error.headers.get("Content-Type")?.startsWith("application/problem+json") || (error.status >= 300 && error.status < 400)) return error;
    return problem(error.status, error.status === 404 ? "error.notFound" : error.status === 403 ? "error.forbidden" : "error.invalid");
  }
  if (isDataWithInit(error)) {
    const key = (error.data as { messageKey?: unknown } | null)?.messageKey;
    const status = error.init?.status ?? 500;
    return problem(status, isMessageKey(key) ? key : "error.invalid");
  }
  throw error;
}

function isDataWithInit(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}
