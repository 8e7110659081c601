import { describe, expect, it } from 'vitest';
import {
  aggregate,
  effectiveGold,
  exactMatch,
  normalizeAnswer,
  parseSquad,
  scorePredictions,
  scoreQuestion,
  tokenF1,
  whType,
} from '../../src/learn/squad-metrics.js';

// Expected values below were produced by the official evaluate-v2.0.py functions, so a
// failure here means the port diverged from the published metric, not a taste question.

describe('normalizeAnswer', () => {
  it('lowercases, strips punctuation and articles, collapses whitespace', () => {
    expect(normalizeAnswer('The Quick, Brown fox!')).toBe('quick brown fox');
    expect(normalizeAnswer('  in the 10th   and 11th centuries ')).toBe('in 10th and 11th centuries');
    expect(normalizeAnswer('An apple a day')).toBe('apple day');
  });

  it('removes punctuation before articles, so "the_cat" joins instead of losing "the"', () => {
    expect(normalizeAnswer('the_cat')).toBe('thecat');
    expect(normalizeAnswer("U.S.-based")).toBe('usbased');
  });

  it('only removes whole-word articles, with Unicode word boundaries', () => {
    expect(normalizeAnswer('Anthem theory')).toBe('anthem theory');
    // Python's \b sees "é" as a word character; JavaScript's ASCII \b would not.
    expect(normalizeAnswer('éthe cat')).toBe('éthe cat');
    expect(normalizeAnswer('a1 the2 an')).toBe('a1 the2');
  });

  it('keeps non-ASCII punctuation, as string.punctuation is ASCII-only', () => {
    expect(normalizeAnswer('“The” cat')).toBe('“ ” cat');
    expect(normalizeAnswer('The  Quick—brown')).toBe('quick—brown');
  });

  it("splits on Python's whitespace set, not JavaScript's", () => {
    expect(normalizeAnswer('the\u00a0cat')).toBe('cat');
    expect(normalizeAnswer('x\u001cy')).toBe('x y');
    expect(normalizeAnswer('\ufeffthe cat')).toBe('\ufeff cat');
  });
});

describe('exactMatch and tokenF1', () => {
  it('scores partial overlaps like the official script', () => {
    expect(exactMatch('10th and 11th centuries', 'in the 10th and 11th centuries')).toBe(0);
    expect(tokenF1('10th and 11th centuries', 'in the 10th and 11th centuries')).toBeCloseTo(0.888888888888889, 12);
    expect(tokenF1('Denver Broncos', 'Broncos')).toBeCloseTo(2 / 3, 12);
    expect(tokenF1('Rollo', 'William the Conqueror')).toBe(0);
  });

  it('counts repeated tokens as a multiset', () => {
    expect(tokenF1('the cat sat', 'cat cat')).toBeCloseTo(0.5, 12);
  });

  it('ignores token order and normalisation noise', () => {
    expect(tokenF1('a b c', 'c b a')).toBe(1);
    expect(exactMatch('The Broncos.', 'broncos')).toBe(1);
  });

  it('treats an empty side as no-answer: credit only when both are empty', () => {
    expect(exactMatch('', '')).toBe(1);
    expect(tokenF1('', '')).toBe(1);
    expect(tokenF1('', 'France')).toBe(0);
    expect(tokenF1('France', '')).toBe(0);
    // Both normalise to nothing, so they agree.
    expect(exactMatch('the', 'a')).toBe(1);
    expect(tokenF1('the', 'a')).toBe(1);
  });
});

