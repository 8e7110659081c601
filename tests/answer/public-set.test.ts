import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';
import { ask } from '../../test-support/fake-engine.js';
import { answerRight, citeRight, normalize } from '../fixtures/answer-match.mjs';

// A regression floor on the public question set (a copy of the shared eval set), judged by the
// scorer's own rules (tests/fixtures/answer-match.mjs): the normalised answer contains a gold
// alternative and is at most ten words longer; the first citation contains the gold excerpt;
// "none" questions must abstain.
interface Gold { id: string; type: string; q: string; answers: Array<string | string[]>; passage: string | null }
const questions: Gold[] = readFileSync(new URL('../fixtures/questions.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Gold);

const corpus = await loadCorpus(new URL('../../corpus', import.meta.url).pathname);

describe('the answer judge', () => {
  it('reads "constructor" and other Object property names as words, not as number words', () => {
    for (const word of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) expect(normalize(`the ${word} of it`)).toBe(` ${word.toLowerCase()} of it `);
    expect(normalize('Twelve of the twenty')).toBe(' 12 of 20 ');
    expect(answerRight({ answers: ['constructor'] }, 'the constructor')).toBe(true);
  });
});

describe('public question set (regression floor)', () => {
  const engine = createEngine(corpus);
  const results = questions.map((q) => ({ q, a: ask(engine, q.q) }));
  const answerable = results.filter((r) => r.q.type !== 'none');
  const unanswerable = results.filter((r) => r.q.type === 'none');
  const right = answerable.filter(({ q, a }) => answerRight(q, a.answer));
  const cited = answerable.filter(({ q, a }) => citeRight(q, a.citations[0]?.text));
  const abstained = unanswerable.filter(({ a }) => a.answer === null);

  // The floors sit a few questions below what the trained reader scores (answers 0.78, cites
  // 0.97, abstains 0.75 in the README's table), so a change that costs several questions fails
  // here. They were 0.85 and 0.9 for the hand-set ranker, which was tuned on these questions.
  it('answers at least 55% of answerable questions', () => {
    expect(right.length / answerable.length).toBeGreaterThanOrEqual(0.7);
  });
  it('cites the right passage first for at least 80%', () => {
    expect(cited.length / answerable.length).toBeGreaterThanOrEqual(0.9);
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
  it('answers every question the same after the warm-up of a bot worker or the REPL', () => {
    const warm = createEngine(corpus);
    while (!warm.warmUp!(performance.now() + 50));
    expect(questions.map((q) => ask(warm, q.q)).map(({ ms: _, ...a }) => a)).toEqual(results.map(({ a: { ms: _, ...a } }) => a));
  });
});
