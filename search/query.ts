import { MAX_QUERY_CHARS, QUERY_FILLER, STOP_WORDS, hasSynonyms, maxSynonymTokens, stem, synonymsOf, tokenize } from "./analysis";
import { typoBudget, type TypoCandidate } from "./typo";

// A query, planned once and used by both engines: the user's words (after analysis) become groups; each group
// lists the alternatives that satisfy it: the word itself, its synonyms, a prefix (the last word, while
// typing) and, once an engine has looked them up in its vocabulary, words within the typo budget. A
// multi-word synonym phrase ("blok rem") is one group whose alternatives are the phrases of its synonym
// group, or its words one by one. Pure.
//
// Ranking follows Meilisearch's rules, so both engines order alike: more groups matched first, then fewer
// typos, then where it matched (field weight × how: exact 1, synonym .9, prefix .8, typo .6), then the
// engine's own relevance (bm25 in FTS5) as the tie-break.

/** More query words than this are ignored (a pasted page must not make a query of thousands of terms). */
export const MAX_GROUPS = 32;
const MAX_TYPO_ALTERNATIVES = 12;

export type AlternativeKind = "exact" | "synonym" | "prefix" | "typo";

export interface Alternative {
  /** Analysed tokens; more than one = a phrase (adjacent, in order). */
  tokens: string[];
  kind: AlternativeKind;
  /** The last token matches as a prefix. */
  prefix: boolean;
  typos: number;
}

export interface QueryGroup {
  /** The analysed query word or phrase. */
  label: string;
  /** The word or phrase as the user typed it (lower-cased), to say what a partial result lacks. */
  raw: string;
  alternatives: Alternative[];
  /** A phrase group may also match word by word: each of these groups, anywhere in the document. */
  parts: QueryGroup[];
  /** Analysed words whose typo alternatives are still to be looked up in an engine's vocabulary. */
  fuzzy: string[];
}

export interface QueryPlan {
  /** How the candidates are found: every group ("all"), or any group ("any"; "last" searches "all" first, then this). */
  mode: "all" | "any";
  groups: QueryGroup[];
  /**
   * The groups are the words of one phrase the query was (partialPlan): a unit whose head may come first or
   * last ("fitting pipa", "pipe fitting"), so their order says nothing of which matters more.
   */
  onePhrase?: boolean;
}

function wordGroup(analysed: string, raw: string, last: boolean): QueryGroup {
  const alternatives: Alternative[] = [{ tokens: [analysed], kind: "exact", prefix: false, typos: 0 }];
  for (const phrase of synonymsOf(analysed)) alternatives.push({ tokens: phrase.split(" "), kind: "synonym", prefix: false, typos: 0 });
  if (last) {
    alternatives.push({ tokens: [analysed], kind: "prefix", prefix: true, typos: 0 });
    if (raw !== analysed) alternatives.push({ tokens: [raw], kind: "prefix", prefix: true, typos: 0 });
  }
  // Typos of the analysed word (what Meilisearch is sent) and, when stemming changed it, of the word as typed
  // (a misspelt word can be mis-stemmed: "selangsang" → se- + "langsang").
  const fuzzy = [analysed, raw].filter((w, i, all) => typoBudget(w.length) > 0 && all.indexOf(w) === i);
  return { label: analysed, raw, alternatives, parts: [], fuzzy };
}

function phraseGroup(analysed: string[], raw: string[], last: boolean): QueryGroup {
  const label = analysed.join(" ");
  const alternatives: Alternative[] = [{ tokens: analysed, kind: "exact", prefix: false, typos: 0 }];
  for (const phrase of synonymsOf(label)) alternatives.push({ tokens: phrase.split(" "), kind: "synonym", prefix: false, typos: 0 });
  const parts = analysed.map((token, i) => wordGroup(token, raw[i]!, last && i === analysed.length - 1));
  return { label, raw: raw.join(" "), alternatives, parts, fuzzy: [] };
}

