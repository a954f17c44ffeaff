import { randomBytes } from "node:crypto";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../app/db.server";
import { createDb } from "../../db/client";
import { testEngine } from "../setup/engine";
import { createDatabaseSearchEngine } from "../../search/database-engine.server";
import { createMeilisearchEngine } from "../../search/meilisearch-engine.server";
import type { RfqDoc, SearchEngine, SearchRequest, SupplierDoc, SupplierFilters } from "../../search/types";
import { supplierDoc } from "../support/search-docs";

// The one contract both engines keep (search/types.ts), run on SQLite FTS5 always and on Meilisearch when
// MEILISEARCH_URL is set (a real server; its indexes get a random prefix and are deleted afterwards).

const supplier = supplierDoc;

const SUPPLIERS: SupplierDoc[] = [
  supplier("101", {
    name: "CV Sinar Kampas",
    headline: "Blok rem komposit untuk kereta api",
    products: ["Blok rem komposit K-type"],
    processes: ["composite_moulding"],
    processLabels: ["Pencetakan komposit", "Composite moulding"],
    materials: ["polymer_composite"],
    materialLabels: ["Komposit polimer", "Polymer composite"],
    certificates: ["iso9001"],
    tkdnPercent: 60,
    capacityPcsPerMonth: 5000,
    provinceCode: "32",
    provinceName: "JAWA BARAT",
    clusterCode: "sukabumi",
    clusterLabel: "Sukabumi",
  }),
  supplier("102", {
    name: "PT Ceper Sentosa",
    headline: "Selongsong silinder FC250",
    description: "Jasa pengecoran sentrifugal dan pembubutan selongsong.",
    products: ["Selongsong silinder", "Cylinder sleeve FC250"],
    processes: ["centrifugal_casting", "cnc_turning"],
    processLabels: ["Pengecoran sentrifugal", "Centrifugal casting", "Bubut CNC", "CNC turning"],
    materials: ["fc250"],
    materialLabels: ["Besi cor kelabu FC250", "Grey cast iron FC250"],
    certificates: ["iso9001", "sni"],
    tkdnPercent: 45,
    capacityPcsPerMonth: 800,
    clusterCode: "ceper",
    clusterLabel: "Ceper, Klaten",
  }),
  supplier("103", {
    name: "UD Jaya Abadi",
    headline: "Jasa bubut presisi",
    products: ["Poros pompa", "Baut khusus"],
    processes: ["cnc_turning"],
    processLabels: ["Bubut CNC", "CNC turning"],
    materials: ["s45c"],
    materialLabels: ["Baja karbon S45C", "Carbon steel S45C"],
    capacityPcsPerMonth: 2000,
    clusterCode: "tegal",
    clusterLabel: "Tegal",
  }),
  supplier("104", {
    name: "CV Tegal Makmur",
    headline: "Alat pertanian",
    description: "Penempaan baja karbon untuk mata cangkul.",
    products: ["Mata cangkul"],
    processes: ["forging"],
    processLabels: ["Tempa", "Forging"],
    materials: ["s45c"],
    materialLabels: ["Baja karbon S45C", "Carbon steel S45C"],
    certificates: ["sni"],
    tkdnPercent: 30,
    capacityPcsPerMonth: 10000,
    clusterCode: "tegal",
    clusterLabel: "Tegal",
  }),
  supplier("105", {
    name: "PT Sidoarjo Cast",
    headline: "Aluminium die casting",
    products: ["Housing pompa aluminium"],
    processes: ["die_casting"],
    processLabels: ["Pengecoran cetak tekan (die casting)", "Die casting"],
    materials: ["adc12"],
    materialLabels: ["Aluminium ADC12"],
    certificates: ["iatf16949", "iso9001"],
    tkdnPercent: 70,
    capacityPcsPerMonth: 20000,
    provinceCode: "35",
    provinceName: "JAWA TIMUR",
    clusterCode: "sidoarjo",
    clusterLabel: "Sidoarjo",
  }),
  supplier("106", {
    name: "CV Porus Teknik",
    headline: "Perakitan",
    processes: ["assembly"],
    processLabels: ["Perakitan", "Assembly"],
  }),
  supplier("107", {
    name: "CV Mekar Teknik",
    description: "Melayani pembubutan dan pengelasan konstruksi.",
    processes: ["welding"],
    processLabels: ["Pengelasan", "Welding"],
  }),
  supplier("108", {
    name: "Koperasi Logam Bersama",
    kind: "cooperative",
    headline: "Koperasi IKM logam",
    memberNames: ["CV Anggota Impeler", "Impeler pompa air"],
    processes: ["assembly"],
    processLabels: ["Perakitan", "Assembly"],
  }),
];

