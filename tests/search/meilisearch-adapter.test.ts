import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMeilisearchEngine, quoteFilterValue } from "../../search/meilisearch-engine.server";
import type { SearchEngine, SupplierDoc } from "../../search/types";
import { startMeilisearchServer, type MeilisearchTestServer, type RecordedMeiliRequest } from "../support/meilisearch-server";
import { supplierDoc } from "../support/search-docs";

// What the Meilisearch adapter sends, through the real `meilisearch` client, to a server speaking
// Meilisearch's wire protocol (tests/support/meilisearch-server.ts): the index settings (synonyms, typo
// tolerance, attributes), documents with their analysed text, filter expressions with escaped values, and
// that it waits for every task and fails when a task failed.

const API_KEY = "test-master-key";

const supplier = (id: string, name: string, fields: Partial<SupplierDoc> = {}): SupplierDoc => supplierDoc(id, { name, ...fields });

let server: MeilisearchTestServer;
let engine: SearchEngine;

const since = (from: number) => server.requests.slice(from);
const writes = (list: RecordedMeiliRequest[]) => list.filter((r) => r.method !== "GET" && !r.path.endsWith("/search") && r.path !== "/multi-search");
const polls = (list: RecordedMeiliRequest[], taskUid: number) => list.filter((r) => r.method === "GET" && r.path === `/tasks/${taskUid}`);

