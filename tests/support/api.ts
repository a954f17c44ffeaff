import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { handleApiRequest } from "../../app/api/handle.server";
import { openApiDocument } from "../../app/api/openapi.server";
import { getDb } from "../../app/db.server";
import { createApiKey } from "../../app/domain/api-keys/api-keys.server";
import type { ApiScope } from "../../app/domain/api-keys/scopes";
import type { TestOrganization } from "./rfqs";

// API v1 in tests: keys made through the real use case, requests through the real handler, and every answer
// checked against the OpenAPI document the API serves (ajv, JSON Schema 2020-12): a status the operation does
// not document, a field its schema does not have, or a wrong type fails the test that made the call.

type Json = Record<string, unknown>;
const document = openApiDocument() as unknown as Json;
const components = document.components as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();

interface Template {
  method: string;
  template: string;
  pattern: RegExp;
  operation: Json;
}
const TEMPLATES: Template[] = Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([template, item]) =>
  Object.entries(item).map(([method, operation]) => ({ method, template, pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`), operation })),
);

/** What the contract checks saw: "METHOD /template status" → count (printed by the contract test). */
export const CONTRACT_SEEN = new Map<string, number>();

/** Checks one answer against the document; throws with the reasons when it does not conform. */
export function checkContract(method: string, path: string, status: number, contentType: string | null, body: unknown): void {
  const pathname = path.split("?")[0]!;
  const found = TEMPLATES.find((t) => t.method === method.toLowerCase() && t.pattern.test(pathname));
  if (!found) {
    // Unknown paths and methods answer 404 / 405 problems, documented for the API as a whole.
    expect([404, 405], `${method} ${path}: no operation, so only 404/405`).toContain(status);
    return;
  }
  const key = `${found.method.toUpperCase()} ${found.template} ${status}`;
  CONTRACT_SEEN.set(key, (CONTRACT_SEEN.get(key) ?? 0) + 1);
  const responses = found.operation.responses as Record<string, Json>;
  const spec = responses[String(status)];
  if (!spec) throw new Error(`${method} ${found.template}: status ${status} is not documented (documented: ${Object.keys(responses).join(", ")})`);
  const content = spec.content as Record<string, Json> | undefined;
  if (!content) {
    if (body !== null && body !== undefined && body !== "") throw new Error(`${method} ${found.template} ${status}: a body where none is documented`);
    return;
  }
  const media = (contentType ?? "").split(";")[0]!.trim();
  const entry = content[media];
  if (!entry) throw new Error(`${method} ${found.template} ${status}: content type "${media}" is not documented (${Object.keys(content).join(", ")})`);
  const id = `${key} ${media}`;
  let validate = validators.get(id);
  if (!validate) {
    validate = ajv.compile({ ...(entry.schema as Json), components });
    validators.set(id, validate);
  }
  if (!validate(body)) throw new Error(`${method} ${found.template} ${status}: the body does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 600)}`);
}

export interface ApiAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiCallOptions {
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  raw?: string;
  headers?: Record<string, string>;
  token?: string | null;
}

/** One API call through the real handler (no server), its answer checked against the document. */
export async function callApi<T = any>(method: string, path: string, options: ApiCallOptions = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  const request = new Request(`http://localhost/api/v1${path}`, { method, headers, body });
  const response = await handleApiRequest(request, { clientAddress: "203.0.113.7" } as never);
  const text = await response.text();
  const parsed: unknown = text === "" ? null : JSON.parse(text);
  checkContract(method, path, response.status, response.headers.get("Content-Type"), parsed);
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** A key of the organization, created by its owner through the real use case. */
export async function apiKeyFor(
  organization: TestOrganization,
  options: { scopes?: ApiScope[]; role?: "owner" | "member"; name?: string; expiresOn?: string; now?: Date } = {},
): Promise<{ id: number; token: string }> {
  return createApiKey(getDb(), {
    organizationId: organization.organizationId,
    actorUserId: organization.userId,
    input: {
      name: options.name ?? "ERP uji",
      role: options.role ?? "member",
      scopes: options.scopes ?? ["rfqs:write", "bids:write", "orders:write", "work_orders:write", "directory:read"],
      expiresOn: options.expiresOn,
    },
    now: options.now ?? new Date(),
  });
}
