import { describe, expect, it } from "vitest";
import synonymData from "../../search/synonyms.json";
import { MAX_TOKEN_LENGTH, analysedSynonymGroups, analyze, englishStem, normalize, stem, synonymsOf, tokenize } from "../../search/analysis";
import { MAX_GROUPS, ftsMatchExpression, matchDocument, planQuery, rankScore, withTypos } from "../../search/query";
import { TypoIndex, osaDistance, typoBudget } from "../../search/typo";

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
    ["pemesinan", "mesin"],
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

describe("synonyms (search/synonyms.json)", () => {
  it("has the domain's groups, each with at least two phrases after analysis", () => {
    const raw = (synonymData as { groups: string[][] }).groups;
    expect(raw.length).toBeGreaterThanOrEqual(40);
    expect(analysedSynonymGroups().length).toBe(raw.length);
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

  it("ranks words matched, then typos, then where it matched", () => {
    const plan = withTypos(planQuery("poros pompa"), (w) => (w === "poros" ? [{ term: "porus", distance: 1 }] : []));
    const exactInDescription = matchDocument(plan, { fields: [{ tokens: ["cv"], weight: 10 }, { tokens: ["poros", "pompa"], weight: 2 }] });
    const typoInName = matchDocument(plan, { fields: [{ tokens: ["porus", "pompa"], weight: 10 }, { tokens: [], weight: 2 }] });
    const oneWord = matchDocument(plan, { fields: [{ tokens: ["pompa"], weight: 10 }] });
    expect(exactInDescription).toMatchObject({ groupsMatched: 2, typos: 0, terms: ["poros", "pompa"] });
    expect(typoInName).toMatchObject({ groupsMatched: 2, typos: 1 });
    expect(rankScore(exactInDescription, 0)).toBeGreaterThan(rankScore(typoInName, 1));
    expect(rankScore(typoInName, 0)).toBeGreaterThan(rankScore(oneWord, 1));
  });
});