/** The plan of what the user typed. No groups = match everything (an empty query, or only stop words). */
export function planQuery(q: string, mode: "all" | "any" = "all"): QueryPlan {
  const text = typeof q === "string" ? q.slice(0, MAX_QUERY_CHARS) : "";
  const words = tokenize(text).filter((t) => !STOP_WORDS.has(t));
  const meaningful = words.filter((t) => !QUERY_FILLER.has(t));
  const raw = meaningful.length > 0 ? meaningful : words;
  const analysed = raw.map(stem);
  const groups: QueryGroup[] = [];
  const seen = new Set<string>();
  const maxPhrase = maxSynonymTokens();
  let i = 0;
  while (i < analysed.length && groups.length < MAX_GROUPS) {
    let taken = 1;
    let group: QueryGroup | undefined;
    for (let length = Math.min(maxPhrase, analysed.length - i); length >= 2; length--) {
      const words = analysed.slice(i, i + length);
      if (hasSynonyms(words.join(" "))) {
        group = phraseGroup(words, raw.slice(i, i + length), i + length === analysed.length);
        taken = length;
        break;
      }
    }
    group ??= wordGroup(analysed[i]!, raw[i]!, i + 1 === analysed.length);
    if (!seen.has(group.label)) {
      seen.add(group.label);
      groups.push(group);
    }
    i += taken;
  }
  return { mode, groups };
}

/**
 * How much a word that qualifies a request (a place, a standard's name, a size or precision word) counts,
 * against the thing asked for, when partial matches are ordered (both engines).
 */
export const QUALIFIER_WEIGHT = 0.25;

/**
 * How much each later word of a query counts against the one before it when partial matches are ordered:
 * Meilisearch's "last" strategy keeps the first words and drops the last ones, and buyers write the thing first
 * and its application, material or size after it ("pompa sentrifugal", "baut roda truk", "pump overhaul kapal").
 * A weight, not a rule: a rare word still outweighs a common one before it.
 */
export const POSITION_DECAY = 0.5;

/**
 * Per group of `plan`, its weight when partial matches are ordered (every engine): QUALIFIER_WEIGHT for the
 * qualifiers, else 1, times POSITION_DECAY for each word before it — unless the words are one phrase's.
 */
export function partialWeights(plan: QueryPlan, qualifiers: ReadonlySet<number>): number[] {
  return plan.groups.map((_, i) => (qualifiers.has(i) ? QUALIFIER_WEIGHT : 1) * (plan.onePhrase ? 1 : POSITION_DECAY ** i));
}

/**
 * The plan a partial search ("last") counts words with: a query that is one phrase ("manhole cover", "pegas
 * tekan") becomes its words, each still met by the whole phrase or any of its synonyms, so a listing with one of
 * the words is a partial match and one with the phrase is a full one. Other plans are unchanged (their groups
 * are the words counted).
 */
export function partialPlan(plan: QueryPlan): QueryPlan {
  const only = plan.groups.length === 1 ? plan.groups[0]! : undefined;
  if (!only || only.parts.length < 2) return plan;
  return {
    mode: plan.mode,
    groups: only.parts.map((part) => ({ ...part, alternatives: [...part.alternatives, ...only.alternatives], parts: [] })),
    onePhrase: true,
  };
}

function alternativeKey(a: Alternative): string {
  return `${a.tokens.join(" ")}${a.prefix ? "*" : ""}`;
}

const KIND_ORDER: Record<AlternativeKind, number> = { exact: 0, synonym: 1, prefix: 2, typo: 3 };

/** Same alternative more than once: keep the best (fewest typos, then exact > synonym > prefix > typo). */
function dedupe(alternatives: Alternative[]): Alternative[] {
  const best = new Map<string, Alternative>();
  for (const a of alternatives) {
    const key = alternativeKey(a);
    const current = best.get(key);
    if (!current || a.typos < current.typos || (a.typos === current.typos && KIND_ORDER[a.kind] < KIND_ORDER[current.kind])) best.set(key, a);
  }
  return [...best.values()];
}

