import { describe, expect, it } from "vitest";
import synonymData from "../../search/synonyms.json";
import { MAX_TOKEN_LENGTH, analysedSynonymGroups, analyze, asTyped, englishStem, isQualifier, normalize, stem, synonymsOf, tokenize } from "../../search/analysis";
import { MAX_GROUPS, POSITION_DECAY, QUALIFIER_WEIGHT, compareRankKeys, compileMatcher, ftsMatchExpression, matchDocument, partialPlan, partialWeights, planQuery, rankScore, withTypos, type Alternative, type AlternativeKind, type QueryGroup, type QueryPlan } from "../../search/query";
import { STANDARD_TERMS } from "../../search/standards";
import { TypoIndex, osaDistance, typoBudget } from "../../search/typo";
import { referenceMatch } from "../support/reference-match";
import { Rng } from "./fixtures/suppliers";

describe("text analysis", () => {
  it("normalises: lower case, accents and punctuation stripped", () => {
    expect(normalize("  Bésì-Cór (FC-250), ‘Kelabu’!  ")).toBe("besi cor fc 250 kelabu");
    expect(tokenize("PT. Logam—Jaya & Sons")).toEqual(["pt", "logam", "jaya", "sons"]);
    expect(tokenize("🔩🔥")).toEqual([]);
    expect(tokenize("x".repeat(500))[0]).toHaveLength(MAX_TOKEN_LENGTH);
  });

  it.each([
    ["pengecoran", "cor"],
    ["mengecor", "cor"],
    ["dicor", "cor"],
    ["pembubutan", "bubut"],
    ["dibubut", "bubut"],
    ["penempaan", "tempa"],
    ["ditempa", "tempa"],
    // Machining is not "mesin" (machine, a word of company names): it stays a word of its own (issue 20).
    ["pemesinan", "pemesinan"],
    ["permesinan", "permesinan"],
    ["mesin", "mesin"],
    ["penggerindaan", "gerinda"],
    ["perakitan", "rakit"],
    ["cetakan", "cetak"],
    // The library's misses, fixed by the small domain rule set:
    ["pengelasan", "las"],
    ["mengelas", "las"],
    ["pengefraisan", "frais"],
    ["difrais", "frais"],
    // Left alone: roots, loan words, codes.
    ["kelas", "kelas"],
    ["kuningan", "kuningan"],
    ["kampas", "kampas"],
    ["poros", "poros"],
    ["fc250", "fc250"],
    // Place names the stemmer would change (search/proper-names.json): Bekasi is not "bekas" (used).
    ["bekasi", "bekasi"],
    ["brebes", "brebes"],
    ["kediri", "kediri"],
    // English plurals.
    ["castings", "casting"],
    ["sleeves", "sleeve"],
    ["bushes", "bush"],
    ["assemblies", "assembly"],
    ["brass", "brass"],
    ["casting", "casting"],
  ])("stems %s → %s", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it("englishStem leaves words that are not plurals", () => {
    expect(englishStem("gas")).toBe("gas");
    expect(englishStem("chassis")).toBe("chassis");
    expect(englishStem("bus")).toBe("bus");
  });

  it("analyze drops stop words in both languages", () => {
    expect(analyze("Pengecoran dan pembubutan untuk the pumps")).toEqual(["cor", "bubut", "pump"]);
  });
});

describe("the query's words as typed", () => {
  it("finds a normalised word or phrase among the query's own words, else keeps it", () => {
    expect(asTyped("Fitting pipa PDAM")("pdam")).toBe("PDAM");
    expect(asTyped("pengecoran sentrifugal ISO 9001")("iso 9001")).toBe("ISO 9001");
    expect(asTyped("Pipe  Fitting, ductile")("pipe fitting")).toBe("Pipe Fitting");
    expect(asTyped("cor Béton")("beton")).toBe("Béton");
    expect(asTyped("ISO-9001 foundry")("iso 9001")).toBe("ISO 9001");
    expect(asTyped("cor")("tempa")).toBe("tempa");
    // A query is read only as far as it is planned (MAX_QUERY_CHARS): a word after that is not found.
    expect(asTyped(`${"kata ".repeat(5000)}PDAM`)("pdam")).toBe("pdam");
    expect(asTyped(`PDAM ${"kata ".repeat(5000)}`)("pdam")).toBe("PDAM");
  });
});

describe("synonyms (search/synonyms.json)", () => {
  it("has the domain's groups, each with at least two phrases after analysis", () => {
    const raw = (synonymData as { groups: string[][] }).groups;
    expect(raw.length).toBeGreaterThanOrEqual(40);
    expect(analysedSynonymGroups().length).toBe(raw.length);
    // A standard's name is one word of a query (search/standards.ts), as "blok rem" is, with no alternatives:
    // the documents of its holders carry all its names.
    expect(planQuery("tempa ISO 9001").groups.map((g) => g.label)).toEqual(["tempa", "iso 9001"]);
    expect(planQuery("tempa ISO 9001").groups[1]!.alternatives.map((a) => a.tokens.join(" "))).toEqual(["iso 9001"]);
    expect(Object.keys(STANDARD_TERMS)).toContain("iso9001");
  });

  it("expands the narrower words one way only", () => {
    // Machining finds the turning, milling, CNC and grinding shops (and their synonyms); turning does not find
    // every machining shop.
    expect(synonymsOf(stem("pemesinan"))).toEqual(expect.arrayContaining(["bubut", "turning", "frais", "milling", "cnc", "gerinda"]));
    expect(synonymsOf(stem("machining"))).toContain("bubut");
    expect(synonymsOf(stem("bubut"))).not.toContain("pemesinan");
    expect(synonymsOf(stem("bubut"))).not.toContain("machining");
  });

  it("leaves out the words around a request, not a request of only them", () => {
    expect(planQuery("jasa bubut").groups.map((g) => g.label)).toEqual(["bubut"]);
    expect(planQuery("cari vendor cor besi untuk rumah pompa").groups.map((g) => g.raw)).toEqual(["cor", "besi", "rumah pompa"]);
    expect(planQuery("looking for a CNC shop").groups.map((g) => g.label)).toEqual(["cnc"]);
    expect(planQuery("jasa").groups.map((g) => g.label)).toEqual(["jasa"]);
  });

  it.each([
    ["blok rem", "brake block"],
    ["kampas rem", "brake pad"],
    ["brake lining", "kampas rem"],
    ["selongsong silinder", "cylinder liner"],
    ["cylinder sleeve", "cylinder liner"],
    ["pengecoran", "casting"],
    ["cor", "foundry"],
    ["besi cor", "cast iron"],
    ["grey iron", "besi cor kelabu"],
    ["gray iron", "grey iron"],
    ["tempa", "forging"],
    ["bubut", "lathe"],
    ["frais", "milling"],
    ["pengelasan", "welding"],
    ["komposit", "composite"],
    ["rem", "brake"],
    ["perlakuan panas", "heat treatment"],
    ["baja", "steel"],
    ["aluminium", "aluminum"],
    ["kuningan", "brass"],
    ["perunggu", "bronze"],
    ["cetak tekan", "die casting"],
    ["sentrifugal", "centrifugal"],
    ["pompa", "pump"],
    ["roda gigi", "gear"],
    ["poros", "shaft"],
  ])("%s ↔ %s", (a, b) => {
    const key = (p: string) => analyze(p).join(" ");
    expect(synonymsOf(key(a))).toContain(key(b));
    expect(synonymsOf(key(b))).toContain(key(a));
  });
});

describe("typos", () => {
  it("budget: none under 5 letters, one from 5, two from 9", () => {
    expect([4, 5, 8, 9].map(typoBudget)).toEqual([0, 1, 1, 2]);
  });

  it("Damerau-Levenshtein (optimal string alignment), with an early exit", () => {
    expect(osaDistance("bubut", "bubut", 1)).toBe(0);
    expect(osaDistance("bubut", "bubat", 1)).toBe(1);
    expect(osaDistance("silinder", "silinedr", 1)).toBe(1); // a swap is one typo
    expect(osaDistance("komposit", "kompost", 1)).toBe(1);
    expect(osaDistance("selongsong", "silongsung", 2)).toBe(2);
    expect(osaDistance("selongsong", "cylinder", 2)).toBe(3);
  });

  it("the index finds words within the budget, closest first", () => {
    const index = new TypoIndex();
    for (const w of ["bubut", "butut", "selongsong", "silinder", "blok", "cor"]) index.add(w);
    expect(index.lookup("bubat").map((c) => c.term)).toEqual(["bubut"]);
    expect(index.lookup("blak")).toEqual([]);
    expect(index.lookup("silindre")).toEqual([{ term: "silinder", distance: 1 }]);
    expect(index.lookup("silongsung")).toEqual([{ term: "selongsong", distance: 2 }]);
    expect(index.lookup("bubut").map((c) => c.term)).toEqual(["butut"]);
  });
});

describe("query planning", () => {
  it("multi-word synonym phrases become one group, with the words one by one as a fallback", () => {
    const plan = planQuery("blok rem komposit");
    expect(plan.groups.map((g) => g.label)).toEqual(["blok rem", "komposit"]);
    expect(plan.groups[0]!.alternatives.map((a) => a.tokens.join(" "))).toEqual(["blok rem", "brake block"]);
    expect(plan.groups[0]!.parts.map((p) => p.label)).toEqual(["blok", "rem"]);
  });

  it("the MATCH expression is built from quoted [a-z0-9] tokens only", () => {
    const hostile = 'cor" OR name:* NEAR(a b) -x ((( AND NOT ^y {z}: "';
    const plan = withTypos(planQuery(hostile, "any"), () => [{ term: "corx", distance: 1 }]);
    const expression = ftsMatchExpression(plan)!;
    const stripped = expression.replace(/"[a-z0-9 ]+"( \*)?/g, "").replace(/\b(AND|OR)\b/g, "").replace(/[() ]/g, "");
    expect(stripped).toBe("");
  });

  it("caps the number of query words", () => {
    const plan = planQuery(Array.from({ length: 500 }, (_, i) => `kata${i}`).join(" "), "any");
    expect(plan.groups).toHaveLength(MAX_GROUPS);
  });

  it("a typo neighbour of a word the index knows brings no synonyms; one of a misspelt word does", () => {
    // "casting" is a word of the index, "casing" one typo from it: the casing's synonyms (housing, rumah) must
    // not turn a foundry query into a housing query. "castng" is no word: its neighbour's synonyms come along.
    const lookup = (w: string) => (w === "casting" || w === "castng" ? [{ term: "casing", distance: 1 }] : []);
    const texts = (plan: QueryPlan) => plan.groups[0]!.alternatives.map((a) => a.tokens.join(" "));
    const known = withTypos(planQuery("casting"), lookup, (w) => w === "casting");
    expect(texts(known)).toContain("casing");
    expect(texts(known)).not.toContain("housing");
    const misspelt = withTypos(planQuery("castng"), lookup, () => false);
    expect(texts(misspelt)).toEqual(expect.arrayContaining(["casing", "housing"]));
  });

  it("partial matches weigh each later word less, and a qualifier less again", () => {
    const three = planQuery("cangkul poros kampas");
    expect(three.groups).toHaveLength(3);
    expect(partialWeights(three, new Set())).toEqual([1, POSITION_DECAY, POSITION_DECAY ** 2]);
    expect(partialWeights(three, new Set([0]))).toEqual([QUALIFIER_WEIGHT, POSITION_DECAY, POSITION_DECAY ** 2]);
    // The words of one phrase are a unit, its head first or last ("fitting pipa", "pipe fitting"): no order.
    const phrase = withTypos(partialPlan(planQuery("pipe fitting")), () => []);
    expect(phrase.groups.map((g) => g.label)).toEqual(["pipe", "fitting"]);
    expect(partialWeights(phrase, new Set())).toEqual([1, 1]);
    expect(POSITION_DECAY).toBeGreaterThan(QUALIFIER_WEIGHT);
    // Qualifiers: a standard, a size or precision word, a generic part word, an English -ed adjective.
    for (const word of ["iso 9001", "presisi", "spare part", "komponen", "hardened", "forged"]) expect(isQualifier(word), word).toBe(true);
    for (const word of ["flange", "gear", "bubut", "pengecoran", "need", "steel"]) expect(isQualifier(word), word).toBe(false);
  });

  it("ranks words matched, then typos, then where it matched", () => {
    const plan = withTypos(planQuery("poros pompa"), (w) => (w === "poros" ? [{ term: "porus", distance: 1 }] : []));
    const exactInDescription = matchDocument(plan, { fields: [{ text: "cv", weight: 10 }, { text: "poros pompa", weight: 2 }] });
    const typoInName = matchDocument(plan, { fields: [{ text: "porus pompa", weight: 10 }, { text: "", weight: 2 }] });
    const oneWord = matchDocument(plan, { fields: [{ text: "pompa", weight: 10 }] });
    expect(exactInDescription).toMatchObject({ groupsMatched: 2, typos: 0, terms: ["poros", "pompa"] });
    expect(typoInName).toMatchObject({ groupsMatched: 2, typos: 1 });
    expect(rankScore(exactInDescription, 0)).toBeGreaterThan(rankScore(typoInName, 1));
    expect(rankScore(typoInName, 0)).toBeGreaterThan(rankScore(oneWord, 1));
  });

  it("the tie-break never outweighs a tenth of a tier in the lowest field, in the score as in the order", () => {
    const base = { groupsMatched: 1, typos: 0, terms: [], relevance: 0 };
    const exact = { ...base, attribute: 1 };
    const synonym = { ...base, attribute: 0.9, relevance: 5 };
    // A phrase met word by word over three words: 0.9 × the average, a thirtieth of a tier apart.
    const words = { ...base, attribute: 0.9 * ((1 + 1 + 0.9) / 3) };
    expect(rankScore(exact, 0)).toBeGreaterThan(rankScore(synonym, 1));
    expect(rankScore(exact, 0)).toBeGreaterThan(rankScore(words, 1));
    expect(compareRankKeys(exact, synonym)).toBeLessThan(0);
    expect(compareRankKeys({ ...base, attribute: 10, typos: 1 }, exact)).toBeGreaterThan(0);
  });

  it("the compiled matcher agrees with the slow, obvious one on random plans and documents", () => {
    // A small vocabulary, so that alternatives, phrases, prefixes and typos meet documents often.
    const rng = new Rng(7);
    const words = ["cor", "besi", "blok", "rem", "komposit", "bubut", "poros", "porus", "casting", "cast", "iron", "pompa", "flens", "baja"];
    const kinds: AlternativeKind[] = ["exact", "synonym", "prefix", "typo"];
    const alternative = (): Alternative => {
      const kind = rng.pick(kinds);
      const length = kind === "prefix" ? 1 : rng.int(1, 3);
      const tokens = Array.from({ length }, () => rng.pick(words));
      if (kind === "prefix") tokens[0] = tokens[0]!.slice(0, rng.int(1, tokens[0]!.length));
      return { tokens, kind, prefix: kind === "prefix" || (length > 1 && rng.chance(0.2)), typos: kind === "typo" ? rng.int(1, 2) : 0 };
    };
    const group = (depth: number): QueryGroup => ({
      label: rng.pick(words),
      raw: "",
      alternatives: Array.from({ length: rng.int(1, 5) }, alternative),
      parts: depth === 0 && rng.chance(0.3) ? Array.from({ length: rng.int(2, 3) }, () => group(1)) : [],
      fuzzy: [],
    });
    let compared = 0;
    for (let round = 0; round < 300; round++) {
      const plan: QueryPlan = { mode: rng.chance(0.5) ? "all" : "any", groups: Array.from({ length: rng.int(1, 4) }, () => group(0)) };
      const match = compileMatcher(plan);
      for (let d = 0; d < 10; d++) {
        const doc = { fields: [10, 8, 5, 2].map((weight) => ({ weight, text: Array.from({ length: rng.int(0, 8) }, () => rng.pick(words)).join(" ") })) };
        const { relevance, ...fast } = match(doc);
        expect(fast, JSON.stringify({ plan, doc })).toEqual(referenceMatch(plan, doc));
        expect(relevance).toBeGreaterThanOrEqual(0);
        if (fast.groupsMatched > 0) compared++;
      }
    }
    // Most of the random pairs do match something (the comparison is not of empty results).
    expect(compared).toBeGreaterThan(1500);
  });

  it("the tie-break grows with occurrences and falls with the field's length", () => {
    const plan = planQuery("poros");
    const match = compileMatcher(plan, { averageFieldLengths: [12], idf: [2] });
    const once = match({ fields: [{ weight: 1, text: "poros a b c" }] }).relevance;
    const twice = match({ fields: [{ weight: 1, text: "poros poros b c" }] }).relevance;
    const longer = match({ fields: [{ weight: 1, text: "poros a b c d e f g" }] }).relevance;
    expect(twice).toBeGreaterThan(once);
    expect(longer).toBeLessThan(once);
    expect(match({ fields: [{ weight: 1, text: "pompa" }] }).relevance).toBe(0);
  });
});
