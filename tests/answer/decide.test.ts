import { describe, expect, it } from 'vitest';
import { extractCandidates, type SpanKind } from '../../src/answer/candidates/index.js';
import { holdsFeatures } from '../../src/answer/features/holds.js';
import { admissible } from '../../src/answer/kinds.js';
import { extract, featurise, rerank, retrieve, understand, verdictOf } from '../../src/answer/pipeline.js';
import { compileReader, createReaderDeps, TRAINED_WEIGHTS } from '../../src/answer/reader.js';
import { corpusFromDocuments } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';
import { chooseThresholds } from '../../src/learn/train-reader.js';
import { analyseText } from '../../src/nlp/analyse.js';
import { ask } from '../../test-support/fake-engine.js';

// A small folder: a club's notes, with dates, amounts, places and people in the same sentences.
const corpus = corpusFromDocuments([
  {
    id: 'club',
    title: 'Harbour rowing club',
    paragraphs: [
      'The club was founded by Maren Holt on 14 March 1987 in Port Elm, after the old boathouse burned.',
      'Membership costs $60 a year, and 15 percent of it goes to the regional federation.',
      'Patrons may buy a lifetime badge with a one-time payment of $300; one of the officers then adds their name to the board.',
      'Training runs every Tuesday at the north pier, and the season ends in October.',
      'The club is run by an elected board of five. The chair is Ida Brandt, who rows in the masters eight.',
    ],
  },
]);
const deps = createReaderDeps(corpus, { model: compileReader(TRAINED_WEIGHTS) });

/** The spans the reader weighs for a question, after the kind rules. */
function offered(question: string): Array<{ text: string; kinds: readonly string[] }> {
  const qv = understand(deps, question);
  const ranked = rerank(deps, qv, retrieve(deps, qv));
  return extract(deps, qv, ranked).candidates.map((c) => ({ text: c.pv.ev.analysis.text.slice(c.c.start, c.c.end), kinds: c.kinds }));
}
const NUMERIC = ['date', 'year', 'money', 'percent', 'count', 'duration', 'quantity'];

describe('the right kind of span', () => {
  it('never offers a time or an amount to a where- or who-question', () => {
    for (const q of ['Where was the club founded?', 'Who founded the club?', 'where is training held']) {
      const spans = offered(q);
      expect(spans.length, q).toBeGreaterThan(0);
      for (const s of spans) expect(s.kinds.every((k) => NUMERIC.includes(k)), `${q} → ${s.text}`).toBe(false);
    }
  });

  it('offers a who-question names and noun phrases, never a bare adjective or verb ("elected")', () => {
    const spans = offered('Who is on the elected board?');
    expect(spans.length).toBeGreaterThan(0);
    for (const s of spans) expect(/^(elected|founded|burned|regional)$/i.test(s.text), s.text).toBe(false);
  });

  it('never offers a where-question a time or an amount that is also a noun phrase, but keeps a place with a number in it', () => {
    const span = (text: string, ...kinds: SpanKind[]) => ({ kinds, text, passage: 0, start: 0, end: text.length });
    const spans = [span('6 months', 'duration', 'phrase'), span('Fourth offence', 'phrase'), span('Havenstraat 27', 'place', 'count')];
    const where = understand(deps, 'Where do I appeal a ban?');
    expect(admissible(where, spans).map((s) => s.text)).toEqual(['Fourth offence', 'Havenstraat 27']);
  });

  it('offers only times to a when-question when the passages read hold one, the full date over its bare year', () => {
    const spans = offered('When was the club founded?');
    expect(spans.every((s) => s.kinds.some((k) => k === 'date' || k === 'year'))).toBe(true);
    expect(spans.some((s) => s.text === '14 March 1987')).toBe(true);
    expect(spans.some((s) => s.text === '1987')).toBe(false);
    expect(offered('In what year was the club founded?').some((s) => s.text === '1987')).toBe(true);
  });

  it('offers a sum of money to "how much", not a percentage, unless the question asks for a share', () => {
    const money = offered('How much is the membership?');
    expect(money.length).toBeGreaterThan(0);
    expect(money.every((s) => s.kinds.includes('money'))).toBe(true);
    expect(offered('What share of the membership goes to the federation, in percent?').length).toBeGreaterThan(0);
    expect(offered('How much of the membership, as a percentage, goes to the federation?').some((s) => s.kinds.includes('percent'))).toBe(true);
  });

  it('never answers how long with a price', () => {
    const spans = offered('How long is the membership?');
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.some((s) => s.kinds.every((k) => k === 'money'))).toBe(false);
  });

  it('never takes the number word of a compound, or "one of", for a count', () => {
    const text = corpus.passages[2]!.text;
    const counts = extractCandidates(analyseText(text), { knownWord: () => true, seenLowercase: () => true, capitalisedInside: () => true }).filter((c) => c.kind === 'count');
    expect(counts.map((c) => text.slice(c.start, c.end))).not.toContain('one');
    expect(offered('How much does the lifetime badge cost?').map((s) => s.text)).not.toContain('one');
  });

  it('reads "July 31" as a day, not a name', () => {
    const text = 'He was killed on July 31, 2022, in Kabul.';
    const kinds = extractCandidates(analyseText(text), { knownWord: () => true, seenLowercase: () => true, capitalisedInside: () => true }).filter((c) => text.slice(c.start, c.end) === 'July 31').map((c) => c.kind);
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds).not.toContain('name');
  });

  it('keeps every span when the question wants no particular kind, or none of its kind is read', () => {
    const qv = understand(deps, 'What does the club own?');
    const spans = [{ kinds: ['phrase' as const], passage: 0, text: 'club 1987', start: 0, end: 4 }, { kinds: ['date' as const], passage: 0, text: 'club 1987', start: 5, end: 9 }];
    expect(admissible(qv, spans)).toHaveLength(2);
    const when = understand(deps, 'When did the boathouse burn?');
    expect(admissible(when, [spans[0]!])).toHaveLength(1);
  });
});