/**
 * The plan with each fuzzy word's typo alternatives added: the words `lookup` finds within the budget, and
 * their synonyms (at the same number of typos).
 */
export function withTypos(plan: QueryPlan, lookup: (word: string) => TypoCandidate[], known: (word: string) => boolean = () => false): QueryPlan {
  const expand = (group: QueryGroup): QueryGroup => {
    const alternatives = [...group.alternatives];
    for (const word of group.fuzzy) {
      const misspelt = !known(word);
      for (const { term, distance } of lookup(word).slice(0, MAX_TYPO_ALTERNATIVES)) {
        alternatives.push({ tokens: [term], kind: "typo", prefix: false, typos: distance });
        if (misspelt) for (const phrase of synonymsOf(term)) alternatives.push({ tokens: phrase.split(" "), kind: "typo", prefix: false, typos: distance });
      }
    }
    return { ...group, alternatives: dedupe(alternatives), parts: group.parts.map(expand), fuzzy: [] };
  };
  return { ...plan, groups: plan.groups.map(expand) };
}

export const SAFE_TOKEN = /^[a-z0-9]+$/;

/**
 * The FTS5 MATCH expression of a plan, built only from analysed tokens ([a-z0-9]+), each phrase quoted:
 * nothing the user typed reaches FTS5's syntax. null when there is nothing to match.
 */
export function ftsMatchExpression(plan: QueryPlan): string | null {
  const groupExpression = (group: QueryGroup): string | null => {
    const options: string[] = [];
    for (const a of group.alternatives) {
      if (a.tokens.length === 0 || !a.tokens.every((t) => SAFE_TOKEN.test(t))) continue;
      options.push(`"${a.tokens.join(" ")}"${a.prefix ? " *" : ""}`);
    }
    if (group.parts.length > 0) {
      const parts = group.parts.map(groupExpression);
      if (parts.every((p): p is string => p !== null)) options.push(`(${parts.join(" AND ")})`);
    }
    return options.length > 0 ? `(${options.join(" OR ")})` : null;
  };
  const expressions = plan.groups.map(groupExpression).filter((e): e is string => e !== null);
  if (expressions.length === 0) return null;
  return expressions.join(plan.mode === "all" ? " AND " : " OR ");
}

// ---- Matching a document against a plan (ranking and explanations) ----

/** A document's analysed fields (single-spaced tokens, as analyzeToText writes them), with their weights. */
export interface DocumentFields {
  fields: { text: string; weight: number }[];
}

const TIER: Record<AlternativeKind, number> = { exact: 1, synonym: 0.9, prefix: 0.8, typo: 0.6 };

export interface DocumentMatch {
  groupsMatched: number;
  typos: number;
  /** Σ over matched groups of field weight × tier. */
  attribute: number;
  terms: string[];
  /** Σ of the matched groups' idf (each 1 without one): among results matching as many words, rarer words first. */
  rarity: number;
  /** The top-level groups (their indexes in the plan) the document does not match: what a partial result lacks. */
  missing: number[];
  /**
   * BM25F over the matched groups (the tie-break): each group's occurrences, weighted by field and normalised
   * by the field's length (in characters) against `averageFieldLengths`, saturated, times the group's `idf`.
   */
  relevance: number;
  /** With `weights`: the same BM25F with each group's part times its weight (how partial matches are ordered). */
  weighted?: number;
}

/** What the ranking rules compare, in order: more groups, fewer typos, more attribute. */
export type RankKey = Pick<DocumentMatch, "groupsMatched" | "typos" | "attribute">;

/** The ranking rules' order (negative: a ranks before b); ties fall to the engine's tie-break. */
export function compareRankKeys(a: RankKey, b: RankKey): number {
  return b.groupsMatched - a.groupsMatched || a.typos - b.typos || b.attribute - a.attribute;
}

