import { describe, expect, it } from 'vitest';
import { candidateFeatures } from '../../src/answer/features/candidate.js';
import { read, understand } from '../../src/answer/pipeline.js';
import { compileReader, createReaderDeps, TRAINED_WEIGHTS } from '../../src/answer/reader.js';
import type { QuestionType } from '../../src/answer/types.js';
import { corpusFromDocuments } from '../../src/corpus/load.js';

// The values of the candidate features that weigh most, on a passage small enough to count by
// hand: which span kinds fit the question, how far the matched question words sit on either
// side, and how much of the question the candidate's sentence says.
//   Mayor Ellen Park opened the Lune bridge on March 3, 1921, after the flood.
//   0     1     2    3      4   5    6      7  8     9
// A second sentence says none of the question: Crowds filled the market square in 1922.
const corpus = corpusFromDocuments([
  { id: 'bridge', title: 'The Lune bridge', paragraphs: ['Mayor Ellen Park opened the Lune bridge on March 3, 1921, after the flood. Crowds filled the market square in 1922.'] },
  { id: 'other', title: 'Notes', paragraphs: ['The ferry across the estuary ran until 1930.'] },
]);
const deps = createReaderDeps(corpus, { model: compileReader(TRAINED_WEIGHTS) });

/** Every candidate span's features, by its text: columns that hold, with their values. */
function valuesOf(question: string, type?: QuestionType): Map<string, Map<string, number>> {
  const trace = read(deps, understand(deps, question, type));
  return new Map(trace.candidates.map((c) => [c.text, new Map(c.features.cols.map((col, k) => [candidateFeatures.names[col]!, c.features.vals[k]!]))]));
}
const feature = (values: Map<string, Map<string, number>>, span: string, name: string): number => {
  const of = values.get(span);
  if (!of) throw new Error(`no candidate "${span}" among ${[...values.keys()].join(' | ')}`);
  return of.get(name) ?? 0;
};

describe('candidate feature values on a hand-made passage', () => {
  const when = valuesOf('When was the Lune bridge opened?');

  it('type fit: the date is a date for a when-question, paired with whatever type the question has', () => {
    expect(feature(when, 'March 3, 1921', 'typeKind=when:date')).toBe(1);
    expect(feature(when, 'March 3, 1921', 'shapeKind=date:date')).toBe(1);
    expect(feature(when, '1922', 'typeKind=when:year')).toBe(1);
    // The type the asker fixes is the one paired with the span.
    const fixed = valuesOf('Lune bridge opened', 'what');
    expect(feature(fixed, 'March 3, 1921', 'typeKind=what:date')).toBe(1);
    expect(feature(fixed, 'March 3, 1921', 'typeKind=when:date')).toBe(0);
  });

  it('distances: "bridge" two tokens before the date, "opened" right after the mayor, nothing either side in the other sentence', () => {
    // 1/(1 + d): "bridge" (6) to "March" (8) is d = 2; "opened" (3) right after "Ellen Park" (1–2) is d = 1.
    expect(feature(when, 'March 3, 1921', 'nearestLeft')).toBeCloseTo(1 / 3, 10);
    expect(feature(when, 'March 3, 1921', 'nearestRight')).toBe(0);
    expect(feature(when, 'March 3, 1921', 'nearestDistance=2')).toBe(1);
    const who = valuesOf('Who opened the Lune bridge?');
    expect(feature(who, 'Ellen Park', 'nearestRight')).toBeCloseTo(1 / 2, 10);
    expect(feature(who, 'Ellen Park', 'nearestLeft')).toBe(0);
    expect(feature(who, 'Ellen Park', 'nearestDistance=1')).toBe(1);
    // "Mayor" (0) has "opened" three tokens on.
    expect(feature(who, 'Mayor', 'nearestRight')).toBeCloseTo(1 / 4, 10);
    expect(feature(when, '1922', 'nearestLeft')).toBe(0);
    expect(feature(when, '1922', 'nearestRight')).toBe(0);
    expect(feature(when, '1922', 'nearestDistance=none')).toBe(1);
  });

  it('overlap: the first sentence says the whole question, the second none of it (its neighbour half, discounted)', () => {
    expect(feature(when, 'March 3, 1921', 'sentenceCoverage')).toBe(1);
    expect(feature(when, 'March 3, 1921', 'coverage')).toBe(1);
    expect(feature(when, 'March 3, 1921', 'matchedWords')).toBe(1);
    expect(feature(when, '1922', 'sentenceCoverage')).toBe(0);
    expect(feature(when, '1922', 'coverage')).toBe(0.5);
    expect(feature(when, '1922', 'matchedWords')).toBe(0);
  });

  it('overlap by spelling and by lemma: "open" meets "opened" as a lemma, not as the same spelling', () => {
    const open = valuesOf('When did the Lune bridge open?');
    expect(feature(when, 'March 3, 1921', 'surfaceCoverage')).toBe(1);
    expect(feature(open, 'March 3, 1921', 'lemmaCoverage')).toBe(1);
    expect(feature(open, 'March 3, 1921', 'surfaceCoverage')).toBeGreaterThan(0.5);
    expect(feature(open, 'March 3, 1921', 'surfaceCoverage')).toBeLessThan(1);
  });
});

describe('given names', () => {
  it('marks a name that opens with a given name, per question type, and not a product name or a place', () => {
    const folder = corpusFromDocuments([
      { id: 'schedule', title: 'Workshops', paragraphs: ['Saturday workshops are in room 2.14: Intro to Git at 10:00 with Farah Siddiqui, and LLM APIs at 14:00 in Kabul.'] },
    ]);
    const d = createReaderDeps(folder, { model: compileReader(TRAINED_WEIGHTS) });
    const values = (q: string) => {
      const trace = read(d, understand(d, q));
      return new Map(trace.candidates.map((c) => [c.text, new Map(c.features.cols.map((col, k) => [candidateFeatures.names[col]!, c.features.vals[k]!]))]));
    };
    const who = values('Who is teaching the Git session?');
    expect(feature(who, 'Farah Siddiqui', 'givenName=who')).toBe(1);
    expect(feature(who, 'LLM APIs', 'givenName=who')).toBe(0);
    expect(feature(who, 'Kabul', 'givenName=who')).toBe(0);
    const where = values('Where is the Git session?');
    expect(feature(where, 'Farah Siddiqui', 'givenName=where')).toBe(1);
    expect(feature(where, 'Farah Siddiqui', 'givenName=who')).toBe(0);
  });
});
