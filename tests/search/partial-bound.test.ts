import { describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { createDatabaseSearchEngine } from "../../search/database-engine.server";
import { supplierDoc } from "../support/search-docs";

// A partial search ("last") reads a bounded number of any-word candidates; the documents with every word,
// which the every-word statement already found, must still come first even when that bound leaves them out.

describe('the "last" strategy under the candidate bound', () => {
  it("keeps the full matches first when the any-word candidates leave them out", async () => {
    const engine = createDatabaseSearchEngine(getDb(), { candidates: 5 });
    await engine.applySettings();
    await engine.clear();
    // 25 bolt makers with the common word first (lower ids: read first), then the one with every word.
    const common = Array.from({ length: 25 }, (_, i) => supplierDoc(String(i + 1), { name: `CV Baut ${i + 1}`, headline: "Baut dan mur" }));
    await engine.upsertSuppliers([...common, supplierDoc("100", { name: "PT Baut Kuat", headline: "Baut high tensile 10.9" })]);
    const result = await engine.searchSuppliers({ q: "baut high tensile", mode: "last", limit: 5 });
    expect(result.hits[0]!.doc.id).toBe("100");
    expect(result.hits[0]!.missing).toEqual([]);
    expect(result.hits.slice(1).every((h) => h.missing.length > 0)).toBe(true);
  });
});
