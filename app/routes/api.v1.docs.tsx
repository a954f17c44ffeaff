import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { openApiDocument } from "../api/openapi.server";
import { defineLoader } from "../http/loader.server";

// The API v1 reference, read from the same OpenAPI document the API serves (/api/v1/openapi.json), rendered
// here in English with its examples — no external script or stylesheet.
export const meta: MetaFunction = () => [{ title: "API v1 reference · Pasok" }];

type Json = Record<string, unknown>;

interface ParamView {
  name: string;
  in: string;
  required: boolean;
  type: string;
  description: string;
}

interface OperationView {
  id: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  description: string;
  params: ParamView[];
  example: string | null;
  responses: { status: string; description: string; schema: string | null }[];
}

function typeOf(schema: Json | undefined): string {
  if (!schema) return "";
  if (typeof schema.$ref === "string") return schema.$ref.replace("#/components/schemas/", "");
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items as Json)}[]`;
  if (Array.isArray(schema.type)) return (schema.type as string[]).join(" | ");
  return String(schema.type ?? "object");
}

function propertiesOf(schema: Json): ParamView[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries((schema.properties as Record<string, Json> | undefined) ?? {}).map(([name, s]) => ({
    name,
    in: "body",
    required: required.has(name),
    type: typeOf(s),
    description: String(s.description ?? ""),
  }));
}

export const loader = defineLoader(async () => {
  const document = openApiDocument() as unknown as Json;
  const operations: OperationView[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(item)) {
      const content = ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.["application/json"];
      operations.push({
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        tag: ((op.tags as string[] | undefined) ?? ["Other"])[0]!,
        summary: String(op.summary ?? ""),
        description: String(op.description ?? ""),
        params: ((op.parameters as Json[] | undefined) ?? []).map((p) => ({
          name: String(p.name),
          in: String(p.in),
          required: p.required === true,
          type: typeOf(p.schema as Json),
          description: String(p.description ?? (p.schema as Json | undefined)?.description ?? ""),
        })),
        example: content?.example ? JSON.stringify(content.example, null, 2) : null,
        responses: Object.entries(op.responses as Record<string, Json>).map(([status, r]) => {
          const c = r.content as Record<string, Json> | undefined;
          const schema = c ? Object.values(c)[0]?.schema as Json | undefined : undefined;
          return { status, description: String(r.description ?? ""), schema: schema ? typeOf(schema) : null };
        }),
      });
    }
  }
  const schemas = Object.entries(((document.components as Json).schemas as Record<string, Json> | undefined) ?? {}).map(([name, s]) => ({
    name,
    description: String(s.description ?? ""),
    properties: propertiesOf(s),
  }));
  const info = document.info as Json;
  const bodies = new Map<string, ParamView[]>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(item)) {
      const schema = (((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.["application/json"]?.schema) as Json | undefined;
      if (schema && !schema.$ref) bodies.set(`${method.toUpperCase()} ${path}`, propertiesOf(schema));
    }
  }
  return { title: String(info.title), version: String(info.version), description: String(info.description), operations, schemas, bodies: Object.fromEntries(bodies) };
});

/** The document's descriptions mark code with backticks (CommonMark, as OpenAPI allows): shown as <code>. */
function Inline({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part, i) => (part.startsWith("`") && part.endsWith("`") && part.length > 1 ? <code key={i}>{part.slice(1, -1)}</code> : part))}
    </>
  );
}

export default function ApiReference() {
  const { title, version, description, operations, schemas, bodies } = useLoaderData<typeof loader>();
  const tags = [...new Set(operations.map((o) => o.tag))];
  return (
    <section className="stack api-docs" lang="en">
      <h1>
        {title} {version}
      </h1>
      <p>
        <Inline text={description} />
      </p>
      <p>
        <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1) — generate a client with <code>openapi-typescript</code>, Postman or your ERP's tools.
      </p>
      <div className="card stack">
        <h2>Quick start</h2>
        <pre className="code">{`curl https://pasok.example/api/v1/me \\
  -H "Authorization: Bearer psk_…"

