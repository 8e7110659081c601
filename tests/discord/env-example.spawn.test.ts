import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { describe, expect, it, type TestContext } from 'vitest';
import { startBotProcess } from '../../test-support/bot-process.js';
import { TEST_TOKEN } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Resolved here: the bot runs in a folder of its own, where `--import tsx` would find nothing.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The README's set-up: `.env.example` copied to `.env`, with the token (and the fake's URL) filled in. */
function envFromExample(token: string, apiUrl: string): string {
  return readFileSync(path.join(ROOT, '.env.example'), 'utf8')
    .replace(/^DISCORD_TOKEN=.*$/m, `DISCORD_TOKEN=${token}`)
    .replace(/^DISCORD_API_URL=.*$/m, `DISCORD_API_URL=${apiUrl}`);
}

/**
 * `npm start` in a checkout of its own (.env, the shipped corpus, and data/ for the store and
 * snapshot where a clone has them), on `.env` as `edit` leaves the README's copy of .env.example.
 */
async function startFromEnvFile(test: TestContext, edit: (env: string) => string = (env) => env) {
  const home = mkdtempSync(path.join(tmpdir(), 'dossier-env-example-'));
  test.onTestFinished(() => rmSync(home, { recursive: true, force: true }));
  cpSync(path.join(ROOT, 'corpus'), path.join(home, 'corpus'), { recursive: true });
  const bot = await startBotProcess({
    entry: ['--import', TSX, path.join(ROOT, 'src', 'cli', 'main.ts')],
    token: TEST_TOKEN,
    corpusDir: '',
    cwd: home,
    settings: 'env-file',
    prepare: (fake) => writeFileSync(path.join(home, '.env'), edit(envFromExample(TEST_TOKEN, fake.apiUrl))),
  });
  test.onTestFinished(() => bot.dispose());
  return bot;
}

describe('a new checkout, set up as the README says', () => {
  it('cp .env.example .env, a token, npm start: logs in', { timeout: 150_000 }, async (test) => {
    const bot = await startFromEnvFile(test);
    await expect.poll(() => bot.stderr(), { timeout: 120_000, interval: 100 }).toMatch(/logged in as .*corpus v\w+ \(\d+ passages\)/);
    // Nothing but log lines, none of them a warning or worse.
    const lines = bot.stderr().trim().split('\n');
    expect(lines.filter((l) => !l.startsWith('{') || (JSON.parse(l) as { level: number }).level >= 40)).toEqual([]);
    expect(bot.stderr()).not.toContain(TEST_TOKEN);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });

  it('an old .env with SHARDS=auto still starts, with one deprecation line', { timeout: 150_000 }, async (test) => {
    const bot = await startFromEnvFile(test, (env) => env.replace(/^DOSSIER_SHARDS=.*$/m, 'SHARDS=auto'));
    await expect.poll(() => bot.stderr(), { timeout: 120_000, interval: 100 }).toContain('logged in as ');
    const warnings = bot.stderr().split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual(['warning: SHARDS is deprecated: read as DOSSIER_SHARDS; rename it in .env (discord.js reads SHARDS itself and cannot parse it)']);
    expect(bot.fake.identifies).toHaveLength(1);
    expect(bot.fake.identifies[0]!.shard ?? [0, 1]).toEqual([0, 1]);
  });
});