export interface MatcherOptions {
  /** Per field (same order as the document's fields), in characters; no length normalisation when missing. */
  averageFieldLengths?: number[];
  /** Per top-level group of the plan; 1 when missing. */
  idf?: number[];
  /** Whether to collect the matched terms (for explanations); false leaves `terms` empty and costs less. Default true. */
  terms?: boolean;
  /** Per top-level group, a factor for `weighted` (no `weighted` without them). */
  weights?: number[];
}

const BM25_K1 = 1.2;
const BM25_B = 0.75;
const SPACE = 32;

interface Entry {
  slot: number;
  alternative: number;
  /** The first token (looked up) or, for a one-word prefix, the prefix; after a space (" cor"), as found. */
  head: string;
  /** A phrase's other tokens as they follow the first in the text (" rem komposit"); "" for one word. */
  rest: string;
  prefix: boolean;
  typos: number;
  tier: number;
}

/**
 * The compiled plan and the state of the document being matched, one slot per group and per part of a phrase
 * group: the best alternative met so far (typos, value = field weight × tier, order = where the rules meet it
 * first, and where its term is in the text), kept in typed arrays reused from document to document.
 */
interface Matcher {
  byToken: Map<string, Entry[]>;
  prefixes: Entry[];
  /** Per slot: the top-level group it counts for, and its parts (a phrase group met word by word). */
  slotGroup: Int32Array;
  parts: number[][];
  met: Uint8Array;
  typos: Int32Array;
  value: Float64Array;
  order: Float64Array;
  termField: Int32Array;
  termStart: Int32Array;
  termEnd: Int32Array;
  /** Per top-level group: its occurrences, each weighted by field over the field's length norm (BM25F's tf). */
  occurrences: Float64Array;
  /** Per slot, after resolve: 1 when its words one by one beat its own alternatives. */
  byWords: Uint8Array;
  /** What resolve found (out-parameters, so that resolving allocates nothing). */
  resolvedTypos: number;
  resolvedValue: number;
  /** The field being scanned. */
  text: string;
  weight: number;
  field: number;
  fieldCount: number;
  occurrence: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A plan compiled for matching many documents. One regular expression finds, in each field's text, the tokens
 * that start with a word of the plan (a phrase's first word, a prefix); the other tokens are never looked at
 * (no split: V8's regexp engine skips them far faster than a loop over tokens). Each found token is looked up
 * in a map of the plan's words; a phrase is then checked in place on the text. Per group the best alternative
 * wins: fewest typos, then the highest field weight × tier, then the first in the plan's order of alternatives
 * and the document's order of fields. A phrase group may also be met word by word (its parts, anywhere): 0.9 ×
 * their average value, the sum of their typos. The rules are those of tests/support/reference-match.ts, the
 * slow and obvious version this one is tested against.
 */
export function compileMatcher(plan: QueryPlan, options: MatcherOptions = {}): (doc: DocumentFields) => DocumentMatch {
  const slotGroups: number[] = [];
  const parts: number[][] = [];
  const byToken = new Map<string, Entry[]>();
  const prefixes: Entry[] = [];
  const addGroup = (group: QueryGroup, top: number): number => {
    const slot = slotGroups.length;
    slotGroups.push(top);
    parts.push([]);
    group.alternatives.forEach((a, alternative) => {
      // Analysed tokens are never empty; an alternative with an empty one matches nothing.
      if (a.tokens.length === 0 || a.tokens.includes("")) return;
      const head = ` ${a.tokens[0]!}`;
      const entry: Entry = { slot, alternative, head, rest: a.tokens.slice(1).map((t) => ` ${t}`).join(""), prefix: a.prefix, typos: a.typos, tier: TIER[a.kind] };
      if (a.tokens.length === 1 && a.prefix) prefixes.push(entry);
      else byToken.set(head, [...(byToken.get(head) ?? []), entry]);
    });
    parts[slot] = group.parts.map((part) => addGroup(part, top));
    return slot;
  };
  const topSlots = plan.groups.map((group, i) => addGroup(group, i));
  const idf = plan.groups.map((_, i) => options.idf?.[i] ?? 1);
  const withTerms = options.terms !== false;
  const weights = options.weights;
  const slots = slotGroups.length;
  const m: Matcher = {
    byToken,
    prefixes,
    slotGroup: Int32Array.from(slotGroups),
    parts,
    met: new Uint8Array(slots),
    typos: new Int32Array(slots),
    value: new Float64Array(slots),
    order: new Float64Array(slots),
    termField: new Int32Array(slots),
    termStart: new Int32Array(slots),
    termEnd: new Int32Array(slots),
    occurrences: new Float64Array(plan.groups.length),
    byWords: new Uint8Array(slots),
    resolvedTypos: 0,
    resolvedValue: 0,
    text: "",
    weight: 0,
    field: 0,
    fieldCount: 0,
    occurrence: 0,
  };
  // Whole tokens beginning with a word of the plan: the first token of a text, then every one after a space
  // (two expressions: a leading literal space lets V8 skip from space to space, where a look-behind does not).
  const heads = [...new Set([...byToken.keys(), ...prefixes.map((e) => e.head)])].map((h) => escapeRegExp(h.slice(1)));
  const firstToken = new RegExp(`^(?:${heads.join("|")})[^ ]*`);
  const nextTokens = new RegExp(` (?:${heads.join("|")})[^ ]*`, "g");

  return (doc: DocumentFields): DocumentMatch => {
    m.met.fill(0);
    m.occurrences.fill(0);
    m.fieldCount = doc.fields.length;
    for (let field = 0; field < doc.fields.length && heads.length > 0; field++) {
      const { text, weight } = doc.fields[field]!;
      if (text === "") continue;
      const average = options.averageFieldLengths?.[field];
      const norm = average && average > 0 ? 1 - BM25_B + (BM25_B * text.length) / average : 1;
      m.text = text;
      m.weight = weight;
      m.field = field;
      m.occurrence = weight / norm;
      const first = firstToken.exec(text);
      if (first !== null) meet(m, ` ${first[0]}`, 0);
      nextTokens.lastIndex = 0;
      let found: RegExpExecArray | null;
      while ((found = nextTokens.exec(text)) !== null) meet(m, found[0], found.index + 1);
    }
    const result: DocumentMatch = { groupsMatched: 0, typos: 0, attribute: 0, terms: [], rarity: 0, missing: [], relevance: 0 };
    let weighted = 0;
    for (let group = 0; group < topSlots.length; group++) {
      const slot = topSlots[group]!;
      if (!resolve(m, slot)) {
        if (withTerms) result.missing.push(group);
        continue;
      }
      result.groupsMatched++;
      result.rarity += idf[group]!;
      result.typos += m.resolvedTypos;
      result.attribute += m.resolvedValue;
      if (withTerms) for (const t of termsOf(m, slot, doc)) if (!result.terms.includes(t)) result.terms.push(t);
      const tf = m.occurrences[group]!;
      const part = (idf[group]! * tf * (BM25_K1 + 1)) / (tf + BM25_K1);
      result.relevance += part;
      if (weights) weighted += part * (weights[group] ?? 1);
    }
    if (weights) result.weighted = weighted;
    return result;
  };
}

/**
 * A token of the field's text at `start`, given after a space (" cor"): offered to the prefixes it starts with
 * and the alternatives it begins.
 */
function meet(m: Matcher, token: string, start: number): void {
  const { text } = m;
  const end = start + token.length - 1;
  for (const entry of m.prefixes) if (token.startsWith(entry.head)) offer(m, entry, start, end);
  const entries = m.byToken.get(token);
  if (entries === undefined) return;
  for (const entry of entries) {
    if (entry.rest === "") {
      offer(m, entry, start, end);
      continue;
    }
    // A phrase: its other tokens right after, the last one whole (or, for a prefix, up to its end).
    if (!text.startsWith(entry.rest, end)) continue;
    let last = end + entry.rest.length;
    if (entry.prefix) {
      const space = text.indexOf(" ", last);
      last = space < 0 ? text.length : space;
    } else if (last < text.length && text.charCodeAt(last) !== SPACE) continue;
    offer(m, entry, start, last);
  }
}

/** An alternative met at text[start, end): counted, and kept when it beats its slot's best so far. */
function offer(m: Matcher, entry: Entry, start: number, end: number): void {
  const slot = entry.slot;
  m.occurrences[m.slotGroup[slot]!]! += m.occurrence;
  const value = m.weight * entry.tier;
  const order = entry.alternative * m.fieldCount + m.field;
  if (m.met[slot] === 1) {
    const typos = m.typos[slot]!;
    const current = m.value[slot]!;
    if (!(entry.typos < typos || (entry.typos === typos && (value > current || (value === current && order < m.order[slot]!))))) return;
  }
  m.met[slot] = 1;
  m.typos[slot] = entry.typos;
  m.value[slot] = value;
  m.order[slot] = order;
  m.termField[slot] = m.field;
  m.termStart[slot] = start;
  m.termEnd[slot] = end;
}

/**
 * A slot's best into m.resolvedTypos and m.resolvedValue (false: not met): its own alternatives', or its words
 * one by one (after them: a tie keeps the alternative).
 */
function resolve(m: Matcher, slot: number): boolean {
  const own = m.met[slot] === 1;
  const parts = m.parts[slot]!;
  m.byWords[slot] = 0;
  let wordsTypos = 0;
  let wordsSum = 0;
  let allParts = parts.length > 0;
  for (let i = 0; i < parts.length && allParts; i++) {
    if (resolve(m, parts[i]!)) {
      wordsTypos += m.resolvedTypos;
      wordsSum += m.resolvedValue;
    } else allParts = false;
  }
  const wordsValue = allParts ? (wordsSum / parts.length) * 0.9 : 0;
  if (allParts && (!own || wordsTypos < m.typos[slot]! || (wordsTypos === m.typos[slot]! && wordsValue > m.value[slot]!))) {
    m.byWords[slot] = 1;
    m.resolvedTypos = wordsTypos;
    m.resolvedValue = wordsValue;
    return true;
  }
  if (!own) return false;
  m.resolvedTypos = m.typos[slot]!;
  m.resolvedValue = m.value[slot]!;
  return true;
}

/** The terms a resolved slot matched: its own term's text, or its parts' terms. */
function termsOf(m: Matcher, slot: number, doc: DocumentFields): string[] {
  if (m.byWords[slot] === 1) return m.parts[slot]!.flatMap((part) => termsOf(m, part, doc));
  return [doc.fields[m.termField[slot]!]!.text.slice(m.termStart[slot]!, m.termEnd[slot]!)];
}

/** How a document matches a plan (with typo alternatives already resolved). */
export function matchDocument(plan: QueryPlan, doc: DocumentFields): DocumentMatch {
  return compileMatcher(plan)(doc);
}

/**
 * One number for a hit (its `score`): groups matched, then typos, then attribute, then the engine's tie-break
 * (0–1), weighted so that the tie-break moves less than the smallest difference in attribute (a tenth of a
 * tier, over the few words of a phrase). Comparable within one result only; the FTS5 engine sorts by the rules
 * themselves (compareRankKeys, then the tie-break).
 */
export function rankScore(match: RankKey, tieBreak: number): number {
  const tie = Number.isFinite(tieBreak) ? Math.min(1, Math.max(0, tieBreak)) : 0;
  return match.groupsMatched * 1_000_000 - Math.min(match.typos, 99) * 10_000 + Math.min(match.attribute, 999) * 10 + tie * 0.01;
}

/** The vocabulary of a set of documents (for resolving typos where no index vocabulary is at hand). */
export function vocabularyOf(docs: DocumentFields[]): Set<string> {
  const words = new Set<string>();
  for (const d of docs) for (const f of d.fields) for (const t of f.text.split(" ")) if (t !== "") words.add(t);
  return words;
}
