/**
 * The fake engine every adapter test talks to (REPL, CLI, Discord), over a small hand-made
 * corpus, and what goes with it: questions through the real gate, a slow async wrapper.
 */
import { citationOf } from '../src/answer/citation.js';
import { gateQuestion, type Question } from '../src/answer/input.js';
import type { Answer, AskOptions, Citation, QuestionType } from '../src/answer/types.js';
import { corpusFromDocuments } from '../src/corpus/load.js';
import type { Passage } from '../src/corpus/types.js';
import type { Engine } from '../src/engine.js';
import type { AsyncEngine } from '../src/pool/types.js';

export const corpus = corpusFromDocuments([
  {
    id: 'zawahiri',
    file: 'zawahiri.txt',
    title: 'Zawahiri killed in Kabul',
    source: 'Wire',
    date: '2022-08-01',
    paragraphs: [
      'Ayman al-Zawahiri was killed on July 31, 2022 in a U.S. drone strike in Kabul.',
      'The strike hit a safe house in the Sherpur district, owned by an aide to Sirajuddin Haqqani.',
    ],
  },
  {
    id: 'mines',
    file: 'mines.md',
    title: 'Gold mines fund al Qaeda',
    source: 'Foreign Policy',
    date: '2023-06-09',
    paragraphs: [
      'Al Qaeda takes a 25 percent share of the proceeds from gold mines in Badakhshan, tens of millions of dollars a week.',
      'Sirajuddin Haqqani is the Taliban’s interior minister and controls the mines through his network.',
      'Some *starred* _text_ and a <@&123> mention, plus @everyone, to test escaping.',
    ],
  },
]);

/** `p` as a citation, with `answerText` marked in it when given. */
export function cite(p: Passage, answerText?: string): Citation {
  const start = answerText ? p.text.indexOf(answerText) : -1;
  return citationOf(p, start >= 0 && answerText ? [start, start + answerText.length] : null);
}

const passage = (id: string) => {
  const p = corpus.passages.find((x) => x.id === id);
  if (!p) throw new Error(`no passage ${id}`);
  return p;
};

/** A word the fake's corpus writes only with capitals, so tests can see the gate restore it. */
const CAPITALS = new Map([['kabul', 'Kabul']]);

export interface FakeEngine extends Engine {
  /** Every question the engine was asked, as it arrived through the gate. */
  asked: Array<{ question: string; type?: QuestionType; options?: AskOptions }>;
  /** Busy-waits this long in ask(), like a slow synchronous engine. */
  delayMs: number;
}

/**
 * Scripted, interface-conformant engine: "killed"/"zawahiri" → a dated answer (or, for a
 * who-question, a cause) with two related passages; "interior minister" → a name; "explode"
 * throws; anything else is not found, with related reading. Deterministic, so tests can
 * assert exact payloads.
 */
export function fakeEngine(): FakeEngine {
  const byId = new Map(corpus.passages.map((p) => [p.id, p]));
  const engine: FakeEngine = {
    corpus,
    loadedAt: new Date('2025-01-02T03:04:05Z'),
    asked: [],
    delayMs: 0,
    passage: (id) => byId.get(id),
    search: (q, k = 3) =>
      corpus.passages
        .filter((p) => p.text.toLowerCase().includes(q.toLowerCase()))
        .slice(0, k)
        .map((p) => ({ passage: p, score: 1 })),
    restoreCase: (text) => text.replace(/\p{L}+/gu, (w) => CAPITALS.get(w) ?? w),
    ask(q: Question, options?: AskOptions): Answer {
      const question = q.text;
      engine.asked.push({ question, ...(q.type ? { type: q.type } : {}), ...(options && Object.keys(options).length ? { options } : {}) });
      const until = performance.now() + engine.delayMs;
      while (performance.now() < until) {
        // Synchronous on purpose: the real engine blocks the event loop the same way.
      }
      if (/explode/.test(question)) throw new Error('boom');
      const lower = question.toLowerCase();
      if (/zawahiri|killed/.test(lower)) {
        const type = q.type ?? (lower.startsWith('who') ? 'who' : 'when');
        if (type === 'who') {
          return { question, type, answer: 'a U.S. drone strike', confidence: 0.64, citations: [cite(passage('zawahiri#1'), 'a U.S. drone strike'), cite(passage('zawahiri#2'))], ms: 1.234567 };
        }
        return {
          question,
          type,
          answer: 'July 31, 2022',
          confidence: 0.82,
          citations: [cite(passage('zawahiri#1'), 'July 31, 2022'), cite(passage('zawahiri#2')), cite(passage('mines#1'))],
          ms: 1.234567,
        };
      }
      if (/interior minister/.test(lower)) {
        return { question, type: q.type ?? 'who', answer: 'Sirajuddin Haqqani', confidence: 0.9, citations: [cite(passage('mines#2'), 'Sirajuddin Haqqani')], ms: 1.234567 };
      }
      return { question, type: q.type ?? 'what', answer: null, confidence: 0.1, citations: [cite(passage('mines#1')), cite(passage('mines#3'))], ms: 0.5, reason: 'not found in the corpus' };
    },
  };
  return engine;
}

/** `engine` answering `delayMs` late without blocking the event loop, as the worker pool does. */
export function slowEngine(engine: Engine, delayMs: number): AsyncEngine {
  return {
    corpus: engine.corpus,
    loadedAt: engine.loadedAt,
    restoreCase: (text) => engine.restoreCase(text),
    ask: async (question, options) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return engine.ask(question, options);
    },
    backlog: () => 0,
    ready: async () => undefined,
    close: async () => undefined,
  };
}

/**
 * `text` through the real gate, for tests that ask an engine directly; a test that expects
 * its question to be accepted fails here, loudly, if it is not.
 */
export function question(text: string, engine: Pick<Engine, 'restoreCase'> = { restoreCase: (t) => t }, type?: QuestionType): Question {
  const gated = gateQuestion(text, { engine, type });
  if (!gated.ok) throw new Error(`test question rejected: ${gated.error}`);
  return gated.question;
}

/** `engine.ask` for a plain string, through the gate as the adapters ask. */
export const ask = (engine: Engine, text: string, type?: QuestionType, options?: AskOptions): Answer => engine.ask(question(text, engine, type), options);
