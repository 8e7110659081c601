import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_LIMITS, MB, type CorpusLimits } from '../../src/corpus/limits.js';
import { loadCorpus, type LoadOptions } from '../../src/corpus/load.js';
import { CONTENT } from '../../src/corpus/read.js';
import { describeFsError, loadOrBuild, snapshotFileFor } from '../../src/index/load-or-build.js';
import { ABANDONED_WRITE_MS, readSnapshotFile } from '../../src/index/snapshot.js';

// What a snapshot is keyed by, and what computing the key may touch (issue 14, defects 1–5 and 12).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dossier-snapshot-key-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let dir: string;
let file: string;
let loads: number;
beforeEach((ctx) => {
  dir = path.join(tmp, ctx.task.id, 'corpus');
  mkdirSync(dir, { recursive: true });
  file = snapshotFileFor(path.join(tmp, ctx.task.id, 'snapshots'), dir);
  loads = 0;
});

const start = (limits: CorpusLimits = DEFAULT_CORPUS_LIMITS, options: LoadOptions = {}) =>
  loadOrBuild({
    dir,
    snapshotFile: file,
    limits,
    load: (d, l) => {
      loads++;
      return loadCorpus(d, { ...l, ...options });
    },
  });

const write = (rel: string, text: string | Buffer) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
};