function rfq(id: string, fields: Partial<RfqDoc> & Pick<RfqDoc, "title">): RfqDoc {
  return {
    id,
    description: "",
    buyerName: "PT Pembeli Uji",
    lines: [],
    processes: [],
    materials: [],
    processLabels: [],
    materialLabels: [],
    requiredCertificates: [],
    minTkdnPercent: null,
    maxQuantity: 100,
    provinceCode: "33",
    provinceName: "JAWA TENGAH",
    bidDeadline: "2026-12-01T03:00:00.000Z",
    neededBy: "2027-01-15",
    ...fields,
  };
}

const RFQS: RfqDoc[] = [
  rfq("201", {
    title: "Cylinder sleeve FC250 untuk pompa air",
    lines: ["Cylinder sleeve — CS-80"],
    processes: ["centrifugal_casting"],
    processLabels: ["Pengecoran sentrifugal", "Centrifugal casting"],
    materials: ["fc250"],
    materialLabels: ["Besi cor kelabu FC250", "Grey cast iron FC250"],
    requiredCertificates: ["iso9001"],
    bidDeadline: "2026-12-03T03:00:00.000Z",
  }),
  rfq("202", {
    title: "Blok rem komposit kereta",
    lines: ["Blok rem komposit — BR-1"],
    processes: ["composite_moulding"],
    processLabels: ["Pencetakan komposit", "Composite moulding"],
    materials: ["polymer_composite"],
    materialLabels: ["Komposit polimer", "Polymer composite"],
    provinceCode: "32",
    provinceName: "JAWA BARAT",
    bidDeadline: "2026-12-01T03:00:00.000Z",
  }),
  rfq("203", {
    title: "Poros engkol tempa",
    lines: ["Crankshaft — PE-2"],
    processes: ["forging"],
    processLabels: ["Tempa", "Forging"],
    materials: ["s45c"],
    materialLabels: ["Baja karbon S45C", "Carbon steel S45C"],
    requiredCertificates: ["sni", "iso9001"],
    bidDeadline: "2026-12-02T03:00:00.000Z",
  }),
];

const HOSTILE_QUERIES = [
  '"',
  '"unbalanced quote',
  'cor "casting',
  "NEAR(cor casting, 2)",
  "NEAR cor",
  "cor*",
  "*",
  "-cor",
  "- - -",
  "((cor",
  "cor))",
  "(",
  ")",
  "AND",
  "OR NOT",
  "cor AND casting OR NOT bubut",
  "name: cor",
  "{name products}: cor",
  "^cor",
  "'; drop table supplier_search; --",
  "\u0000\u0001",
  "🔩🔥",
  "bubut 🔩 cor",
  "",
  "   ",
  "a",
  "x".repeat(10_000),
  "pengecoran ".repeat(1000),
  Array.from({ length: 2000 }, (_, i) => `w${i}`).join(" "),
  "é ü ñ ß ø",
  "中文 搜索",
];

function ids(result: { hits: { doc: { id: string } }[] }): string[] {
  return result.hits.map((h) => h.doc.id);
}

