import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { corpusFromDocuments } from '../../src/corpus/load.js';
import { analysePassage } from '../../src/nlp/analyse.js';
import { analyseCorpus, analysisThreads } from '../../src/index/analyse-corpus.js';
import { analysePart, mergeAnalyses, openAnalyses } from '../../src/index/analyses.js';
import { buildSnapshot, buildSnapshotInThreads, openSnapshot } from '../../src/index/snapshot.js';
import { createEngine } from '../../src/engine.js';
import { ask } from '../../test-support/fake-engine.js';
import { extractCandidates } from '../../src/answer/candidates/index.js';

const dir = (rel: string) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));
const FOLDERS = ['corpus', 'training/blind/wiki', 'training/blind/community/club-pack', 'training/blind/community/guild-handbook', 'training/blind/community/project-docs'];

describe('stored passage analyses', () => {
  it("read back equal to analysePassage's, token for token, on every shipped corpus", async () => {
    for (const folder of FOLDERS) {
      const corpus = await loadCorpus(dir(folder));
      const snapshot = buildSnapshot(corpus);
      const stored = snapshot.index.analyses!;
      expect(stored.passages).toBe(corpus.passages.length);
      snapshot.corpus.passages.forEach((p, i) => {
        expect(stored.analysis(i, p.text), `${folder} ${p.id}`).toStrictEqual(analysePassage(p.text, p.source));
      });
    }
  });

  it("candidates read back equal to extractCandidates', span for span, on every shipped corpus and odd text", async () => {
    const odd = corpusFromDocuments([
      { id: 'a', file: 'a.jsonl', title: 'A', source: 'Baltic Wire', date: null, url: null, paragraphs: ['Storm Hits Port Elm? Ships Stay: In Harbour - Baltic Wire - 2024-01-02', 'The Baltic Works Authority (BWA) said Yemen, Libya and Somalia paid $5 million.', '...'] },
    ]);
    for (const corpus of [...(await Promise.all(FOLDERS.map((f) => loadCorpus(dir(f))))), odd]) {
      const snapshot = openSnapshot(buildSnapshot(corpus).buffer);
      const stored = snapshot.index.candidates!;
      expect(stored.passages).toBe(corpus.passages.length);
      snapshot.corpus.passages.forEach((p, i) => {
        const expected = extractCandidates(analysePassage(p.text, p.source), snapshot.index, { source: p.source });
        expect(stored.candidates(i), p.id).toStrictEqual(expected);
      });
    }
  });

  it('keeps odd text: headlines as one sentence, non-ASCII, empty and punctuation-only passages, Title Case re-tags', () => {
    const corpus = corpusFromDocuments([
      { id: 'a', file: 'a.jsonl', title: 'A', source: 'Baltic Wire', date: null, url: null, paragraphs: ['Storm Hits Port Elm? Ships Stay: In Harbour - Baltic Wire - 2024-01-02', 'Naïve café owners sold 東京 tea in Zürich — “Seegfrörni”. It cost $5.', '...', 'kurdistan24.net reported it.Then nothing.'] },
    ]);
    const snapshot = openSnapshot(buildSnapshot(corpus).buffer);
    const stored = snapshot.index.analyses!;
    corpus.passages.forEach((p, i) => expect(stored.analysis(i, p.text)).toStrictEqual(analysePassage(p.text, p.source)));
    expect(stored.analysis(0, corpus.passages[0]!.text).sentences).toHaveLength(1);
  });

  it('are the same made in several threads as in one', async () => {
    const corpus = await loadCorpus(dir('corpus'));
    const one = mergeAnalyses([analysePart(corpus.passages)]);
    const three = await analyseCorpus(corpus.passages, { threads: 3 });
    expect(three).toStrictEqual(one);
    // Parts merged by hand agree too (string ids renumbered across parts).
    const split = mergeAnalyses([analysePart(corpus.passages.slice(0, 40)), analysePart(corpus.passages.slice(40))]);
    expect(split).toStrictEqual(one);
    const reopened = openAnalyses(split);
    corpus.passages.forEach((p, i) => expect(reopened.analysis(i, p.text)).toStrictEqual(analysePassage(p.text, p.source)));
  });

  it('are made in threads only when the corpus pays for them', () => {
    expect(analysisThreads(100, 8)).toBe(1);
    expect(analysisThreads(5000, 8)).toBe(2);
    expect(analysisThreads(200_000, 2)).toBe(2);
  });

  it('are not made for a corpus past the size limit, whose passages are then analysed when first read', async () => {
    const corpus = await loadCorpus(dir('corpus'));
    const skipped = await buildSnapshotInThreads(corpus, { upTo: corpus.passages.length - 1 });
    expect(skipped.index.analyses?.passages).toBe(0);
    const full = await buildSnapshotInThreads(corpus, { upTo: corpus.passages.length });
    expect(full.index.analyses?.passages).toBe(corpus.passages.length);
    const lazy = createEngine(skipped.corpus, { index: skipped.index });
    const stored = createEngine(full.corpus, { index: full.index });
    for (const q of ['Who was killed in a U.S. drone strike in Kabul?', 'How much has al Qaeda\'s share of the mine proceeds totaled?']) {
      const { ms: _a, ...a } = ask(lazy, q);
      const { ms: _b, ...b } = ask(stored, q);
      expect(a).toEqual(b);
    }
  });

  it('answer as the passages analysed on the spot do', async () => {
    const corpus = await loadCorpus(dir('corpus'));
    const snapshot = buildSnapshot(corpus);
    const stored = createEngine(snapshot.corpus, { index: snapshot.index });
    const onTheSpot = createEngine(corpus);
    for (const q of ['Who was killed in a U.S. drone strike in Kabul?', 'When was Ayman al-Zawahiri killed?', 'How much has al Qaeda\'s share of the mine proceeds totaled?']) {
      const { ms: _a, ...a } = ask(stored, q);
      const { ms: _b, ...b } = ask(onTheSpot, q);
      expect(a).toEqual(b);
    }
  });
});

describe('a passage is read the same whatever was read before', () => {
  it('in reverse order as in order', async () => {
    const corpus = await loadCorpus(dir('training/blind/wiki'));
    const forward = corpus.passages.map((p) => analysePassage(p.text, p.source));
    const backward = [...corpus.passages].reverse().map((p) => analysePassage(p.text, p.source)).reverse();
    expect(backward).toStrictEqual(forward);
  });
});

describe('an engine over a snapshot', () => {
  it('never runs wink on a passage: only the question is read', async () => {
    const { nlp } = await import('../../src/nlp/wink.js');
    const { buildEngine } = await import('../../src/pool/spec.js');
    const { vi } = await import('vitest');
    const corpus = await loadCorpus(dir('corpus'));
    const snapshot = buildSnapshot(corpus);
    // As a pool worker builds it, from the shared buffer alone.
    const engine = await buildEngine({ snapshot: snapshot.buffer });
    const read = vi.spyOn(nlp, 'readDoc');
    try {
      const answer = ask(engine, 'Who was killed in a U.S. drone strike in Kabul?');
      expect(answer.answer).toBeTruthy();
      const texts = new Set(corpus.passages.map((p) => p.text));
      expect(read).toHaveBeenCalled();
      for (const [text] of read.mock.calls) expect(texts.has(text)).toBe(false);
    } finally {
      read.mockRestore();
    }
  });
});