describe('the snapshot key', () => {
  it('is read back whatever the size of its header: 601 files reuse the snapshot', async () => {
    // A header entry is ~150 bytes per file; 601 of them are past the first 64 KiB.
    for (let i = 0; i < 601; i++) write(`notes/keeper-${i}.txt`, `Lighthouse ${i} got its keeper in March ${1900 + (i % 100)}.\n`);
    const first = await start();
    expect(first).toMatchObject({ from: 'build', notes: [] });
    expect(first.snapshot.corpus.documents).toHaveLength(601);
    const second = await start();
    expect(second).toMatchObject({ from: 'snapshot', notes: [] });
    expect(loads).toBe(1);
  });

  it('covers the loader settings: a passage limit or a file limit changed rebuilds, and says which', async () => {
    const long = `${'The council met in the old hall and voted on the harbour. '.repeat(9).trim()}`;
    expect(long.length).toBeGreaterThan(500);
    write('long.txt', `Council\n${long}\n`);
    write('big.txt', `Big\n${'word '.repeat(400_000)}\n`);
    const limits = { maxFileBytes: 3 * MB, maxPassageChars: DEFAULT_CORPUS_LIMITS.maxPassageChars };
    await start(limits);
    const short = await start({ ...limits, maxPassageChars: 200 });
    expect(short.from).toBe('build');
    expect(short.notes).toEqual([expect.stringMatching(/is stale \(the loader settings changed: CORPUS_MAX_PASSAGE_CHARS 5000 → 200\); rebuilding it$/)]);
    expect(Math.max(...short.snapshot.corpus.passages.map((p) => p.text.length))).toBeLessThanOrEqual(200);
    expect((await start({ ...limits, maxPassageChars: 200 })).from).toBe('snapshot');

    const small = await start({ maxFileBytes: 1 * MB, maxPassageChars: 200 });
    expect(small.notes).toEqual([expect.stringMatching(/\(the loader settings changed: CORPUS_MAX_FILE_MB 3 → 1\)/)]);
    expect(small.snapshot.corpus.documents.map((d) => d.file)).toEqual(['long.txt']);
  });

  it('reads nothing over the size limit, nothing outside the folder, and keeps no trace of either', async () => {
    write('keeper.txt', 'The keeper Maren Holt was appointed in March 1987.\n');
    // 64 GB on paper: hashing it would take minutes, so this test finishing shows it is never read.
    const fd = openSync(path.join(dir, 'disk-image.txt'), 'w');
    ftruncateSync(fd, 64 * 1024 ** 3);
    closeSync(fd);
    const outside = path.join(tmp, 'outside-lib');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'private-notes.txt'), 'The vault code is 4417.\n');
    symlinkSync(outside, path.join(dir, 'lib'));

    const first = await start();
    expect(first.snapshot.corpus.documents.map((d) => d.file)).toEqual(['keeper.txt']);
    const held = readFileSync(file);
    expect(held.includes('private-notes')).toBe(false);
    expect(held.includes('4417')).toBe(false);
    // A new stat makes the key look at the file again: by its size, still without reading it.
    utimesSync(path.join(dir, 'disk-image.txt'), new Date(), new Date());
    expect(await start()).toMatchObject({ from: 'snapshot', notes: [] });
    expect(loads).toBe(1);
  });

  it('records what the loader read, in the same pass: a file rewritten after loading is seen as changed', async () => {
    write('a.txt', 'Alpha was founded in 1901.\n');
    const corpus = await loadCorpus(dir);
    expect(corpus.origin.files).toEqual([expect.objectContaining({ path: 'a.txt', size: 27, content: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(corpus.origin.limits).toEqual(DEFAULT_CORPUS_LIMITS);
    await start();
    write('a.txt', 'Alpha was founded in 1902.\n');
    const again = await start();
    expect(again.notes).toEqual([expect.stringMatching(/is stale \(the corpus files changed\)/)]);
    expect(again.snapshot.corpus.passages[0]!.text).toContain('1902');
  });

  it('never keeps a file refused because its folder was swapped for a link: the next start reads it', async () => {
    write('aa.txt', 'The harbour opened in 1950.\n');
    write('zz/secret.txt', 'The vault code is 1234.\n');
    const outside = path.join(tmp, 'swap-outside', 'zz');
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, 'secret.txt'), 'The vault code is 4417.\n');
    const zz = path.join(dir, 'zz');
    let swapped = false;
    // After listing, before the first file is opened: the swap the loader must notice.
    const raced = await start(DEFAULT_CORPUS_LIMITS, {
      onProgress: () => {
        if (swapped) return;
        swapped = true;
        renameSync(zz, `${zz}.orig`);
        symlinkSync(outside, zz);
      },
    });
    expect(JSON.stringify(raced.snapshot.corpus.passages)).not.toContain('4417');
    expect(raced.snapshot.corpus.warnings).toContainEqual({ file: 'zz/secret.txt', reason: expect.stringMatching(/while the corpus was being read; not read/) });
    rmSync(zz);
    renameSync(`${zz}.orig`, zz);
    const restored = await start();
    expect(restored.from).toBe('build');
    expect(restored.snapshot.corpus.passages.map((p) => p.text)).toContain('The vault code is 1234.');
  });

  it('never keeps a file that was gone when opened: moved away and back, same stat, it is read at the next start', async () => {
    write('aa.txt', 'The harbour opened in 1950.\n');
    write('zz/secret.txt', 'The vault code is 1234.\n');
    const away = path.join(tmp, 'moved-away.txt');
    let moved = false;
    const missed = await start(DEFAULT_CORPUS_LIMITS, {
      onProgress: () => {
        if (moved) return;
        moved = true;
        renameSync(path.join(dir, 'zz/secret.txt'), away);
      },
    });
    expect(missed.snapshot.corpus.warnings).toContainEqual({ file: 'zz/secret.txt', reason: expect.stringMatching(/^cannot read file \(ENOENT/) });
    renameSync(away, path.join(dir, 'zz/secret.txt'));
    const back = await start();
    expect(back.from).toBe('build');
    expect(back.snapshot.corpus.passages.map((p) => p.text)).toContain('The vault code is 1234.');
  });

  it(
    'never quotes an outside file through a subfolder swapped for a link while a large file loads (50 races)',
    async () => {
      // The large file loads first and gives the swap a window; a second folder's file follows.
      // Its bulk is a code block, which is read and parsed but never indexed, so a round is quick.
      write('aa/large.md', `# Large\n\nThe tide tables were printed every spring.\n\n\`\`\`\n${'tide 0402 1.2m; tide 1617 1.4m\n'.repeat(80_000)}\`\`\`\n`);
      write('zz/secret.txt', 'The vault code is 1234.\n');
      const outside = path.join(tmp, 'race-outside', 'zz');
      mkdirSync(outside, { recursive: true });
      writeFileSync(path.join(outside, 'secret.txt'), 'The vault code is 4417.\n');
      const zz = path.join(dir, 'zz');
      const t0 = performance.now();
      await loadCorpus(dir);
      const loadMs = performance.now() - t0;
      for (let round = 0; round < 50; round++) {
        const racing = loadOrBuild({ dir, snapshotFile: file, limits: DEFAULT_CORPUS_LIMITS, load: loadCorpus, rebuild: true });
        await new Promise((r) => setTimeout(r, Math.random() * loadMs));
        renameSync(zz, `${zz}.orig`);
        symlinkSync(outside, zz);
        const loaded = await racing;
        rmSync(zz);
        renameSync(`${zz}.orig`, zz);
        expect(JSON.stringify(loaded.snapshot.corpus.passages)).not.toContain('4417');
        // No snapshot keeps it, and none outlives the swap: the next start sees the real file.
        expect(readFileSync(file).includes('4417')).toBe(false);
        const after = await start();
        expect(after.snapshot.corpus.passages.map((p) => p.text)).toContain('The vault code is 1234.');
      }
      // Where the swap lands is random (before listing, mid-load, after); the test above makes it
      // land between listing and opening every time.
    },
    180_000,
  );
});

describe('writing the snapshot', () => {
  it('never hangs on a SNAPSHOT_DIR under /proc, and says why it could not save', () => {
    // Node's recursive mkdir loops forever there; run it where a hang can be cut short.
    const script = `
      import { loadOrBuild } from './src/index/load-or-build.ts';
      import { loadCorpus } from './src/corpus/load.ts';
      import { DEFAULT_CORPUS_LIMITS } from './src/corpus/limits.ts';
      const r = await loadOrBuild({ dir: './corpus', snapshotFile: '/proc/dossier-x/y/c.snapshot', limits: DEFAULT_CORPUS_LIMITS, load: loadCorpus });
      console.log(JSON.stringify(r.notes));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBeNull();
    expect(JSON.parse(r.stdout)).toEqual([
      'could not save the index snapshot to /proc/dossier-x/y/c.snapshot (the folder cannot be created there: /proc/dossier-x); the next start will index again',
    ]);
  });

  it('reports a read-only file system as such, not as a missing folder', () => {
    const err = Object.assign(new Error("EROFS: read-only file system, mkdir '/mnt/ro/snapshots'"), { code: 'EROFS', path: '/mnt/ro/snapshots' });
    expect(describeFsError(err)).toBe('the file system is read-only: /mnt/ro/snapshots');
  });

  it('removes what an interrupted write left, and leaves a write in progress alone', async () => {
    write('a.txt', 'Alpha was founded in 1901.\n');
    await start();
    const snapshots = path.dirname(file);
    // A process killed mid-write (its id no longer runs), and one still writing (this test's parent).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(`${file}.${dead}.tmp`, Buffer.alloc(3 * MB));
    writeFileSync(`${file}.${process.ppid}.tmp`, 'in progress');
    // Old enough to be abandoned whoever holds the id now.
    writeFileSync(`${file}.${process.ppid + 1}.tmp`, 'old');
    const old = new Date(Date.now() - ABANDONED_WRITE_MS - 1000);
    utimesSync(`${file}.${process.ppid + 1}.tmp`, old, old);
    const next = await start();
    expect(next.from).toBe('snapshot');
    expect(next.notes).toEqual([`removed 2 unfinished index snapshot files (3.0 MB) left in ${snapshots} by an interrupted write`]);
    expect(readdirSync(snapshots).sort()).toEqual([path.basename(file), `${path.basename(file)}.${process.ppid}.tmp`].sort());
  });

  it('says a file that is not a snapshot "is not an index snapshot"', async () => {
    write('a.txt', 'Alpha was founded in 1901.\n');
    await start();
    writeFileSync(file, 'hello, world\n'.repeat(20));
    const read = await readSnapshotFile(file, dir, DEFAULT_CORPUS_LIMITS);
    expect(read).toEqual({ ok: false, missing: false, reason: 'is not an index snapshot' });
    expect((await start()).notes).toEqual([`index snapshot ${file} is not an index snapshot; rebuilding it`]);
    expect(statSync(file).size).toBeGreaterThan(1000);
  });
});

describe('what the loader records', () => {
  it('marks a file it could not read whole, so the key never takes it for its content', async () => {
    write('big.txt', `Big\n${'x'.repeat(2 * MB)}\n`);
    const corpus = await loadCorpus(dir, { maxFileBytes: 1 * MB });
    expect(corpus.origin.files).toEqual([expect.objectContaining({ path: 'big.txt', content: CONTENT.overLimit })]);
  });
});
