import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// A service manager stops the REPL with SIGTERM: the lease it holds on the snapshot file (which
// keeps pruning from removing a snapshot in use) must go with it, not wait for the next start.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SIGTERM (real process)', () => {
  it('ends the REPL with exit code 143 and removes its snapshot lease', async () => {
    const snapshots = mkdtempSync(path.join(tmpdir(), 'dossier-term-'));
    dirs.push(snapshots);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'repl', '--json'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', NO_COLOR: '1', DISCORD_TOKEN: '', SNAPSHOT_DIR: snapshots, CORPUS_DIR: 'corpus' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const answered = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdin.write('When was Ayman al-Zawahiri killed?\n');
      await answered;
      expect(readdirSync(snapshots).filter((f) => f.endsWith('.lease'))).toHaveLength(1);
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(readdirSync(snapshots).filter((f) => f.endsWith('.lease'))).toEqual([]);
      expect(readdirSync(snapshots).filter((f) => f.endsWith('.snapshot'))).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
