import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { now as clock } from "../clock.server";
import { getDb } from "../db.server";
import { authenticateApiKey, bearerToken, type ApiAuthentication } from "../domain/api-keys/api-keys.server";
import { grants } from "../domain/api-keys/scopes";
import { DomainError } from "../domain/errors";
import { kickSearchIndexer } from "../domain/search/outbox.server";
import { kickWebhookSender } from "../domain/webhooks/sender.server";
import { checkRateLimit, claimIdempotencyKey, requestHash, settleIdempotencyKey, type StoredAnswer } from "./conventions.server";
import type { ApiOperation, ApiReply } from "./define";
import { openApiDocument } from "./openapi.server";
import { API_OPERATIONS } from "./operations";
import { ApiProblem, apiLocale, issuesToErrors, problemResponse } from "./problem";

// The one entry of API v1 (the route app/routes/api.v1.$.tsx hands it every request under /api/v1): finds the
// operation, authenticates the key, counts it against the rate limit, checks the scope, parses path, query and
// body with the operation's schemas, claims the Idempotency-Key of a POST, checks If-Match, runs the use case and
// answers JSON — or an RFC 9457 problem for every refusal. No input reaches a use case unparsed.

export const API_PREFIX = "/api/v1";
/** The largest JSON body an operation reads (an RFQ of 30 lines with long descriptions is far below). */
export const MAX_JSON_BYTES = 1024 * 1024;

interface Route {
  operation: ApiOperation<any, any, any>;
  pattern: RegExp;
  names: string[];
}

