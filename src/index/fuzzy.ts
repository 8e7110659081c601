import type { StringTable } from './strings.js';

/**
 * Spelling tolerance against the corpus vocabulary: optimal string alignment distance,
 * bucketed by length so a lookup only compares words that could be close enough.
 *
 * The buckets are typed arrays over the term table's ids, so they persist in the snapshot
 * with the rest of the index; a term is decoded to a string only once its first two letters
 * pass the cheap filter below.
 */
export interface FuzzyArrays {
  /** Term ids with at least 3 characters and no digit, by length (UTF-16 units), then id. */
  order: Uint32Array;
  /** order[starts[n]..starts[n+1]] are the terms of length n. */
  starts: Uint32Array;
  /** First and second UTF-16 unit of each entry of `order`, interleaved. */
  heads: Uint16Array;
}

export function buildFuzzyArrays(terms: readonly string[]): FuzzyArrays {
  const ids: number[] = [];
  let longest = 0;
  terms.forEach((w, id) => {
    if (w.length < 3 || /\d/.test(w)) return;
    ids.push(id);
    if (w.length > longest) longest = w.length;
  });
  ids.sort((a, b) => terms[a]!.length - terms[b]!.length || a - b);
  const starts = new Uint32Array(longest + 2);
  for (const id of ids) starts[terms[id]!.length + 1]!++;
  for (let n = 0; n <= longest; n++) starts[n + 1]! += starts[n]!;
  const heads = new Uint16Array(ids.length * 2);
  ids.forEach((id, i) => {
    heads[2 * i] = terms[id]!.charCodeAt(0);
    heads[2 * i + 1] = terms[id]!.charCodeAt(1);
  });
  return { order: Uint32Array.from(ids), starts, heads };
}

/** Up to 3 terms at the smallest distance (1, or 2 for words of 8+ letters), in vocabulary order. */
export function openFuzzy({ order, starts, heads }: FuzzyArrays, terms: StringTable): (word: string) => string[] {
  const longest = starts.length - 2;
  return (word) => {
    if (word.length < 4 || /\d/.test(word)) return [];
    const max = word.length >= 8 ? 2 : 1;
    const c0 = word.charCodeAt(0);
    const c1 = word.charCodeAt(1);
    let best = max + 1;
    let found: string[] = [];
    for (let len = word.length - max; len <= Math.min(longest, word.length + max); len++) {
      for (let i = starts[len]!; i < starts[len + 1]!; i++) {
        // Typos rarely touch the first letter; checking it keeps lookups cheap on big vocabularies.
        if (heads[2 * i] !== c0 && heads[2 * i + 1] !== c1) continue;
        const w = terms.get(order[i]!);
        const d = distance(word, w, best);
        if (d < best) {
          best = d;
          found = [w];
        } else if (d === best) found.push(w);
      }
    }
    return best <= max ? found.slice(0, 3) : [];
  };
}

/** Damerau (optimal string alignment) distance with an early exit once it exceeds `limit`. */
export function distance(a: string, b: string, limit = Infinity): number {
  const m = a.length;
  const n = b.length;
  // Three rows of scratch space, reused by every call (a call runs to completion).
  if (rows.length < 3 * (n + 1)) rows = new Int32Array(6 * (n + 1));
  let prev2 = 0;
  let prev = n + 1;
  let cur = 2 * (n + 1);
  for (let j = 0; j <= n; j++) {
    rows[prev2 + j] = 0;
    rows[prev + j] = j;
    rows[cur + j] = 0;
  }
  for (let i = 1; i <= m; i++) {
    rows[cur] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(rows[prev + j]! + 1, rows[cur + j - 1]! + 1, rows[prev + j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, rows[prev2 + j - 2]! + 1);
      rows[cur + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return rowMin;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return rows[prev + n]!;
}
let rows = new Int32Array(96);
