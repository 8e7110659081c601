import { describe, expect, it } from 'vitest';
import { corpusFromDocuments } from '../../src/corpus/load.js';
import { createEngine, WARM_UP_QUESTIONS } from '../../src/engine.js';
import { TRAINED_WEIGHTS } from '../../src/answer/reader.js';
import { gateQuestion } from '../../src/answer/input.js';
import type { QuestionType } from '../../src/answer/types.js';
import { ask } from '../../test-support/fake-engine.js';

// A small invented corpus, unlike the shipped one, so these tests check mechanisms rather than
// memorised answers.
const corpus = corpusFromDocuments([
  {
    id: 'harbour',
    title: 'The Harbour Report',
    source: 'Coastal Gazette',
    paragraphs: [
      'The new harbour at Port Elm opened on March 3, 2019, after four years of work. It cost $312.5 million, of which the state paid 40 percent.',
      'The project was designed by Marta Lindqvist, the chief engineer of the Baltic Works Authority (BWA). She is also a professor at the Riga Technical Institute.',
      'About 1,200 workers were employed during construction. The harbour now handles tens of thousands of containers a year.',
      'Fishermen from Kesta and Varna protested in early 2018, saying the dredging had ruined their grounds.',
      'The harbour was renamed in 2021 by the city council, which voted seven to two for the change.',
    ],
  },
  {
    id: 'wire',
    title: 'Harbour news',
    paragraphs: [
      { text: 'Port Elm Harbour Wins Design Award - Coastal Gazette - May 2nd, 2022 [May 2nd, 2022]', source: 'Coastal Gazette', date: 'May 2nd, 2022' },
      { text: 'Dockers Strike Over Night Shifts At Port Elm - Baltic Wire - June 9th, 2023 [June 9th, 2023]', source: 'Baltic Wire', date: 'June 9th, 2023' },
      { text: 'Is Port Elm Too Big? Harbour Chief Oskar Berg Answers Critics - Harbour Weekly - July 1st, 2023 [July 1st, 2023]', source: 'Harbour Weekly', date: 'July 1st, 2023' },
      { text: 'Storm damages 40 Latvian ships and 3 Estonian ships near Port Elm - Baltic Wire - March 2nd, 2024 [March 2nd, 2024]', source: 'Baltic Wire', date: 'March 2nd, 2024' },
      'Ships from Kesta, Varna and Tallinn now call at the harbour every week.',
      'Lindqvist wrote a book about the project, "Stone Against the Sea", in 2020.',
      'Oskar Berg, the harbour master, said the port would double its traffic by 2030. The new cranes, he said, were bought from Finland.',
      'Estonia and Latvia signed a shipping agreement with the port authority in 2022.',
    ],
  },
]);
const engine = createEngine(corpus);

const BY_TYPE: Array<[string, string, string]> = [
  ['When did the harbour at Port Elm open?', 'March 3, 2019', 'when'],
  ['How much did the harbour cost?', '$312.5 million', 'how_much'],
  ['What percentage did the state pay?', '40 percent', 'how_much'],
  ['How many workers were employed during construction?', '1,200', 'how_much'],
  ['Who designed the project?', 'Marta Lindqvist', 'who'],
  ['Who is the chief engineer of the Baltic Works Authority?', 'Marta Lindqvist', 'who'],
  ['What does BWA stand for?', 'Baltic Works Authority', 'what'],
  ['When did the fishermen protest?', 'early 2018', 'when'],
  ['Where were the protesting fishermen from?', 'Kesta and Varna', 'where'],
  ['Who said the port would double its traffic?', 'Oskar Berg', 'who'],
  ['What book did Lindqvist write about the project?', 'Stone Against the Sea', 'what'],
  ['When did the dockers strike over night shifts?', 'June 9th, 2023', 'when'],
  ['Where were the new cranes bought?', 'Finland', 'where'],
];

describe('answers by type, with verbatim citations', () => {
  const results = BY_TYPE.map(([q, expected, type]) => ({ q, expected, type, a: ask(engine, q) }));

  it.each(BY_TYPE)('%s is read as a %s-question', (q, _expected, type) => {
    expect(results.find((r) => r.q === q)!.a.type).toBe(type);
  });

  // The trained reader is not tuned to this corpus: a floor, not a list of memorised answers.
  it('answers most of them right', () => {
    const right = results.filter((r) => r.a.answer?.includes(r.expected));
    expect(right.length, results.map((r) => `${r.q} → ${r.a.answer}`).join('\n')).toBeGreaterThanOrEqual(9);
  });

  it('quotes every answer verbatim from the passage it cites, highlighted, at or above the threshold', () => {
    for (const { a } of results) {
      if (a.answer === null) continue;
      const cite = a.citations[0]!;
      expect(cite.text).toBe(corpus.passages.find((p) => p.id === cite.id)!.text);
      const [s, e] = cite.highlight!;
      expect(cite.text.slice(s, e)).toBe(a.answer);
      expect(a.confidence).toBeGreaterThanOrEqual(TRAINED_WEIGHTS.thresholds.confidence);
    }
  });
});

