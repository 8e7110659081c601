import { afterEach, describe, expect, it } from 'vitest';
import { FatalDiscordError } from '../../src/discord/connection.js';
import type { AsyncEngine } from '../../src/pool/types.js';
import { inProcess } from '../../src/pool/in-process.js';
import { slashCommand, type FakeDiscord } from '../../test-support/fake-discord/server.js';
import { TEST_TOKEN } from './fixtures.js';
import { fakeEngine } from '../../test-support/fake-engine.js';
import { settle, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  if (h) expect(h.logs.text()).not.toContain(TEST_TOKEN);
  h = undefined;
});

const fatalLines = (harness: Harness) => harness.logs.entries().filter((e) => e.level === 60);

/** An engine whose workers are still being built (a large corpus without a snapshot): ready() waits for `build()`. */
function buildingEngine(): AsyncEngine & { build(): void; closed: boolean } {
  const inner = inProcess(fakeEngine());
  let build!: () => void;
  const built = new Promise<void>((resolve) => (build = resolve));
  const engine = {
    ...inner,
    closed: false,
    build,
    ready: () => built,
    ask: async (...args: Parameters<AsyncEngine['ask']>) => (await built, inner.ask(...args)),
    close: async () => void (engine.closed = true),
  };
  return engine;
}

/**
 * startBot against a fake whose login succeeds while the engine is still being built; `act` runs
 * once the gateway session is READY. What startBot then did, and what it logged.
 */
async function fatalWhileBuilding(act: (fake: FakeDiscord) => void) {
  let fake!: FakeDiscord;
  const engine = buildingEngine();
  const startedAt = startHarness({
    asyncEngine: engine,
    bot: { deferAfterMs: 0 },
    beforeLogin: (f) => {
      fake = f;
      // READY has gone out once the session logs "gateway session ready"; act then.
      void expect.poll(() => f.identifies.length, { timeout: 10_000 }).toBe(1).then(() => setTimeout(() => act(f), 50));
    },
  });
  const outcome = await Promise.race([
    startedAt.then(
      (harness) => ({ started: harness }),
      (error: unknown) => ({ error }),
    ),
    // The zombie this guards against: startBot would wait for the engine, then log in as if nothing happened.
    new Promise<{ hung: true }>((resolve) => setTimeout(() => resolve({ hung: true }), 5_000)),
  ]);
  engine.build();
  if ('started' in outcome) h = outcome.started;
  return { outcome, engine, fake };
}

describe('what the bot cannot recover from', () => {
  it('a fatal close while logging in rejects startBot with what to fix (no hang)', async () => {
    const error = await startHarness({ fake: { identifyCloseCode: 4004 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalDiscordError);
    expect((error as FatalDiscordError).closeCode).toBe(4004);
    expect((error as Error).message).toMatch(/Reset Token, and put the new one in \.env as DISCORD_TOKEN/);
  });

  it('a 401 while logging in (a bad token the REST API refuses first) rejects startBot with the same fix', async () => {
    const error = await startHarness({ beforeLogin: (fake) => fake.failNext({ method: 'GET', path: '/gateway/bot', status: 401 }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalDiscordError);
    expect((error as Error).message).toMatch(/^Discord answered 401 Unauthorized to GET \/gateway\/bot: the bot token is no longer valid; reset the token/);
  });

  it('a fatal close after READY while the engines are still being built rejects startBot at once (no zombie)', async () => {
    const { outcome, engine, fake } = await fatalWhileBuilding((f) => f.disconnectGateway(4004));
    expect(outcome).toMatchObject({ error: expect.any(FatalDiscordError) });
    expect((outcome as { error: FatalDiscordError }).error.closeCode).toBe(4004);
    // It stopped what it had started: the engine and the connection.
    expect(engine.closed).toBe(true);
    expect(fake.identifies).toHaveLength(1);
  });

  it('a 401 while the engines are still being built rejects startBot too', async () => {
    // A DM arrives while the engine is building; the bot's first authenticated request ("typing…") gets a 401.
    const { outcome } = await fatalWhileBuilding((f) => {
      f.failNext({ method: 'POST', path: '/channels/:channel/typing', status: 401 });
      f.sendMessage({ content: 'Who is the interior minister?', dm: true });
    });
    expect(outcome).toMatchObject({ error: expect.any(FatalDiscordError) });
    expect((outcome as { error: Error }).error.message).toMatch(/^Discord answered 401 Unauthorized to POST \/channels\/:id\/typing/);
  });

  it('a fatal close after login (4014): one fatal line naming the fix, the bot stops, exit code 1', async () => {
    h = await startHarness();
    h.fake.disconnectGateway(4014);
    await expect.poll(() => h!.exits).toEqual([1]);
    const lines = fatalLines(h);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ closeCode: 4014, msg: expect.stringMatching(/Privileged Gateway Intents/) });
    expect(h.bot.client.isReady()).toBe(false);
  });

  it('a 401 on an authenticated route (a reset token): fatal too, instead of DMs failing until a restart', async () => {
    h = await startHarness();
    h.fake.failNext({ method: 'POST', path: '/channels/:channel/messages', status: 401 });
    h.fake.sendMessage({ content: 'Who is the interior minister?', dm: true });
    await expect.poll(() => h!.exits).toEqual([1]);
    expect(fatalLines(h)[0]!.msg).toMatch(/^Discord answered 401 Unauthorized to POST \/channels\/:id\/messages: the bot token is no longer valid; reset the token/);
  });

  it('a 401 on an interaction webhook (its own token expired) is not about the bot token: not fatal', async () => {
    h = await startHarness();
    h.fake.failNext({ method: 'POST', path: '/interactions/:id/:token/callback', status: 401 });
    const { id } = h.fake.sendInteraction(slashCommand('help'));
    await h.callback(id);
    await settle(200);
    expect(h.exits).toEqual([]);
    expect(fatalLines(h)).toEqual([]);
  });

  it('reconnects and resumes are logged at info', async () => {
    h = await startHarness();
    h.fake.disconnectGateway(4000);
    await expect.poll(() => h!.logs.entries().map((e) => e.msg), { timeout: 5000 }).toContain('gateway session resumed');
    const entries = h.logs.entries();
    expect(entries.find((e) => e.msg === 'gateway connection lost; reconnecting')).toMatchObject({ level: 30 });
    expect(entries.find((e) => e.msg === 'gateway session resumed')).toMatchObject({ level: 30, replayed: expect.any(Number) });
    expect(h.exits).toEqual([]);
  });
});
