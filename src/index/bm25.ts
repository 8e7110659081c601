import { buildStringTable, StringTable } from './strings.js';

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
  /**
   * The k best documents, best first; equal scores in document order. Terms with a weight of
   * zero or less are ignored. Exactly the ranking of scoring every posting, but MaxScore skips
   * the documents that can no longer reach the top k.
   */
  search(query: readonly QueryTerm[], k: number, trace?: SearchTrace): Hit[];
}

/** Work done by one search, for tests and benchmarks: MaxScore should score far fewer postings than the lists hold. */
export interface SearchTrace {
  /** Postings in the lists of the query's terms. */
  postings: number;
  /** Postings whose contribution was computed. */
  scored: number;
}

export interface Bm25Params {
  /** Term-frequency saturation: how quickly repeating a word stops adding to the score. */
  k1: number;
  /** Length normalisation: 0 ignores passage length, 1 divides fully by it. */
  b: number;
}

export const DEFAULT_BM25_PARAMS: Readonly<Bm25Params> = { k1: 1.2, b: 0.75 };

/**
 * The postings of every term, term by term, as plain typed arrays. Plain rather than
 * delta/varint: at 166k Wikipedia passages the postings are a minority of the snapshot
 * (the passage texts dominate), and plain arrays let MaxScore skip ahead by binary search.
 */
export interface Bm25Arrays {
  /** Term t's postings are offsets[t]..offsets[t+1]; length terms + 1. */
  offsets: Uint32Array;
  /** Document ids, ascending within each term. */
  docs: Uint32Array;
  /** Term frequency of each posting, capped at TF_CAP. */
  tfs: Uint16Array;
  /** Terms per document. */
  lengths: Float32Array;
  /** Per term, the largest tf part of its BM25 contribution (weight × idf aside), rounded up. */
  bounds: Float32Array;
}

/** A term repeated more often in one passage adds nothing measurable under BM25's saturation. */
export const TF_CAP = 0xffff;

/** Collects postings passage by passage (terms as dense ids), then lays them out as Bm25Arrays. */
export class Bm25Builder {
  private termOf = new Uint32Array(1 << 16);
  private docOf = new Uint32Array(1 << 16);
  private tfOf = new Uint16Array(1 << 16);
  private n = 0;
  private readonly lengths: number[] = [];
  // Per-document term counts in a dense array indexed by term id, cleared after each document.
  private counts = new Uint32Array(1 << 12);
  private readonly touched: number[] = [];

  /** Adds the next document, given the ids of its terms in order. */
  add(termIds: ArrayLike<number>): void {
    const doc = this.lengths.length;
    this.lengths.push(termIds.length);
    const touched = this.touched;
    for (let i = 0; i < termIds.length; i++) {
      const t = termIds[i]!;
      if (t >= this.counts.length) this.counts = widen(this.counts, Math.max(t + 1, this.counts.length * 2), (n) => new Uint32Array(n));
      if (this.counts[t]!++ === 0) touched.push(t);
    }
    for (const term of touched) {
      if (this.n === this.termOf.length) this.grow();
      this.termOf[this.n] = term;
      this.docOf[this.n] = doc;
      this.tfOf[this.n] = Math.min(this.counts[term]!, TF_CAP);
      this.counts[term] = 0;
      this.n++;
    }
    touched.length = 0;
  }

  build(terms: number, params: Bm25Params = DEFAULT_BM25_PARAMS): Bm25Arrays {
    const n = this.n;
    const offsets = new Uint32Array(terms + 1);
    for (let i = 0; i < n; i++) offsets[this.termOf[i]! + 1]!++;
    for (let t = 0; t < terms; t++) offsets[t + 1]! += offsets[t]!;
    const docs = new Uint32Array(n);
    const tfs = new Uint16Array(n);
    const next = offsets.slice(0, terms);
    // Documents were added in order, so a stable counting sort keeps each list ascending.
    for (let i = 0; i < n; i++) {
      const at = next[this.termOf[i]!]!++;
      docs[at] = this.docOf[i]!;
      tfs[at] = this.tfOf[i]!;
    }
    const lengths = Float32Array.from(this.lengths);
    const norms = normsOf(lengths, params);
    const bounds = new Float32Array(terms);
    const k1p1 = params.k1 + 1;
    for (let t = 0; t < terms; t++) {
      let max = 0;
      for (let i = offsets[t]!; i < offsets[t + 1]!; i++) {
        const tf = tfs[i]!;
        const part = (tf * k1p1) / (tf + norms[docs[i]!]!);
        if (part > max) max = part;
      }
      bounds[t] = roundUp(max);
    }
    return { offsets, docs, tfs, lengths, bounds };
  }