describe('general mechanisms', () => {
  it('never answers with words the question already contains', () => {
    const a = ask(engine, 'Who renamed the harbour?', undefined, { maxCitations: 1 });
    expect(a.answer?.toLowerCase() ?? '').not.toContain('harbour');
  });

  it('takes the expected type from the command, so terse input works', () => {
    const a = ask(engine, 'harbour open', 'when');
    expect(a.type).toBe('when');
    expect(a.error).toBeUndefined();
  });

  it('says why it answered when asked: the features behind the choice', () => {
    const a = ask(engine, 'When did the harbour at Port Elm open?', undefined, { explain: true });
    expect(a.why!.features.length).toBeGreaterThan(3);
    expect(a.why!.features.every((f) => typeof f.feature === 'string' && Number.isFinite(f.contribution))).toBe(true);
    expect(a.why!.probability).toBeGreaterThan(a.why!.noAnswer);
  });

  it('answers a question asked again (its analysis kept) as it answered it the first time, other questions in between', () => {
    const fresh = createEngine(corpus);
    const first = BY_TYPE.map(([q, , type]) => ask(fresh, q, type as QuestionType));
    const again = [...BY_TYPE].reverse().map(([q, , type]) => ask(fresh, q, type as QuestionType)).reverse();
    const untyped = BY_TYPE.map(([q]) => ask(fresh, q));
    expect(again.map(({ ms: _, ...a }) => a)).toEqual(first.map(({ ms: _, ...a }) => a));
    expect(untyped.map(({ ms: _, ...a }) => a)).toEqual(BY_TYPE.map(([q]) => ask(createEngine(corpus), q)).map(({ ms: _, ...a }) => a));
  });

  it('says plainly that a non-question or a yes/no question gets no answer', () => {
    for (const line of ['help', 'thanks!', 'harbour']) expect(ask(engine, line).error).toMatch(/doesn't look like a question/);
    expect(ask(engine, 'Did the harbour open in 2019?').error).toMatch(/yes\/no/i);
  });
});

describe('warming up', () => {
  it('reads every passage ahead in slices bounded by the deadline, and answers the same afterwards', () => {
    const warm = createEngine(corpus, { eagerLimit: 100 });
    const before = BY_TYPE.map(([q]) => ask(createEngine(corpus), q));
    // A deadline already past reads nothing; each call resumes where the last stopped.
    expect(warm.warmUp!(performance.now() - 1)).toBe(false);
    while (!warm.warmUp!(performance.now() + 1));
    expect(warm.warmUp!(0)).toBe(true);
    const after = BY_TYPE.map(([q]) => ask(warm, q));
    expect(after.map(({ ms: _, ...a }) => a)).toEqual(before.map(({ ms: _, ...a }) => a));
  });

  it('asks only its warm-up questions for a corpus over its eager limit (analysis stays on first use)', () => {
    for (const big of [createEngine(corpus, { eagerLimit: corpus.passages.length - 1 }), createEngine(corpus)]) {
      expect(big.warmUp!(performance.now() - 1)).toBe(false);
      // A short deadline lets a question or two through per call, never the passages.
      let calls = 1;
      while (!big.warmUp!(performance.now() + 1)) calls++;
      expect(calls).toBeLessThanOrEqual(WARM_UP_QUESTIONS.length);
      expect(big.warmUp!(performance.now() - 1)).toBe(true);
    }
  });

  it('changes no answer: a warmed-up engine answers every question, the warm-up ones too, as a cold one does', () => {
    const questions = [...BY_TYPE.map(([q]) => q), ...WARM_UP_QUESTIONS];
    const cold = questions.map((q) => ask(createEngine(corpus), q));
    const warm = createEngine(corpus);
    while (!warm.warmUp!(performance.now() + 50));
    expect(questions.map((q) => ask(warm, q)).map(({ ms: _, ...a }) => a)).toEqual(cold.map(({ ms: _, ...a }) => a));
  });
});

describe('abstention', () => {
  it.each(['Who is the mayor of Port Elm?', 'When was the lighthouse built?', 'How much does a container ticket to Oslo cost?'])(
    '%s → null with related reading',
    (q) => {
      const a = ask(engine, q);
      expect(a.answer).toBeNull();
      expect(a.reason).toMatch(/not found|no passage/);
      for (const c of a.citations) expect(c.highlight).toBeNull();
    },
  );
});

describe('bad input stops at the gate and never reaches the engine', () => {
  it.each([['empty', ''], ['empty', '   '], ['too long', 'x'.repeat(5000)], ['control', 'who\u0007 is'], ['no words', '🙂🙂']])('%#: rejected as %s', (why, q) => {
    const gated = gateQuestion(q, { engine });
    expect(gated.ok).toBe(false);
    if (!gated.ok) expect(gated.error.toLowerCase()).toContain(why.split(' ')[0]!.slice(0, 4));
  });
});
