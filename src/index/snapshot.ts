/**
 * The persisted index: the corpus (texts and metadata) and its CorpusIndex packed into one
 * buffer, saved to a file, and read back on the next start instead of re-reading and
 * re-indexing the corpus. The same buffer, a SharedArrayBuffer, is what worker threads get:
 * `openSnapshot(snapshot.buffer)` in a worker views the same memory, without a copy.
 *
 * A snapshot is keyed by what it was built from: the bytes the loader read from each corpus
 * file (hashed as they were parsed), the loader's limits and the index's parameters, the code
 * that turns files into an index (src/corpus, src/nlp, src/index) and the language model's
 * version. A snapshot whose key, format or checksum does not match is never used: the caller
 * rebuilds it and says why.
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CorpusLimits } from '../corpus/limits.js';
import { currentOrigin, filesDigest, type CorpusOrigin, type FileStamp } from '../corpus/origin.js';
import type { Corpus, Warning } from '../corpus/types.js';
import { makeParents } from '../make-parents.js';
import { buildCorpusIndexArrays, openCorpusIndex, type CorpusIndex, type CorpusIndexArrays } from './corpus-index.js';
import { DEFAULT_BM25_PARAMS, type Bm25Params } from './bm25.js';
import { buildPassageStore, openPassageStore, type PassageStoreArrays } from './passage-store.js';
import { analyseCorpus, type AnalyseOptions } from './analyse-corpus.js';
import { analysePart, mergeAnalyses, openAnalyses, type AnalysisArrays } from './analyses.js';
import { buildCandidateArrays, openCandidates, type CandidateArrays } from '../answer/candidates/stored.js';
import { pack, PREFIX_BYTES, readHeader, readPrefix, startChecksum, unpack, type ArrayTree } from './pack.js';

/** Bump when the packed layout or the key changes; older snapshots are then rebuilt. */
export const SNAPSHOT_FORMAT = 8;

export interface SnapshotInfo {
  /** Identifies the corpus files, index code and model the snapshot was built from. */
  key: string;
  builtAt: string;
  /** Reading and parsing the corpus files, when the builder measured it. */
  loadMs: number | null;
  /** Building the index, the passages' analyses and the passage store (copying them into the buffer aside). */
  indexMs: number;
  documents: number;
  passages: number;
  /** Distinct indexed terms. */
  vocabulary: number;
  /** Size of the buffer, which is also the size of the file. */
  bytes: number;
}

export interface Snapshot {
  /** Everything below, in one buffer: hand it to a worker thread and call openSnapshot() there. */
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
  readonly corpus: Corpus;
  readonly index: CorpusIndex;
  readonly info: SnapshotInfo;
}

/** The parts of a snapshot's key, kept apart so that a stale snapshot can say what changed. */
export interface SnapshotKey {
  /** Hash of every corpus file's path, size and content as read (see filesDigest). */
  files: string;
  settings: KeySettings;
  code: string;
  model: string;
  /** Each file's content with the stat fields that prove it unchanged since (see currentOrigin). */
  stamps: FileStamp[];
}

/** The settings an index depends on: the loader's limits and the ranking parameters. */
export interface KeySettings extends CorpusLimits {
  bm25: Bm25Params;
}

/** The setting people change, by the name they change it under. */
const SETTING_NAMES: Record<keyof CorpusLimits, [string, (v: number) => string]> = {
  maxFileBytes: ['CORPUS_MAX_FILE_MB', (v) => String(v / (1024 * 1024))],
  maxPassageChars: ['CORPUS_MAX_PASSAGE_CHARS', String],
};

interface Header {
  key: SnapshotKey;
  info: Omit<SnapshotInfo, 'bytes' | 'key'>;
  params: Bm25Params;
  corpus: { hash: string; warnings: Warning[] };
}

const keyString = (k: Pick<SnapshotKey, 'files' | 'settings' | 'code' | 'model'>) => createHash('sha256').update(JSON.stringify([k.files, k.settings, k.code, k.model])).digest('hex');

