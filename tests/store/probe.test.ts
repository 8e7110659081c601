import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStores } from '../../src/store/keyv.js';
import { runCli } from '../cli/run-cli.js';
import { captureLogger, silentServer, timed } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'dossier-probe-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function probe(url: string, timeoutMs?: number) {
  const stores = createStores(url, captureLogger().logger);
  try {
    return await timed(stores.probe(timeoutMs));
  } finally {
    await stores.close();
  }
}

describe('start-up probe of the state store', () => {
  it.each(['memory', `sqlite://${join(root, 'fresh', 'deeper', 'db.sqlite')}`])('%s works', async (url) => {
    expect((await probe(url)).value).toEqual({ ok: true });
  });

  it('a path under /proc: fails fast and fatally, naming the folder it could not make (this once hung forever)', async () => {
    const { value, ms } = await probe('sqlite:///proc/dossier-nope/db.sqlite');
    expect(value).toEqual({ ok: false, fatal: true, reason: expect.stringMatching(/ENOENT.*mkdir '\/proc\/dossier-nope'/) });
    expect(ms).toBeLessThan(3_000);
  });

  it('a folder where the file should be, or a file where a folder should be: fatal', async () => {
    expect((await probe(`sqlite://${root}`)).value).toMatchObject({ ok: false, fatal: true, reason: expect.stringMatching(/SQLITE_CANTOPEN|EISDIR|directory/i) });
    writeFileSync(join(root, 'a-file'), 'x');
    expect((await probe(`sqlite://${join(root, 'a-file', 'db.sqlite')}`)).value).toMatchObject({ ok: false, fatal: true, reason: expect.stringMatching(/EEXIST|ENOTDIR|SQLITE_CANTOPEN/) });
  });

  it('Redis refusing connections or hanging: not fatal (it may come back), and bounded by the timeout', async () => {
    expect((await probe('redis://127.0.0.1:1')).value).toMatchObject({ ok: false, fatal: false });
    const server = await silentServer();
    try {
      const { value, ms } = await probe(`redis://127.0.0.1:${server.port}`, 300);
      expect(value).toMatchObject({ ok: false, fatal: false, reason: expect.stringMatching(/timed out after 300 ms/) });
      expect(ms).toBeLessThan(2_000);
    } finally {
      await server.close();
    }
  });
});

describe('npm start with an unusable KEYV_URL (real process)', () => {
  it('exits 1 with one clear error line, before contacting Discord', async () => {
    const started = Date.now();
    const { code, stderr } = await runCli(['start'], {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: 'not-checked-against-a-fake-api',
      // Nothing listens here: reaching Discord would fail differently and later.
      DISCORD_API_URL: 'http://127.0.0.1:1/api',
      KEYV_URL: 'sqlite:///proc/dossier-nope/db.sqlite',
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(stderr).toMatch(
      /^error: the bot could not start: the state store sqlite:\/\/\/proc\/dossier-nope\/db\.sqlite cannot be used \(ENOENT[^\n]*\); point KEYV_URL at a writable file, or set KEYV_URL=memory to run without persistence$/m,
    );
  }, 30_000);
});
