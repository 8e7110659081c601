import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLE } from '../../scripts/freshness.mjs';
import { startBotProcess } from '../../test-support/bot-process.js';
import { slashCommand } from '../../test-support/fake-discord/server.js';
import { TEST_TOKEN } from '../discord/fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('bin/dossier.mjs (what npm start / repl / ask run)', () => {
  it('answers from the compiled CLI with exactly one JSON line on stdout, building dist/ first if needed', (test) => {
    const snapshots = mkdtempSync(path.join(tmpdir(), 'dossier-launcher-'));
    test.onTestFinished(() => rmSync(snapshots, { recursive: true, force: true }));
    const run = spawnSync(process.execPath, ['bin/dossier.mjs', 'ask', '--json', 'When was Ayman al-Zawahiri killed?'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: 'info', CORPUS_DIR: '', SNAPSHOT_DIR: snapshots },
      timeout: 280_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ question: 'When was Ayman al-Zawahiri killed?', answer: 'July 31, 2022' });
    // The fast path was taken: the one-file CLI exists beside the module tree.
    expect(existsSync(path.join(ROOT, 'dist', BUNDLE))).toBe(true);
  }, 300_000);

  // The pool's worker module is found from its caller's import.meta.url. In the one-file CLI
  // that is rewritten to the compiled twin's URL, so the worker must start from dist/src/pool/
  // (there is no tsx to run a .ts worker, and no worker inside the bundle).
  it('start: the bot logs in and answers through worker threads started from the compiled build, and SIGTERM exits 0', async () => {
    // A generous interaction deadline: this is about the build, not about timing on a shared machine.
    const bot = await startBotProcess({ entry: ['bin/dossier.mjs'], token: TEST_TOKEN, corpusDir: '', fake: { interactionDeadlineMs: 60_000 } });
    const { fake } = bot;
    try {
      await expect.poll(bot.stderr, { timeout: 240_000, interval: 200 }).toMatch(/logged in as |error: /);
      expect(bot.stderr()).toContain('logged in as ');
      expect(bot.stderr()).not.toMatch(/engine worker|could not be started in a worker/);

      const { id, token } = fake.sendInteraction(slashCommand('ask', { question: 'When was Ayman al-Zawahiri killed?' }));
      const callback = await fake.waitForRequest({ method: 'POST', path: `/interactions/${id}/:token/callback` }, 30_000);
      const reply =
        callback.body.type === 5
          ? (await fake.waitForRequest({ method: 'PATCH', path: `/webhooks/:app/${token}/messages/@original` }, 30_000)).body
          : callback.body.data;
      expect(reply.embeds[0].title).toBe('July 31, 2022');

      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(bot.stderr()).not.toContain(TEST_TOKEN);
    } finally {
      await bot.dispose();
    }
  }, 300_000);
});
