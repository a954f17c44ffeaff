import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { API_SCOPES } from "../domain/api-keys/scopes";
import type { ApiOperation } from "./define";
import { API_OPERATIONS } from "./operations";
import { ProblemSchema } from "./problem";

// The OpenAPI 3.1 document of API v1, generated from the operations' own zod schemas (zod-openapi) — the forms'
// schemas on the request side — with the conventions every operation shares: bearer keys, scopes, problems,
// RateLimit headers, Idempotency-Key, ETag / If-Match. Served at /api/v1/openapi.json and read by the reference
// page (/api/v1/docs) and by the contract test (tests/api).

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });

const RATE_HEADERS = {
  "RateLimit-Policy": { description: 'The key\'s quota: `"per-key";q=<requests>;w=<seconds>`.', schema: { type: "string" as const } },
  RateLimit: { description: 'What is left of it: `"per-key";r=<remaining>;t=<seconds until the window resets>`.', schema: { type: "string" as const } },
};

function responsesOf(operation: ApiOperation<any, any, any>): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    const isError = Number(status) >= 400;
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = isError
      ? problem(spec.description)
      : {
          description: spec.description,
          headers: {
            ...RATE_HEADERS,
            ...(spec.etag ? { ETag: { description: "The document's version; send it back as If-Match when you change it.", schema: { type: "string" } } } : {}),
            ...(status === "201" ? { Location: { description: "The new document's address.", schema: { type: "string" } } } : {}),
            ...(operation.method === "post" ? { "Idempotent-Replayed": { description: "`true` when this is the stored first answer to the same Idempotency-Key.", schema: { type: "string" } } } : {}),
          },
          ...(spec.schema ? { content: { "application/json": { schema: spec.schema } } } : {}),
        };
  }
  const add = (status: string, description: string) => {
    responses[status as `4${string}`] ??= problem(description);
  };
  add("400", "The path, query, JSON or a header is not valid (`errors` says where).");
  add("401", "No API key, or an unknown, revoked or expired one.");
  add("403", "The key lacks the scope, or the organization may not do this (e.g. a supplier's key on a buyer's operation).");
  add("429", "Over the key's rate limit (see Retry-After and RateLimit).");
  if (operation.body) {
    add("413", `The body is over ${Math.round((operation.maxBodyBytes ?? 1024 * 1024) / (1024 * 1024))} MiB.`);
    add("415", "The body is not application/json.");
    add("422", "The body is valid JSON but not a valid request (`errors` lists each field, as the form shows them).");
  }
  if (operation.method === "post") {
    add("409", "A request with the same Idempotency-Key is still running.");
    add("422", "The Idempotency-Key was used with a different request.");
  }
  if (operation.ifMatch) {
    add("412", "If-Match does not match the document's current ETag: read it again.");
    add("428", "If-Match is required.");
  }
  return responses;
}

function operationObject(operation: ApiOperation<any, any, any>): ZodOpenApiOperationObject {
  const headers: Record<string, z.ZodType> = {};
  if (operation.method === "post") {
    headers["Idempotency-Key"] = z.string().max(255).optional().meta({ description: "Any unique string (a UUID): the first answer is stored for 24 hours and replayed to a retry with the same key." });
  }
  if (operation.ifMatch) headers["If-Match"] = z.string().meta({ description: "The ETag of the document as you last read it." });
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: [operation.description, operation.scope === null ? "Any valid key." : `Scope: ${(typeof operation.scope === "string" ? [operation.scope] : operation.scope).map((s) => `\`${s}\``).join(" or ")} (a \`read\` scope is also granted by the area's \`write\`).`].filter(Boolean).join("\n\n"),
    ...(operation.params || operation.query || Object.keys(headers).length > 0
      ? {
          requestParams: {
            ...(operation.params ? { path: operation.params as z.ZodObject } : {}),
            ...(operation.query ? { query: operation.query as z.ZodObject } : {}),
            ...(Object.keys(headers).length > 0 ? { header: z.object(headers) } : {}),
          },
        }
      : {}),
    ...(operation.body
      ? { requestBody: { required: true, content: { "application/json": { schema: operation.body, ...(operation.example ? { example: operation.example } : {}) } } } }
      : {}),
    responses: responsesOf(operation),
  };
}

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument(operations: readonly ApiOperation<any, any, any>[] = API_OPERATIONS): ReturnType<typeof createDocument> {
  if (operations === API_OPERATIONS && cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of operations) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = operationObject(operation);
  }
  const document = createDocument({
    openapi: "3.1.0",
    info: {
      title: "Pasok API",
      version: "1.0.0",
      description:
        "Pasok's API for buyers' and suppliers' ERPs: the same use cases, rules and authorization as the app. JSON over HTTPS; authenticate with an organization's API key (`Authorization: Bearer psk_…`, created by an owner at /organization/api-keys). Errors are RFC 9457 problems (`application/problem+json`, in the language of Accept-Language: `id` or English). Every POST takes an `Idempotency-Key`. Lists are cursor pages. Documents that change carry an ETag; writes to them need `If-Match`.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", bearerFormat: "psk_<public id>_<secret>", description: `An organization's API key. Scopes: ${API_SCOPES.join(", ")}; write includes read.` },
      },
    },
    tags: [
      { name: "Keys", description: "The key itself." },
      { name: "RFQs", description: "A buyer's requests for quotation, questions, invitations, bids after the deadline and the award." },
      { name: "Bids", description: "A supplier's feed, questions and sealed bids." },
      { name: "Orders", description: "Orders for both parties: contract, steps, shipments, inspections, BASTs, invoices, faktur, transfers." },
      { name: "Agreements", description: "Framework agreements (kontrak payung) and call-offs." },
      { name: "Work orders", description: "A cooperative's work orders with its members, hand-overs, statements and payouts." },
      { name: "Directory", description: "The supplier directory." },
    ],
    paths,
  });
  if (operations === API_OPERATIONS) cached = document;
  return document;
}
