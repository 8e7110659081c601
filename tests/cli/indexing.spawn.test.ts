import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'dossier-index-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 60_000 });

describe('dossier index and dossier stats (real processes)', () => {
  it('index builds the snapshot ahead of time; stats and ask then map it back', () => {
    const corpus = path.join(tmp, 'docs');
    const snapshots = path.join(tmp, 'snapshots');
    rmSync(corpus, { recursive: true, force: true });
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'harbour.txt'), 'Harbour news\nThe harbour at Port Elm opened on March 3, 2019, after four years of work.\nIt cost $312.5 million.\n');
    const env = { SNAPSHOT_DIR: snapshots };

    const index = run(['index', '--corpus', corpus], env);
    expect(index.status, index.stderr).toBe(0);
    expect(index.stdout).toMatch(/^documents\s+1$/m);
    expect(index.stdout).toMatch(/^passages\s+2$/m);
    expect(index.stdout).toMatch(/^vocabulary\s+\d+ terms$/m);
    // A two-passage snapshot is a few KB: no "0.0 MB".
    expect(index.stdout).toMatch(new RegExp(`^snapshot\\s+${snapshots.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\.snapshot \\(\\d\\.\\d KB\\)$`, 'm'));
    expect(index.stdout).toMatch(/^this start\s+loaded and indexed the corpus/m);

    const stats = run(['stats', '--corpus', corpus], env);
    expect(stats.status, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/^this start\s+mapped the snapshot back in \d+ ms$/m);
    // The list of what is kept too: KB, not "0.0 MB".
    expect(stats.stdout).toMatch(/^kept\s+1 snapshot, \d\.\d KB of SNAPSHOT_MAX_MB=2048 in /m);
    expect(stats.stdout).toMatch(/^\s+docs-\w+\.snapshot \(this corpus\): \d\.\d KB, last used \S+, in use by this process$/m);
    expect(stats.stderr).toBe('');

    // Another corpus folder's snapshot, used long ago: over a cap of almost nothing it goes, with a note; the one in use stays.
    const other = path.join(snapshots, 'old-corpus-0123456789.snapshot');
    writeFileSync(other, Buffer.alloc(4096));
    utimesSync(other, new Date(0), new Date(0));
    const pruned = run(['stats', '--corpus', corpus], { ...env, SNAPSHOT_MAX_MB: '0.001' });
    expect(pruned.status, pruned.stderr).toBe(0);
    expect(pruned.stderr).toMatch(/^note: removed 1 least recently used index snapshot \(4\.0 KB\) from .*SNAPSHOT_MAX_MB=0\.001$/m);
    expect(existsSync(other)).toBe(false);
    expect(pruned.stdout).toMatch(/^kept\s+1 snapshot,/m);

    const ask = run(['ask', '--json', '--corpus', corpus, 'When did the harbour open?'], env);
    expect(JSON.parse(ask.stdout).answer).toBe('March 3, 2019');

    const off = run(['index', '--corpus', corpus], { SNAPSHOT_DIR: 'off' });
    expect(off.status).toBe(1);
    expect(off.stderr).toMatch(/SNAPSHOT_DIR=off/);
  }, 120_000);
});
