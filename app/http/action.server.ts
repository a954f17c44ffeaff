import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "../domain/errors";
import { TransitionError } from "../domain/lifecycle";
import { kickSearchIndexer } from "../../search/outbox.server";
import { assertSameOrigin } from "./origin.server";

/** A refusal from the domain that escaped the route becomes an error page with the refusal's status. */
function asErrorResponse(error: unknown): never {
  if (error instanceof DomainError) throw data({ messageKey: error.messageKey }, { status: error.status });
  if (error instanceof TransitionError) throw data({ messageKey: "error.conflict" }, { status: 409 });
  throw error;
}

/**
 * Every route action is defined through this: it refuses cross-site requests before the handler runs
 * (Remix v2 has no middleware; tests/http/route-guards.test.ts checks every route action uses it).
 */
export function defineAction<T>(handler: (args: ActionFunctionArgs) => Promise<T>) {
  const action = async (args: ActionFunctionArgs): Promise<T> => {
    assertSameOrigin(args.request);
    try {
      const result = await handler(args);
      // Whatever the action committed may have queued search updates: index them now.
      kickSearchIndexer();
      return result;
    } catch (error) {
      return asErrorResponse(error);
    }
  };
  return Object.assign(action, { sameOriginChecked: true as const });
}

/** A loader whose domain refusals (404, 403, 409 …) become error pages instead of 500s. */
export function defineLoader<T>(handler: (args: LoaderFunctionArgs) => Promise<T>) {
  return async (args: LoaderFunctionArgs): Promise<T> => {
    try {
      return await handler(args);
    } catch (error) {
      return asErrorResponse(error);
    }
  };
}
