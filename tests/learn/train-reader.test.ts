import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trainReader, type TrainingQuestion } from '../../src/learn/train-reader.js';
import { parseSquad, scoreQuestion } from '../../src/learn/squad-metrics.js';
import { squadCorpus } from '../../src/learn/squad-corpus.js';

// Training is deterministic: the same data gives the same weights, bit for bit after rounding.
// The golden file pins them, so an accidental change to features or training shows up here.
const data = parseSquad(JSON.parse(readFileSync(new URL('../fixtures/squad-tiny.json', import.meta.url), 'utf8')));
const { corpus, gold } = squadCorpus(data.articles, data.articles.map((_, i) => i));
const questions: TrainingQuestion[] = data.questions.map((q) => ({
  id: q.id,
  question: q.question,
  answers: q.answers,
  passage: q.answers.length ? (gold.get(`${q.articleIndex}:${q.paragraphIndex}`) ?? null) : null,
  group: `${q.articleIndex}:${q.paragraphIndex}`,
}));
const train = () => trainReader(corpus, questions, (g, p) => scoreQuestion(g, p), { folds: 2, maxIterations: 60 });

describe('trainReader on a tiny fixture', () => {
  it('retrains to the committed weights', async () => {
    const weights = train();
    await expect(JSON.stringify(weights, null, 1) + '\n').toMatchFileSnapshot('../fixtures/squad-tiny.weights.json');
  });

  it('puts the gold passage and answers first more often than chance on its own training data', () => {
    const weights = train();
    expect(Object.keys(weights.reader).length).toBeGreaterThan(20);
    expect(weights.rerank['passage.coverage']).toBeGreaterThan(0);
    expect(weights.calibration.p.every((p, i, ps) => i === 0 || p >= ps[i - 1]!)).toBe(true);
  });

  it('asks questions of another corpus as out-of-corpus questions, and refuses an unknown one', () => {
    const other = squadCorpus(data.articles, [1]).corpus;
    const elsewhere = questions
      .filter((q) => q.answers.length && q.group.startsWith('0:'))
      .slice(0, 10)
      .map((q) => ({ ...q, id: `${q.id}:elsewhere`, answers: [], passage: null, corpus: 'harvard' }));
    const weights = trainReader(corpus, [...questions, ...elsewhere], (g, p) => scoreQuestion(g, p), { folds: 2, maxIterations: 60, corpora: new Map([['harvard', other]]) });
    expect(weights.training.outOfFold).toMatchObject({ questions: questions.length, outOfCorpus: elsewhere.length });
    expect(weights.reader).not.toEqual(train().reader);
    expect(() => trainReader(corpus, elsewhere, (g, p) => scoreQuestion(g, p), { folds: 2, maxIterations: 5 })).toThrow(/unknown corpus harvard/);
  });
});
