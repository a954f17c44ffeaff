import type { Alternative, AlternativeKind, DocumentFields, QueryGroup, QueryPlan } from "../../search/query";

// The matching rules of search/query.ts written the slow and obvious way (every alternative of every group
// tried against every field), as the first version of the engine did: the oracle the compiled matcher
// (compileMatcher) is compared with on random plans and documents in tests/search/analysis.test.ts.

const TIER: Record<AlternativeKind, number> = { exact: 1, synonym: 0.9, prefix: 0.8, typo: 0.6 };

interface FieldIndex {
  tokens: string[];
  positions: Map<string, number[]>;
  weight: number;
}

interface GroupMatch {
  typos: number;
  value: number;
  terms: string[];
}

export interface ReferenceMatch {
  groupsMatched: number;
  typos: number;
  attribute: number;
  terms: string[];
  /** With every group's idf 1: the number of groups matched. */
  rarity: number;
  missing: number[];
}

function indexFields(doc: DocumentFields): FieldIndex[] {
  return doc.fields.map(({ text, weight }) => {
    const tokens = text === "" ? [] : text.split(" ");
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

/** How a document matches a plan, the slow and obvious way: every alternative against every field. */
export function referenceMatch(plan: QueryPlan, doc: DocumentFields): ReferenceMatch {
  const fields = indexFields(doc);
  const result: ReferenceMatch = { groupsMatched: 0, typos: 0, attribute: 0, terms: [], rarity: 0, missing: [] };
  for (const [index, group] of plan.groups.entries()) {
    const m = matchGroup(group, fields);
    if (!m) {
      result.missing.push(index);
      continue;
    }
    result.groupsMatched++;
    result.rarity++;
    result.typos += m.typos;
    result.attribute += m.value;
    for (const t of m.terms) if (!result.terms.includes(t)) result.terms.push(t);
  }
  return result;
}
