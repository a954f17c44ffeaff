// Typo tolerance for the FTS5 engine, the same budget Meilisearch is given (minWordSizeForTypos): one typo for
// words of 5 letters or more, two from 9. Distance is Damerau-Levenshtein in its "optimal string alignment"
// form (a swap of two neighbouring letters is one typo). Candidates come from the indexed vocabulary:
// a SymSpell-style index of single deletions answers one-typo look-ups without scanning; two-typo look-ups
// (long words only) scan the words of a close length with an early-exit distance. Pure and in memory.

export const ONE_TYPO_MIN_LENGTH = 5;
export const TWO_TYPOS_MIN_LENGTH = 9;

/** How many typos a query word of this length may have. */
export function typoBudget(length: number): 0 | 1 | 2 {
  if (length >= TWO_TYPOS_MIN_LENGTH) return 2;
  if (length >= ONE_TYPO_MIN_LENGTH) return 1;
  return 0;
}

/**
 * The optimal-string-alignment distance between a and b, or `max + 1` as soon as it is known to exceed `max`
 * (so long words cost little when they are far apart).
 */
export function osaDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  // Three rows of the table, reused from call to call (look-ups compare a word with thousands); grown when a
  // longer word comes.
  if (distanceRows[0].length < m + 1) distanceRows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let [prevPrev, prev, current] = distanceRows;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, prevPrev[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  return prev[m]! > max ? max + 1 : prev[m]!;
}

let distanceRows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(0), new Int32Array(0), new Int32Array(0)];

/** The strings made by deleting one character (and the string itself). */
function singleDeletes(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export interface TypoCandidate {
  term: string;
  distance: number;
}

/** The words of an index, looked up by a possibly misspelt query word. */
export class TypoIndex {
  private readonly words = new Set<string>();
  /** A single deletion of a word (or the word) → the words it comes from. */
  private readonly deletes = new Map<string, string[]>();
  /** Words by length, for the two-typo scan. */
  private readonly byLength = new Map<number, string[]>();

  get size(): number {
    return this.words.size;
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  add(word: string): void {
    // Words under 4 letters are never within one typo of a query word of 5 or more.
    if (word.length < ONE_TYPO_MIN_LENGTH - 1 || this.words.has(word)) return;
    this.words.add(word);
    for (const d of new Set(singleDeletes(word))) {
      const list = this.deletes.get(d);
      if (list) list.push(word);
      else this.deletes.set(d, [word]);
    }
    const sameLength = this.byLength.get(word.length);
    if (sameLength) sameLength.push(word);
    else this.byLength.set(word.length, [word]);
  }

  /**
   * The words within the query word's typo budget (the word itself excluded), closest first, at most `limit`.
   * Within one typo: every word sharing a single deletion with the query word, checked by distance.
   */
  lookup(query: string, limit = 20): TypoCandidate[] {
    const budget = typoBudget(query.length);
    if (budget === 0) return [];
    const found = new Map<string, number>();
    if (budget === 1) {
      for (const d of new Set(singleDeletes(query))) {
        for (const word of this.deletes.get(d) ?? []) {
          if (word === query || found.has(word)) continue;
          const distance = osaDistance(query, word, 1);
          if (distance <= 1) found.set(word, distance);
        }
      }
    } else {
      for (let length = query.length - 2; length <= query.length + 2; length++) {
        for (const word of this.byLength.get(length) ?? []) {
          if (word === query) continue;
          const distance = osaDistance(query, word, 2);
          if (distance <= 2) found.set(word, distance);
        }
      }
    }
    return [...found]
      .map(([term, distance]) => ({ term, distance }))
      .sort((a, b) => a.distance - b.distance || a.term.localeCompare(b.term))
      .slice(0, limit);
  }
}
