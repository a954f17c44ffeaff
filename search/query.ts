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

interface FieldIndex {
  tokens: string[];
  positions: Map<string, number[]>;
  weight: number;
}

const TIER: Record<AlternativeKind, number> = { exact: 1, synonym: 0.9, prefix: 0.8, typo: 0.6 };

interface GroupMatch {
  typos: number;
  value: number;
  terms: string[];
}

export interface DocumentMatch {
  groupsMatched: number;
  typos: number;
  /** Σ over matched groups of field weight × tier. */
  attribute: number;
  terms: string[];
}

function indexFields(doc: DocumentFields): FieldIndex[] {
  return doc.fields.map(({ tokens, weight }) => {
    const positions = new Map<string, number[]>();
    tokens.forEach((t, i) => {
      const list = positions.get(t);
      if (list) list.push(i);
      else positions.set(t, [i]);
    });
    return { tokens, positions, weight };
  });
}

/** The document token an alternative matched in a field, or null. */
function matchIn(a: Alternative, field: FieldIndex): string | null {
  const n = a.tokens.length;
  if (n === 1 && !a.prefix) return field.positions.has(a.tokens[0]!) ? a.tokens[0]! : null;
  const lastWanted = a.tokens[n - 1]!;
  const lastMatches = (token: string) => (a.prefix ? token.startsWith(lastWanted) : token === lastWanted);
  if (n === 1) {
    for (const token of field.positions.keys()) if (lastMatches(token)) return token;
    return null;
  }
  // A phrase: the first token's positions, then each next token right after.
  for (const start of field.positions.get(a.tokens[0]!) ?? []) {
    let ok = true;
    for (let k = 1; k < n && ok; k++) {
      const token = field.tokens[start + k];
      ok = token !== undefined && (k === n - 1 ? lastMatches(token) : token === a.tokens[k]);
    }
    if (ok) return field.tokens.slice(start, start + n).join(" ");
  }
  return null;
}

function better(a: GroupMatch, b: GroupMatch | null): boolean {
  return b === null || a.typos < b.typos || (a.typos === b.typos && a.value > b.value);
}

function matchGroup(group: QueryGroup, fields: FieldIndex[]): GroupMatch | null {
  let best: GroupMatch | null = null;
  for (const a of group.alternatives) {
    for (const field of fields) {
      const term = matchIn(a, field);
      if (term === null) continue;
      const candidate = { typos: a.typos, value: field.weight * TIER[a.kind], terms: [term] };
      if (better(candidate, best)) best = candidate;
    }
  }
  if (group.parts.length > 0) {
    const parts = group.parts.map((p) => matchGroup(p, fields));
    if (parts.every((p): p is GroupMatch => p !== null)) {
      const candidate = {
        typos: parts.reduce((sum, p) => sum + p.typos, 0),
        // Word by word counts a little less than the phrase.
        value: (parts.reduce((sum, p) => sum + p.value, 0) / parts.length) * 0.9,
        terms: parts.flatMap((p) => p.terms),
      };
      if (better(candidate, best)) best = candidate;
    }
  }
  return best;
}

/** How a document matches a plan (with typo alternatives already resolved). */
export function matchDocument(plan: QueryPlan, doc: DocumentFields): DocumentMatch {
  const fields = indexFields(doc);
  const result: DocumentMatch = { groupsMatched: 0, typos: 0, attribute: 0, terms: [] };
  for (const group of plan.groups) {
    const m = matchGroup(group, fields);
    if (!m) continue;
    result.groupsMatched++;
    result.typos += m.typos;
    result.attribute += m.value;
    for (const t of m.terms) if (!result.terms.includes(t)) result.terms.push(t);
  }
  return result;
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
