import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';
import { nameStart, snapToWords } from '../../src/answer/pipeline.js';
import { termOf } from '../../src/nlp/terms.js';
import { ask } from '../../test-support/fake-engine.js';

// Properties every answer keeps, whatever the question: checked over every question the repo
// holds for the shipped corpus and for the blind Wikipedia corpus, answered with no threshold so
// that every would-be answer is seen.
const lines = (file: string) =>
  readFileSync(new URL(file, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);
const sets = [
  { corpus: '../../corpus', questions: [...lines('../fixtures/questions.jsonl'), ...lines('../../training/dev-questions.jsonl'), ...lines('../../training/blind/seed-questions.jsonl')] },
  { corpus: '../../training/blind/wiki', questions: lines('../../training/blind/wiki-questions.jsonl') },
];
const WORD = /[\p{L}\p{N}\p{M}]/u;

describe('answers are whole words, new words, and verbatim', async () => {
  for (const set of sets) {
    const engine = createEngine(await loadCorpus(new URL(set.corpus, import.meta.url).pathname), { threshold: 0 });
    const answers = set.questions.map((q) => ({ q, a: ask(engine, q) })).filter(({ a }) => a.answer !== null);

    it(`${set.corpus}: answered ${answers.length} of ${set.questions.length}`, () => {
      expect(answers.length).toBeGreaterThan(set.questions.length / 2);
    });

    it(`${set.corpus}: every answer is the highlighted span of its first citation`, () => {
      for (const { a } of answers) {
        const cite = a.citations[0]!;
        const [s, e] = cite.highlight!;
        expect(cite.text.slice(s, e)).toBe(a.answer);
        expect(cite.text).toBe(engine.passage(cite.id)!.text);
      }
    });

    it(`${set.corpus}: no answer starts or ends inside a word, bar a lost apostrophe's s`, () => {
      for (const { a } of answers) {
        const { text, highlight } = a.citations[0]!;
        const [s, e] = highlight!;
        expect(s === 0 || !(WORD.test(text[s - 1]!) && WORD.test(text[s]!))).toBe(true);
        // …bar the "s" of a possessive whose apostrophe the text lost: "[Sirajuddin Haqqani]s Kabul faction".
        const possessiveS = /^s(?![\p{L}\p{N}\p{M}])/u.test(text.slice(e));
        expect(e === text.length || possessiveS || !(WORD.test(text[e - 1]!) && WORD.test(text[e]!))).toBe(true);
      }
    });

    it(`${set.corpus}: no answer is made only of the question's words`, () => {
      for (const { q, a } of answers) {
        const asked = new Set((q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(termOf));
        const said = (a.answer!.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(termOf).filter((t) => t.length > 2);
        if (said.length) expect(said.every((t) => asked.has(t)), `${q} → ${a.answer}`).toBe(false);
      }
    });
  }
});

describe('snapToWords and nameStart', () => {
  it('widens a span cut inside a word to the whole word', () => {
    const text = 'He was born in Gospić, Croatia.';
    const at = text.indexOf('Gospi');
    expect(snapToWords(text, at, at + 5)).toEqual([at, at + 'Gospić'.length]);
    expect(snapToWords(text, at + 1, at + 'Gospić'.length)).toEqual([at, at + 'Gospić'.length]);
    expect(snapToWords(text, at, at + 'Gospić'.length)).toEqual([at, at + 'Gospić'.length]);
  });

  it('takes in the first half of a double name, and nothing else before a hyphen', () => {
    const text = 'said Hans-Jakob Schindler of the Berlin- and New York-based group, with anti-Taliban forces and Tehrik-i-Taliban Pakistan';
    const span = (w: string) => {
      const at = text.indexOf(w);
      return text.slice(nameStart(text, at), at + w.length);
    };
    expect(span('Jakob Schindler')).toBe('Hans-Jakob Schindler');
    expect(span('York')).toBe('York');
    expect(span('Berlin')).toBe('Berlin');
    expect(span('Taliban')).toBe('Taliban');
    expect(span('Taliban Pakistan')).toBe('Tehrik-i-Taliban Pakistan');
  });
});

