/**
 * Spelling tolerance against the corpus vocabulary: optimal string alignment distance,
 * bucketed by length so a lookup only compares words that could be close enough.
 */
export function createFuzzy(words: Iterable<string>): (word: string) => string[] {
  const byLength = new Map<number, string[]>();
  for (const w of words) {
    if (w.length < 3 || /\d/.test(w)) continue;
    const list = byLength.get(w.length);
    if (list) list.push(w);
    else byLength.set(w.length, [w]);
  }
  return (word) => {
    if (word.length < 4 || /\d/.test(word)) return [];
    const max = word.length >= 8 ? 2 : 1;
    let best = max + 1;
    let found: string[] = [];
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const w of byLength.get(len) ?? []) {
        // Typos rarely touch the first letter; checking it keeps lookups cheap on big vocabularies.
        if (w[0] !== word[0] && w[1] !== word[1]) continue;
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
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return rowMin;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}
