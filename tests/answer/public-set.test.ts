import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';
import { ask } from '../../test-support/fake-engine.js';

// A regression floor on the public question set (a copy of the shared eval set), scored with the
// same rule as its scorer: the normalised answer contains a gold alternative and is at most ten
// words longer; the first citation contains the gold excerpt; "none" questions must abstain.
interface Gold { id: string; type: string; q: string; answers: Array<string | string[]>; passage: string | null }
const questions: Gold[] = readFileSync(new URL('../fixtures/questions.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Gold);

// A Map, not an object literal: an answer containing "constructor" must not map to Object.
const NUMBER_WORDS = new Map(Object.entries({ one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10', eleven: '11', twelve: '12' }));
const normalize = (text: string) =>
  ` ${text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['‘’]/g, '')
    .replace(/%/g, ' percent ')
    .replace(/\$/g, ' $ ')
    .replace(/\b(\d+)(st|nd|rd|th)\b/g, '$1')
    .replace(/(\d),(\d{3})\b/g, '$1$2')
    .replace(/[^a-z0-9$.]+/g, ' ')
    .replace(/\.(?!\d)|(?<!\d)\./g, ' ')
    .split(/\s+/)
    .filter((w) => w && !['a', 'an', 'the'].includes(w))
    .map((w) => NUMBER_WORDS.get(w) ?? w)
    .join(' ')} `;
const words = (s: string) => normalize(s).trim().split(' ').filter(Boolean).length;

const corpus = await loadCorpus(new URL('../../corpus', import.meta.url).pathname);

describe('public question set (regression floor)', () => {
  const engine = createEngine(corpus);
  const results = questions.map((q) => ({ q, a: ask(engine, q.q) }));
  const answerable = results.filter((r) => r.q.type !== 'none');
  const unanswerable = results.filter((r) => r.q.type === 'none');
  const right = answerable.filter(({ q, a }) =>
    a.answer !== null &&
    q.answers.some((alt) => {
      const parts = Array.isArray(alt) ? alt : [alt];
      return parts.every((p) => normalize(a.answer!).includes(normalize(p))) && words(a.answer!) <= parts.reduce((n, p) => n + words(p), 0) + 10;
    }),
  );
  const cited = answerable.filter(({ q, a }) => a.citations[0] && normalize(a.citations[0].text).includes(normalize(q.passage!)));
  const abstained = unanswerable.filter(({ a }) => a.answer === null);

  // The floors sit a few questions below what the trained reader scores (answers 0.64, cites
  // 0.92, abstains 1.0 in the README's table), so a change that costs several questions fails
  // here. They were 0.85 and 0.9 for the hand-set ranker, which was tuned on these questions.
  it('answers at least 55% of answerable questions', () => {
    expect(right.length / answerable.length).toBeGreaterThanOrEqual(0.55);
  });
  it('cites the right passage first for at least 80%', () => {
    expect(cited.length / answerable.length).toBeGreaterThanOrEqual(0.8);
  });
  it('abstains on at least 75% of unanswerable questions', () => {
    expect(abstained.length / unanswerable.length).toBeGreaterThanOrEqual(0.75);
  });
  it('keeps every answer a verbatim span of its cited passage', () => {
    for (const { a } of results) {
      if (a.answer === null) continue;
      const [s, e] = a.citations[0]!.highlight!;
      expect(a.citations[0]!.text.slice(s, e)).toBe(a.answer);
    }
  });
});
