import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { keepSnapshot } from '../../src/cli/indexing.js';
import { startHotReload } from '../../src/cli/hot-reload.js';
import { DEFAULT_CORPUS_LIMITS } from '../../src/corpus/limits.js';
import type { Corpus } from '../../src/corpus/types.js';
import { snapshotFileFor } from '../../src/index/load-or-build.js';
import { LEASE_STALE_MS, listSnapshots, pruneSnapshots, useSnapshot } from '../../src/index/snapshot-files.js';

const root = mkdtempSync(path.join(tmpdir(), 'dossier-snapshot-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const MB = 1024 * 1024;
let dirs = 0;
const freshDir = () => {
  const dir = path.join(root, `d${++dirs}`);
  mkdirSync(dir);
  return dir;
};

/** A snapshot-sized file last used `minutesAgo` minutes ago. */
function fakeSnapshot(dir: string, name: string, bytes: number, minutesAgo: number): string {
  const file = path.join(dir, `${name}.snapshot`);
  writeFileSync(file, Buffer.alloc(bytes));
  const at = new Date(Date.now() - minutesAgo * 60_000);
  utimesSync(file, at, at);
  return file;
}

const names = (dir: string) => readdirSync(dir).sort();

describe('pruning the snapshot folder', () => {
  it('removes the least recently used snapshots beyond the cap, and nothing else', () => {
    const dir = freshDir();
    fakeSnapshot(dir, 'oldest', MB, 40);
    fakeSnapshot(dir, 'old', MB, 30);
    fakeSnapshot(dir, 'recent', MB, 20);
    fakeSnapshot(dir, 'newest', MB, 10);
    writeFileSync(path.join(dir, 'notes.txt'), 'not a snapshot');
    const result = pruneSnapshots(dir, 2.5 * MB);
    expect(result.removed.map((s) => path.basename(s.file))).toEqual(['oldest.snapshot', 'old.snapshot']);
    expect(names(dir)).toEqual(['newest.snapshot', 'notes.txt', 'recent.snapshot']);
    expect(pruneSnapshots(dir, 2.5 * MB).removed).toEqual([]);
  });

  it('using a snapshot makes it the most recently used, and leases it to this process until released', () => {
    const dir = freshDir();
    const mine = fakeSnapshot(dir, 'mine', MB, 50);
    fakeSnapshot(dir, 'other', MB, 5);
    const release = useSnapshot(mine);
    expect(listSnapshots(dir).map((s) => [path.basename(s.file), s.users.map((u) => u.self)])).toEqual([
      ['other.snapshot', []],
      ['mine.snapshot', [true]],
    ]);
    // Even a cap of nothing leaves the one in use.
    expect(pruneSnapshots(dir, 0).kept.map((s) => path.basename(s.file))).toEqual(['mine.snapshot']);
    release();
    expect(pruneSnapshots(dir, 0).removed.map((s) => path.basename(s.file))).toEqual(['mine.snapshot']);
    expect(names(dir)).toEqual([]);
  });

  it('a snapshot leased by another running process is never removed; once that process is gone (killed, no clean-up), it may be', async () => {
    const dir = freshDir();
    const file = fakeSnapshot(dir, 'theirs', MB, 60);
    const module = path.resolve('src/index/snapshot-files.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import(${JSON.stringify(module)}).then((m) => { m.useSnapshot(${JSON.stringify(file)}); console.log('leased'); setInterval(() => {}, 1000); })`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await once(child.stdout!, 'data');
      expect(listSnapshots(dir)[0]!.users).toEqual([expect.objectContaining({ pid: child.pid, local: true, self: false })]);
      expect(pruneSnapshots(dir, 0).removed).toEqual([]);
      expect(names(dir)).toContain('theirs.snapshot');
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    // The lease file is still there, but its process is not: it no longer protects the snapshot.
    expect(names(dir).some((n) => n.endsWith('.lease'))).toBe(true);
    expect(pruneSnapshots(dir, 0).removed.map((s) => path.basename(s.file))).toEqual(['theirs.snapshot']);
    expect(names(dir)).toEqual([]);
  }, 30_000);

  it('a lease from another machine sharing the folder counts while it is refreshed', () => {
    const dir = freshDir();
    const file = fakeSnapshot(dir, 'remote', MB, 60);
    const lease = `${file}.other-host-4242.lease`;
    writeFileSync(lease, '{}');
    expect(pruneSnapshots(dir, 0).removed).toEqual([]);
    const stale = new Date(Date.now() - LEASE_STALE_MS - 60_000);
    utimesSync(lease, stale, stale);
    expect(pruneSnapshots(dir, 0).removed.map((s) => path.basename(s.file))).toEqual(['remote.snapshot']);
  });
});

describe('hot reload keeps one snapshot per corpus folder', () => {
  it('20 reloads of a changing corpus leave its one snapshot, and older ones of other folders beyond the cap go', async () => {
    const corpusDir = freshDir();
    const snapshotDir = freshDir();
    // Left by corpora used before, least recently used first.
    fakeSnapshot(snapshotDir, 'gone-a', MB, 300);
    fakeSnapshot(snapshotDir, 'gone-b', MB, 200);
    const write = (n: number) => writeFileSync(path.join(corpusDir, 'log.txt'), `Harbour log\nEntry ${n}: the harbour at Port Elm handled ${n * 100} ships.\n`);
    write(0);
    // Room for this corpus's snapshot (a few KB), not for the others'.
    const settings = { corpusDir, snapshotDir, snapshotMaxBytes: MB / 2 };
    const snapshotFile = snapshotFileFor(snapshotDir, corpusDir);
    let current: Corpus = { documents: [], passages: [], warnings: [], hash: '' };
    const swaps: string[] = [];
    const reloader = startHotReload({
      dir: corpusDir,
      snapshotFile,
      keepSnapshot: () => keepSnapshot(settings),
      limits: DEFAULT_CORPUS_LIMITS,
      current: () => current,
      make: (loaded) => loaded.snapshot.corpus,
      swap: async (next) => {
        current = next;
        swaps.push(next.hash);
      },
      log: { info: () => undefined, warn: () => undefined },
      debounceMs: 60_000,
    });
    try {
      for (let i = 1; i <= 20; i++) {
        write(i);
        await reloader.reload();
      }
    } finally {
      await reloader.close();
    }
    expect(new Set(swaps).size).toBe(20);
    const kept = listSnapshots(snapshotDir);
    expect(kept.map((s) => s.file)).toEqual([snapshotFile]);
    expect(kept[0]!.users.map((u) => u.self)).toEqual([true]);
    expect(names(snapshotDir).filter((n) => !n.endsWith('.lease'))).toEqual([path.basename(snapshotFile)]);
  }, 180_000);
});