curl -X POST https://pasok.example/api/v1/rfqs \\
  -H "Authorization: Bearer psk_…" \\
  -H "Content-Type: application/json" \\
  -H "Idempotency-Key: 6f1c2a8e-0b7d-4c1e-9a57-3d2b8f0e4a11" \\
  -d '{"intent":"save","title":"Blok rem komposit K","deliveryProvinceCode":"32","deliveryRegencyCode":"32.73","deliveryAddress":"Balai Yasa Bandung"}'`}</pre>
        <ul>
          <li>Errors are <code>application/problem+json</code> (RFC 9457): <code>status</code>, <code>detail</code>, a stable <code>messageKey</code> and, for a refused body, <code>errors</code> with a JSON pointer per field.</li>
          <li>Every POST takes <code>Idempotency-Key</code>: a retry with the same key gets the first answer again (<code>Idempotent-Replayed: true</code>) for 24 hours; the same key with another body is a 422.</li>
          <li>Lists return <code>{`{ data, nextCursor }`}</code>: pass <code>cursor=nextCursor</code> for the next page.</li>
          <li>Each key has a quota per minute, announced in <code>RateLimit-Policy</code> and <code>RateLimit</code>; past it, 429 with <code>Retry-After</code>.</li>
          <li>Documents that change carry an <code>ETag</code>; a write to one needs <code>If-Match</code> (428 without it, 412 if someone changed it since you read it).</li>
        </ul>
      </div>
      {tags.map((tag) => (
        <div key={tag} className="stack">
          <h2>{tag}</h2>
          {operations
            .filter((o) => o.tag === tag)
            .map((o) => (
              <article key={o.id} id={o.id} className="card stack" data-testid={`op-${o.id}`}>
                <h3>
                  <code>
                    {o.method} /api/v1{o.path}
                  </code>{" "}
                  — {o.summary}
                </h3>
                {o.description.split("\n\n").map((p) => (
                  <p key={p}>
                    <Inline text={p} />
                  </p>
                ))}
                {o.params.length > 0 || bodies[`${o.method} ${o.path}`] ? (
                  <div className="table-wrap">
                    <table className="stacked">
                      <thead>
                        <tr>
                          <th>Field</th>
                          <th>In</th>
                          <th>Type</th>
                          <th>Description</th>
                        </tr>
                      </thead>
                      <tbody>
                        {[...o.params, ...(bodies[`${o.method} ${o.path}`] ?? [])].map((p) => (
                          <tr key={`${p.in}-${p.name}`}>
                            <td data-label="Field">
                              <code>{p.name}</code>
                              {p.required ? " *" : ""}
                            </td>
                            <td data-label="In">{p.in}</td>
                            <td data-label="Type">{p.type}</td>
                            <td data-label="Description">
                              <Inline text={p.description} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : null}
                {o.example ? (
                  <>
                    <h4>Example body</h4>
                    <pre className="code">{o.example}</pre>
                  </>
                ) : null}
                <h4>Responses</h4>
                <ul>
                  {o.responses.map((r) => (
                    <li key={r.status}>
                      <strong>{r.status}</strong> <Inline text={r.description} />
                      {r.schema ? (
                        <>
                          {" "}
                          — <a href={`#schema-${r.schema}`}>{r.schema}</a>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </article>
            ))}
        </div>
      ))}
      <h2>Schemas</h2>
      {schemas.map((s) => (
        <article key={s.name} id={`schema-${s.name}`} className="card stack">
          <h3>{s.name}</h3>
          {s.description ? (
            <p>
              <Inline text={s.description} />
            </p>
          ) : null}
          <div className="table-wrap">
            <table className="stacked">
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Type</th>
                  <th>Description</th>
                </tr>
              </thead>
              <tbody>
                {s.properties.map((p) => (
                  <tr key={p.name}>
                    <td data-label="Field">
                      <code>{p.name}</code>
                      {p.required ? " *" : ""}
                    </td>
                    <td data-label="Type">{p.type}</td>
                    <td data-label="Description">
                              <Inline text={p.description} />
                            </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </article>
      ))}
    </section>
  );
}