describe('does the corpus hold an answer? (holds features)', () => {
  const holdsOf = (question: string) => {
    const qv = understand(deps, question);
    const ranked = rerank(deps, qv, retrieve(deps, qv));
    const { views, candidates } = extract(deps, qv, ranked.slice(0, 5));
    const x = featurise(qv, views, candidates, ranked).holds;
    return new Map(x.cols.map((c, k) => [holdsFeatures.names[c]!, x.vals[k]!]));
  };

  it('counts the names of the question the folder never uses, a name of several words once', () => {
    expect(holdsOf('Who is the president of Iran?').get('holds.unknownKeys')).toBe(1);
    expect(holdsOf('When did Jacques Chirac visit?').get('holds.unknownKeys')).toBe(1);
    expect(holdsOf('Who founded the club in Port Elm?').get('holds.unknownKeys')).toBeUndefined();
  });

  it('says how much of the question the best passage and sentence cover', () => {
    const held = holdsOf('Who founded the club after the boathouse burned?');
    const lacking = holdsOf('Who painted the boathouse?');
    expect(held.get('holds.passageCoverage')!).toBeGreaterThan(0.9);
    expect(held.get('holds.bestSentence')!).toBeGreaterThan(lacking.get('holds.bestSentence') ?? 0);
    expect(held.get('holds.missingRare')).toBeUndefined();
    expect(lacking.get('holds.missingRare')!).toBeGreaterThan(0.5);
  });

  it('notes whether a span of the wanted kind was read at all', () => {
    expect(holdsOf('When was the club founded?').get('holds.kindAvailable')).toBe(1);
    expect(holdsOf('How many boats does the club own?').get('holds.kindAvailable')).toBe(1);
  });
});

