import type { Answer, AskOptions, Citation } from '../../src/answer/types.js';
import type { Corpus, Passage } from '../../src/corpus/types.js';
import type { Engine } from '../../src/engine.js';

/** A hand-built two-document corpus, independent of the loader. */
export function fakeCorpus(): Corpus {
  const p = (doc: string, paragraph: number, text: string, title: string, source: string | null, date: string | null): Passage => ({
    id: `${doc}#${paragraph}`, doc, paragraph, text, title, source, date, url: null,
  });
  const a = [
    p('zawahiri', 1, 'Ayman al-Zawahiri was killed on July 31, 2022 in a U.S. drone strike in Kabul.', 'Zawahiri killed', 'Wire', '2022-08-01'),
    p('zawahiri', 2, 'The strike hit a safe house in the Sherpur district.', 'Zawahiri killed', 'Wire', '2022-08-01'),
  ];
  const b = [p('mines', 1, 'Al Qaeda took a share of the gold mine proceeds, which totaled $194.4 million.', 'Gold mines', null, null)];
  return {
    documents: [
      { id: 'zawahiri', file: 'zawahiri.txt', title: 'Zawahiri killed', source: 'Wire', date: '2022-08-01', url: null, passages: a },
      { id: 'mines', file: 'mines.md', title: 'Gold mines', source: null, date: null, url: null, passages: b },
    ],
    passages: [...a, ...b],
    warnings: [],
    hash: 'fake',
  };
}

function cite(p: Passage, highlight: [number, number] | null): Citation {
  return { id: p.id, doc: p.doc, title: p.title, source: p.source, date: p.date, passage: p.paragraph, text: p.text, highlight };
}

/**
 * Interface-conformant Engine with scripted behaviour: questions containing "killed"
 * are answered from zawahiri#1, "explode" throws, everything else is not found.
 */
export function fakeEngine(): Engine & { asked: Array<{ question: string; options?: AskOptions }> } {
  const corpus = fakeCorpus();
  const byId = new Map(corpus.passages.map((p) => [p.id, p]));
  const asked: Array<{ question: string; options?: AskOptions }> = [];
  return {
    corpus,
    loadedAt: new Date('2025-01-02T03:04:05Z'),
    asked,
    passage: (id) => byId.get(id),
    search: (q, k = 3) => corpus.passages.filter((p) => p.text.toLowerCase().includes(q.toLowerCase())).slice(0, k).map((passage) => ({ passage, score: 1 })),
    ask(question, options): Answer {
      asked.push({ question, options });
      const type = options?.type ?? (/^when/i.test(question) ? 'when' : 'what');
      if (/explode/.test(question)) throw new Error('boom');
      if (/killed/.test(question)) {
        const p = byId.get('zawahiri#1')!;
        const start = p.text.indexOf('July 31, 2022');
        return { question, type, answer: 'July 31, 2022', confidence: 0.87, citations: [cite(p, [start, start + 'July 31, 2022'.length])], ms: 1.234567 };
      }
      return { question, type, answer: null, confidence: 0.1, citations: [cite(byId.get('mines#1')!, null)], ms: 0.5, reason: 'no candidate of type ' + type };
    },
  };
}
