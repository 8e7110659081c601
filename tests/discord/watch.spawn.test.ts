import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBotProcess } from '../../test-support/bot-process.js';
import { slashCommand } from '../../test-support/fake-discord/server.js';
import { TEST_TOKEN } from './fixtures.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dossier-bot-watch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const note = (date: string) => `A note – Test Wire\nAyman al-Zawahiri was killed on ${date} in Kabul.\n`;

describe('the bot with WATCH=1', () => {
  it('answers from an edited corpus once its new worker pool is ready, and answers throughout', { timeout: 300_000 }, async (test) => {
    const dir = path.join(tmp, 'corpus');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'note.txt'), note('July 31, 2022'));
    const bot = await startBotProcess({
      entry: ['--import', 'tsx', 'src/cli/main.ts'],
      token: TEST_TOKEN,
      corpusDir: dir,
      env: { WATCH: '1', COOLDOWN_LIMIT: '1000', SNAPSHOT_DIR: path.join(tmp, 'snapshots') },
    });
    test.onTestFinished(() => bot.dispose());
    await expect.poll(() => bot.stderr(), { timeout: 120_000, interval: 100 }).toContain('logged in as ');

    const replies: Array<{ title?: string; flags?: number }> = [];
    const ask = async () => {
      const { id, token } = bot.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
      const body = (await bot.fake.waitForRequest({ method: 'POST', path: `/interactions/${id}/:token/callback` }, 60_000)).body;
      // A deferred reply (type 5) is edited in later; its title is in the edit.
      const data = body.type === 5 ? (await bot.fake.waitForRequest({ method: 'PATCH', path: `/webhooks/:app/${token}/messages/@original` }, 60_000)).body : body.data;
      replies.push({ title: data.embeds?.[0]?.title, flags: data.flags });
      return data.embeds?.[0]?.title as string | undefined;
    };
    expect(await ask()).toBe('July 31, 2022');

    writeFileSync(path.join(dir, 'note.txt'), note('March 3, 2019'));
    await expect.poll(ask, { timeout: 120_000, interval: 250 }).toBe('March 3, 2019');
    // Every question got an answer, the old or the new one: none failed during the rebuild.
    expect(replies.filter((r) => r.title !== 'July 31, 2022' && r.title !== 'March 3, 2019')).toEqual([]);
    // Logged once the old pool has finished its questions and closed, which may be just after.
    await expect.poll(() => bot.stderr(), { timeout: 30_000, interval: 100 }).toContain('corpus reloaded');
    expect(bot.stderr()).not.toContain(TEST_TOKEN);
  });
});