const ROUTES: Route[] = API_OPERATIONS.map((operation) => {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${operation.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
      names.push(name);
      return "([^/]+)";
    })}$`,
  );
  return { operation, pattern, names };
});

const AUTH_PROBLEMS: Record<Exclude<ApiAuthentication, { ok: true }>["reason"], ApiProblem> = {
  missing: new ApiProblem(401, "error.apiKeyMissing"),
  malformed: new ApiProblem(401, "error.apiKeyInvalid"),
  unknown: new ApiProblem(401, "error.apiKeyInvalid"),
  revoked: new ApiProblem(401, "error.apiKeyRevoked"),
  expired: new ApiProblem(401, "error.apiKeyExpired"),
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? headers : { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

/** Reads at most `max` bytes of the body (413 beyond), as text. */
async function readBody(request: Request, max: number): Promise<string> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > max) throw new ApiProblem(413, "error.tooLarge");
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new ApiProblem(413, "error.tooLarge");
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, status: 400 | 422, pointerPrefix = ""): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = issuesToErrors(parsed.error.issues).map((e) => ({ ...e, pointer: pointerPrefix + e.pointer }));
  throw new ApiProblem(status, "error.invalid", errors);
}

function fromDomain(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof DomainError) {
    const field = error.field ? [{ pointer: `/${error.field.replaceAll(".", "/").replace(/\[(\d+)\]/g, "/$1")}`, messageKey: error.messageKey }] : [];
    return new ApiProblem(error.status, error.messageKey, field, {}, error.params);
  }
  throw error;
}

/** Every request under /api/v1. */
export async function handleApiRequest(request: Request, context: AppLoadContext | undefined): Promise<Response> {
  const locale = apiLocale(request);
  const url = new URL(request.url);
  const path = url.pathname.slice(API_PREFIX.length) || "/";
  const method = request.method.toLowerCase();
  if (path === "/openapi.json" && (method === "get" || method === "head")) {
    return json(200, openApiDocument(), { "Cache-Control": "public, max-age=300" });
  }

  const matching = ROUTES.map((route) => ({ route, match: route.pattern.exec(path) })).filter((r) => r.match !== null);
  if (matching.length === 0) return problemResponse(new ApiProblem(404, "error.notFound"), locale);
  const found = matching.find((r) => r.route.operation.method === method || (method === "head" && r.route.operation.method === "get"));
  if (!found) {
    const allow = [...new Set(matching.map((r) => r.route.operation.method.toUpperCase()))].join(", ");
    return problemResponse(new ApiProblem(405, "error.methodNotAllowed"), locale, { Allow: allow });
  }
  const { operation } = found.route;
  const db = getDb();
  const now = clock();
  let limitHeaders: Record<string, string> = {};
  let claimed: number | null = null;
  try {
    const auth = await authenticateApiKey(db, { token: bearerToken(request.headers.get("Authorization")), address: context?.clientAddress ?? null, now });
    if (!auth.ok) throw withHeaders(AUTH_PROBLEMS[auth.reason], { "WWW-Authenticate": 'Bearer realm="pasok"' });
    const { principal } = auth;
    const limit = await checkRateLimit(db, principal.keyId, now);
    limitHeaders = limit.headers;
    if (!limit.allowed) throw new ApiProblem(429, "error.rateLimited");
    const needed = operation.scope === null ? [] : typeof operation.scope === "string" ? [operation.scope] : operation.scope;
    if (needed.length > 0 && !needed.some((scope) => grants(principal.scopes, scope))) throw new ApiProblem(403, "error.apiScope");

    const rawParams = Object.fromEntries(found.route.names.map((name, i) => [name, decodeURIComponent(found.match![i + 1]!)]));
    const params = parseWith(operation.params, rawParams, 400);
    const query = parseWith(operation.query, Object.fromEntries(url.searchParams), 400);
    let bodyText = "";
    let body: unknown = undefined;
    if (operation.body) {
      const type = request.headers.get("Content-Type") ?? "";
      if (!/^application\/(.+\+)?json\b/i.test(type)) throw new ApiProblem(415, "error.unsupportedMediaType");
      bodyText = await readBody(request, operation.maxBodyBytes ?? MAX_JSON_BYTES);
      let value: unknown;
      try {
        value = JSON.parse(bodyText);
      } catch {
        throw new ApiProblem(400, "error.jsonBody", [{ pointer: "", messageKey: "error.jsonBody" }]);
      }
      body = parseWith(operation.body, value, 422);
    }

    const ifMatch = request.headers.get("If-Match");
    if (operation.ifMatch && !ifMatch) throw new ApiProblem(428, "error.preconditionRequired");

    const idempotencyKey = method === "post" ? request.headers.get("Idempotency-Key") : null;
    if (idempotencyKey !== null) {
      const claim = await claimIdempotencyKey(db, { keyId: principal.keyId, idempotencyKey, hash: requestHash(method, url.pathname + url.search, bodyText), now });
      if (claim.kind === "replay") return answer(claim.answer, { ...limitHeaders, "Idempotent-Replayed": "true" });
      claimed = claim.id;
    }

    let stored: StoredAnswer;
    try {
      const reply = await operation.run({ principal, params, query, body, now, ifMatch });
      stored = storedOf(reply);
      kickSearchIndexer();
      kickWebhookSender();
    } catch (error) {
      if (!(error instanceof ApiProblem || error instanceof DomainError)) {
        // A fault of ours, not of the request: free the key so the client's retry runs again.
        if (claimed !== null) await settleIdempotencyKey(db, claimed, { status: 500, headers: {}, body: "" });
        throw error;
      }
      stored = await storedProblem(fromDomain(error), locale);
    }
    if (claimed !== null) await settleIdempotencyKey(db, claimed, stored);
    return answer(stored, limitHeaders);
  } catch (error) {
    return problemResponse(fromDomain(error), locale, limitHeaders);
  }
}

async function storedProblem(problem: ApiProblem, locale: "id" | "en"): Promise<StoredAnswer> {
  const response = problemResponse(problem, locale);
  return { status: problem.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

function withHeaders(problem: ApiProblem, headers: Record<string, string>): ApiProblem {
  return new ApiProblem(problem.status, problem.messageKey, problem.errors, { ...problem.headers, ...headers }, problem.params);
}

function storedOf(reply: ApiReply): StoredAnswer {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.etag) headers.ETag = reply.etag;
  if (reply.body !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";
  return { status: reply.status, headers, body: reply.body === undefined ? "" : JSON.stringify(reply.body) };
}

function answer(stored: StoredAnswer, extra: Record<string, string>): Response {
  return new Response(stored.status === 204 || stored.body === "" ? null : stored.body, { status: stored.status, headers: { ...stored.headers, ...extra } });
}

