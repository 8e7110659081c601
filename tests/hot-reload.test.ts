import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHotReload, type HotReloadOptions } from '../src/cli/hot-reload.js';
import { DEFAULT_CORPUS_LIMITS } from '../src/corpus/limits.js';
import type { Corpus } from '../src/corpus/types.js';
import { loadOrBuildInWorker } from '../src/index/build-in-worker.js';

// Hot reload with real files, a real watcher and real build threads (issue 14, defects 6–8):
// the folder replaced or removed, writes the recursive watcher misses, files still being
// written, and builds that would never end.

const base = mkdtempSync(path.join(os.tmpdir(), 'dossier-hot-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hot(overrides: Partial<HotReloadOptions<Corpus>> = {}) {
  const dir = path.join(base, `case-${++n}`, 'hot');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'keeper.txt'), 'The keeper Maren Holt was appointed in March 1987.\n');
  const logs: Array<{ level: 'info' | 'warn'; msg: string; fields: object }> = [];
  let current: Corpus = { documents: [], passages: [], warnings: [], hash: 'none' };
  const swapped: Corpus[] = [];
  const start = () =>
    startHotReload<Corpus>({
      dir,
      snapshotFile: null,
      limits: DEFAULT_CORPUS_LIMITS,
      current: () => current,
      make: (loaded) => loaded.snapshot.corpus,
      swap: async (next) => {
        current = next;
        swapped.push(next);
      },
      log: { info: (fields, msg) => logs.push({ level: 'info', msg, fields }), warn: (fields, msg) => logs.push({ level: 'warn', msg, fields }) },
      ...overrides,
    });
  const texts = () => current.passages.map((p) => p.text);
  /** Resolves once the corpus answering holds `text`; fails after `ms`. */
  const until = async (test: () => boolean, ms: number, what: string) => {
    const end = Date.now() + ms;
    while (!test()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; logs: ${JSON.stringify(logs.map((l) => l.msg))}`);
      await sleep(50);
    }
  };
  return { dir, logs, swapped, texts, start, until, said: (re: RegExp) => logs.filter((l) => re.test(l.msg)) };
}

describe('hot reload keeps watching', () => {
  it.each([
    ['moved aside and a new one made in its place', (dir: string) => (renameSync(dir, `${dir}.old`), mkdirSync(dir))],
    // The file system may hand the new folder the old one's inode at once.
    ['removed and made again at once (rm -rf && mkdir)', (dir: string) => (rmSync(dir, { recursive: true }), mkdirSync(dir))],
  ])('a folder %s: logs both ways, and picks up edits in the new one', async (_how, replace) => {
    const h = hot();
    const reloader = h.start();
    try {
      replace(h.dir);
      writeFileSync(path.join(h.dir, 'keeper.txt'), 'The keeper Maren Holt was appointed in March 1987.\n');
      await h.until(() => h.said(/watching the corpus folder again/).length > 0, 10_000, 'the watcher to resume');
      expect(h.said(/stopped watching the corpus folder: it was replaced by another folder/)).toHaveLength(1);
      writeFileSync(path.join(h.dir, 'keeper.txt'), 'The keeper Maren Holt was appointed in June 2004.\n');
      await h.until(() => h.texts().some((t) => t.includes('June 2004')), 20_000, 'the edit');
    } finally {
      await reloader.close();
    }
  }, 40_000);

  it('a folder removed and made again (rm -rf, mkdir): logs both ways and reloads what is there now', async () => {
    const h = hot();
    const reloader = h.start();
    try {
      rmSync(h.dir, { recursive: true });
      await h.until(() => h.said(/stopped watching the corpus folder: it was removed/).length > 0, 10_000, 'the removal to be noticed');
      mkdirSync(h.dir);
      writeFileSync(path.join(h.dir, 'lamp.txt'), 'The lamp was converted to electricity in 1931.\n');
      await h.until(() => h.texts().some((t) => t.includes('1931')), 20_000, 'the new folder to be loaded');
      expect(h.said(/watching the corpus folder again/)).toHaveLength(1);
    } finally {
      await reloader.close();
    }
  }, 40_000);

  it('a write under a path that was a symbolic link, which recursive watching misses, is found by looking', async () => {
    const h = hot();
    mkdirSync(path.join(h.dir, 'real'));
    symlinkSync(path.join(h.dir, 'real'), path.join(h.dir, 'sub'));
    const reloader = h.start();
    try {
      rmSync(path.join(h.dir, 'sub'));
      mkdirSync(path.join(h.dir, 'sub'));
      await sleep(300);
      writeFileSync(path.join(h.dir, 'sub', 'fog.txt'), 'The fog horn sounded for 40 hours in 1952.\n');
      await h.until(() => h.texts().some((t) => t.includes('fog horn')), 20_000, 'the write to be picked up');
    } finally {
      await reloader.close();
    }
  }, 40_000);

  it('never indexes a file still being written: chunks 0.8 s apart are read only once the last is in', async () => {
    const h = hot();
    const reloader = h.start();
    const whole = 'The lighthouse at Port Elm was built in 1874 by the harbour board and first lit in 1875.';
    const chunks = [whole.slice(0, 30), whole.slice(30, 55), whole.slice(55, 75), `${whole.slice(75)}\n`];
    try {
      for (const chunk of chunks) {
        appendFileSync(path.join(h.dir, 'built.txt'), chunk);
        await sleep(800);
      }
      await h.until(() => h.texts().includes(whole), 20_000, 'the whole file');
      // No corpus swapped in ever held a part of it.
      const partial = h.swapped.flatMap((c) => c.passages.map((p) => p.text)).filter((t) => whole.startsWith(t) && t !== whole);
      expect(partial).toEqual([]);
    } finally {
      await reloader.close();
    }
  }, 40_000);

  it('front matter of 5 MB dropped into the folder: a warning naming the file, and later edits reload', async () => {
    const h = hot();
    const reloader = h.start();
    try {
      const keys = Array.from({ length: 300_000 }, (_, i) => `key${i}: value`).join('\n');
      writeFileSync(path.join(h.dir, 'hostile.md'), `---\n${keys}\n---\nBody paragraph of the hostile file.\n`);
      await h.until(() => h.said(/corpus warning: hostile\.md: front matter is .* MB, over the 16 KB it may hold/).length > 0, 30_000, 'the warning');
      writeFileSync(path.join(h.dir, 'keeper.txt'), 'The keeper Maren Holt was appointed in June 2004.\n');
      await h.until(() => h.texts().some((t) => t.includes('June 2004')), 30_000, 'the edit after it');
    } finally {
      await reloader.close();
    }
  }, 60_000);
});

describe('a build has a budget, and shutdown never waits for one', () => {
  it('a build past its memory budget is abandoned with a warning naming the file it was reading; once it is gone, changes reload', async () => {
    const h = hot({ budget: { timeoutMs: 120_000, memoryMb: 200 } });
    const reloader = h.start();
    try {
      // 60 MB of one-character lines: each a string the parser keeps, far past 200 MB.
      writeFileSync(path.join(h.dir, 'heavy.txt'), `Heavy\n${'a\n'.repeat(30_000_000)}`);
      await h.until(() => h.said(/corpus reload failed/).length > 0, 60_000, 'the build to be abandoned');
      const failed = h.logs.find((l) => /corpus reload failed/.test(l.msg))!;
      expect(String((failed.fields as { err: Error }).err.message)).toMatch(/used more than its 200 MB of memory while reading heavy\.txt; abandoned$/);
      rmSync(path.join(h.dir, 'heavy.txt'));
      writeFileSync(path.join(h.dir, 'keeper.txt'), 'The keeper Maren Holt was appointed in June 2004.\n');
      await h.until(() => h.texts().some((t) => t.includes('June 2004')), 30_000, 'the next reload');
    } finally {
      await reloader.close();
    }
  }, 120_000);

  it('a build past its time budget is abandoned and says so', async () => {
    const dir = path.join(base, 'slow');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'keeper.txt'), 'The keeper Maren Holt was appointed in March 1987.\n');
    await expect(loadOrBuildInWorker({ dir, snapshotFile: null, limits: DEFAULT_CORPUS_LIMITS }, { budget: { timeoutMs: 1, memoryMb: 512 } })).rejects.toThrow(
      /^the index build took longer than 0 s; abandoned$/,
    );
  });

  it('close() returns while a build is running, and the build thread is stopped', async () => {
    const h = hot({ settleMs: 0 });
    const reloader = h.start();
    writeFileSync(path.join(h.dir, 'big.txt'), `Big\n${'The tide tables were printed every spring.\n'.repeat(800_000)}`);
    // Wait until the build is under way (it takes several seconds), then shut down.
    await sleep(1_500);
    const t0 = performance.now();
    await reloader.close();
    const closeMs = performance.now() - t0;
    await sleep(3_000);
    expect(h.swapped).toEqual([]);
    expect(h.said(/corpus reload failed/)).toEqual([]);
    // Generous: it is a matter of not waiting for the build at all.
    expect(closeMs).toBeLessThan(1_000);
  }, 30_000);
});
