/** A term of a query, weighted so that synonyms and spelling fixes count for less than the word asked. */
export interface QueryTerm {
  term: string;
  weight: number;
}

export interface Hit {
  doc: number;
  score: number;
}

export interface Bm25Index {
  readonly size: number;
  df(term: string): number;
  /** BM25 idf, always positive (the +1 variant), so very common terms still add a little. */
  idf(term: string): number;
  vocabulary(): IterableIterator<string>;
  search(query: readonly QueryTerm[], k: number): Hit[];
}

export interface Bm25Options {
  k1?: number;
  b?: number;
}

interface Posting {
  docs: Int32Array;
  tfs: Float32Array;
}

/** Builds an Okapi BM25 index over documents that are already lists of normalised terms. */
export function buildBm25(docs: readonly (readonly string[])[], { k1 = 1.2, b = 0.75 }: Bm25Options = {}): Bm25Index {
  const lengths = new Float32Array(docs.length);
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
  const postings = new Map<string, Posting>();
  for (const [t, list] of raw) {
    const n = list.length / 2;
    const p: Posting = { docs: new Int32Array(n), tfs: new Float32Array(n) };
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

  return {
    size: n,
    df: (term) => postings.get(term)?.docs.length ?? 0,
    idf,
    vocabulary: () => postings.keys(),
    search(query, k) {
      const touched: number[] = [];
      for (const { term, weight } of query) {
        const p = postings.get(term);
        if (!p) continue;
        const w = weight * idf(term);
        for (let i = 0; i < p.docs.length; i++) {
          const d = p.docs[i]!;
          const tf = p.tfs[i]!;
          if (scores[d] === 0) touched.push(d);
          scores[d]! += (w * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[d]!) / avgdl));
        }
      }
      const hits = touched.map((doc) => ({ doc, score: scores[doc]! }));
      for (const d of touched) scores[d] = 0;
      hits.sort((x, y) => y.score - x.score || x.doc - y.doc);
      return hits.slice(0, k);
    },
  };
}
