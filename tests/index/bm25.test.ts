import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildBm25, type Hit, type QueryTerm, type SearchTrace } from '../../src/index/bm25.js';
import { buildCorpusIndex } from '../../src/index/corpus-index.js';
import { corpusFromDocuments } from '../../src/corpus/load.js';
import { analyseQuestion } from '../../src/answer/question.js';
import { tokenizeTerms } from '../../src/nlp/terms.js';
import { referenceBm25 } from './reference-bm25.js';
import { seeded } from '../../test-support/seeded.js';


/** Word ranks drawn from Zipf's law (frequency ∝ 1 / rank^s), as natural text's are. */
function zipf(size: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) cdf[r] = total += 1 / (r + 1) ** s;
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function expectSameRanking(got: Hit[], want: Hit[], label: string): void {
  expect(got.map((h) => h.doc), label).toEqual(want.map((h) => h.doc));
  got.forEach((h, i) => expect(Math.abs(h.score - want[i]!.score), label).toBeLessThanOrEqual(1e-9 * want[i]!.score));
}

describe('top-k BM25 (MaxScore) against scoring every posting', () => {
  // 30k documents of 3–150 words over a 30k-word Zipfian vocabulary; every 40th document
  // repeats an earlier one so that equal scores (broken by document order) are common.
  const random = seeded(8);
  const word = zipf(30_000, 1.07, random);
  const docs: string[][] = [];
  for (let d = 0; d < 30_000; d++) {
    if (d % 40 === 39) docs.push(docs[Math.floor(random() * d)]!);
    else docs.push(Array.from({ length: 3 + Math.floor(random() * random() * 148) }, () => `w${word()}`));
  }
  const oracle = referenceBm25(docs);
  const index = buildBm25(docs);
  const WEIGHTS = [1.6, 1.4, 1.1, 0.99, 0.9, 0.85, 0.54];
  const queries: QueryTerm[][] = Array.from({ length: 1000 }, () =>
    Array.from({ length: 1 + Math.floor(random() * 8) }, () => ({
      // Half the words as common as text makes them, half anywhere in the vocabulary, as a question's are.
      term: `w${random() < 0.5 ? word() : Math.floor(random() * 30_000)}`,
      weight: WEIGHTS[Math.floor(random() * WEIGHTS.length)]!,
    })),
  );

  it('gives the same top 10 (documents, order, scores) for 1,000 weighted queries', () => {
    const trace: SearchTrace = { postings: 0, scored: 0 };
    for (const [i, q] of queries.entries()) expectSameRanking(index.search(q, 10, trace), oracle.search(q, 10), `query ${i}`);
    // The point of MaxScore: most postings of common words are never scored.
    expect(trace.scored).toBeLessThan(0.5 * trace.postings);
  }, 120_000);

  it('agrees for other k, including 1 and more hits than match', () => {
    for (const k of [1, 3, 8, 50]) for (const q of queries.slice(0, 200)) expectSameRanking(index.search(q, k), oracle.search(q, k), `k=${k}`);
    const rare = [{ term: `w29999`, weight: 1 }];
    expectSameRanking(index.search(rare, 1000), oracle.search(rare, 1000), 'rare');
  }, 120_000);

  it('breaks ties by document order', () => {
    const same = buildBm25([['a', 'b'], ['c'], ['a', 'b'], ['a', 'b'], ['b', 'a']]);
    expect(same.search([{ term: 'a', weight: 1 }], 3).map((h) => h.doc)).toEqual([0, 2, 3]);
  });

  it('ignores unknown terms, repeated terms count twice, no terms find nothing', () => {
    const q = [
      { term: 'w0', weight: 1 },
      { term: 'nope', weight: 1 },
      { term: 'w0', weight: 0.5 },
    ];
    expectSameRanking(index.search(q, 10), oracle.search(q, 10), 'repeated');
    expect(index.search([{ term: 'nope', weight: 1 }], 10)).toEqual([]);
    expect(index.search([], 10)).toEqual([]);
  });
});

describe('top-k BM25 on real questions over real paragraphs (SQuAD 2.0 dev sample)', () => {
  const dir = new URL('../fixtures/squad-sample/', import.meta.url);
  const articles = gunzipSync(readFileSync(new URL('articles.jsonl.gz', dir)))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { title: string; paragraphs: string[] });
  const corpus = corpusFromDocuments(articles.map((a, i) => ({ id: `a${i}`, title: a.title, paragraphs: a.paragraphs })));
  const questions = readFileSync(new URL('questions.txt', dir), 'utf8').trim().split('\n');
  const built = buildCorpusIndex(corpus.passages);
  const oracle = referenceBm25(corpus.passages.map((p) => tokenizeTerms(p.text).map((t) => t.term)));

  it('gives the same top 10 for 1,000 questions, as the engine weighs their terms', () => {
    expect(questions).toHaveLength(1000);
    const vocabulary = { has: (t: string) => built.bm25.df(t) > 0, nearest: built.nearest };
    let nonEmpty = 0;
    for (const question of questions) {
      const { query } = analyseQuestion(question, vocabulary);
      const want = oracle.search(query, 10);
      if (want.length) nonEmpty++;
      expectSameRanking(built.bm25.search(query, 10), want, question);
      // Unweighted, stop words included, as engine.search() is used for related reading.
      const plain = tokenizeTerms(question).map((t) => ({ term: t.term, weight: 1 }));
      expectSameRanking(built.bm25.search(plain, 10), oracle.search(plain, 10), `plain: ${question}`);
    }
    expect(nonEmpty).toBeGreaterThan(990);
  }, 120_000);

  it('computes the same idf as the oracle', () => {
    for (const t of ['the', 'normandi', 'zzz']) expect(built.bm25.idf(t)).toBe(oracle.idf(t));
  });
});
