import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLE } from '../../scripts/freshness.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('bin/dossier.mjs (what npm start / repl / ask run)', () => {
  it('answers from the compiled CLI with exactly one JSON line on stdout, building dist/ first if needed', () => {
    const run = spawnSync(process.execPath, ['bin/dossier.mjs', 'ask', '--json', 'When was Ayman al-Zawahiri killed?'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: 'info', CORPUS_DIR: '' },
      timeout: 280_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ question: 'When was Ayman al-Zawahiri killed?', answer: 'July 31, 2022' });
    // The fast path was taken: the one-file CLI exists beside the module tree.
    expect(existsSync(path.join(ROOT, 'dist', BUNDLE))).toBe(true);
  }, 300_000);
});
