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
   * zero or less are ignored. Exactly the ranking (and the scores, to the last bit) of scoring
   * every posting term after term; the postings of very common terms are only looked up for
   * the documents the other terms make contenders.
   */
  search(query: readonly QueryTerm[], k: number, trace?: SearchTrace): Hit[];
}

/** Work done by one search, for tests and benchmarks: a query with a very common term should score fewer postings than the lists hold. */
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
 * (the passage texts dominate), and plain arrays let a posting be found by binary search.
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
 * Bounds are compared with this much slack, so that float rounding in a sum taken over part of
 * the terms can never prune a document that belongs in the top k (it only costs a little skipping).
 */
const BOUND_SLACK = 1e-9;

/**
 * A term in more passages than this (and than an eighth of them) is not accumulated posting by
 * posting unless it has to be: its weight is small (BM25's idf), and its postings are looked up
 * only for the passages that the other terms make contenders. Every other list is summed whole,
 * term after term into one array of sums: on real questions (a dozen or more weighted words and
 * variants) that costs half of what MaxScore's skipping did, which scored most postings anyway
 * and paid a seek for each of its candidates.
 */
const LONG_LIST = 4096;

export function openBm25(arrays: Bm25Arrays, terms: StringTable, params: Bm25Params = DEFAULT_BM25_PARAMS): Bm25Index {
  const { offsets, docs, tfs, bounds } = arrays;
  const n = arrays.lengths.length;
  const norms = normsOf(arrays.lengths, params);
  const k1p1 = params.k1 + 1;
  const dfOf = (t: number) => (t < 0 ? 0 : offsets[t + 1]! - offsets[t]!);
  const idfOf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const longList = Math.max(LONG_LIST, n >>> 3);
  // Scratch space reused by every search (a search runs to completion, so one set suffices):
  // per document its sum so far (0: not met yet; every contribution is positive), and the documents met.
  let acc: Float64Array | undefined;
  let met: Uint32Array = new Uint32Array(1024);

  /** First position in docs[from..end) holding a document ≥ target, by binary search. */
  function seek(from: number, end: number, target: number): number {
    let lo = from;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  interface List {
    at: number;
    end: number;
    w: number;
    long: boolean;
  }

  function search(query: readonly QueryTerm[], k: number, trace?: SearchTrace): Hit[] {
    // One list per query entry, in query order: a document's score is summed in that order,
    // as scoring every posting one term after another does, so scores and ties come out the same.
    const lists: List[] = [];
    let longBound = 0;
    for (const { term, weight } of query) {
      const t = terms.id(term);
      if (t < 0 || !(weight > 0) || offsets[t] === offsets[t + 1]) continue;
      const w = weight * idfOf(dfOf(t));
      const long = dfOf(t) > longList;
      lists.push({ at: offsets[t]!, end: offsets[t + 1]!, w, long });
      if (long) longBound += w * bounds[t]!;
    }
    const m = lists.length;
    if (trace) for (const l of lists) trace.postings += l.end - l.at;
    if (m === 0 || k <= 0) return [];
    const sums = (acc ??= new Float64Array(n));
    let scored = 0;
    const heap = new TopK(k);
    let count: number;
    if (longBound === 0) {
      // Every list accumulated: the sums are the scores.
      count = accumulate(lists, sums, true, 0);
      for (let i = 0; i < count; i++) {
        const doc = met[i]!;
        heap.offer(doc, sums[doc]!);
        sums[doc] = 0;
      }
      scored = postingsOf(lists, true);
    } else {
      // The short lists first. A document's sum of them is at most its score, so the k-th best sum
      // bounds the k-th best score from below; a document whose sum plus every long list's bound
      // stays under it cannot be in the top k, nor can one that only the long lists hold.
      count = accumulate(lists, sums, false, 0);
      scored = postingsOf(lists, false);
      const floor = new TopK(k);
      for (let i = 0; i < count; i++) floor.offer(met[i]!, sums[met[i]!]!);
      const threshold = floor.size === k ? floor.minScore() : -Infinity;
      const below = (x: number) => x <= threshold - BOUND_SLACK * Math.abs(threshold);
      if (!below(longBound)) {
        // The long lists could lift a document they alone hold into the top k: every list is summed.
        for (let i = 0; i < count; i++) sums[met[i]!] = 0;
        count = accumulate(lists, sums, true, 0);
        scored += postingsOf(lists, true);
        for (let i = 0; i < count; i++) {
          const doc = met[i]!;
          heap.offer(doc, sums[doc]!);
          sums[doc] = 0;
        }
      } else {
        for (let i = 0; i < count; i++) {
          const doc = met[i]!;
          const sum = sums[doc]!;
          sums[doc] = 0;
          if (below(sum + longBound)) continue;
          // A contender: its score proper, summed in query order, each posting found by binary search.
          let score = 0;
          for (const l of lists) {
            const p = seek(l.at, l.end, doc);
            if (p < l.end && docs[p] === doc) {
              const tf = tfs[p]!;
              score += (l.w * tf * k1p1) / (tf + norms[doc]!);
            }
          }
          scored += m;
          heap.offer(doc, score);
        }
      }
    }
    if (trace) trace.scored += scored;
    return heap.sorted();
  }

  /**
   * Adds the lists' contributions to `sums`, list after list in query order (with `all`, the
   * long lists too), and records in `met` each document met for the first time; returns how many there are.
   */
  function accumulate(lists: readonly List[], sums: Float64Array, all: boolean, count: number): number {
    for (let j = 0; j < lists.length; j++) {
      const l = lists[j]!;
      if (l.long && !all) continue;
      const w = l.w;
      const end = l.end;
      for (let p = l.at; p < end; p++) {
        const doc = docs[p]!;
        const tf = tfs[p]!;
        const sum = sums[doc]!;
        if (sum === 0) {
          if (count === met.length) met = grow(met);
          met[count++] = doc;
        }
        sums[doc] = sum + (w * tf * k1p1) / (tf + norms[doc]!);
      }
    }
    return count;
  }

  const postingsOf = (lists: readonly List[], all: boolean) => lists.reduce((s, l) => s + (all || !l.long ? l.end - l.at : 0), 0);

  return {
    size: n,
    df: (term) => dfOf(terms.id(term)),
    idf: (term) => idfOf(dfOf(terms.id(term))),
    search,
  };
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
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

  /** Keeps (doc, score) if it is among the k best so far: a higher score, or the same score and an earlier document. */
  offer(doc: number, score: number): void {
    if (this.docs.length === this.k) {
      const s = this.scores[0]!;
      if (score < s || (score === s && doc > this.docs[0]!)) return;
    }
    this.push(doc, score);
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
  private below(a: number, b: number): boolean {
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
      if (!this.below(i, p)) break;
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
      if (l < n && this.below(l, w)) w = l;
      if (r < n && this.below(r, w)) w = r;
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