/** The contract, for any engine the factory makes (each call: a fresh, empty engine ready for use). */
function searchEngineContract(name: string, factory: () => Promise<SearchEngine>, cleanup?: () => Promise<void>) {
  describe(`search engine contract: ${name}`, () => {
    let engine: SearchEngine;
    const suppliers = (request: Partial<SearchRequest<SupplierFilters>> & { q: string }) => engine.searchSuppliers({ limit: 50, ...request });

    beforeAll(async () => {
      engine = await factory();
      await engine.applySettings();
    });
    afterAll(async () => {
      await cleanup?.();
    });
    beforeEach(async () => {
      await engine.clear();
      await engine.upsertSuppliers(SUPPLIERS);
      await engine.upsertRfqs(RFQS);
    });

    it("finds a supplier by its name and returns the document as it was given", async () => {
      const result = await suppliers({ q: "Sinar Kampas" });
      expect(ids(result)[0]).toBe("101");
      expect(result.hits[0]!.doc).toEqual(SUPPLIERS[0]);
      expect(result.hits[0]!.score).toBeGreaterThan(0);
    });

    it("an empty query returns everything, by name, with the total", async () => {
      const result = await suppliers({ q: "" });
      expect(result.total).toBe(SUPPLIERS.length);
      expect(result.exhaustive).toBe(true);
      const byName = SUPPLIERS.map((s) => s.name).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
      expect(result.hits.map((h) => h.doc.name)).toEqual(byName);
    });

    it("pages with limit and offset, the total counting every hit", async () => {
      const first = await suppliers({ q: "", limit: 3, offset: 0 });
      const second = await suppliers({ q: "", limit: 3, offset: 3 });
      expect(first.hits).toHaveLength(3);
      expect(second.hits).toHaveLength(3);
      expect(first.total).toBe(SUPPLIERS.length);
      expect(new Set([...ids(first), ...ids(second)]).size).toBe(6);
    });

    it("upserting a document again replaces it; deleting removes it", async () => {
      await engine.upsertSuppliers([{ ...SUPPLIERS[3]!, products: ["Sabit rumput"], description: "" }]);
      expect(ids(await suppliers({ q: "sabit" }))).toEqual(["104"]);
      expect(ids(await suppliers({ q: "cangkul" }))).toEqual([]);
      await engine.deleteSuppliers(["104", "999"]);
      expect(ids(await suppliers({ q: "sabit" }))).toEqual([]);
      expect((await suppliers({ q: "" })).total).toBe(SUPPLIERS.length - 1);
      await engine.deleteSuppliers([]);
    });

    it("clear empties both indexes", async () => {
      await engine.clear();
      expect((await suppliers({ q: "" })).total).toBe(0);
      expect((await engine.searchRfqs({ q: "" })).total).toBe(0);
    });

    describe("bilingual synonyms", () => {
      it('"blok rem komposit" and "composit brake blok" find the composite brake-block maker', async () => {
        const indonesian = await suppliers({ q: "blok rem komposit" });
        expect(ids(indonesian)[0]).toBe("101");
        const mixed = await suppliers({ q: "composit brake blok" });
        expect(ids(mixed)[0]).toBe("101");
        expect(ids(await suppliers({ q: "composite brake block" }))[0]).toBe("101");
      });

      it('"cylinder liner" finds the "selongsong silinder" / cylinder sleeve maker', async () => {
        expect(ids(await suppliers({ q: "cylinder liner" }))).toContain("102");
        expect(ids(await suppliers({ q: "liner silinder" }))).toContain("102");
      });

      it('"pengecoran", "cor" and "casting" find the same foundries', async () => {
        const pengecoran = ids(await suppliers({ q: "pengecoran" })).sort();
        expect(pengecoran).toEqual(expect.arrayContaining(["102", "105"]));
        expect(ids(await suppliers({ q: "cor" })).sort()).toEqual(pengecoran);
        expect(ids(await suppliers({ q: "casting" })).sort()).toEqual(pengecoran);
        expect(ids(await suppliers({ q: "castings" })).sort()).toEqual(pengecoran);
      });

      it("English finds Indonesian and back (welding ↔ pengelasan, forging ↔ penempaan)", async () => {
        expect(ids(await suppliers({ q: "welding" }))).toEqual(["107"]);
        expect(ids(await suppliers({ q: "las" }))).toEqual(["107"]);
        expect(ids(await suppliers({ q: "forging" }))).toEqual(["104"]);
        expect(ids(await suppliers({ q: "pump shaft" }))).toEqual(["103"]);
      });

      it("reports the matched terms after synonyms and stemming", async () => {
        const result = await suppliers({ q: "brake block" });
        expect(result.hits[0]!.doc.id).toBe("101");
        expect(result.hits[0]!.matchedTerms.join(" ")).toMatch(/blok rem|brake|rem/);
      });
    });

    describe("Indonesian affixes", () => {
      it("pembubutan finds bubut and bubut finds pembubutan", async () => {
        expect(ids(await suppliers({ q: "pembubutan" }))).toEqual(expect.arrayContaining(["102", "103", "107"]));
        expect(ids(await suppliers({ q: "bubut" }))).toEqual(expect.arrayContaining(["102", "103", "107"]));
      });

      it("penempaan finds tempa", async () => {
        expect(ids(await suppliers({ q: "tempa" }))).toEqual(["104"]);
        expect(ids(await suppliers({ q: "ditempa" }))).toEqual(["104"]);
      });
    });

    describe("typos and prefixes", () => {
      it("one typo is forgiven from 5 letters, none at 4", async () => {
        expect(ids(await suppliers({ q: "bubat" }))).toEqual(expect.arrayContaining(["103"]));
        expect(ids(await suppliers({ q: "sinar kampaz" }))).toEqual(["101"]);
        expect(ids(await suppliers({ q: "blak" }))).toEqual([]);
        expect(ids(await suppliers({ q: "mata cangkil" }))).toEqual(["104"]);
      });

      it("two typos from 9 letters", async () => {
        expect(ids(await suppliers({ q: "silongsung" }))).toEqual(["102"]);
      });

      it("an exact match ranks above a typo match", async () => {
        // "poros" is exactly in 103's products; "Porus" (one typo) is in 106's name.
        const result = await suppliers({ q: "poros" });
        expect(ids(result).slice(0, 2)).toEqual(["103", "106"]);
      });

      it("the last word is a prefix while typing", async () => {
        expect(ids(await suppliers({ q: "cylin" }))).toEqual(["102"]);
        expect(ids(await suppliers({ q: "selong" }))).toEqual(["102"]);
        expect(ids(await suppliers({ q: "sinar kamp" }))).toEqual(["101"]);
      });
    });

    describe("modes", () => {
      it('"all" needs every word; "any" ranks by how many match', async () => {
        expect(ids(await suppliers({ q: "tempa komposit" }))).toEqual([]);
        const any = await suppliers({ q: "blok rem komposit tempa", mode: "any" });
        expect(ids(any)).toEqual(expect.arrayContaining(["101", "104"]));
        expect(ids(any)[0]).toBe("101");
        expect(any.total).toBe(any.hits.length);
      });
    });

    describe("proper names and machining", () => {
      it("a place name is not stemmed into a common word, and machining does not find a company named Mesin", async () => {
        await engine.upsertSuppliers([
          supplier("150", { name: "CV Mesin Bekas Jaya", headline: "Jual beli mesin bekas", processes: ["assembly"], processLabels: ["Perakitan", "Assembly"] }),
          supplier("151", { name: "PT Presisi Cikarang", headline: "Pemesinan CNC di Bekasi", products: ["Bracket"], processes: ["cnc_milling"], processLabels: ["Frais CNC", "CNC milling"], regencyName: "Kabupaten Bekasi" }),
        ]);
        try {
          expect(ids(await suppliers({ q: "machining" }))).toContain("151");
          expect(ids(await suppliers({ q: "machining" }))).not.toContain("150");
          // "bekas" is one typo from "bekasi": it may come, but after the place itself.
          expect(ids(await suppliers({ q: "bekasi" }))[0]).toBe("151");
          expect(ids(await suppliers({ q: "mesin bekas" }))).toEqual(["150"]);
        } finally {
          await engine.deleteSuppliers(["150", "151"]);
        }
      });
    });

    describe("certificates as words", () => {
      it("a standard named with a process finds the suppliers holding it, in either language", async () => {
        expect(ids(await suppliers({ q: "pengecoran sentrifugal ISO 9001" }))).toEqual(["102"]);
        expect(ids(await suppliers({ q: "quality management centrifugal casting" }))).toEqual(["102"]);
        // 103 turns too, but holds no certificate.
        expect(ids(await suppliers({ q: "bubut manajemen mutu" }))).toEqual(["102"]);
        expect(ids(await suppliers({ q: "standar nasional indonesia selongsong" }))).toEqual(["102"]);
      });
    });

    describe('the "last" strategy', () => {
      /** Full matches first, then by how many words are missing; each hit's missing words are query words. */
      function expectFullFirst(result: Awaited<ReturnType<typeof suppliers>>) {
        const missing = result.hits.map((h) => h.missing.length);
        expect(missing).toEqual([...missing].sort((a, b) => a - b));
      }

      it("is every word while that gives enough results", async () => {
        const strict = await suppliers({ q: "selongsong silinder" });
        const last = await suppliers({ q: "selongsong silinder", mode: "last", enough: 1 });
        expect(ids(last)).toEqual(ids(strict));
        expect(last.hits.every((h) => h.missing.length === 0)).toBe(true);
      });

      it("otherwise adds the documents with some of the words, after the full ones, by how many, saying what they lack", async () => {
        // No supplier makes composite brake blocks by forging: "all" finds nothing.
        expect(ids(await suppliers({ q: "blok rem komposit tempa" }))).toEqual([]);
        const last = await suppliers({ q: "blok rem komposit tempa", mode: "last" });
        expect(ids(last)[0]).toBe("101");
        expect(last.hits[0]!.missing).toEqual(["tempa"]);
        // The forge matches one word of three ("blok rem" is one): after the brake-block maker, lacking two.
        expect(ids(last)).toContain("104");
        expect(last.hits.find((h) => h.doc.id === "104")!.missing).toEqual(["blok rem", "komposit"]);
        expect(last.total).toBe(last.hits.length);
        expectFullFirst(last);
      });

      it("counts the words of a query that is one phrase", async () => {
        // "rumah pompa" is one phrase (pump housing): the die caster's "Housing pompa" has it; the turning shop's
        // "Poros pompa" has one of its words, a partial match after it.
        const strict = await suppliers({ q: "rumah pompa" });
        expect(ids(strict)).toContain("105");
        expect(ids(strict)).not.toContain("103");
        const last = await suppliers({ q: "rumah pompa", mode: "last" });
        expect(ids(last).slice(0, strict.hits.length)).toEqual(ids(strict));
        expect(last.hits.find((h) => h.doc.id === "103")!.missing).toEqual(["rumah"]);
        expectFullFirst(last);
      });

      it("leaves out the words buyers put around what they want, unless there is nothing else", async () => {
        expect(ids(await suppliers({ q: "cari supplier cangkul" }))).toEqual(ids(await suppliers({ q: "cangkul" })));
        expect(ids(await suppliers({ q: "need a workshop for turning", mode: "last" }))).toEqual(ids(await suppliers({ q: "turning", mode: "last" })));
        // A query of only such words is searched as typed: "jasa" is on the turning shop's headline.
        expect(ids(await suppliers({ q: "jasa" }))).toContain("103");
      });

      it("keeps the full matches first when there are some, but too few", async () => {
        const last = await suppliers({ q: "bubut poros", mode: "last", enough: 10 });
        const strict = await suppliers({ q: "bubut poros" });
        expect(ids(last).slice(0, strict.hits.length)).toEqual(ids(strict));
        expect(last.hits.length).toBeGreaterThan(strict.hits.length);
        for (const hit of last.hits.slice(strict.hits.length)) expect(hit.missing.length).toBe(1);
        expectFullFirst(last);
      });

      it("ranks partial matches of the rarer word first", async () => {
        // "kampas" is on one listing, "bubut" on several: with neither full, the "kampas" match comes first.
        const last = await suppliers({ q: "kampas bubut", mode: "last" });
        expect(ids(last)[0]).toBe("101");
        expect(last.hits[0]!.missing).toEqual(["bubut"]);
        expect(last.hits.slice(1).every((h) => h.missing[0] === "kampas")).toBe(true);
      });

      it("between words as rare as each other, ranks the match of the word written first first", async () => {
        // "cangkul" is on the forge's listing only, "kampas" on the brake-block maker's only: the buyer names the
        // thing first, so the order of the words decides (Meilisearch's "last" drops the last words first).
        const hoeFirst = await suppliers({ q: "cangkul kampas", mode: "last" });
        expect(ids(hoeFirst).slice(0, 2)).toEqual(["104", "101"]);
        const padFirst = await suppliers({ q: "kampas cangkul", mode: "last" });
        expect(ids(padFirst).slice(0, 2)).toEqual(["101", "104"]);
      });

      it("applies the filters to the partial matches too, and counts their facets", async () => {
        const last = await suppliers({ q: "kampas bubut", mode: "last", facets: true, filters: { process: "cnc_turning" } });
        expect(ids(last)).not.toContain("101");
        expect(last.hits.length).toBeGreaterThan(0);
        expect(last.facets.processes?.cnc_turning).toBe(last.total);
      });
    });

    describe("facets and filters", () => {
      it("counts facet values over the whole result, not the page", async () => {
        const result = await suppliers({ q: "", facets: true, limit: 1 });
        expect(result.hits).toHaveLength(1);
        expect(result.facets.processes).toMatchObject({ cnc_turning: 2, assembly: 2, forging: 1, die_casting: 1 });
        expect(result.facets.materials).toMatchObject({ s45c: 2, fc250: 1, adc12: 1, polymer_composite: 1 });
        expect(result.facets.certificates).toEqual({ iso9001: 3, sni: 2, iatf16949: 1 });
        expect(result.facets.provinceCode).toEqual({ "33": 6, "32": 1, "35": 1 });
        expect(result.facets.clusterCode).toMatchObject({ tegal: 2, ceper: 1, sidoarjo: 1, sukabumi: 1 });
      });

      it("counts facets of a filtered text search", async () => {
        const result = await suppliers({ q: "bubut", facets: true, filters: { cluster: "tegal" } });
        expect(ids(result)).toEqual(["103"]);
        expect(result.facets.clusterCode).toEqual({ tegal: 1 });
        expect(result.facets.processes).toEqual({ cnc_turning: 1 });
      });

      it("filters by process, material, valid certificate, province and cluster", async () => {
        expect(ids(await suppliers({ q: "", filters: { process: "cnc_turning" } })).sort()).toEqual(["102", "103"]);
        expect(ids(await suppliers({ q: "", filters: { material: "s45c" } })).sort()).toEqual(["103", "104"]);
        expect(ids(await suppliers({ q: "", filters: { certificate: "iso9001" } })).sort()).toEqual(["101", "102", "105"]);
        expect(ids(await suppliers({ q: "", filters: { province: "35" } }))).toEqual(["105"]);
        expect(ids(await suppliers({ q: "", filters: { cluster: "tegal", material: "s45c", certificate: "sni" } }))).toEqual(["104"]);
      });

      it("filters by minimum TKDN and monthly capacity (0 asks for nothing)", async () => {
        expect(ids(await suppliers({ q: "", filters: { minTkdn: 50 } })).sort()).toEqual(["101", "105"]);
        expect(ids(await suppliers({ q: "", filters: { minTkdn: 45 } })).sort()).toEqual(["101", "102", "105"]);
        expect(ids(await suppliers({ q: "", filters: { minCapacity: 2000 } })).sort()).toEqual(["101", "103", "104", "105"]);
        expect(ids(await suppliers({ q: "", filters: { minCapacity: 2000, minTkdn: 65 } }))).toEqual(["105"]);
        expect((await suppliers({ q: "", filters: { minTkdn: 0, minCapacity: 0 } })).total).toBe(SUPPLIERS.length);
      });

      it("an unknown facet value gives an empty result", async () => {
        for (const filters of [{ process: "unobtainium" }, { certificate: 'iso"9001' }, { province: "99" }, { cluster: "x\\y" }]) {
          const result = await suppliers({ q: "", filters, facets: true });
          expect(result.hits).toEqual([]);
          expect(result.total).toBe(0);
        }
      });

      it("RFQs: text, facets and filters", async () => {
        expect(ids(await engine.searchRfqs({ q: "selongsong silinder" }))).toEqual(["201"]);
        expect(ids(await engine.searchRfqs({ q: "crankshaft" }))).toEqual(["203"]);
        const all = await engine.searchRfqs({ q: "", facets: true });
        expect(ids(all)).toEqual(["202", "203", "201"]); // closing soonest first
        expect(all.facets.requiredCertificates).toEqual({ iso9001: 2, sni: 1 });
        expect(all.facets.provinceCode).toEqual({ "33": 2, "32": 1 });
        expect(ids(await engine.searchRfqs({ q: "", filters: { certificate: "sni" } }))).toEqual(["203"]);
        expect(ids(await engine.searchRfqs({ q: "", filters: { province: "32" } }))).toEqual(["202"]);
        expect(ids(await engine.searchRfqs({ q: "", filters: { process: "forging", material: "s45c" } }))).toEqual(["203"]);
        expect(ids(await engine.searchRfqs({ q: "komposit", filters: { province: "33" } }))).toEqual([]);
        await engine.deleteRfqs(["202"]);
        expect(ids(await engine.searchRfqs({ q: "blok rem" }))).toEqual([]);
      });
    });

    describe("hostile input never throws", () => {
      it.each(HOSTILE_QUERIES.map((q) => [q.length > 40 ? `${q.slice(0, 20)}… (${q.length} chars)` : JSON.stringify(q), q]))("%s", async (_label, q) => {
        for (const mode of ["all", "any"] as const) {
          const result = await suppliers({ q, mode, facets: true, filters: { process: q.slice(0, 50) } });
          expect(Array.isArray(result.hits)).toBe(true);
          const unfiltered = await suppliers({ q, mode });
          expect(Array.isArray(unfiltered.hits)).toBe(true);
          const rfqs = await engine.searchRfqs({ q, mode });
          expect(Array.isArray(rfqs.hits)).toBe(true);
        }
      });

      it("odd limits and offsets are clamped", async () => {
        expect((await engine.searchSuppliers({ q: "", limit: -5, offset: -3 })).hits.length).toBeGreaterThan(0);
        expect((await engine.searchSuppliers({ q: "", limit: Number.NaN, offset: 1e12 })).hits).toEqual([]);
      });
    });
  });
}