export interface BuildSnapshotOptions {
  key?: SnapshotKey;
  loadMs?: number | null;
  now?: () => Date;
  /** The passages' analyses, when made already (buildSnapshotInThreads); otherwise made here, in this thread. */
  analyses?: AnalysisArrays;
  /** When the build started, if before this call (analysing in threads first). */
  startedAt?: number;
}

/** Builds the index of `corpus`, with every passage's analysis, and packs them into one shared buffer. */
export function buildSnapshot(corpus: Corpus, options: BuildSnapshotOptions = {}): Snapshot {
  const t0 = options.startedAt ?? performance.now();
  const params = DEFAULT_BM25_PARAMS;
  const index = buildCorpusIndexArrays(corpus.passages, params);
  const analyses = options.analyses ?? mergeAnalyses([analysePart(corpus.passages)]);
  // Candidates need the corpus's vocabulary (extractCandidates' options), so they are made from the stored analyses once the index exists.
  const stored = openAnalyses(analyses);
  const passages = corpus.passages;
  const candidates = buildCandidateArrays(stored.passages, (i) => stored.analysis(i, passages[i]!.text), (i) => passages[i]!.source, openCorpusIndex(index, params));
  const store = buildPassageStore(corpus);
  const header: Header = {
    key: options.key ?? { files: corpus.hash, settings: { maxFileBytes: 0, maxPassageChars: 0, bm25: params }, code: '', model: '', stamps: [] },
    info: {
      builtAt: (options.now?.() ?? new Date()).toISOString(),
      loadMs: options.loadMs ?? null,
      indexMs: 0,
      documents: corpus.documents.length,
      passages: corpus.passages.length,
      vocabulary: index.terms.offsets.length - 1,
    },
    params,
    corpus: { hash: corpus.hash, warnings: corpus.warnings },
  };
  header.info.indexMs = Math.round(performance.now() - t0);
  const buffer = pack(SNAPSHOT_FORMAT, { index, corpus: store, analyses, candidates } as unknown as ArrayTree, header as unknown as Record<string, unknown>);
  return openSnapshot(buffer);
}

/** buildSnapshot, with the passages analysed in worker threads when the corpus is large enough to pay for them. */
export async function buildSnapshotInThreads(corpus: Corpus, options: Omit<BuildSnapshotOptions, 'analyses' | 'startedAt'> & AnalyseOptions = {}): Promise<Snapshot> {
  const startedAt = performance.now();
  const analyses = await analyseCorpus(corpus.passages, options);
  return buildSnapshot(corpus, { ...options, analyses, startedAt });
}

/**
 * Views a snapshot buffer (from buildSnapshot, a file, or another thread) as a corpus and its
 * index. Nothing is copied and the checksum is not checked again. Throws on a buffer that is
 * not a snapshot of this format.
 */
export function openSnapshot(buffer: SharedArrayBuffer | ArrayBuffer): Snapshot {
  const read = readHeader(new Uint8Array(buffer));
  if (!read.ok) throw new Error(`not a usable index snapshot: ${read.reason}`);
  if (read.version !== SNAPSHOT_FORMAT) throw new Error(`index snapshot format ${read.version}, expected ${SNAPSHOT_FORMAT}`);
  const header = read.header as unknown as Header & { sections: unknown };
  const tree = unpack(buffer, read.header, read.headerBytes) as unknown as { index: CorpusIndexArrays; corpus: PassageStoreArrays; analyses: AnalysisArrays; candidates: CandidateArrays };
  if (!tree.index || !tree.corpus || !tree.analyses || !tree.candidates) throw new Error('index snapshot is missing sections');
  const index: CorpusIndex = { ...openCorpusIndex(tree.index, header.params), analyses: openAnalyses(tree.analyses), candidates: openCandidates(tree.candidates) };
  const corpus = openPassageStore(tree.corpus, header.corpus);
  return { buffer, corpus, index, info: { ...header.info, key: keyString(header.key), bytes: buffer.byteLength } };
}

