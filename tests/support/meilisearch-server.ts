import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A Meilisearch-compatible HTTP server for tests, speaking Meilisearch's wire protocol for what Pasok's adapter
// (search/meilisearch-engine.server.ts) calls through the real `meilisearch` client: POST /indexes, PATCH
// /indexes/:uid/settings, POST/PUT /indexes/:uid/documents, POST /indexes/:uid/documents/delete-batch,
// DELETE /indexes/:uid/documents, POST /indexes/:uid/search, POST /multi-search and GET /tasks/:uid. Every
// write answers 202 with an enqueued task that reports "processing" for `processingPolls` polls and then
// "succeeded" (or "failed", when the test asked for it). Search is deliberately naive (every query word must
// occur in the document's analysed `search` fields; filters are not evaluated): the point is what the adapter
// sends and how it reads the answers. Every request is recorded.

export interface RecordedMeiliRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | null;
}

export interface FakeTask {
  uid: number;
  indexUid: string | null;
  type: string;
  status: "enqueued" | "processing" | "succeeded" | "failed";
  error: { message: string; code: string; type: string; link: string } | null;
  polls: number;
  enqueuedAt: string;
}

export interface MeilisearchTestServer {
  url: string;
  requests: RecordedMeiliRequest[];
  tasks: Map<number, FakeTask>;
  /** The documents of an index, by id. */
  documents(indexUid: string): Map<string, Record<string, unknown>>;
  /** The settings last PATCHed to an index (merged). */
  settings(indexUid: string): Record<string, unknown> | undefined;
  /** The next task fails with this error (Meilisearch error codes, e.g. "invalid_document_id"). */
  failNextTask(code: string, message?: string): void;
  /** Tasks stay "processing" for this many polls before they finish. */
  processingPolls: number;
  /** Tasks never finish (to test the adapter's wait timeout). */
  neverFinish: boolean;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startMeilisearchServer(): Promise<MeilisearchTestServer> {
  const requests: RecordedMeiliRequest[] = [];
  const tasks = new Map<number, FakeTask>();
  const indexes = new Map<string, { primaryKey: string | null; docs: Map<string, Record<string, unknown>>; settings: Record<string, unknown> }>();
  let nextTaskUid = 0;
  let pendingFailure: { code: string; message: string } | null = null;

  const handle: Omit<MeilisearchTestServer, "url" | "close"> = {
    requests,
    tasks,
    documents: (uid) => indexes.get(uid)?.docs ?? new Map(),
    settings: (uid) => indexes.get(uid)?.settings,
    failNextTask(code, message = `fake failure: ${code}`) {
      pendingFailure = { code, message };
    },
    processingPolls: 0,
    neverFinish: false,
  };

  const enqueue = (res: ServerResponse, indexUid: string | null, type: string, apply: () => { code: string; message: string } | null) => {
    let error = pendingFailure;
    pendingFailure = null;
    if (!error) error = apply();
    const task: FakeTask = {
      uid: nextTaskUid++,
      indexUid,
      type,
      status: "enqueued",
      error: error ? { ...error, type: "invalid_request", link: `https://docs.meilisearch.com/errors#${error.code}` } : null,
      polls: 0,
      enqueuedAt: new Date().toISOString(),
    };
    tasks.set(task.uid, task);
    send(res, 202, { taskUid: task.uid, indexUid, status: "enqueued", type, enqueuedAt: task.enqueuedAt });
  };

  const index = (uid: string) => {
    let i = indexes.get(uid);
    if (!i) {
      i = { primaryKey: null, docs: new Map(), settings: {} };
      indexes.set(uid, i);
    }
    return i;
  };

  const search = (uid: string, body: Record<string, unknown>) => {
    const docs = [...(indexes.get(uid)?.docs.values() ?? [])];
    const words = String(body.q ?? "").split(/\s+/).filter(Boolean);
    const hits = docs.filter((d) => {
      const text = Object.values((d.search as Record<string, string> | undefined) ?? {}).join(" ");
      return words.every((w) => text.split(" ").some((t) => t.startsWith(w)));
    });
    const facetDistribution: Record<string, Record<string, number>> = {};
    for (const facet of (body.facets as string[] | undefined) ?? []) {
      const counts: Record<string, number> = {};
      for (const d of hits) {
        const value = d[facet];
        for (const v of Array.isArray(value) ? value : value === undefined || value === "" ? [] : [value]) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
      }
      facetDistribution[facet] = counts;
    }
    const offset = Number(body.offset ?? 0);
    const limit = Number(body.limit ?? 20);
    return {
      hits: hits.slice(offset, offset + limit).map((d) => ({ ...d, _rankingScore: 0.9 })),
      query: body.q ?? "",
      processingTimeMs: 1,
      limit,
      offset,
      estimatedTotalHits: hits.length,
      ...(body.facets ? { facetDistribution, facetStats: {} } : {}),
    };
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      return send(res, 400, { message: "malformed JSON", code: "malformed_payload", type: "invalid_request", link: "" });
    }
    requests.push({
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization ?? null,
    });
    const parts = url.pathname.split("/").filter(Boolean);
    const method = req.method ?? "GET";

    if (method === "GET" && parts[0] === "tasks" && parts.length === 2) {
      const task = tasks.get(Number(parts[1]));
      if (!task) return send(res, 404, { message: "task not found", code: "task_not_found", type: "invalid_request", link: "" });
      if (!handle.neverFinish) {
        task.polls++;
        if (task.polls > handle.processingPolls) task.status = task.error ? "failed" : "succeeded";
        else task.status = "processing";
      }
      const finished = task.status === "succeeded" || task.status === "failed";
      return send(res, 200, {
        uid: task.uid,
        batchUid: finished ? task.uid : null,
        indexUid: task.indexUid,
        status: task.status,
        type: task.type,
        canceledBy: null,
        details: {},
        error: task.status === "failed" ? task.error : null,
        duration: finished ? "PT0.001S" : null,
        enqueuedAt: task.enqueuedAt,
        startedAt: task.status === "enqueued" ? null : task.enqueuedAt,
        finishedAt: finished ? new Date().toISOString() : null,
      });
    }
    if (method === "POST" && url.pathname === "/indexes") {
      const { uid, primaryKey } = body as { uid: string; primaryKey?: string };
      return enqueue(res, uid, "indexCreation", () => {
        if (indexes.has(uid)) return { code: "index_already_exists", message: `Index \`${uid}\` already exists.` };
        index(uid).primaryKey = primaryKey ?? null;
        return null;
      });
    }
    if (method === "POST" && url.pathname === "/multi-search") {
      const queries = (body as { queries: (Record<string, unknown> & { indexUid: string })[] }).queries;
      return send(res, 200, { results: queries.map((q) => ({ indexUid: q.indexUid, ...search(q.indexUid, q) })) });
    }
    if (parts[0] === "indexes" && parts.length >= 3) {
      const uid = parts[1]!;
      const rest = parts.slice(2).join("/");
      if (method === "PATCH" && rest === "settings") {
        return enqueue(res, uid, "settingsUpdate", () => {
          Object.assign(index(uid).settings, body);
          return null;
        });
      }
      if ((method === "POST" || method === "PUT") && rest === "documents") {
        return enqueue(res, uid, "documentAdditionOrUpdate", () => {
          const i = index(uid);
          const key = url.searchParams.get("primaryKey") ?? i.primaryKey ?? "id";
          for (const doc of body as Record<string, unknown>[]) {
            const id = doc[key];
            if (typeof id !== "string" && typeof id !== "number") return { code: "missing_document_id", message: "missing id" };
            const previous = method === "PUT" ? i.docs.get(String(id)) ?? {} : {};
            i.docs.set(String(id), { ...previous, ...doc });
          }
          return null;
        });
      }
      if (method === "POST" && rest === "documents/delete-batch") {
        return enqueue(res, uid, "documentDeletion", () => {
          for (const id of body as (string | number)[]) index(uid).docs.delete(String(id));
          return null;
        });
      }
      if (method === "DELETE" && rest === "documents") {
        return enqueue(res, uid, "documentDeletion", () => {
          index(uid).docs.clear();
          return null;
        });
      }
      if (method === "POST" && rest === "search") {
        if (!indexes.has(uid)) return send(res, 404, { message: `Index \`${uid}\` not found.`, code: "index_not_found", type: "invalid_request", link: "" });
        return send(res, 200, search(uid, (body ?? {}) as Record<string, unknown>));
      }
    }
    send(res, 404, { message: `not implemented: ${method} ${url.pathname}`, code: "not_found", type: "invalid_request", link: "" });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(handle, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  });
}