describe('scoreQuestion', () => {
  it('takes the max over gold answers', () => {
    expect(scoreQuestion(['Denver Broncos', 'Broncos'], 'the Broncos')).toEqual({ exact: 1, f1: 1 });
    const s = scoreQuestion(['Santa Clara, California', "Levi's Stadium"], 'Levi Stadium in Santa Clara');
    expect(s.exact).toBe(0);
    expect(s.f1).toBeCloseTo(2 * (2 / 5) * (2 / 3) / (2 / 5 + 2 / 3), 12);
  });

  it('makes "" the only correct answer to an unanswerable question', () => {
    expect(scoreQuestion([], '')).toEqual({ exact: 1, f1: 1 });
    expect(scoreQuestion([], null)).toEqual({ exact: 1, f1: 1 });
    expect(scoreQuestion([], undefined)).toEqual({ exact: 1, f1: 1 });
    expect(scoreQuestion([], 'France')).toEqual({ exact: 0, f1: 0 });
  });

  it('penalises abstaining on an answerable question', () => {
    expect(scoreQuestion(['France'], null)).toEqual({ exact: 0, f1: 0 });
  });

  it('drops gold answers that normalise to nothing', () => {
    expect(effectiveGold(['the', 'France'])).toEqual(['France']);
    expect(effectiveGold(['.', 'an'])).toEqual(['']);
    expect(scoreQuestion(['the'], '')).toEqual({ exact: 1, f1: 1 });
  });
});

describe('aggregate', () => {
  it('averages to percentages', () => {
    expect(aggregate([{ exact: 1, f1: 1 }, { exact: 0, f1: 0.5 }])).toEqual({ exact: 50, f1: 75, total: 2 });
    expect(aggregate([])).toEqual({ exact: 0, f1: 0, total: 0 });
  });
});

const FIXTURE = {
  version: 'v2.0',
  data: [
    {
      title: 'Normans',
      paragraphs: [
        {
          context: 'The Normans gave their name to Normandy, a region in France. Their leader was Rollo.',
          qas: [
            { id: 'q1', question: 'In what country is Normandy located?', answers: [{ text: 'France', answer_start: 53 }, { text: 'France', answer_start: 53 }], is_impossible: false },
            { id: 'q2', question: 'Who was the leader of the Normans?', answers: [{ text: 'Rollo', answer_start: 78 }], is_impossible: false },
            { id: 'q3', question: 'Who gave their name to France?', answers: [], is_impossible: true },
          ],
        },
      ],
    },
    {
      title: 'Force',
      paragraphs: [
        { context: 'A force is any interaction that changes the motion of an object.', qas: [{ id: 'q4', question: 'What is a shove?', answers: [], is_impossible: true }] },
      ],
    },
  ],
};

describe('parseSquad and scorePredictions', () => {
  const ds = parseSquad(FIXTURE);

  it('flattens articles, paragraphs and questions with back-references', () => {
    expect(ds.articles.map((a) => a.title)).toEqual(['Normans', 'Force']);
    expect(ds.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(ds.questions[3]).toMatchObject({ articleIndex: 1, paragraphIndex: 0, isImpossible: true, answers: [] });
    expect(ds.questions[0]!.answers).toEqual(['France', 'France']);
  });

  it('rejects non-SQuAD JSON with a path', () => {
    expect(() => parseSquad({ nope: 1 })).toThrow(/not SQuAD/);
    expect(() => parseSquad({ data: [{ title: 'x', paragraphs: [{ qas: [] }] }] })).toThrow(/data\[0\]\.paragraphs\[0\]/);
  });

  it('splits HasAns / NoAns and scores missing ids as abstentions', () => {
    const r = scorePredictions(ds.questions, { q1: 'france', q2: 'Rollo the Walker', q3: 'Normans' });
    expect(r.missing).toEqual(['q4']);
    expect(r.hasAns.total).toBe(2);
    expect(r.hasAns.exact).toBe(50);
    expect(r.hasAns.f1).toBeCloseTo(100 * (1 + 2 / 3) / 2, 10);
    expect(r.noAns).toEqual({ exact: 50, f1: 50, total: 2 });
    expect(r.overall.exact).toBe(50);
  });
});

describe('whType', () => {
  it.each([
    ['In what country is Normandy located?', 'what'],
    ['When were the Normans in Normandy?', 'when'],
    ['Whose army invaded?', 'who'],
    ['To whom did they swear fealty?', 'who'],
    ['How many gold mines are there?', 'how much/many'],
    ['How much did it cost?', 'how much/many'],
    ['How long did it last?', 'how (other)'],
    ['Which river is longest?', 'which'],
    ['Why did it fail?', 'why'],
    ['Where is Fresno?', 'where'],
    ['Name the leader of the Normans.', 'other'],
  ])('%s → %s', (q, t) => {
    expect(whType(q)).toBe(t);
  });
});