  private grow(): void {
    const size = this.termOf.length * 2;
    this.termOf = widen(this.termOf, size, (n) => new Uint32Array(n));
    this.docOf = widen(this.docOf, size, (n) => new Uint32Array(n));
    this.tfOf = widen(this.tfOf, size, (n) => new Uint16Array(n));
  }
}

function widen<T extends Uint32Array | Uint16Array>(a: T, size: number, make: (n: number) => T): T {
  const b = make(size);
  b.set(a);
  return b;
}

/** The smallest float32 not below x, so a stored bound never undercuts the float64 it bounds. */
function roundUp(x: number): number {
  const f = Math.fround(x);
  if (f >= x) return f;
  const probe = new Float32Array([f]);
  new Uint32Array(probe.buffer)[0]! += 1;
  return probe[0]!;
}

/** k1 × (1 − b + b × length / average length), per document: the length part of BM25's denominator. */
function normsOf(lengths: Float32Array, { k1, b }: Bm25Params): Float64Array {
  const n = lengths.length;
  let total = 0;
  for (let d = 0; d < n; d++) total += lengths[d]!;
  const avgdl = n ? total / n : 1;
  const norms = new Float64Array(n);
  for (let d = 0; d < n; d++) norms[d] = k1 * (1 - b + (b * lengths[d]!) / avgdl);
  return norms;
}

/**
 * Bounds are compared with this much slack, so that float rounding in a sum taken in another
 * order can never prune a document that belongs in the top k (it only costs a little skipping).
 */
const BOUND_SLACK = 1e-9;

/** Documents scored together in one pass of the essential lists: 4,096 keeps the window's scratch arrays in cache. */
const WINDOW = 4096;