describe('answer, not sure, not found', () => {
  const t = { holds: 0.7, confidence: 0.1, suggest: 0.5 };

  it('answers only when the corpus holds an answer and the answer is likely enough', () => {
    expect(verdictOf(0.9, 0.3, t)).toBe('answer');
    expect(verdictOf(0.9, 0.05, t)).toBe('not sure');
    expect(verdictOf(0.6, 0.9, t)).toBe('not sure');
    expect(verdictOf(0.4, 0.9, t)).toBe('not found');
    expect(verdictOf(0.4, 0.9, { ...t, suggest: 0.9 })).toBe('not found');
    // A when-question whose best span holds no time is "not sure" at most.
    expect(verdictOf(0.9, 0.9, t, false)).toBe('not sure');
  });

  it('never answers a when-question with a span that holds no time', () => {
    const engine = createEngine(corpus, { thresholds: { holds: 0, confidence: 0, suggest: 0 } });
    const a = ask(engine, 'When did the old boathouse burn?', undefined, { explain: true });
    if (a.why!.fitsType) expect(a.answer).toMatch(/\d|March|October|Tuesday/);
    else expect(a.answer).toBeNull();
  });

  it('offers a "not sure" suggestion with answer null, its span marked in citations[0]', () => {
    const engine = createEngine(corpus, { thresholds: { holds: 0, confidence: 1.01, suggest: 0 } });
    const a = ask(engine, 'When was the club founded?');
    expect(a.answer).toBeNull();
    expect(a.reason).toBe('not sure');
    expect(a.suggestion).toBeDefined();
    const c = a.citations[0]!;
    expect(a.suggestion!.citation).toEqual(c);
    expect(c.text.slice(c.highlight![0], c.highlight![1])).toBe(a.suggestion!.text);
    expect(a.suggestion!.confidence).toBe(a.confidence);
  });

  it('gives "not found" with unmarked related reading when the corpus does not hold an answer', () => {
    const engine = createEngine(corpus, { thresholds: { holds: 1.01, confidence: 0, suggest: 1.01 } });
    const a = ask(engine, 'When was the club founded?');
    expect(a.answer).toBeNull();
    expect(a.suggestion).toBeUndefined();
    expect(a.reason).toBe('not found in the corpus');
    for (const c of a.citations) expect(c.highlight).toBeNull();
  });
});

describe('thresholds by rule on the use mixture', () => {
  it('picks the pair that maximises mean F1 over the mixture, and a "not sure" floor that lets few unanswerable questions through', () => {
    const preds = [
      // Answerable: held with high probability; the confident ones are right.
      ...Array.from({ length: 8 }, (_, i) => ({ holds: 0.9, confidence: 0.5 + i * 0.01, f1: 1, group: 'answerable' as const, weight: 1 })),
      // Out of corpus: mostly a low holds probability; one looks held, but its answer is unlikely.
      ...Array.from({ length: 4 }, (_, i) => ({ holds: 0.1 + i * 0.1, confidence: 0.3, f1: 0, group: 'outOfCorpus' as const, weight: 1 })),
      { holds: 0.95, confidence: 0.02, f1: 0, group: 'outOfCorpus' as const, weight: 1 },
    ];
    const t = chooseThresholds(preds, 0.25);
    expect(t.holds).toBeGreaterThan(0.4);
    expect(t.holds).toBeLessThanOrEqual(0.9);
    expect(t.confidence).toBeGreaterThan(0.02);
    expect(t.confidence).toBeLessThanOrEqual(0.5);
    expect(t.mixtureF1).toBeCloseTo(13 / 13, 6);
    // One of the five unanswerable (20%, under 25%) may get a suggestion: the floor sits at the highest held one.
    expect(t.suggest).toBe(t.holds);
  });

  it('gives up mixture F1 to refuse the share of out-of-corpus questions it is asked to', () => {
    // Ten answerable questions, right at holds 0.9; four out-of-corpus ones held as strongly but less sure.
    const preds = [
      ...Array.from({ length: 10 }, () => ({ holds: 0.9, confidence: 0.5, f1: 1, group: 'answerable' as const, weight: 1 })),
      ...Array.from({ length: 10 }, () => ({ holds: 0.6, confidence: 0.3, f1: 0.6, group: 'answerable' as const, weight: 1 })),
      ...Array.from({ length: 4 }, () => ({ holds: 0.6, confidence: 0.3, f1: 0, group: 'outOfCorpus' as const, weight: 1 })),
      ...Array.from({ length: 6 }, () => ({ holds: 0.2, confidence: 0.3, f1: 0, group: 'outOfCorpus' as const, weight: 1 })),
    ];
    const free = chooseThresholds(preds, 0.1);
    expect(free.holds).toBe(0.6);
    const bounded = chooseThresholds(preds, 0.1, 0.9);
    // Answering at 0.6 lets 4 of 10 out-of-corpus questions through: only 0.9 refuses 90%.
    expect(bounded.holds).toBe(0.9);
    expect(bounded.mixtureF1).toBeLessThan(free.mixtureF1);
    // The bound holds for each corpus size: many easy refusals in single articles hide nothing.
    const easy = Array.from({ length: 40 }, () => ({ holds: 0.1, confidence: 0.3, f1: 0, group: 'outOfCorpus' as const, weight: 1, alone: true }));
    expect(chooseThresholds([...preds, ...easy], 0.1, 0.9).holds).toBe(0.9);
  });
});
