import type { z } from "zod";
import { DomainError } from "../domain/errors";
import type { ApiPrincipal } from "../domain/api-keys/api-keys.server";
import type { ApiScope } from "../domain/api-keys/scopes";

// One API v1 operation: its method and path, the scope it needs, the zod schemas of its path, query and body
// (the forms' own schemas wherever a form does the same thing), its documented answers, and the use case it
// runs. The router (handle.server.ts) and the OpenAPI document (openapi.server.ts) both read this one list.

export type ApiMethod = "get" | "post" | "put" | "patch" | "delete";

export interface ApiResponseSpec {
  description: string;
  /** The JSON body's schema (output side); none for an empty answer. */
  schema?: z.ZodType;
  /** The answer carries an ETag (a document that changes). */
  etag?: boolean;
}

export interface ApiContext<P, Q, B> {
  principal: ApiPrincipal;
  params: P;
  query: Q;
  body: B;
  now: Date;
  /** The If-Match header, as sent (operations with `ifMatch` always get one). */
  ifMatch: string | null;
}

export interface ApiReply {
  status: number;
  body?: unknown;
  etag?: string;
  headers?: Record<string, string>;
}

export interface ApiOperation<P = unknown, Q = unknown, B = unknown> {
  operationId: string;
  method: ApiMethod;
  /** OpenAPI path template below /api/v1, e.g. "/rfqs/{rfqId}". */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** The scope a key needs (any one of a list: a buyer's and a supplier's side of one document); null for any valid key. */
  scope: ApiScope | readonly ApiScope[] | null;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The largest body this operation reads (default MAX_JSON_BYTES, 1 MiB): more for one that carries a document. */
  maxBodyBytes?: number;
  /** A write to a document that changes: If-Match is required (428 without it, 412 when stale). */
  ifMatch?: boolean;
  /** Answers besides the conventions' own (401, 403, 429, problems of the body …), by status. */
  responses: Record<number, ApiResponseSpec>;
  /** An example request body for the reference page. */
  example?: unknown;
  run: (context: ApiContext<P, Q, B>) => Promise<ApiReply>;
}

/** Typed by its schemas: `run` gets exactly what they parse to. */
export function defineOperation<P = Record<string, never>, Q = Record<string, never>, B = undefined>(operation: ApiOperation<P, Q, B>): ApiOperation<P, Q, B> {
  return operation;
}

type AnyContext = ApiContext<unknown, unknown, unknown>;

/** The key's organization buys (a buyer's operation); 403 otherwise. The use case checks membership again. */
export function requireBuyer(c: AnyContext): void {
  if (!c.principal.buys) throw new DomainError("error.forbidden", 403);
}

/** The key's organization sells (a supplier or cooperative); 403 otherwise. */
export function requireSeller(c: AnyContext): void {
  if (!c.principal.sells) throw new DomainError("error.forbidden", 403);
}

/** The key's organization is a cooperative; 403 otherwise. */
export function requireCooperative(c: AnyContext): void {
  if (c.principal.organizationKind !== "cooperative") throw new DomainError("error.forbidden", 403);
}
