import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';
import { buildCorpusIndex } from '../../src/index/corpus-index.js';
import { loadOrBuild, snapshotFileFor } from '../../src/index/load-or-build.js';
import { buildSnapshot, openSnapshot, readSnapshotFile, SNAPSHOT_FORMAT } from '../../src/index/snapshot.js';
import { currentOrigin, filesDigest } from '../../src/corpus/origin.js';
import { DEFAULT_CORPUS_LIMITS } from '../../src/corpus/limits.js';
import { createEngine } from '../../src/engine.js';
import { buildEngine } from '../../src/pool/spec.js';
import { ask } from '../../test-support/fake-engine.js';

const SEED = fileURLToPath(new URL('../../corpus', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dossier-snapshot-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small corpus folder with every format, non-ASCII text, per-passage sources and one bad file. */
function makeCorpus(dir: string): void {
  mkdirSync(path.join(dir, 'notes'), { recursive: true });
  cpSync(SEED, dir, { recursive: true });
  writeFileSync(path.join(dir, 'notes/zürich.md'), '---\ntitle: Zürich notes\ndate: 2024-02-03\nurl: https://example.org/z\n---\nThe lake at Zürich froze in 1963 — “Seegfrörni”.\n\nNaïve café owners sold 東京 tea.\n');
  writeFileSync(path.join(dir, 'wire.jsonl'), '{"title":"Wire","text":"Storm hits Port Elm\\nShips stay in harbour","source":"Baltic Wire"}\nnot json\n');
}

function sameCorpus(got: Corpus, want: Corpus): void {
  expect(got.hash).toBe(want.hash);
  expect(got.warnings).toEqual(want.warnings);
  expect(got.documents.map(({ passages, ...d }) => ({ ...d, n: passages.length }))).toEqual(want.documents.map(({ passages, ...d }) => ({ ...d, n: passages.length })));
  expect(JSON.parse(JSON.stringify(got.passages))).toEqual(JSON.parse(JSON.stringify(want.passages)));
  got.passages.forEach((p, i) => expect(p.text).toBe(want.passages[i]!.text));
}

// Awaited, so these tests hold whether the loader is synchronous or returns a promise.
const bufferDir = path.join(tmp, 'buffer');
makeCorpus(bufferDir);
const bufferCorpus = await loadCorpus(bufferDir);

describe('snapshot buffer', () => {
  const corpus = bufferCorpus;
  const snapshot = buildSnapshot(corpus);

  it('brings back the same corpus: documents, passages, texts, warnings and hash', () => {
    expect(corpus.warnings.length).toBeGreaterThan(0);
    sameCorpus(openSnapshot(snapshot.buffer).corpus, corpus);
    expect(snapshot.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('searches and answers exactly as an index built from the passages', () => {
    const reopened = openSnapshot(snapshot.buffer);
    const direct = buildCorpusIndex(corpus.passages);
    for (const q of ['zawahiri killed', 'Zürich lake', 'the', 'tea café', 'harbour storm']) {
      const terms = q.split(' ').map((w) => ({ term: w.toLowerCase(), weight: 1 }));
      expect(reopened.index.bm25.search(terms, 10)).toEqual(direct.bm25.search(terms, 10));
    }
    expect(reopened.index.vocabularySize).toBe(snapshot.info.vocabulary);
    const a = createEngine(reopened.corpus, { index: reopened.index, now: () => new Date(0) });
    const b = createEngine(corpus, { now: () => new Date(0) });
    for (const q of ['When was Ayman al-Zawahiri killed?', 'who runs the kabul faction', 'When did the lake at Zürich freeze?', 'Who won the 2024 election?']) {
      expect({ ...ask(a, q), ms: 0 }).toEqual({ ...ask(b, q), ms: 0 });
    }
    expect(a.passage('al-qaeda-afghanistan#9')?.text).toBe(b.passage('al-qaeda-afghanistan#9')?.text);
    expect(a.passage('al-qaeda-afghanistan#09')).toBeUndefined();
    expect(a.passage('nope#1')).toBeUndefined();
  });

  it('refuses a buffer that is not a snapshot', async () => {
    expect(() => openSnapshot(new ArrayBuffer(100))).toThrow(/not a usable index snapshot/);
    await expect(buildEngine({})).rejects.toThrow(/needs a corpus or a snapshot/);
    await expect(buildEngine({ snapshot: new Uint8Array(8) as unknown as ArrayBuffer })).rejects.toThrow(/must be the snapshot buffer/);
    expect((await buildEngine({ snapshot: snapshot.buffer })).corpus.passages).toHaveLength(corpus.passages.length);
  });
});

describe('loadOrBuild', () => {
  let dir: string;
  let file: string;
  let loads: number;
  const load = async (d: string) => {
    loads++;
    return loadCorpus(d);
  };
  const start = () => loadOrBuild({ dir, snapshotFile: file, limits: DEFAULT_CORPUS_LIMITS, load });

  beforeEach((ctx) => {
    dir = path.join(tmp, ctx.task.id, 'corpus');
    makeCorpus(dir);
    file = snapshotFileFor(path.join(tmp, ctx.task.id, 'snapshots'), dir);
    loads = 0;
  });

  it('builds and saves on the first start, then maps the snapshot back without reading the corpus', async () => {
    const first = await start();
    expect(first).toMatchObject({ from: 'build', notes: [] });
    expect(statSync(file).size).toBe(first.snapshot.info.bytes);
    const second = await start();
    expect(second).toMatchObject({ from: 'snapshot', notes: [] });
    expect(loads).toBe(1);
    sameCorpus(second.snapshot.corpus, first.snapshot.corpus);
  });

  it('rebuilds when a corpus file changes, is added or is removed, and says so', async () => {
    await start();
    writeFileSync(path.join(dir, 'wire.jsonl'), '{"title":"Wire","text":"Storm hits Port Elm"}\n');
    const changed = await start();
    expect(changed.from).toBe('build');
    expect(changed.notes).toEqual([expect.stringMatching(/is stale \(the corpus files changed\); rebuilding it$/)]);
    expect(changed.snapshot.corpus.passages.some((p) => p.text === 'Ships stay in harbour')).toBe(false);
    expect((await start()).from).toBe('snapshot');
    writeFileSync(path.join(dir, 'extra.txt'), 'Extra\nA new paragraph.\n');
    expect((await start()).notes[0]).toMatch(/corpus files changed/);
    rmSync(path.join(dir, 'extra.txt'));
    expect((await start()).notes[0]).toMatch(/corpus files changed/);
  });

  it('reads a file in pieces of any size into the same buffer, and finds a flipped bit in any piece', async () => {
    const built = await start();
    const bytes = readFileSync(file);
    for (const pieceBytes of [64, 1000, 4096, bytes.length - 1, bytes.length, bytes.length * 2]) {
      const read = await readSnapshotFile(file, dir, DEFAULT_CORPUS_LIMITS, { pieceBytes });
      expect(read.ok, String(pieceBytes)).toBe(true);
      if (read.ok) expect(Buffer.from(new Uint8Array(read.snapshot.buffer)).equals(bytes)).toBe(true);
    }
    // Past the JSON header (a flip there reads as a damaged header instead), on either side of piece boundaries.
    const data = 64 + bytes.readUInt32LE(12);
    const next = (k: number) => Math.ceil((data + 2) / k) * k;
    for (const at of [data + 1, next(1000) - 1, next(1000), next(4096) - 1, next(4096), next(4096) + 1, bytes.length - 1]) {
      writeFileSync(file, flip(Buffer.from(bytes), at));
      for (const pieceBytes of [1000, 4096]) {
        const read = await readSnapshotFile(file, dir, DEFAULT_CORPUS_LIMITS, { pieceBytes });
        expect(read.ok ? 'ok' : read.reason, `byte ${at}, pieces of ${pieceBytes}`).toBe('is corrupt (checksum mismatch)');
      }
    }
    writeFileSync(file, bytes);
    sameCorpus((await start()).snapshot.corpus, built.snapshot.corpus);
  });

  it.each([
    ['truncated', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2)), /truncated/],
    ['cut inside its header', (b: Buffer) => b.subarray(0, 70), /truncated/],
    ['empty', () => Buffer.alloc(0), /truncated/],
    ['bit-flipped in a passage text', (b: Buffer) => flip(b, b.length - 200), /corrupt \(checksum mismatch\)/],
    ['bit-flipped in the postings', (b: Buffer) => flip(b, Math.floor(b.length / 3)), /corrupt \(checksum mismatch\)/],
    ['bit-flipped in its checksum', (b: Buffer) => flip(b, 25), /corrupt \(checksum mismatch\)/],
    ['of another format version', (b: Buffer) => withVersion(b, SNAPSHOT_FORMAT + 1), new RegExp(`format ${SNAPSHOT_FORMAT + 1} \\(this version reads ${SNAPSHOT_FORMAT}\\)`)],
    ['not a snapshot at all', () => Buffer.from('hello, world\n'.repeat(20)), / is not an index snapshot; rebuilding it$/],
    ['padded', (b: Buffer) => Buffer.concat([b, Buffer.alloc(8)]), /truncated or padded/],
  ])('detects a snapshot file %s, rebuilds it and reports it, without failing', async (_, damage, reason) => {
    const built = await start();
    writeFileSync(file, damage(readFileSync(file)));
    const again = await start();
    expect(again.from).toBe('build');
    expect(again.notes).toEqual([expect.stringMatching(reason)]);
    expect(again.notes[0]).toContain(file);
    sameCorpus(again.snapshot.corpus, built.snapshot.corpus);
    // The rebuilt snapshot replaced the damaged one.
    expect(await start()).toMatchObject({ from: 'snapshot', notes: [] });
  });

  it('answers from memory when the snapshot cannot be saved, and says why', async () => {
    writeFileSync(path.join(tmp, 'a-file'), 'x');
    const result = await loadOrBuild({ dir, snapshotFile: path.join(tmp, 'a-file', 'x.snapshot'), limits: DEFAULT_CORPUS_LIMITS, load });
    expect(result.from).toBe('build');
    expect(result.notes).toEqual([expect.stringMatching(/^could not save the index snapshot to .*the next start will index again$/)]);
    expect(result.snapshot.corpus.passages.length).toBeGreaterThan(100);
  });

  it('reads no snapshot when snapshots are off', async () => {
    const result = await loadOrBuild({ dir, snapshotFile: null, limits: DEFAULT_CORPUS_LIMITS, load });
    expect(result).toMatchObject({ from: 'build', notes: [] });
  });

  it('keys snapshots by content: a file rewritten with the same bytes keeps the snapshot', async () => {
    const built = await start();
    const p = path.join(dir, 'wire.jsonl');
    const recorded = (await loadCorpus(dir)).origin;
    writeFileSync(p, readFileSync(p));
    expect(filesDigest(await currentOrigin(dir, DEFAULT_CORPUS_LIMITS, recorded.files))).toBe(filesDigest(recorded));
    expect(await start()).toMatchObject({ from: 'snapshot', notes: [] });
    expect(built.snapshot.info.key).toMatch(/^[0-9a-f]{64}$/);
    expect(await readSnapshotFile(path.join(tmp, 'none.snapshot'), dir, DEFAULT_CORPUS_LIMITS)).toEqual({ ok: false, missing: true, reason: 'does not exist' });
  });

  it('re-reads only files whose stat changed, and trusts recorded contents for the rest', async () => {
    const { files } = (await loadCorpus(dir)).origin;
    const wire = files.find((s) => s.path === 'wire.jsonl')!;
    // A recorded content is reused only while size, times and inode all match.
    const forged = files.map((s) => (s === wire ? { ...s, content: 'recorded' } : s));
    expect((await currentOrigin(dir, DEFAULT_CORPUS_LIMITS, forged)).files.find((s) => s.path === 'wire.jsonl')!.content).toBe('recorded');
    const moved = files.map((s) => (s === wire ? { ...s, content: 'recorded', ctimeMs: s.ctimeMs - 1 } : s));
    expect((await currentOrigin(dir, DEFAULT_CORPUS_LIMITS, moved)).files.find((s) => s.path === 'wire.jsonl')!.content).toBe(wire.content);
  });
});

function flip(b: Buffer, at: number): Buffer {
  const out = Buffer.from(b);
  out[at]! ^= 0x10;
  return out;
}

function withVersion(b: Buffer, version: number): Buffer {
  const out = Buffer.from(b);
  out.writeUInt32LE(version, 8);
  return out;
}

describe('a snapshot shared with a worker thread', () => {
  it('is reopened in the worker over the same memory, without a copy', async () => {
    const snapshot = buildSnapshot(await loadCorpus(SEED));
    // The worker runs TypeScript through tsx's loader, registered inside the worker itself.
    const script = new URL('./snapshot-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`;
    const worker = new Worker(boot, { eval: true, workerData: { buffer: snapshot.buffer } });
    const call = <T>(req: unknown) =>
      new Promise<T>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage(req);
      });
    try {
      const query = [
        { term: 'zawahiri', weight: 1 },
        { term: 'kill', weight: 0.9 },
      ];
      expect(await call({ kind: 'search', query })).toEqual(snapshot.index.bm25.search(query, 10));
      const engine = createEngine(snapshot.corpus, { index: snapshot.index, now: () => new Date(0) });
      const question = 'When was Ayman al-Zawahiri killed?';
      expect(await call({ kind: 'ask', question })).toEqual({ ...ask(engine, question), ms: 0 });

      // Change one byte of passage 0's text in this thread; the worker reads the change.
      const bytes = Buffer.from(snapshot.buffer);
      const text = snapshot.corpus.passages[0]!.text;
      const at = bytes.indexOf(Buffer.from(text, 'utf8'));
      expect(at).toBeGreaterThan(0);
      const original = bytes[at]!;
      bytes[at] = 'X'.charCodeAt(0);
      expect(await call({ kind: 'text', index: 0 })).toBe('X' + text.slice(1));
      bytes[at] = original;
      expect(await call({ kind: 'text', index: 0 })).toBe(text);
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
