import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { corpusFromDocuments, loadCorpus } from '../../src/corpus/load.js';
import { buildCorpusIndex } from '../../src/index/corpus-index.js';
import { buildSnapshot, openSnapshot } from '../../src/index/snapshot.js';
import { foldWord, isStopword, tokenizeTerms } from '../../src/nlp/terms.js';
import { lastSentenceTermsOf } from '../../src/answer/reader.js';

const dir = (rel: string) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));

/** What the re-ranker read of a passage when it tokenized the text on every first read. */
function reference(text: string) {
  const raw = tokenizeTerms(text);
  const sentenceStarts = [0];
  for (let i = 1; i < raw.length; i++) {
    const gap = text.slice(raw[i - 1]!.end, raw[i]!.start);
    if (/[.!?]/.test(gap) && /^\p{Lu}/u.test(raw[i]!.text)) sentenceStarts.push(i);
  }
  const words = [...new Set(raw.map((t) => foldWord(t.text)).filter((w) => !isStopword(w)))];
  return { terms: raw.map((t) => t.term), sentenceStarts, words };
}

describe("the index's passage terms", () => {
  it('are the passage tokenized as the index reads it: terms in order, rough sentence starts, distinct content words', async () => {
    const odd = corpusFromDocuments([
      { id: 'a', file: 'a.jsonl', title: 'A', source: null, date: null, url: null, paragraphs: ['', '...', 'U.S. troops left. Then the U.N. came! why? Because 1,500 people (the "Kabul 12") stayed.', 'It ended.  ', 'One. 2,500 came', 'No stop at all', 'Naïve café owners sold 東京 tea in Zürich. It cost $5.'] },
    ]);
    for (const corpus of [await loadCorpus(dir('corpus')), await loadCorpus(dir('training/blind/wiki')), odd]) {
      for (const index of [buildCorpusIndex(corpus.passages), openSnapshot(buildSnapshot(corpus).buffer).index]) {
        corpus.passages.forEach((p, i) => {
          const t = index.passageTerms(i);
          const want = reference(p.text);
          expect([...t.ids].map((id) => index.term(id)), p.id).toEqual(want.terms);
          expect([...t.ids].every((id, k) => index.termId(want.terms[k]!) === id)).toBe(true);
          expect([...t.sentenceStarts], p.id).toEqual(want.sentenceStarts);
          expect([...t.words].map((w) => index.word(w)), p.id).toEqual(want.words);
          // What the next paragraph may refer back to: its last sentence's terms, as tokenizing that sentence alone gives them.
          const last = p.text.split(/(?<=[.!?])\s+/).pop() ?? '';
          expect(lastSentenceTermsOf(p.text, t.ids, (id) => index.term(id)), p.id).toEqual(new Set(tokenizeTerms(last).map((x) => x.term)));
        });
      }
    }
  });

  it('tells words capitalised inside a sentence from those capitalised where a sentence, line or clause opens', () => {
    const corpus = corpusFromDocuments([
      { id: 'a', file: 'a.txt', title: 'A', source: null, date: null, url: null, paragraphs: ['Showers open at 07:00. Ask Kit at the desk.', '2025-01-10: Opened the rail network.\n- Meals are free', 'Kit built it. The showers are warm.'] },
    ]);
    for (const index of [buildCorpusIndex(corpus.passages), openSnapshot(buildSnapshot(corpus).buffer).index]) {
      expect(index.capitalisedInside('kit')).toBe(true);
      expect(index.capitalisedInside('showers')).toBe(false);
      expect(index.seenLowercase('showers')).toBe(true);
      expect(index.capitalisedInside('opened')).toBe(false);
      expect(index.capitalisedInside('meals')).toBe(false);
    }
  });
});
