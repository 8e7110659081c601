import { afterEach, describe, expect, it } from 'vitest';
import { FatalDiscordError } from '../../src/discord/connection.js';
import { slashCommand } from '../../test-support/fake-discord/server.js';
import { TEST_TOKEN } from './fixtures.js';
import { settle, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  if (h) expect(h.logs.text()).not.toContain(TEST_TOKEN);
  h = undefined;
});

const fatalLines = (harness: Harness) => harness.logs.entries().filter((e) => e.level === 60);

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