searchEngineContract(`the database engine (${testEngine() === "postgres" ? "PostgreSQL full-text" : "SQLite FTS5"})`, async () => createDatabaseSearchEngine(getDb()));

describe("the database engine: the candidate bound", () => {
  beforeEach(async () => {
    const engine = createDatabaseSearchEngine(getDb());
    await engine.clear();
    await engine.upsertSuppliers(SUPPLIERS);
  });

  it("ranks every match below the bound and says when more matched than it ranked", async () => {
    const full = await createDatabaseSearchEngine(getDb()).searchSuppliers({ q: "pengecoran", limit: 50, facets: true });
    expect(full.exhaustive).toBe(true);
    expect(full.total).toBe(full.hits.length);
    expect(full.total).toBeGreaterThanOrEqual(2);

    const bounded = await createDatabaseSearchEngine(getDb(), { candidates: 1 }).searchSuppliers({ q: "pengecoran", limit: 1, facets: true });
    expect(bounded.exhaustive).toBe(false);
    // "At least": the candidates it read, and the facets count those.
    expect(bounded.total).toBe(1);
    expect(Object.values(bounded.facets.provinceCode ?? {}).reduce((a, b) => a + b, 0)).toBe(1);
    expect(full.hits.map((h) => h.doc.id)).toContain(bounded.hits[0]!.doc.id);

    // A page beyond the bound reads as far as the page reaches.
    const paged = await createDatabaseSearchEngine(getDb(), { candidates: 1 }).searchSuppliers({ q: "pengecoran", limit: 50 });
    expect(paged.exhaustive).toBe(true);
    expect(paged.total).toBe(full.total);
  });

  it("counts a facet value that another process indexed after this one read the facet codes", async () => {
    const reader = createDatabaseSearchEngine(getDb());
    const before = await reader.searchSuppliers({ q: "pengecoran", facets: true });
    expect(before.facets.processes?.investment_casting).toBeUndefined();

    // Another process: its own connection and engine, giving the new value its code.
    const other = createDb();
    try {
      await createDatabaseSearchEngine(other).upsertSuppliers([
        supplier("190", {
          name: "PT Lilin Presisi",
          headline: "Pengecoran presisi lilin hilang",
          processes: ["investment_casting"],
          processLabels: ["Pengecoran presisi", "Investment casting"],
          provinceCode: "35",
          provinceName: "JAWA TIMUR",
        }),
      ]);
    } finally {
      await other.destroy();
    }

    const after = await reader.searchSuppliers({ q: "pengecoran", facets: true });
    expect(after.total).toBe(before.total + 1);
    expect(after.facets.processes?.investment_casting).toBe(1);
    expect(after.facets.provinceCode?.["35"]).toBe((before.facets.provinceCode?.["35"] ?? 0) + 1);
  });
});

const MEILISEARCH_URL = process.env.MEILISEARCH_URL;
if (!MEILISEARCH_URL) {
  console.info(
    "[search contract] Meilisearch skipped: MEILISEARCH_URL is not set. Start a Meilisearch server and set MEILISEARCH_URL (and MEILISEARCH_API_KEY) to run the same contract against it.",
  );
}
describe.skipIf(!MEILISEARCH_URL)("Meilisearch (MEILISEARCH_URL)", () => {
  const prefix = `pasok_test_${randomBytes(4).toString("hex")}_`;
  searchEngineContract(
    "Meilisearch",
    async () => createMeilisearchEngine({ url: MEILISEARCH_URL!, apiKey: process.env.MEILISEARCH_API_KEY, indexPrefix: prefix }),
    async () => {
      const client = new Meilisearch({ host: MEILISEARCH_URL!, apiKey: process.env.MEILISEARCH_API_KEY });
      for (const uid of [`${prefix}suppliers`, `${prefix}rfqs`]) await client.deleteIndexIfExists(uid);
    },
  );
});