export function openBm25(arrays: Bm25Arrays, terms: StringTable, params: Bm25Params = DEFAULT_BM25_PARAMS): Bm25Index {
  const { offsets, docs, tfs, bounds } = arrays;
  const n = arrays.lengths.length;
  const norms = normsOf(arrays.lengths, params);
  const k1p1 = params.k1 + 1;
  const dfOf = (t: number) => (t < 0 ? 0 : offsets[t + 1]! - offsets[t]!);
  // Scratch space for one window, reused by every search (a search runs to completion, so one set suffices).
  const partial = new Float64Array(WINDOW);
  const seen = new Uint8Array(WINDOW);
  let parts = new Float64Array(WINDOW * 8);
  const idfOf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

  /** First position in docs[from..end) holding a document ≥ target: galloping, then binary search. */
  function seek(from: number, end: number, target: number): number {
    if (from >= end || docs[from]! >= target) return from;
    let step = 1;
    let lo = from;
    let hi = from + 1;
    while (hi < end && docs[hi]! < target) {
      lo = hi;
      step *= 2;
      hi = Math.min(end, hi + step);
    }
    while (lo + 1 < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid]! < target) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  function search(query: readonly QueryTerm[], k: number, trace?: SearchTrace): Hit[] {
    // One list per query entry, in query order: a document's score is summed in that order,
    // exactly as scoring every posting would, so ties come out the same.
    const lists: Array<{ at: number; end: number; w: number; bound: number }> = [];
    for (const { term, weight } of query) {
      const t = terms.id(term);
      if (t < 0 || !(weight > 0) || offsets[t] === offsets[t + 1]) continue;
      const w = weight * idfOf(dfOf(t));
      lists.push({ at: offsets[t]!, end: offsets[t + 1]!, w, bound: w * bounds[t]! });
    }
    const m = lists.length;
    if (trace) for (const l of lists) trace.postings += l.end - l.at;
    if (m === 0 || k <= 0) return [];
    let scored = 0;
    // MaxScore: lists by ascending bound; the first `split` of them are non-essential, meaning
    // together they cannot lift a document above the k-th best score, so only documents in
    // the other (essential) lists are candidates, and the rest are looked up by seeking.
    const order = lists.map((_, i) => i).sort((a, b) => lists[a]!.bound - lists[b]!.bound);
    const prefix = new Float64Array(m);
    let sum = 0;
    for (let j = 0; j < m; j++) prefix[j] = sum += lists[order[j]!]!.bound;
    if (parts.length < WINDOW * m) parts = new Float64Array(WINDOW * m);
    const heap = new TopK(k);
    let threshold = -Infinity;
    let split = 0;
    const below = (x: number) => x <= threshold - BOUND_SLACK * Math.abs(threshold);
    // Documents go by windows of WINDOW ids: the essential lists' postings in a window are
    // added up in one tight pass, then the window's candidates are checked in document order.
    for (let lo = 0; lo < n && split < m; lo += WINDOW) {
      const hi = lo + WINDOW;
      let found = false;
      for (let j = split; j < m; j++) {
        const i = order[j]!;
        const l = lists[i]!;
        let at = l.at;
        while (at < l.end) {
          const doc = docs[at]!;
          if (doc >= hi) break;
          const tf = tfs[at]!;
          const x = doc - lo;
          const c = (l.w * tf * k1p1) / (tf + norms[doc]!);
          partial[x]! += c;
          parts[x * m + i] = c;
          seen[x] = 1;
          at++;
        }
        scored += at - l.at;
        found ||= at > l.at;
        l.at = at;
      }
      if (!found) continue;
      const rest = split > 0 ? prefix[split - 1]! : 0;
      for (let x = 0, top = Math.min(WINDOW, n - lo); x < top; x++) {
        if (!seen[x]) continue;
        const doc = lo + x;
        let bound = partial[x]!;
        let pruned = below(bound + rest);
        for (let j = split - 1; j >= 0 && !pruned; j--) {
          if (below(bound + prefix[j]!)) pruned = true;
          else {
            const i = order[j]!;
            const l = lists[i]!;
            l.at = seek(l.at, l.end, doc);
            if (l.at < l.end && docs[l.at] === doc) {
              const tf = tfs[l.at]!;
              const c = (l.w * tf * k1p1) / (tf + norms[doc]!);
              parts[x * m + i] = c;
              bound += c;
              scored++;
            }
          }
        }
        if (!pruned) {
          // The score proper is summed in query order, as scoring every posting would.
          let score = 0;
          for (let i = 0; i < m; i++) score += parts[x * m + i]!;
          // Documents arrive in ascending order, so an equal score never displaces an earlier one.
          if (heap.size < k || score > heap.minScore()) {
            heap.push(doc, score);
            if (heap.size === k) threshold = heap.minScore();
          }
        }
        parts.fill(0, x * m, x * m + m);
        partial[x] = 0;
        seen[x] = 0;
      }
      if (heap.size === k) while (split < m && below(prefix[split]!)) split++;
    }
    if (trace) trace.scored += scored;
    return heap.sorted();
  }

  return {
    size: n,
    df: (term) => dfOf(terms.id(term)),
    idf: (term) => idfOf(dfOf(terms.id(term))),
    search,
  };
}

/** A bounded min-heap on (score, then later document first): its root is the weakest kept hit. */
class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  get size(): number {
    return this.docs.length;
  }

  minScore(): number {
    return this.scores[0]!;
  }

  push(doc: number, score: number): void {
    if (this.docs.length < this.k) {
      this.docs.push(doc);
      this.scores.push(score);
      this.up(this.docs.length - 1);
    } else {
      this.docs[0] = doc;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): Hit[] {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i]! })).sort((x, y) => y.score - x.score || x.doc - y.doc);
  }

  /** a is weaker than b: lower score, or the same score and a later document. */
  private weaker(a: number, b: number): boolean {
    const sa = this.scores[a]!;
    const sb = this.scores[b]!;
    return sa < sb || (sa === sb && this.docs[a]! > this.docs[b]!);
  }

  private swap(a: number, b: number): void {
    [this.docs[a], this.docs[b]] = [this.docs[b]!, this.docs[a]!];
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.weaker(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.docs.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < n && this.weaker(l, w)) w = l;
      if (r < n && this.weaker(r, w)) w = r;
      if (w === i) return;
      this.swap(i, w);
      i = w;
    }
  }
}

/** An index over documents given as lists of terms (tests and tools; the engine builds through corpus-index.ts). */
export function buildBm25(docs: readonly (readonly string[])[], params: Bm25Params = DEFAULT_BM25_PARAMS): Bm25Index {
  const ids = new Map<string, number>();
  const builder = new Bm25Builder();
  for (const terms of docs) {
    builder.add(
      terms.map((t) => {
        let id = ids.get(t);
        if (id === undefined) ids.set(t, (id = ids.size));
        return id;
      }),
    );
  }
  return openBm25(builder.build(ids.size, params), new StringTable(buildStringTable([...ids.keys()])), params);
}
