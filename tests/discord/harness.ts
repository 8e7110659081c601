import { afterEach, beforeEach, expect } from 'vitest';
import type { Config } from '../../src/config.js';
import type { Reply } from '../../src/discord/render.js';
import { startBot, type Bot, type BotOptions } from '../../src/discord/bot.js';
import type { Engine } from '../../src/engine.js';
import { inProcess } from '../../src/pool/in-process.js';
import type { AsyncEngine } from '../../src/pool/types.js';
import { createStores, type Stores } from '../../src/store/keyv.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type RecordedRequest } from '../../test-support/fake-discord/server.js';
import { captureLogs, testConfig, TEST_TOKEN } from './fixtures.js';
import { fakeEngine, type FakeEngine } from '../../test-support/fake-engine.js';

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  engine: FakeEngine | Engine;
  stores: Stores;
  logs: ReturnType<typeof captureLogs>;
  config: Config;
  exits: number[];
  /** The interaction callback for interaction `id`. */
  callback(id: string): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/**
 * A fresh harness around every test of the calling file, with the fake engine, closed after
 * each test with a check that the token never reached the logs.
 */
export function useHarness(): { h: Harness; engine: FakeEngine } {
  const current = {} as { h: Harness; engine: FakeEngine };
  beforeEach(async () => {
    current.h = await startHarness();
    current.engine = current.h.engine as FakeEngine;
  });
  afterEach(async () => {
    await current.h.close();
    expect(current.h.logs.text()).not.toContain(TEST_TOKEN);
  });
  return current;
}

/** The fake Discord, and the real bot logged into it through startBot(). */
export async function startHarness(
  options: {
    /** The engine tests inspect (default: the scripted fake engine). */
    engine?: Engine;
    /** What the bot asks (default: `engine`, in-process). */
    asyncEngine?: AsyncEngine;
    stores?: Stores;
    config?: Partial<Config>;
    bot?: Partial<BotOptions>;
    fake?: FakeDiscordOptions;
    /** Runs once the fake is up, before the bot connects (e.g. to arm a failure for login). */
    beforeLogin?: (fake: FakeDiscord) => void;
  } = {},
): Promise<Harness> {
  const fake = await startFakeDiscord(options.fake);
  options.beforeLogin?.(fake);
  const logs = captureLogs();
  const engine = options.engine ?? fakeEngine();
  const config = testConfig({ discordApiUrl: fake.apiUrl, discordClientId: fake.applicationId, ...options.config });
  const stores = options.stores ?? createStores('memory', logs.logger);
  const exits: number[] = [];
  let bot: Bot;
  try {
    const asked = options.asyncEngine ?? inProcess(engine);
    bot = await startBot({ config, engine: asked, logger: logs.logger, stores, signals: false, exit: (code) => exits.push(code), ...options.bot });
  } catch (error) {
    await fake.close();
    throw error;
  }
  return {
    fake,
    bot,
    engine,
    stores,
    logs,
    config,
    exits,
    callback: (id) => fake.waitForRequest({ method: 'POST', path: `/interactions/${id}/:token/callback` }),
    async close() {
      await bot.stop();
      await fake.close();
    },
  };
}

/** Every request the bot made whose body carries a message (callbacks with data, webhooks, channel messages). */
export function messagePayloads(fake: FakeDiscord): unknown[] {
  return fake.requests
    .filter((r) => r.body && (r.method === 'POST' || r.method === 'PATCH'))
    .filter((r) => /callback$|^\/webhooks\/|^\/channels\/\d+\/messages$/.test(r.path))
    .map((r) => (/callback$/.test(r.path) ? r.body.data : r.body))
    .filter((data) => data && (data.content !== undefined || data.embeds !== undefined));
}

/**
 * A Reply as discord.js puts it on the wire (snake_case, with its fixed fields), so tests
 * can compare recorded bodies with toEqual.
 */
export function wire(reply: Reply, flags?: number): Record<string, unknown> {
  return {
    ...(reply.content !== undefined ? { content: reply.content } : {}),
    tts: false,
    enforce_nonce: false,
    embeds: reply.embeds,
    components: reply.components,
    allowed_mentions: { parse: [] },
    ...(flags !== undefined ? { flags } : {}),
  };
}

export const EPHEMERAL = 64;

/** Waits a little to show that something does NOT happen. */
export const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));
