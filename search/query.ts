import { MAX_QUERY_CHARS, STOP_WORDS, hasSynonyms, maxSynonymTokens, stem, synonymsOf, tokenize } from "./analysis";
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
  alternatives: Alternative[];
  /** A phrase group may also match word by word: each of these groups, anywhere in the document. */
  parts: QueryGroup[];
  /** Analysed words whose typo alternatives are still to be looked up in an engine's vocabulary. */
  fuzzy: string[];
}

export interface QueryPlan {
  mode: "all" | "any";
  groups: QueryGroup[];
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
  return { label: analysed, alternatives, parts: [], fuzzy };
}

function phraseGroup(analysed: string[], raw: string[], last: boolean): QueryGroup {
  const label = analysed.join(" ");
  const alternatives: Alternative[] = [{ tokens: analysed, kind: "exact", prefix: false, typos: 0 }];
  for (const phrase of synonymsOf(label)) alternatives.push({ tokens: phrase.split(" "), kind: "synonym", prefix: false, typos: 0 });
  const parts = analysed.map((token, i) => wordGroup(token, raw[i]!, last && i === analysed.length - 1));
  return { label, alternatives, parts, fuzzy: [] };
}

/** The plan of what the user typed. No groups = match everything (an empty query, or only stop words). */
export function planQuery(q: string, mode: "all" | "any" = "all"): QueryPlan {
  const text = typeof q === "string" ? q.slice(0, MAX_QUERY_CHARS) : "";
  const raw = tokenize(text).filter((t) => !STOP_WORDS.has(t));
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
export function withTypos(plan: QueryPlan, lookup: (word: string) => TypoCandidate[]): QueryPlan {
  const expand = (group: QueryGroup): QueryGroup => {
    const alternatives = [...group.alternatives];
    for (const word of group.fuzzy) {
      for (const { term, distance } of lookup(word).slice(0, MAX_TYPO_ALTERNATIVES)) {
        alternatives.push({ tokens: [term], kind: "typo", prefix: false, typos: distance });
        for (const phrase of synonymsOf(term)) alternatives.push({ tokens: phrase.split(" "), kind: "typo", prefix: false, typos: distance });
      }
    }
    return { ...group, alternatives: dedupe(alternatives), parts: group.parts.map(expand), fuzzy: [] };
  };
  return { mode: plan.mode, groups: plan.groups.map(expand) };
}

const SAFE_TOKEN = /^[a-z0-9]+$/;

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

/** A document's analysed fields, as token lists, with their weights. */
export interface DocumentFields {
  fields: { tokens: string[]; weight: number }[];
}

const TIER: Record<AlternativeKind, number> = { exact: 1, synonym: 0.9, prefix: 0.8, typo: 0.6 };

export interface DocumentMatch {
  groupsMatched: number;
  typos: number;
  /** Σ over matched groups of field weight × tier. */
  attribute: number;
  terms: string[];
  /**
   * BM25F over the matched groups (the tie-break): each group's occurrences, weighted by field and normalised
   * by the field's length against `averageFieldLengths`, saturated, times the group's `idf`.
   */
  relevance: number;
}

export interface MatcherOptions {
  /** Per field (same order as the document's fields); a field's own length when missing (no normalisation). */
  averageFieldLengths?: number[];
  /** Per top-level group of the plan; 1 when missing. */
  idf?: number[];
}

const BM25_K1 = 1.2;
const BM25_B = 0.75;

interface Best {
  typos: number;
  value: number;
  /** Where the original rules would meet it first: alternative index × fields + field index (ties keep the first). */
  order: number;
  terms: string[];
}

interface Entry {
  slot: number;
  alternative: number;
  tokens: string[];
  prefix: boolean;
  typos: number;
  tier: number;
}

interface Slot {
  /** The top-level group it counts for (occurrences, for the tie-break). */
  group: number;
  parts: number[];
}

/**
 * A plan compiled for matching many documents: each document is scanned once, token by token, looking each
 * token up in maps of the plan's words (a phrase by its first word, then checked in place; a prefix by
 * comparison). Per group the best alternative wins: fewest typos, then the highest field weight × tier, then
 * the first in the plan's order of alternatives and the document's order of fields. A phrase group may also be
 * met word by word (its parts, anywhere): 0.9 × their average value, the sum of their typos.
 */
export function compileMatcher(plan: QueryPlan, options: MatcherOptions = {}): (doc: DocumentFields) => DocumentMatch {
  const slots: Slot[] = [];
  const byToken = new Map<string, Entry[]>();
  const prefixes: Entry[] = [];
  const addGroup = (group: QueryGroup, top: number): number => {
    const slot = slots.length;
    slots.push({ group: top, parts: [] });
    group.alternatives.forEach((a, alternative) => {
      if (a.tokens.length === 0) return;
      const entry: Entry = { slot, alternative, tokens: a.tokens, prefix: a.prefix, typos: a.typos, tier: TIER[a.kind] };
      // A single word by itself, a phrase by its first word (then checked in place), a prefix by comparison.
      if (a.tokens.length === 1 && a.prefix) prefixes.push(entry);
      else byToken.set(a.tokens[0]!, [...(byToken.get(a.tokens[0]!) ?? []), entry]);
    });
    slots[slot]!.parts = group.parts.map((part) => addGroup(part, top));
    return slot;
  };
  const topSlots = plan.groups.map((group, i) => addGroup(group, i));
  const idf = plan.groups.map((_, i) => options.idf?.[i] ?? 1);

  return (doc: DocumentFields): DocumentMatch => {
    const fieldCount = doc.fields.length;
    const best: (Best | null)[] = new Array<Best | null>(slots.length).fill(null);
    const occurrences = new Array<number>(plan.groups.length).fill(0);
    for (let field = 0; field < fieldCount; field++) {
      const { tokens, weight } = doc.fields[field]!;
      const average = options.averageFieldLengths?.[field];
      const norm = average && average > 0 ? 1 - BM25_B + (BM25_B * tokens.length) / average : 1;
      const scan: Scan = { slots, best, occurrences, tokens, weight, field, fieldCount, occurrence: weight / norm };
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i]!;
        for (const entry of prefixes) if (token.startsWith(entry.tokens[0]!)) offer(scan, entry, i);
        const entries = byToken.get(token);
        if (entries === undefined) continue;
        for (const entry of entries) {
          if (entry.tokens.length === 1) {
            offer(scan, entry, i);
            continue;
          }
          const n = entry.tokens.length;
          let ok = i + n <= tokens.length;
          for (let k = 1; k < n && ok; k++) {
            const next = tokens[i + k]!;
            ok = k === n - 1 && entry.prefix ? next.startsWith(entry.tokens[k]!) : next === entry.tokens[k];
          }
          if (ok) offer(scan, entry, i);
        }
      }
    }
    const result: DocumentMatch = { groupsMatched: 0, typos: 0, attribute: 0, terms: [], relevance: 0 };
    for (let group = 0; group < topSlots.length; group++) {
      const m = resolve(slots, best, topSlots[group]!);
      if (!m) continue;
      result.groupsMatched++;
      result.typos += m.typos;
      result.attribute += m.value;
      for (const t of m.terms) if (!result.terms.includes(t)) result.terms.push(t);
      const tf = occurrences[group]!;
      result.relevance += (idf[group]! * tf * (BM25_K1 + 1)) / (tf + BM25_K1);
    }
    return result;
  };
}