/** How much of a snapshot file is read (and checksummed) at a time. */
const READ_PIECE_BYTES = 4 << 20;

export type SnapshotRead = { ok: true; snapshot: Snapshot } | { ok: false; missing: boolean; reason: string };

/**
 * Reads a snapshot file into a SharedArrayBuffer and opens it, if it was built from the corpus
 * files now in `dir`, under `limits`, with this code and model. Never throws: a missing, stale,
 * truncated or corrupt file comes back as a reason, phrased to follow the file's name.
 */
export async function readSnapshotFile(file: string, dir: string, limits: CorpusLimits, options: { pieceBytes?: number } = {}): Promise<SnapshotRead> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    return { ok: false, missing, reason: missing ? 'does not exist' : `cannot be read (${message(err)})` };
  }
  try {
    const size = fstatSync(fd).size;
    // The header's length is in the fixed prefix, and the header has an entry per corpus file:
    // read as much as it says, whatever that is.
    const prefix = readPrefix(readAt(fd, Math.min(size, PREFIX_BYTES)));
    if (!prefix.ok) return stale(`is ${prefix.reason}`);
    if (PREFIX_BYTES + prefix.headerBytes > size) return stale('is truncated (header)');
    const start = readAt(fd, PREFIX_BYTES + prefix.headerBytes);
    const head = readHeader(start);
    if (!head.ok) return stale(`is ${head.reason}`);
    if (head.version !== SNAPSHOT_FORMAT) return stale(`was written in format ${head.version} (this version reads ${SNAPSHOT_FORMAT})`);
    const stored = (head.header as unknown as Header).key;
    const changed = await whatChanged(stored, dir, limits);
    if (changed) return stale(`is stale (${changed})`);
    if (size !== head.totalBytes) return stale(`is truncated or padded (${size} bytes, expected ${head.totalBytes})`);
    const check = startChecksum(start);
    if (!check) return stale('is corrupt (checksum mismatch)');
    // Read a piece at a time through one small buffer, each piece checksummed while it is in
    // the cache and then copied to its place: reading straight into the shared buffer and
    // checksumming all of it afterwards took about 1.3 s instead of 1.1 s for 235 MB here,
    // most of it first touches of new memory (see the README, "Speed and memory").
    const buffer = new SharedArrayBuffer(size);
    const bytes = new Uint8Array(buffer);
    const piece = Buffer.allocUnsafe(Math.min(size, Math.max(PREFIX_BYTES, options.pieceBytes ?? READ_PIECE_BYTES)));
    for (let at = 0; at < size; ) {
      const n = readSync(fd, piece, 0, Math.min(piece.length, size - at), at);
      if (n === 0) return stale('is truncated');
      bytes.set(piece.subarray(0, n), at);
      if (at + n > PREFIX_BYTES) check.update(piece.subarray(Math.max(0, PREFIX_BYTES - at), n));
      at += n;
    }
    if (!check.matches()) return stale('is corrupt (checksum mismatch)');
    return { ok: true, snapshot: openSnapshot(buffer) };
  } catch (err) {
    return stale(`cannot be used (${message(err)})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the snapshot through a temporary file and a rename, so no reader ever sees half a file.
 * A write cut short (the process killed) leaves the temporary file: the next start removes it
 * (removeInterruptedWrites).
 */
export function writeSnapshotFile(file: string, snapshot: Snapshot): void {
  makeParents(file);
  const tmp = `${file}.${process.pid}${TMP_SUFFIX}`;
  try {
    writeFileSync(tmp, new Uint8Array(snapshot.buffer));
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

const TMP_SUFFIX = '.tmp';
const TMP_NAME = /^.+\.snapshot\.(\d+)\.tmp$/;
/** A temporary file older than this is abandoned whatever its process id says (ids are reused). */
export const ABANDONED_WRITE_MS = 60 * 60 * 1000;

/**
 * Removes the temporary files that writes cut short left in `snapshotDir`: those of processes no
 * longer running, and any older than ABANDONED_WRITE_MS. A write in progress in another process
 * (several starting at once) is left alone. Returns the bytes freed, 0 when there was nothing.
 */
export function removeInterruptedWrites(snapshotDir: string, now = Date.now()): { files: number; bytes: number } {
  const removed = { files: 0, bytes: 0 };
  let names: string[];
  try {
    names = readdirSync(snapshotDir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(TMP_NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    const abs = path.join(snapshotDir, name);
    try {
      const info = statSync(abs);
      if (isRunning(pid) && now - info.mtimeMs < ABANDONED_WRITE_MS) continue;
      rmSync(abs, { force: true });
      removed.files++;
      removed.bytes += info.size;
    } catch {
      // Gone already (its writer renamed it), or not ours to remove.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const stale = (reason: string): SnapshotRead & { ok: false } => ({ ok: false, missing: false, reason });

/** Why a snapshot keyed `stored` does not fit the corpus in `dir` under `limits`, or null when it does. */
async function whatChanged(stored: SnapshotKey | undefined, dir: string, limits: CorpusLimits): Promise<string | null> {
  if (!stored || !stored.settings || !Array.isArray(stored.stamps)) return 'no key';
  const settings = settingsOf(limits);
  const changes: string[] = [];
  const moved = (Object.keys(SETTING_NAMES) as Array<keyof CorpusLimits>).filter((k) => stored.settings[k] !== settings[k]);
  if (moved.length) {
    const said = moved.map((k) => `${SETTING_NAMES[k][0]} ${SETTING_NAMES[k][1](stored.settings[k])} → ${SETTING_NAMES[k][1](settings[k])}`);
    changes.push(`the loader settings changed: ${said.join(', ')}`);
  } else if (JSON.stringify(stored.settings) !== JSON.stringify(settings)) changes.push('the index settings changed');
  if (stored.code !== codeHash()) changes.push('the indexing code changed');
  if (stored.model !== modelVersion()) changes.push('the language model changed');
  // The files last: comparing them may read some, and any change above rebuilds anyway.
  if (changes.length === 0) {
    const origin = await currentOrigin(dir, limits, stored.stamps);
    if (filesDigest(origin) !== stored.files) changes.push('the corpus files changed');
  }
  return changes.length ? changes.join(', ') : null;
}

function readAt(fd: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  while (at < length) {
    const n = readSync(fd, out, at, length - at, at);
    if (n === 0) break;
    at += n;
  }
  return out.subarray(0, at);
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

// ---------------------------------------------------------------------------------------
// Keys

const settingsOf = (limits: CorpusLimits): KeySettings => ({ maxFileBytes: limits.maxFileBytes, maxPassageChars: limits.maxPassageChars, bm25: DEFAULT_BM25_PARAMS });

/** The key of a snapshot built from a corpus the loader read as `origin` says, with this code and model. */
export function snapshotKey(origin: CorpusOrigin): SnapshotKey {
  return { files: filesDigest(origin), settings: settingsOf(origin.limits), code: codeHash(), model: modelVersion(), stamps: origin.files };
}

let code: string | null = null;

/** Hash of the modules that turn files into an index, as they are on disk (sources, or a compiled build). */
function codeHash(): string {
  if (code) return code;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256');
  // The candidate extractors' output is stored too (answer/candidates/stored.ts).
  for (const dir of ['corpus', 'nlp', 'index', 'answer/candidates']) {
    const abs = path.join(root, dir);
    for (const name of readdirSync(abs).sort(compare)) {
      if (!/\.[cm]?[jt]s$/.test(name)) continue;
      hash.update(`${dir}/${name}\n`);
      hash.update(readFileSync(path.join(abs, name)));
    }
  }
  return (code = hash.digest('hex'));
}

function modelVersion(): string {
  const require = createRequire(import.meta.url);
  const version = (pkg: string) => (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  return `wink-nlp ${version('wink-nlp')}, wink-eng-lite-web-model ${version('wink-eng-lite-web-model')}`;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
