import type { Hit, QueryTerm } from '../../src/index/bm25.js';

/**
 * The test oracle: Okapi BM25 scoring every posting of every query term, then ranking every
 * touched document (score descending, document ascending). This is the engine's retrieval as
 * it was before top-k pruning, kept verbatim apart from ignoring weights ≤ 0 (which the engine
 * never produces), so the pruned search can be checked against it.
 */
export function referenceBm25(docs: readonly (readonly string[])[], { k1 = 1.2, b = 0.75 } = {}) {
  const lengths = new Float32Array(docs.length);
  const postings = new Map<string, { docs: Int32Array; tfs: Float32Array }>();
  const raw = new Map<string, number[]>();
  docs.forEach((terms, d) => {
    lengths[d] = terms.length;
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let list = raw.get(t);
      if (!list) raw.set(t, (list = []));
      list.push(d, n);
    }
  });
  for (const [t, list] of raw) {
    const n = list.length / 2;
    const p = { docs: new Int32Array(n), tfs: new Float32Array(n) };
    for (let i = 0; i < n; i++) {
      p.docs[i] = list[2 * i]!;
      p.tfs[i] = list[2 * i + 1]!;
    }
    postings.set(t, p);
  }
  const avgdl = docs.length ? lengths.reduce((a, x) => a + x, 0) / docs.length : 1;
  const n = docs.length;
  const idf = (term: string) => {
    const df = postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  const scores = new Float64Array(n);
  const seen = new Uint8Array(n);
  return {
    idf,
    search(query: readonly QueryTerm[], k: number): Hit[] {
      const touched: number[] = [];
      for (const { term, weight } of query) {
        const p = postings.get(term);
        if (!p || !(weight > 0)) continue;
        const w = weight * idf(term);
        for (let i = 0; i < p.docs.length; i++) {
          const d = p.docs[i]!;
          const tf = p.tfs[i]!;
          if (!seen[d]) {
            seen[d] = 1;
            touched.push(d);
          }
          scores[d]! += (w * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[d]!) / avgdl));
        }
      }
      // Every touched document is ranked by (score descending, document ascending); keeping the
      // best k by insertion is the same as sorting them all and slicing, only quicker.
      const best: Hit[] = [];
      const before = (x: Hit, y: Hit) => x.score > y.score || (x.score === y.score && x.doc < y.doc);
      for (const doc of touched) {
        const hit = { doc, score: scores[doc]! };
        scores[doc] = 0;
        seen[doc] = 0;
        if (best.length === k && !before(hit, best[k - 1]!)) continue;
        let at = best.length === k ? k - 1 : best.length;
        while (at > 0 && before(hit, best[at - 1]!)) {
          best[at] = best[at - 1]!;
          at--;
        }
        best[at] = hit;
      }
      return best;
    },
  };
}
