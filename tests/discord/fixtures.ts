import { citationOf } from '../../src/answer/citation.js';
import { Writable } from 'node:stream';
import { prepareQuestion, type PreparedQuestion } from '../../src/answer/prepare.js';
import type { Answer, AskOptions, Citation, QuestionType } from '../../src/answer/types.js';
import type { Config } from '../../src/config.js';
import { corpusFromDocuments, DEFAULT_CORPUS_LIMITS } from '../../src/corpus/load.js';
import type { Passage } from '../../src/corpus/types.js';
import { answerKey } from '../../src/discord/answer-cache.js';
import type { Engine } from '../../src/engine.js';
import type { AsyncEngine } from '../../src/pool/types.js';
import { createLogger } from '../../src/log.js';

/** Shaped like a bot token for requireBot(), but obviously not one. */
export const TEST_TOKEN = 'fake-token-for-tests-only.abcd.0123456789abcdefghij';

export const corpus = corpusFromDocuments([
  {
    id: 'zawahiri',
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

export function cite(p: Passage, answerText?: string): Citation {
  const start = answerText ? p.text.indexOf(answerText) : -1;
  return citationOf(p, start >= 0 && answerText ? [start, start + answerText.length] : null);
}

const passage = (id: string) => {
  const p = corpus.passages.find((x) => x.id === id);
  if (!p) throw new Error(`no passage ${id}`);
  return p;
};

export interface FakeEngine extends Engine {
  asked: Array<{ question: string; options: AskOptions | undefined }>;
  /** Busy-waits this long in ask(), like a slow synchronous engine. */
  delayMs: number;
}

/** `engine` answering `delayMs` late without blocking the event loop, as the worker pool does. */
export function slowEngine(engine: Engine, delayMs: number): AsyncEngine {
  return {
    corpus: engine.corpus,
    loadedAt: engine.loadedAt,
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
 * Scripted, interface-conformant engine: "killed"/"zawahiri" → a dated answer with two
 * more sources; "interior minister" → a name; "explode" throws; anything else is not
 * found with related reading. Deterministic, so e2e tests can assert exact payloads.
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
    ask(question, options): Answer {
      engine.asked.push({ question, options });
      const until = performance.now() + engine.delayMs;
      while (performance.now() < until) {
        // Synchronous on purpose: the real engine blocks the event loop the same way.
      }
      if (/explode/.test(question)) throw new Error('boom');
      const q = question.toLowerCase();
      if (/zawahiri|killed/.test(q)) {
        const type = options?.type ?? (q.startsWith('who') ? 'who' : 'when');
        if (type === 'who') {
          return { question, type, answer: 'a U.S. drone strike', confidence: 0.64, citations: [cite(passage('zawahiri#1'), 'a U.S. drone strike'), cite(passage('zawahiri#2'))], ms: 1 };
        }
        return {
          question,
          type,
          answer: 'July 31, 2022',
          confidence: 0.82,
          citations: [cite(passage('zawahiri#1'), 'July 31, 2022'), cite(passage('zawahiri#2')), cite(passage('mines#1'))],
          ms: 1,
        };
      }
      if (/interior minister/.test(q)) {
        return { question, type: options?.type ?? 'who', answer: 'Sirajuddin Haqqani', confidence: 0.9, citations: [cite(passage('mines#2'), 'Sirajuddin Haqqani')], ms: 1 };
      }
      return { question, type: options?.type ?? 'what', answer: null, confidence: 0.1, citations: [cite(passage('mines#1')), cite(passage('mines#3'))], ms: 1, reason: 'not found in the corpus' };
    },
  };
  return engine;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    discordToken: TEST_TOKEN,
    discordClientId: undefined,
    discordGuildId: undefined,
    discordApiUrl: undefined,
    corpusDir: 'corpus',
    corpusLimits: { ...DEFAULT_CORPUS_LIMITS },
    snapshotDir: null,
    snapshotMaxBytes: 2048 * 1024 * 1024,
    keyvUrl: 'memory',
    keyvPrefix: 'dossier',
    watch: false,
    shards: { count: 'auto', list: null },
    logLevel: 'info',
    cooldown: { limit: 100, windowMs: 10_000 },
    conversationTtlMs: 60_000,
    answerCacheTtlMs: 60_000,
    engine: { workers: 1, timeoutMs: 10_000, waitMs: 60_000, queueLimit: 1000 },
    queuePerUser: 10,
    metrics: null,
    ...overrides,
  };
}

/** A real pino logger writing into memory, so tests can read what was logged. */
export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('debug', stream);
  return {
    logger,
    lines,
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown> & { msg: string; level: number }),
    text: () => lines.join('\n'),
  };
}

/** A question as the adapters prepare it; throws for input a test expects to be accepted. */
export function prepared(question: string): PreparedQuestion {
  const p = prepareQuestion(question);
  if (!p.ok) throw new Error(`test question rejected: ${p.error}`);
  return { text: p.text, key: p.key };
}

/** The answer-cache key the bot uses for `question` over the fixture corpus. */
export const keyFor = (question: string, type?: QuestionType): string => answerKey(corpus.hash, prepared(question), type);
