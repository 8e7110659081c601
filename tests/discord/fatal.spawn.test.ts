import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { FATAL_CLOSE_CODES } from '../../src/discord/connection.js';
import { startBotProcess } from '../../test-support/bot-process.js';
import type { FakeDiscordOptions } from '../../test-support/fake-discord/server.js';
import { TEST_TOKEN } from './fixtures.js';

const corpusDir = (() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-fatal-'));
  writeFileSync(path.join(dir, 'note.txt'), 'A note – Test Wire\nAyman al-Zawahiri was killed on July 31, 2022 in Kabul.\n');
  return dir;
})();
afterAll(() => rmSync(corpusDir, { recursive: true, force: true }));

/** `test` is the running test's context: concurrent tests must register their own cleanup. */
async function startBot(test: TestContext, fake: FakeDiscordOptions = {}) {
  const bot = await startBotProcess({ entry: ['--import', 'tsx', 'src/cli/main.ts'], token: TEST_TOKEN, corpusDir, fake });
  test.onTestFinished(() => bot.dispose());
  return bot;
}

const CASES: Array<[number, string]> = Object.entries(FATAL_CLOSE_CODES).map(([code, fix]) => [Number(code), fix]);

/** The process's fatal log lines (pino level 60): there must be exactly one, naming the fix. */
const fatalLines = (bot: { stderr(): string }) =>
  bot
    .stderr()
    .split('\n')
    .filter((l) => l.includes('"level":60'))
    .map((l) => JSON.parse(l) as { closeCode?: number; msg: string });

describe.concurrent('a fatal gateway close ends the process non-zero with one line saying what to fix', () => {
  it.for(CASES)('close %i while logging in', { timeout: 150_000 }, async ([code, fix], test) => {
    const bot = await startBot(test, { identifyCloseCode: code });
    expect(await bot.exited).toBe(1);
    expect(fatalLines(bot)).toEqual([{ ...fatalLines(bot)[0], closeCode: code, msg: fix }]);
    // One line, not the fix again as an error and a stack trace.
    expect(bot.stderr()).not.toContain('could not start');
    expect(bot.stderr()).not.toContain(TEST_TOKEN);
    expect(bot.fake.identifies).toHaveLength(1);
  });

  it('close 4004 as soon as the session is identified, while the workers may still be building their engines', { timeout: 150_000 }, async (test) => {
    const bot = await startBot(test);
    await expect.poll(() => bot.fake.identifies.length, { timeout: 60_000, interval: 5 }).toBe(1);
    bot.fake.disconnectGateway(4004);
    expect(await bot.exited).toBe(1);
    expect(fatalLines(bot)).toMatchObject([{ closeCode: 4004, msg: FATAL_CLOSE_CODES[4004] }]);
    expect(bot.stderr()).not.toContain(TEST_TOKEN);
  });
});

describe('after login', () => {
  it('a token reset while running (close 4004): one fatal log line with the fix, exit code 1', async (test) => {
    const bot = await startBot(test);
    await expect.poll(() => bot.stderr(), { timeout: 60_000, interval: 100 }).toContain('logged in as ');
    bot.fake.disconnectGateway(4004);
    expect(await bot.exited).toBe(1);
    expect(fatalLines(bot)).toMatchObject([{ closeCode: 4004, msg: FATAL_CLOSE_CODES[4004] }]);
    expect(bot.stderr()).not.toContain(TEST_TOKEN);
  }, 150_000);
});