/** One field of one document being scanned. */
interface Scan {
  slots: Slot[];
  best: (Best | null)[];
  occurrences: number[];
  tokens: string[];
  weight: number;
  field: number;
  fieldCount: number;
  /** What one occurrence in this field adds to its group's term frequency (weight over length norm). */
  occurrence: number;
}

/** An alternative met at token `at`: counted, and kept when it beats the slot's best so far (only then allocating). */
function offer(scan: Scan, entry: Entry, at: number): void {
  scan.occurrences[scan.slots[entry.slot]!.group]! += scan.occurrence;
  const value = scan.weight * entry.tier;
  const order = entry.alternative * scan.fieldCount + scan.field;
  const current = scan.best[entry.slot]!;
  if (current !== null && !(entry.typos < current.typos || (entry.typos === current.typos && (value > current.value || (value === current.value && order < current.order))))) return;
  const n = entry.tokens.length;
  scan.best[entry.slot] = { typos: entry.typos, value, order, terms: [n === 1 ? scan.tokens[at]! : scan.tokens.slice(at, at + n).join(" ")] };
}

/** A slot's best: its own alternatives', or its words one by one (after them: a tie keeps the alternative). */
function resolve(slots: Slot[], best: (Best | null)[], slot: number): Best | null {
  const own = best[slot]!;
  const { parts } = slots[slot]!;
  if (parts.length === 0) return own;
  const matched: Best[] = [];
  for (const part of parts) {
    const m = resolve(slots, best, part);
    if (m === null) return own;
    matched.push(m);
  }
  const words: Best = {
    typos: matched.reduce((sum, m) => sum + m.typos, 0),
    value: (matched.reduce((sum, m) => sum + m.value, 0) / matched.length) * 0.9,
    order: Number.POSITIVE_INFINITY,
    terms: matched.flatMap((m) => m.terms),
  };
  return own === null || words.typos < own.typos || (words.typos === own.typos && words.value > own.value) ? words : own;
}

/** How a document matches a plan (with typo alternatives already resolved). */
export function matchDocument(plan: QueryPlan, doc: DocumentFields): DocumentMatch {
  return compileMatcher(plan)(doc);
}

/**
 * One number that orders like the rules above: groups matched, then typos, then attribute, then the engine's
 * tie-break (0–1). Comparable within one result only.
 */
export function rankScore(match: DocumentMatch, tieBreak: number): number {
  const tie = Number.isFinite(tieBreak) ? Math.min(1, Math.max(0, tieBreak)) : 0;
  return match.groupsMatched * 1_000_000 - Math.min(match.typos, 99) * 10_000 + Math.min(match.attribute, 999) * 10 + tie * 9;
}

/** The vocabulary of a set of documents (for resolving typos where no index vocabulary is at hand). */
export function vocabularyOf(docs: DocumentFields[]): Set<string> {
  const words = new Set<string>();
  for (const d of docs) for (const f of d.fields) for (const t of f.tokens) words.add(t);
  return words;
}
