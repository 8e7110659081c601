import { describe, expect, it } from 'vitest';
import { CANDIDATE_FEATURES, candidateFeatures } from '../../src/answer/features/candidate.js';
import { HOLDS_FEATURES, holdsFeatures } from '../../src/answer/features/holds.js';
import { PASSAGE_FEATURES, passageFeatures } from '../../src/answer/features/passage.js';
import { VERDICT_FEATURES, verdictFeatures } from '../../src/answer/features/verdict.js';
import { registry, feature, family, fixed, fixedMemo } from '../../src/answer/features/registry.js';
import { fnv1a, fnv1aFrom, FNV_OFFSET } from '../../src/fnv.js';
import { compileReader, createReaderDeps, TRAINED_WEIGHTS } from '../../src/answer/reader.js';
import { corpusFromDocuments } from '../../src/corpus/load.js';
import { extract, featurise, rerank, retrieve, understand } from '../../src/answer/pipeline.js';

describe('feature registries', () => {
  const all = [CANDIDATE_FEATURES, HOLDS_FEATURES, PASSAGE_FEATURES, VERDICT_FEATURES];

  it('give every feature a name and a one-line doc', () => {
    for (const list of all) {
      for (const f of list) {
        expect(f.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(f.doc.length).toBeGreaterThan(8);
        expect(f.doc).not.toContain('\n');
      }
    }
  });

  it('name every column once, across the reader\'s two registries too', () => {
    const names = [...candidateFeatures.names, ...holdsFeatures.names];
    expect(new Set(names).size).toBe(names.length);
    for (const reg of [passageFeatures, verdictFeatures]) expect(new Set(reg.names).size).toBe(reg.names.length);
  });

  it('evaluate families to one column per value that holds, dense features to their value', () => {
    const reg = registry<{ n: number; k: string[] }>([
      feature('double', 'twice n: 2 gives 4', (x) => 2 * x.n),
      family('kind', 'the kinds: a gives kind=a', ['a', 'b', 'c'], (x) => x.k),
    ]);
    expect(reg.names).toEqual(['double', 'kind=a', 'kind=b', 'kind=c']);
    expect(reg.evaluate({ n: 2, k: ['c', 'a'] })).toEqual({ cols: [0, 1, 3], vals: [4, 1, 1] });
    expect(reg.evaluate({ n: 0, k: [] })).toEqual({ cols: [], vals: [] });
  });

  it('take a family\'s values by index as by name, and copy fixed columns from a memo', () => {
    let calls = 0;
    const reg = registry<{ n: number; k: string[]; at: number[] }>([
      fixed(feature('double', 'twice n: 2 gives 4', (x) => (calls++, 2 * x.n))),
      family('kind', 'the kinds: a gives kind=a', ['a', 'b', 'c'], (x) => x.k),
      fixed(family('same', 'the kinds by index: 0 gives same=a', ['a', 'b', 'c'], (x) => x.at)),
      feature('half', 'half n: 2 gives 1', (x) => x.n / 2),
    ]);
    const x = { n: 2, k: ['c', 'a'], at: [2, 0, 7, -1] };
    const plain = reg.evaluate(x);
    expect(plain).toEqual({ cols: [0, 1, 3, 4, 6, 7], vals: [4, 1, 1, 1, 1, 1] });
    const memo = fixedMemo();
    expect(reg.evaluate(x, memo)).toEqual(plain);
    calls = 0;
    // The memo stands for x's fixed part: a changed n changes 'half' only.
    expect(reg.evaluate({ ...x, n: 4 }, memo)).toEqual({ cols: [0, 1, 3, 4, 6, 7], vals: [4, 1, 1, 1, 1, 2] });
    expect(calls).toBe(0);
  });

  it('hash a string in parts as in one', () => {
    for (const [a, b] of [['', ''], ['when|', 'in'], ['thing|', 'Gospić'], ['x', '$']] as const) expect(fnv1aFrom(fnv1aFrom(FNV_OFFSET, a), b) >>> 0).toBe(fnv1a(a + b));
  });

  it('refuses a name declared twice', () => {
    expect(() => registry([feature('x', 'x: 1', () => 1), feature('x', 'x: 1', () => 1)])).toThrow(/twice/);
  });

  it('are what the committed weights were trained on: every weight names a known column', () => {
    const known = new Set([...candidateFeatures.names, ...holdsFeatures.names, ...passageFeatures.names, ...verdictFeatures.names]);
    const named = [...Object.keys(TRAINED_WEIGHTS.reader), ...Object.keys(TRAINED_WEIGHTS.rerank), ...Object.keys(TRAINED_WEIGHTS.verdict)];
    expect(named.filter((n) => !known.has(n))).toEqual([]);
    expect(named.length).toBeGreaterThan(50);
  });
});

describe('passage features', () => {
  // Two passages about one harbour; only the first gives a date, in its second sentence.
  const corpus = corpusFromDocuments([
    { id: 'a', title: 'Harbour', paragraphs: ['The harbour was rebuilt by the Navy. Work began in 1921 after the storm. Nobody recalls the cost.'] },
    { id: 'b', title: 'Town', paragraphs: ['The harbour is old. The Navy came later. Some say it was rebuilt, others that it was not.'] },
  ]);
  const deps = createReaderDeps(corpus, { model: compileReader({ ...TRAINED_WEIGHTS, rerank: {} }) });
  const featuresOf = (question: string) => {
    const qv = understand(deps, question);
    const ranked = rerank(deps, qv, retrieve(deps, qv));
    return new Map(ranked.map((p) => [corpus.passages[p.doc]!.doc, new Map(p.features.cols.map((c, k) => [passageFeatures.names[c]!, p.features.vals[k]!]))]));
  };

  it('mark a number in the best-covering sentence for when-questions only', () => {
    expect(featuresOf('When did work begin after the storm?').get('a')!.get('passage.numberInBestSentence')).toBe(1);
    expect(featuresOf('When was the harbour rebuilt by the Navy?').get('b')!.get('passage.numberInBestSentence')).toBe(-1);
    expect(featuresOf('Who rebuilt the harbour?').get('a')!.get('passage.numberInBestSentence')).toBeUndefined();
  });

  it('cover a question across two neighbouring sentences at least as well as within one', () => {
    for (const f of featuresOf('When did work on the harbour begin after the storm?').values()) {
      expect(f.get('passage.bestPair') ?? 0).toBeGreaterThanOrEqual(f.get('passage.bestSentence') ?? 0);
      expect(f.get('passage.bestSentenceSquared') ?? 0).toBeCloseTo((f.get('passage.bestSentence') ?? 0) ** 2, 10);
    }
  });
});

describe('candidate features describe', () => {
  const corpus = corpusFromDocuments([
    { id: 'campus', title: 'Campus', paragraphs: ['The chemistry lab moved to the Lindqvist Building in 2019, beside the old library.'] },
  ]);
  const deps = createReaderDeps(corpus, { model: compileReader(TRAINED_WEIGHTS) });
  const valueOf = (question: string, span: string, name: string) => {
    const qv = understand(deps, question);
    const ranked = rerank(deps, qv, retrieve(deps, qv));
    const { candidates } = extract(deps, qv, ranked);
    const features = featurise(qv, [], candidates, ranked).candidates;
    const k = candidates.findIndex((c) => c.pv.ev.analysis.text.slice(c.c.start, c.c.end) === span);
    expect(k, span).toBeGreaterThanOrEqual(0);
    const x = features[k]!;
    const col = candidateFeatures.names.indexOf(name);
    const at = x.cols.indexOf(col);
    return at < 0 ? 0 : x.vals[at]!;
  };

  it('a name ending in the head noun the question asks for', () => {
    expect(valueOf('Which building did the lab move to?', 'Lindqvist Building', 'namedByHead')).toBe(1);
    expect(valueOf('Which lab moved?', 'Lindqvist Building', 'namedByHead')).toBe(0);
  });
});
