import { Writable } from 'node:stream';
import type { QuestionType } from '../../src/answer/types.js';
import type { Config } from '../../src/config.js';
import { DEFAULT_CORPUS_LIMITS } from '../../src/corpus/load.js';
import { answerKey } from '../../src/discord/answer-cache.js';
import { createLogger } from '../../src/log.js';
import { corpus, question } from '../../test-support/fake-engine.js';

/** Shaped like a bot token for requireBot(), but obviously not one. */
export const TEST_TOKEN = 'fake-token-for-tests-only.abcd.0123456789abcdefghij';

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

/** The answer-cache key the bot uses for `text` (with its fixed type) over the fake corpus. */
export const keyFor = (text: string, type?: QuestionType): string => answerKey(corpus.hash, question(text, undefined, type));
