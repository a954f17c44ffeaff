import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request a change is made in, for its audit rows: set by our HTTP server (server/index.ts) around each
 * request, read by `writeAudit`. One instance per process, kept on globalThis: the server entry and the
 * Remix build are bundled apart and would otherwise each have their own.
 */
export interface RequestContext {
  address: string | null;
}

const KEY = Symbol.for("pasok.requestContext");
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
const storage: AsyncLocalStorage<RequestContext> = (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());

export function runInRequest<T>(context: RequestContext, run: () => T): T {
  return storage.run(context, run);
}

/** The address of the request being handled, or null outside one (jobs, scripts, tests calling use cases). */
export function requestAddress(): string | null {
  return storage.getStore()?.address ?? null;
}
