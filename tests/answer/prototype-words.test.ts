import { describe, expect, it } from 'vitest';
import { corpusFromDocuments, loadCorpus, type DocumentInput } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';
import { QUESTION_TYPES, type Answer } from '../../src/answer/types.js';
import * as lexicon from '../../src/nlp/lexicon.js';
import { STOPWORDS, termOf } from '../../src/nlp/terms.js';
import { seeded } from '../../test-support/seeded.js';
import { ask } from '../../test-support/fake-engine.js';

// Property test: questions made of Object.prototype's member names and of every word table the
// engine consults never crash it. A plain-object table answers `table['constructor']` with the
// Object function, which once reached `headTerm.startsWith` and threw.

const PROTOTYPE_NAMES = [
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
  'length',
  'name',
  'then',
];

const tableWords = (): string[] => {
  const words = new Set<string>(STOPWORDS);
  for (const value of Object.values(lexicon)) {
    if (value instanceof Set) for (const w of value) words.add(String(w));
    else if (value instanceof Map) for (const [k, v] of value) for (const phrase of [k, v]) for (const w of String(phrase).split(' ')) words.add(w);
  }
  return [...words];
};


const shipped = await loadCorpus('corpus');
// The crash needs the word on both sides (the question's head term and a passage's), so the shipped
// corpus gets one more document that uses the prototype names as ordinary words.
const withPrototypeWords = corpusFromDocuments([
  ...shipped.documents.map((d): DocumentInput => ({ ...d, paragraphs: d.passages.map((p) => ({ ...p })) })),
  {
    id: 'prototype-words',
    title: 'Constructor toString',
    paragraphs: [
      'Ettore Bugatti was a constructor of successful motorised cars. The constructor designed engines in Molsheim in 1909.',
      ...PROTOTYPE_NAMES.map((w, i) => `The ${w} of the Valueof Company was ${w} Hasownproperty, who paid $${i + 1} million in March ${1990 + i}.`),
    ],
  },
]);

function expectWellFormed(a: Answer, asked: string): void {
  expect(typeof a.question).toBe('string');
  expect(QUESTION_TYPES).toContain(a.type);
  expect(a.answer === null || typeof a.answer === 'string').toBe(true);
  expect(Number.isFinite(a.confidence) && a.confidence >= 0 && a.confidence <= 1).toBe(true);
  expect(Number.isFinite(a.ms)).toBe(true);
  expect(Array.isArray(a.citations)).toBe(true);
  for (const c of a.citations) {
    for (const field of ['id', 'doc', 'title', 'text'] as const) expect(typeof c[field]).toBe('string');
    expect(Number.isInteger(c.passage)).toBe(true);
    if (c.highlight !== null) {
      const [start, end] = c.highlight;
      expect(0 <= start && start < end && end <= c.text.length).toBe(true);
    }
  }
  if (a.answer !== null) expect(a.citations[0]?.highlight, asked).not.toBeNull();
  for (const field of ['reason', 'error'] as const) expect(a[field] === undefined || typeof a[field] === 'string').toBe(true);
  // Nothing but data: a function or prototype object leaking into the answer would not survive this.
  expect(JSON.parse(JSON.stringify(a))).toEqual(a);
}

describe('word tables and Object.prototype names', () => {
  it('no table look-up returns an inherited member', () => {
    for (const name of PROTOTYPE_NAMES) expect(typeof termOf(name)).toBe('string');
    for (const name of PROTOTYPE_NAMES) expect(typeof termOf(name.toLowerCase())).toBe('string');
    // Every exported table is a Set or a Map: a plain object here is what let "constructor" through.
    for (const [name, value] of Object.entries(lexicon)) {
      expect(value instanceof Set || value instanceof Map || typeof value === 'function', name).toBe(true);
    }
    for (const name of PROTOTYPE_NAMES) expect(Array.isArray(lexicon.synonymsOf(name))).toBe(true);
  });

  it('the reported question is answered, not thrown', () => {
    const engine = createEngine(withPrototypeWords);
    expectWellFormed(ask(engine, 'What Ettore Bugatti designed successful motorised?'), 'bugatti');
    expectWellFormed(ask(engine, 'Who was the constructor of the Valueof Company?'), 'constructor');
  });

  it.each([
    ['the shipped corpus', shipped],
    ['the shipped corpus plus a document made of prototype names', withPrototypeWords],
  ])('hundreds of generated questions on %s: none throws, every answer is well formed', (_name, corpus) => {
    const engine = createEngine(corpus);
    const random = seeded(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const words = tableWords();
    const wh = ['who', 'what', 'when', 'where', 'which', 'how much', 'how many', 'what year', 'which constructor', 'who is', ''];
    const casing = [(w: string) => w, (w: string) => w.toLowerCase(), (w: string) => w.toUpperCase(), (w: string) => w[0]!.toUpperCase() + w.slice(1)];
    for (let n = 0; n < 300; n++) {
      const parts: string[] = [pick(wh)];
      const length = 1 + Math.floor(random() * 6);
      for (let i = 0; i < length; i++) parts.push(pick(casing)(random() < 0.45 ? pick(PROTOTYPE_NAMES) : pick(words)));
      const question = parts.join(' ').trim() + pick(['?', '', ' ?', "'s?"]);
      const type = random() < 0.3 ? pick(QUESTION_TYPES) : undefined;
      let answer: Answer;
      try {
        answer = ask(engine, question, type);
      } catch (err) {
        throw new Error(`ask(${JSON.stringify(question)}, ${type}) threw: ${String(err)}`);
      }
      expectWellFormed(answer, question);
    }
  });
});