beforeAll(async () => {
  server = await startMeilisearchServer();
  engine = createMeilisearchEngine({ url: server.url, apiKey: API_KEY, indexPrefix: "uji_", taskPollMs: 5, taskTimeoutMs: 2000 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.processingPolls = 0;
  server.neverFinish = false;
});

describe("Meilisearch adapter", () => {
  it("applySettings creates both indexes and sends their settings, waiting for every task", async () => {
    server.processingPolls = 2;
    const from = server.requests.length;
    await engine.applySettings();
    const sent = since(from);
    expect(writes(sent).map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /indexes",
      "PATCH /indexes/uji_suppliers/settings",
      "POST /indexes",
      "PATCH /indexes/uji_rfqs/settings",
    ]);
    expect(sent.every((r) => r.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(writes(sent)[0]!.body).toEqual({ uid: "uji_suppliers", primaryKey: "id" });
    // Every task was polled until it succeeded (2 × "processing", then "succeeded"), before the next request.
    for (const task of [...server.tasks.values()].slice(-4)) {
      expect(task.status).toBe("succeeded");
      expect(polls(sent, task.uid)).toHaveLength(3);
    }
    const order = sent.map((r) => `${r.method} ${r.path}`);
    expect(order.indexOf("PATCH /indexes/uji_suppliers/settings")).toBeGreaterThan(order.lastIndexOf(`GET /tasks/${[...server.tasks.values()].at(-4)!.uid}`));

    const settings = server.settings("uji_suppliers")!;
    expect(settings.searchableAttributes).toEqual([
      "search.name",
      "search.products",
      "search.processes",
      "search.materials",
      "search.headline",
      "search.description",
      "search.members",
      "search.location",
    ]);
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining(["processes", "materials", "certificates", "provinceCode", "clusterCode", "tkdnPercent", "capacityPcsPerMonth"]),
    );
    expect(settings.sortableAttributes).toEqual(["name"]);
    expect(settings.typoTolerance).toEqual({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } });
    const synonyms = settings.synonyms as Record<string, string[]>;
    // Synonyms are analysed like the documents and queries: "pengecoran" is "cor".
    expect(synonyms["blok rem"]).toEqual(["brake block"]);
    expect(synonyms["brake block"]).toEqual(["blok rem"]);
    expect(synonyms["cor"]).toEqual(expect.arrayContaining(["casting", "foundry"]));
    expect(synonyms["cylinder liner"]).toEqual(expect.arrayContaining(["selongsong silinder", "cylinder sleeve"]));
    expect(synonyms["las"]).toEqual(expect.arrayContaining(["welding"]));
    // "narrower" is one way: machining finds turning, turning does not find every machining shop.
    expect(synonyms["pemesinan"]).toEqual(expect.arrayContaining(["bubut", "frais", "cnc"]));
    expect(synonyms["bubut"]).not.toContain("pemesinan");
    expect(settings.stopWords).toEqual(expect.arrayContaining(["dan", "the"]));

    const rfqSettings = server.settings("uji_rfqs")!;
    expect(rfqSettings.searchableAttributes).toEqual(["search.title", "search.lines", "search.processes", "search.materials", "search.description", "search.buyer", "search.location"]);
    expect(rfqSettings.filterableAttributes).toEqual(expect.arrayContaining(["processes", "materials", "requiredCertificates", "provinceCode"]));
    expect(rfqSettings.sortableAttributes).toEqual(["bidDeadline"]);
  });

  it("applySettings again is fine (the index already exists)", async () => {
    await expect(engine.applySettings()).resolves.toBeUndefined();
    const creations = [...server.tasks.values()].filter((t) => t.type === "indexCreation").slice(-2);
    expect(creations.map((t) => t.error?.code)).toEqual(["index_already_exists", "index_already_exists"]);
  });

  it("upserts documents with their analysed text and waits for the task", async () => {
    server.processingPolls = 1;
    const from = server.requests.length;
    const doc = supplier("7", "CV Pengecoran Ceper", { products: ["Selongsong silinder"], description: "Jasa pembubutan dan pengelasan." });
    await engine.upsertSuppliers([doc]);
    const [add] = writes(since(from));
    expect(add).toMatchObject({ method: "POST", path: "/indexes/uji_suppliers/documents", query: { primaryKey: "id" } });
    const sentDoc = (add!.body as Record<string, unknown>[])[0]!;
    expect(sentDoc).toMatchObject(doc);
    expect(sentDoc.search).toMatchObject({ name: "cv cor ceper", products: "selongsong silinder", description: "jasa bubut las" });
    expect(polls(since(from), [...server.tasks.values()].at(-1)!.uid)).toHaveLength(2);
    expect(server.documents("uji_suppliers").get("7")).toMatchObject({ name: "CV Pengecoran Ceper" });
  });

  it("deletes by id in one batch, and clears both indexes", async () => {
    await engine.upsertSuppliers([supplier("8", "CV Delapan"), supplier("9", "CV Sembilan")]);
    let from = server.requests.length;
    await engine.deleteSuppliers(["8", "9"]);
    expect(writes(since(from)).map((r) => [r.method, r.path, r.body])).toEqual([["POST", "/indexes/uji_suppliers/documents/delete-batch", ["8", "9"]]]);
    expect(server.documents("uji_suppliers").has("8")).toBe(false);
    from = server.requests.length;
    await engine.clear();
    expect(writes(since(from)).map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /indexes/uji_suppliers/documents", "DELETE /indexes/uji_rfqs/documents"]);
  });

  it("a task that failed is an error (so the outbox keeps its rows)", async () => {
    server.failNextTask("invalid_document_id", "Document identifier `x y` is invalid.");
    await expect(engine.upsertSuppliers([supplier("10", "CV Sepuluh")])).rejects.toThrow(/invalid_document_id/);
  });

  it("a task that never finishes times out as an error", async () => {
    server.neverFinish = true;
    const slow = createMeilisearchEngine({ url: server.url, apiKey: API_KEY, indexPrefix: "uji_", taskPollMs: 5, taskTimeoutMs: 100 });
    await expect(slow.deleteRfqs(["1"])).rejects.toThrow();
  });

  it("an unreachable server is an error", async () => {
    const down = createMeilisearchEngine({ url: "http://127.0.0.1:9", indexPrefix: "uji_", taskPollMs: 5, taskTimeoutMs: 200 });
    await expect(down.upsertSuppliers([supplier("11", "CV Sebelas")])).rejects.toThrow();
  });

  it("searches with the analysed query, escaped filter expressions and facets, and reads the answer", async () => {
    await engine.clear();
    await engine.upsertSuppliers([
      supplier("21", "CV Bubut Jaya", { processes: ["cnc_turning"], description: "Pembubutan poros", tkdnPercent: 55, capacityPcsPerMonth: 900 }),
      supplier("22", "CV Lain", { processes: ["forging"] }),
    ]);
    const from = server.requests.length;
    const result = await engine.searchSuppliers({
      q: "Pembubutan, POROS!",
      filters: { process: "cnc_turning", certificate: 'iso"9001\\', province: "33", cluster: "ceper", material: "fc250", minTkdn: 40, minCapacity: 500 },
      facets: true,
      limit: 10,
      offset: 0,
    });
    const [request] = since(from).filter((r) => r.path === "/indexes/uji_suppliers/search");
    const body = request!.body as Record<string, unknown>;
    expect(body.q).toBe("bubut poros");
    expect(body.matchingStrategy).toBe("all");
    expect(body.filter).toEqual([
      'processes = "cnc_turning"',
      'materials = "fc250"',
      'certificates = "iso\\"9001\\\\"',
      'provinceCode = "33"',
      'clusterCode = "ceper"',
      "tkdnPercent >= 40",
      "capacityPcsPerMonth >= 500",
    ]);
    expect(body.facets).toEqual(["processes", "materials", "certificates", "provinceCode", "clusterCode"]);
    expect(body).toMatchObject({ limit: 10, offset: 0, showRankingScore: true });
    expect(body.sort).toBeUndefined();

    // The fake server does not filter: the point is reading its answer.
    expect(result.total).toBe(1);
    expect(result.hits.map((h) => h.doc.id)).toEqual(["21"]);
    expect(result.hits[0]!.doc).toEqual(supplier("21", "CV Bubut Jaya", { processes: ["cnc_turning"], description: "Pembubutan poros", tkdnPercent: 55, capacityPcsPerMonth: 900 }));
    expect(result.hits[0]!.score).toBe(0.9);
    expect(result.hits[0]!.matchedTerms).toEqual(["bubut", "poros"]);
    expect(result.facets.processes).toEqual({ cnc_turning: 1 });
    expect(result.facets.certificates).toEqual({});
  });

  it("quotes filter values: backslashes and double quotes escaped", () => {
    expect(quoteFilterValue('a"b')).toBe('"a\\"b"');
    expect(quoteFilterValue("a\\")).toBe('"a\\\\"');
    expect(quoteFilterValue('" OR processes EXISTS')).toBe('"\\" OR processes EXISTS"');
    expect(quoteFilterValue("a\u0000b\n")).toBe('"ab"');
  });

  it("an empty query sorts (suppliers by name); no filter is sent when there is none", async () => {
    const from = server.requests.length;
    await engine.searchSuppliers({ q: "" });
    await engine.searchRfqs({ q: "  🔩 " });
    const bodies = since(from)
      .filter((r) => r.path.endsWith("/search"))
      .map((r) => r.body as Record<string, unknown>);
    expect(bodies[0]).toMatchObject({ q: "", sort: ["name:asc"] });
    expect(bodies[0]!.filter).toBeUndefined();
    expect(bodies[1]).toMatchObject({ q: "", sort: ["bidDeadline:asc"] });
  });

  it('mode "last": too few with every word, so the words one by one, a standard counting less than the thing asked for', async () => {
    await engine.upsertSuppliers([
      supplier("41", "UD Palu Wesi", { headline: "Tempa palu dan linggis", processes: ["forging"], processLabels: ["Tempa", "Forging"] }),
      supplier("42", "PT Mutu Prima", { headline: "Pemesinan CNC", certificates: ["iso9001"], certificateValidUntil: { iso9001: "2030-01-01" } }),
      supplier("44", "CV Pande Wesi", { headline: "Tempa cangkul" }),
    ]);
    const from = server.requests.length;
    const result = await engine.searchSuppliers({ q: "tempa ISO 9001", mode: "last" });
    const sent = since(from);
    expect(sent.filter((r) => r.path.endsWith("/search")).map((r) => (r.body as { q: string }).q)).toEqual(["tempa iso 9001"]);
    const multi = sent.filter((r) => r.path === "/multi-search");
    expect(multi).toHaveLength(1);
    // "ISO 9001" is one word of the query (a standard's name).
    expect((multi[0]!.body as { queries: { q: string }[] }).queries.map((q) => q.q)).toEqual(["tempa", "iso 9001"]);
    // One word each; the certificate is the rarer word, but a qualifier: the forges (what was asked) first.
    expect(result.hits.map((h) => [h.doc.id, h.missing])).toEqual([
      ["41", ["iso 9001"]],
      ["44", ["iso 9001"]],
      ["42", ["tempa"]],
    ]);
    // A query that is one phrase counts its words.
    await engine.upsertSuppliers([supplier("43", "CV Poros Jaya", { headline: "Poros pompa" })]);
    const phrase = await engine.searchSuppliers({ q: "rumah pompa", mode: "last" });
    expect(phrase.hits.find((h) => h.doc.id === "43")?.missing).toEqual(["rumah"]);
    await engine.deleteSuppliers(["41", "42", "43", "44"]);
  });

  it('mode "last" keeps the documents with every word first, even past each word\'s hit limit', async () => {
    // 1,001 listings with each word alone come before the one with both: every word's search stops at 1,000.
    const many = (word: string, from: number) => Array.from({ length: 1001 }, (_, i) => supplier(String(from + i), `${word} ${i}`, { headline: word }));
    const docs = [...many("Gasket", 10_000), ...many("Klem", 20_000), supplier("30000", "CV Gasket Klem", { headline: "Gasket klem" })];
    await engine.upsertSuppliers(docs);
    const result = await engine.searchSuppliers({ q: "gasket klem", mode: "last", limit: 5 });
    expect(result.hits[0]!.doc.id).toBe("30000");
    expect(result.hits[0]!.missing).toEqual([]);
    expect(result.hits.slice(1).every((h) => h.missing.length === 1)).toBe(true);
    await engine.deleteSuppliers(docs.map((d) => d.id));
  });

  it('mode "any" runs one query per word in a single multi-search and merges by how many matched', async () => {
    const from = server.requests.length;
    const result = await engine.searchSuppliers({ q: "pembubutan poros tempa", mode: "any", filters: { minTkdn: 10 }, facets: true });
    const multi = since(from).filter((r) => r.path === "/multi-search");
    expect(multi).toHaveLength(1);
    const queries = (multi[0]!.body as { queries: Record<string, unknown>[] }).queries;
    expect(queries.map((q) => q.q)).toEqual(["bubut", "poros", "tempa"]);
    expect(queries.every((q) => q.indexUid === "uji_suppliers" && JSON.stringify(q.filter) === JSON.stringify(["tkdnPercent >= 10"]))).toBe(true);
    expect(result.hits.map((h) => h.doc.id)).toEqual(["21"]);
    expect(result.hits[0]!.score).toBeGreaterThan(2);
    expect(result.facets.processes).toEqual({ cnc_turning: 1 });
  });
});
